from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:plan_pk>/batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/adjust/", views.batch_adjust, name="batch_adjust"),
    path("execution/<int:province_pk>/<int:year>/", views.execution_page, name="execution"),
    path("overview/<int:year>/", views.overview_page, name="overview"),
    path("execution/<int:province_pk>/<int:year>/figures.json", views.execution_json, name="execution_json"),
]
