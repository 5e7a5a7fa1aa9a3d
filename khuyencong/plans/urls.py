from django.urls import path

from . import rules, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("new/", views.plan_create, name="plan_create"),
    path("rules/", rules.rule_list, name="rules"),
    path("rules/<slug:kind>/new/", rules.rule_edit, name="rule_create"),
    path("rules/<slug:kind>/<int:pk>/", rules.rule_edit, name="rule_edit"),
    path("<int:plan_pk>/batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/adjust/", views.batch_adjust, name="batch_adjust"),
    path("execution/<int:province_pk>/<int:year>/", views.execution_page, name="execution"),
    path("overview/<int:year>/", views.overview_page, name="overview"),
    path("execution/<int:province_pk>/<int:year>/figures.json", views.execution_json, name="execution_json"),
    path(
        "execution/<int:province_pk>/<int:year>/figures.xlsx", views.execution_export, name="execution_xlsx"
    ),
    path(
        "execution/<int:province_pk>/<int:year>/figures.csv",
        views.execution_export,
        {"file_type": "csv"},
        name="execution_csv",
    ),
    path("overview/<int:year>/figures.xlsx", views.overview_export, name="overview_xlsx"),
    path("overview/<int:year>/figures.csv", views.overview_export, {"file_type": "csv"}, name="overview_csv"),
]
