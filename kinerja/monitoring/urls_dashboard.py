"""Beranda's drill-down (mounted at /beranda/): a unit of the leader's control room, the
people behind one of its numbers, and one person as their leader follows them. The
control room itself and "Kinerja saya" are Beranda (portal:home)."""

from django.urls import path

from kinerja.monitoring.views import dashboard

app_name = "dashboard"

urlpatterns = [
    path("pemantauan/unit/<str:code>/", dashboard.unit_dashboard, name="unit"),
    path("pemantauan/unit/<str:code>/daftar/", dashboard.unit_people, name="people"),
    path("pemantauan/pegawai/<int:employee_id>/", dashboard.person, name="person"),
]
