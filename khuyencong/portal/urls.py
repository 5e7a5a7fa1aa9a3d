from django.urls import path

from khuyencong.portal import views_calls

app_name = "portal"
urlpatterns: list = [
    path("calls/", views_calls.call_list, name="call_list"),
    path("calls/new/", views_calls.call_create, name="call_create"),
    path("calls/<int:pk>/", views_calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views_calls.call_edit, name="call_edit"),
    path("calls/<int:pk>/apply/", views_calls.apply, name="apply"),
    path("applications/<int:pk>/cap/", views_calls.cap_check, name="cap_check"),
    path("applications/<int:pk>/<slug:step>/", views_calls.application_step, name="application_step"),
]
