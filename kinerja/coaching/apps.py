from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "kinerja.coaching"
    verbose_name = _("Coaching")
    default_auto_field = "django.db.models.BigAutoField"
