from django.urls import path

from .views import dashboard

app_name = "reports"
urlpatterns = [
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("dashboard/<slug:chart>.xlsx", dashboard.dashboard_export, name="dashboard_xlsx"),
]
