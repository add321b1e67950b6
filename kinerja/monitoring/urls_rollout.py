"""Organisasi → Tahapan penerapan, mounted at /organisasi/penerapan/."""

from django.urls import path

from kinerja.monitoring.views import rollout

app_name = "rollout"

urlpatterns = [
    path("", rollout.rollout_page, name="overview"),
    path("<str:code>/", rollout.rollout_edit, name="edit"),
    path("<str:code>/hapus/", rollout.rollout_clear, name="clear"),
]
