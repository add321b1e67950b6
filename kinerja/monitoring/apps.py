from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kinerja.monitoring"
    verbose_name = _("Monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # New service figures and delivered evaluations are checked for early warnings
        # as soon as they are committed (docs/adr/0007-early-warning-hooks.md).
        from kinerja.core import hooks  # noqa: PLC0415 - registered once the apps are loaded
        from kinerja.monitoring.services.checks import on_new_data  # noqa: PLC0415

        hooks.on_data_changed(hooks.KINDS, on_new_data)
