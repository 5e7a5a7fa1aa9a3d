"""The activities' pages: each area keeps its own URL list next to its views."""

from django.urls import path

from .views import events, hub, media, training

app_name = "activities"

urlpatterns = [
    path("", hub.index, name="index"),
    *training.urlpatterns,
    *events.urlpatterns,
    *media.urlpatterns,
]
