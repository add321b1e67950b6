from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "kinerja.innovations"
    verbose_name = _("Innovations")
    default_auto_field = "django.db.models.BigAutoField"
