"""The activities' pages: each area keeps its own URL list next to its views."""

from django.urls import path

from .views import contests, hub, media, training

app_name = "activities"

urlpatterns = [
    path("", hub.index, name="index"),
    *training.urlpatterns,
    *contests.urlpatterns,
    *media.urlpatterns,
]
