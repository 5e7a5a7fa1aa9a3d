"""The activities' pages: each area keeps its own URL list next to its views."""

from django.urls import path

from .views import certificates, contests, events, hub, media, trainee_import, training

app_name = "activities"

urlpatterns = [
    path("", hub.index, name="index"),
    *training.urlpatterns,
    *trainee_import.urlpatterns,
    *certificates.urlpatterns,
    *events.urlpatterns,
    *contests.urlpatterns,
    *media.urlpatterns,
]
