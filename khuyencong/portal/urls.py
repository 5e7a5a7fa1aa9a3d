from django.urls import path

from . import views_status

app_name = "portal"
urlpatterns: list = [
    path("projects/", views_status.my_projects, name="my_projects"),
    path("projects/<int:pk>/", views_status.my_project, name="my_project"),
    path("messages/", views_status.inbox, name="messages"),
]
