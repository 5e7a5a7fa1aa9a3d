from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [path("units/", views.units, name="units")]
