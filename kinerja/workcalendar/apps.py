from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    name = "kinerja.workcalendar"
    label = "workcalendar"
    verbose_name = _("Working calendar")
