from django.urls import path

from .views import establishments, imports, needs, products, villages

app_name = "registry"
urlpatterns = [
    path("establishments/", establishments.establishment_list, name="establishment_list"),
    path("establishments/export.xlsx", establishments.establishment_export, name="establishment_export"),
    path(
        "establishments/export.csv",
        establishments.establishment_export,
        {"file_type": "csv"},
        name="establishment_export_csv",
    ),
    path("establishments/new/", establishments.establishment_create, name="establishment_create"),
    path("establishments/pick/", establishments.establishment_pick, name="establishment_pick"),
    path("establishments/<int:pk>/", establishments.establishment_detail, name="establishment_detail"),
    path("establishments/<int:pk>/edit/", establishments.establishment_edit, name="establishment_edit"),
    path("establishments/<int:pk>/delete/", establishments.establishment_delete, name="establishment_delete"),
    path(
        "establishments/<int:pk>/history/", establishments.establishment_history, name="establishment_history"
    ),
    path("establishments/<int:establishment_pk>/needs/new/", needs.need_create, name="need_create"),
    path(
        "establishments/<int:establishment_pk>/products/new/", products.product_create, name="product_create"
    ),
    path("products/<int:pk>/", products.product_edit, name="product_edit"),
    path("products/<int:pk>/certifications/", products.certification_add, name="certification_add"),
    path("products/<int:pk>/delete/", products.product_delete, name="product_delete"),
    path("needs/", needs.need_list, name="need_list"),
    path("needs/export.xlsx", needs.need_export, name="need_export"),
    path("needs/export.csv", needs.need_export, {"file_type": "csv"}, name="need_export_csv"),
    path("needs/new/", needs.need_create_contact, name="need_create_contact"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<int:pk>/<slug:action>/", needs.need_transition, name="need_transition"),
    path("villages/", villages.village_list, name="village_list"),
    path("villages/export.xlsx", villages.village_export, name="village_export"),
    path("villages/export.csv", villages.village_export, {"file_type": "csv"}, name="village_export_csv"),
    path("villages/new/", villages.village_create, name="village_create"),
    path("villages/<int:pk>/", villages.village_detail, name="village_detail"),
    path("villages/<int:pk>/edit/", villages.village_edit, name="village_edit"),
    path("imports/", imports.import_upload, name="import_upload"),
    path("imports/<uuid:pk>/", imports.import_job, name="import_job"),
    path("imports/<uuid:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/<uuid:pk>/invalid.xlsx", imports.import_invalid_rows, name="import_invalid_rows"),
]
