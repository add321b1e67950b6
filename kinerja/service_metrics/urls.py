"""The Layanan menu (product.md section 6): my services, the team and office views, the
service catalogue and the working calendar."""

from django.urls import path

from kinerja.service_metrics.views import calendar, catalogue, my_services, office, team

app_name = "service_metrics"

urlpatterns = [
    # Layanan saya, and the same page for someone the viewer may see.
    path("saya/", my_services.my_services, name="my_services"),
    path("pegawai/<int:employee_id>/", my_services.employee_services, name="employee_services"),
    path("pegawai/<int:employee_id>/tugas/", my_services.employee_tasks, name="employee_tasks"),
    # Leaders.
    path("tim/", team.team_overview, name="team"),
    path("kantor/", office.office_overview, name="office"),
    # The catalogue of services and their standards.
    path("katalog/", catalogue.service_type_list, name="catalogue"),
    path("katalog/baru/", catalogue.service_type_create, name="service_type_create"),
    path("katalog/<str:code>/", catalogue.service_type_detail, name="service_type_detail"),
    path("katalog/<str:code>/ubah/", catalogue.service_type_update, name="service_type_update"),
    # The working calendar.
    path("kalender/", calendar.calendar_year, name="calendar"),
    path("kalender/<int:year>/", calendar.calendar_year, name="calendar_year"),
    path("kalender/hari-kerja/", calendar.working_week_update, name="working_week_update"),
    path("kalender/libur/baru/", calendar.exception_create, name="exception_create"),
    path(
        "kalender/libur/<int:exception_id>/ubah/",
        calendar.exception_update,
        name="exception_update",
    ),
    path(
        "kalender/libur/<int:exception_id>/hapus/",
        calendar.exception_delete,
        name="exception_delete",
    ),
    path("kalender/sinkron/", calendar.holidays_sync, name="holidays_sync"),
]
