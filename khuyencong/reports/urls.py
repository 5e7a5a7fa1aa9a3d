from django.urls import path

import khuyencong.converters  # noqa: F401  (registers <year:…> and <day:…>)

from .views import dashboard, duties, execution, periodic

app_name = "reports"
# The execution pages keep the /plans/ addresses users know (docs/adr/0013).
urlpatterns = [
    path("plans/batches/<int:pk>/", execution.batch_detail, name="batch_detail"),
    path("plans/execution/<int:province_pk>/<year:year>/", execution.execution_page, name="execution"),
    path("plans/overview/<year:year>/", execution.overview_page, name="overview"),
    path(
        "plans/execution/<int:province_pk>/<year:year>/figures.json",
        execution.execution_json,
        name="execution_json",
    ),
    path(
        "plans/execution/<int:province_pk>/<year:year>/figures.xlsx",
        execution.execution_export,
        name="execution_xlsx",
    ),
    path(
        "plans/execution/<int:province_pk>/<year:year>/figures.csv",
        execution.execution_export,
        {"file_type": "csv"},
        name="execution_csv",
    ),
    path("plans/overview/<year:year>/figures.xlsx", execution.overview_export, name="overview_xlsx"),
    path(
        "plans/overview/<year:year>/figures.csv",
        execution.overview_export,
        {"file_type": "csv"},
        name="overview_csv",
    ),
    path("reports/", periodic.report_index, name="report_index"),
    path("reports/<int:pk>/", periodic.report_detail, name="report_detail"),
    path("reports/<int:pk>/records/<slug:group>/", periodic.report_records, name="report_records"),
    path("reports/<int:pk>/edit/", periodic.report_edit, name="report_edit"),
    path("reports/<int:pk>/v<int:number>.<slug:file_type>", periodic.report_file, name="report_file"),
    path("reports/<int:pk>/run/", periodic.report_run_start, name="report_run_start"),
    path("reports/<int:pk>/current.<slug:file_type>", periodic.report_run_file, name="report_run_file"),
    path("reports/duties/", duties.duty_index, name="duties"),
    path("reports/duties/<int:province_pk>/<year:year>/", duties.duty_year, name="duty_year"),
    path("reports/duties/<int:province_pk>/history/", duties.duty_history, name="duty_history"),
    path(
        "reports/duties/<int:province_pk>/<slug:code>/<day:start>/<day:end>/<int:unit_pk>/sent/",
        duties.duty_send,
        name="duty_send",
    ),
    path("reports/dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("reports/dashboard/<slug:chart>.xlsx", dashboard.dashboard_export, name="dashboard_xlsx"),
]
