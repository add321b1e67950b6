"""Pemantauan (monitoring): the early-warning alerts of Tim Saya."""

from django.urls import path

from kinerja.monitoring.views import alerts

app_name = "monitoring"

urlpatterns = [
    path("peringatan/", alerts.alert_list, name="alert_list"),
    path("peringatan/<int:alert_id>/", alerts.alert_detail, name="alert_detail"),
    path("peringatan/<int:alert_id>/tutup/", alerts.alert_dismiss, name="alert_dismiss"),
    path("peringatan/<int:alert_id>/pembinaan/", alerts.alert_coaching, name="alert_coaching"),
]
