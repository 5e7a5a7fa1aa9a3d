from django.urls import path

from . import views_account, views_calls, views_commune, views_needs, views_status

app_name = "portal"
urlpatterns: list = [
    path("needs/", views_needs.my_needs, name="my_needs"),
    path("needs/new/", views_needs.need_new, name="need_new"),
    path("commune/", views_commune.commune, name="commune"),
    path("commune/projects/<int:pk>/visit/", views_commune.visit_new, name="visit_new"),
    path("projects/", views_status.my_projects, name="my_projects"),
    path("projects/<int:pk>/", views_status.my_project, name="my_project"),
    path("projects/<int:pk>/send/", views_status.my_project_send, name="my_project_send"),
    path(
        "projects/<int:pk>/papers/<int:item_pk>/",
        views_status.my_paper_upload,
        name="my_paper_upload",
    ),
    path("messages/", views_status.inbox, name="messages"),
    path("", views_account.home, name="home"),
    path("signup/", views_account.signup_start, name="signup"),
    path("signup/verify/", views_account.signup_verify, name="signup_verify"),
    path("claim/", views_account.claim_start, name="claim"),
    path("claims/", views_account.claim_list, name="claim_list"),
    path("claims/<int:pk>/", views_account.claim_detail, name="claim_detail"),
    path("calls/", views_calls.call_list, name="call_list"),
    path("calls/new/", views_calls.call_create, name="call_create"),
    path("calls/<int:pk>/", views_calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views_calls.call_edit, name="call_edit"),
    path("calls/<int:pk>/apply/", views_calls.apply, name="apply"),
    path("applications/<int:pk>/cap/", views_calls.cap_check, name="cap_check"),
    path("applications/<int:pk>/<slug:step>/", views_calls.application_step, name="application_step"),
]
