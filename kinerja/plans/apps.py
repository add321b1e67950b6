from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "kinerja.plans"
    verbose_name = _("Performance plans (SKP)")
    default_auto_field = "django.db.models.BigAutoField"
