from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceMetricsConfig(AppConfig):
    name = "kinerja.service_metrics"
    label = "service_metrics"
    verbose_name = _("Public services")
