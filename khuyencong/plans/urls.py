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
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/adjust/", views.batch_adjust, name="batch_adjust"),
    path("execution/<int:province_pk>/<year:year>/", views.execution_page, name="execution"),
    path("overview/<year:year>/", views.overview_page, name="overview"),
    path("execution/<int:province_pk>/<year:year>/figures.json", views.execution_json, name="execution_json"),
    path(
        "execution/<int:province_pk>/<year:year>/figures.xlsx", views.execution_export, name="execution_xlsx"
    ),
    path(
        "execution/<int:province_pk>/<year:year>/figures.csv",
        views.execution_export,
        {"file_type": "csv"},
        name="execution_csv",
    ),
    path("overview/<year:year>/figures.xlsx", views.overview_export, name="overview_xlsx"),
    path(
        "overview/<year:year>/figures.csv", views.overview_export, {"file_type": "csv"}, name="overview_csv"
    ),
]
