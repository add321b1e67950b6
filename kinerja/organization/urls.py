from django.urls import path

from kinerja.organization.views import directory, imports, years

app_name = "organization"

urlpatterns = [
    path("unit/", directory.unit_tree, name="unit_tree"),
    path("unit/<str:code>/", directory.unit_detail, name="unit_detail"),
    path("pegawai/", directory.employee_list, name="employee_list"),
    path("pegawai/<int:employee_id>/", directory.employee_detail, name="employee_detail"),
    path("tahun/", years.year_list, name="year_list"),
    path("tahun/<int:year>/", years.year_detail, name="year_detail"),
    path("impor/", imports.import_start, name="import_start"),
    path("impor/<str:token>/", imports.import_preview, name="import_preview"),
]
