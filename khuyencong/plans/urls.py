from django.urls import path

import khuyencong.converters  # noqa: F401  (registers <year:…>)

from . import rules, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("new/", views.plan_create, name="plan_create"),
    path("rules/", rules.rule_list, name="rules"),
    path("rules/<slug:kind>/new/", rules.rule_edit, name="rule_create"),
    path("rules/<slug:kind>/<int:pk>/", rules.rule_edit, name="rule_edit"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:plan_pk>/batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/edit/", views.batch_edit, name="batch_edit"),
    path("batches/<int:pk>/adjust/", views.batch_adjust, name="batch_adjust"),
]
