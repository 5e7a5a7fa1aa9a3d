from django.urls import path

from .views import estimate, follow, from_need, papers, records, steps

app_name = "projects"
urlpatterns = [
    path("", records.project_list, name="list"),
    path("export.xlsx", records.project_export, name="export"),
    path("export.csv", records.project_export, {"file_type": "csv"}, name="export_csv"),
    path("new/", records.project_create, name="create"),
    path("from-need/<int:need_pk>/", from_need.project_from_need, name="from_need"),
    path("overdue/", follow.overdue_list, name="overdue"),
    path(
        "plan-deadlines/<int:province_pk>/<int:year>/<slug:code>/done/",
        follow.plan_deadline_done,
        name="plan_deadline_done",
    ),
    path(
        "plan-deadlines/<int:province_pk>/<int:year>/<slug:code>/undo/",
        follow.plan_deadline_undo,
        name="plan_deadline_undo",
    ),
    path("<int:pk>/", records.project_detail, name="detail"),
    path("<int:pk>/papers/<slug:kind>.docx", papers.project_paper, name="paper"),
    path("<int:pk>/papers/<slug:kind>.pdf", papers.project_paper, {"file_type": "pdf"}, name="paper_pdf"),
    path("<int:pk>/edit/", records.project_edit, name="edit"),
    path("<int:pk>/estimate/", estimate.project_estimate, name="estimate"),
    path("<int:pk>/timeline/", records.project_timeline, name="timeline"),
    path("<int:pk>/step/<slug:action>/", steps.project_step, name="step"),
    path("<int:pk>/appraisal/<slug:step>/", steps.appraisal_record, name="appraisal"),
    path("<int:pk>/priority/", steps.priority_decision, name="priority"),
    path("<int:pk>/adjust/", steps.project_adjust, name="adjust"),
    path("<int:pk>/dossier/<int:item_pk>/upload/", steps.dossier_upload, name="dossier_upload"),
    path("<int:pk>/dossier/<int:item_pk>/review/", steps.dossier_review, name="dossier_review"),
    path("<int:pk>/dossier/<int:item_pk>/file/", steps.dossier_file, name="dossier_file"),
    path("<int:pk>/payments/new/", follow.payment_create, name="payment_create"),
    path("<int:pk>/payments/<int:payment_pk>/reverse/", follow.payment_reverse, name="payment_reverse"),
    path("<int:pk>/milestones/new/", follow.milestone_create, name="milestone_create"),
    path("<int:pk>/milestones/<int:milestone_pk>/done/", follow.milestone_done, name="milestone_done"),
    path("<int:pk>/reports/new/", follow.report_create, name="report_create"),
    path("<int:pk>/visits/new/", follow.visit_create, name="visit_create"),
    path("<int:pk>/visits/photos/<int:photo_pk>/", follow.visit_photo, name="visit_photo"),
    path("<int:pk>/visits/<int:visit_pk>/follow-up/", follow.visit_follow_up_done, name="visit_follow_up"),
]
