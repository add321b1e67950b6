"""The office's working week, the days that differ from it, and the table of days that
lets SQL compute working time (see ``kinerja.workcalendar.hours``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel


class WeekdayHours(models.Model):
    """The usual hours of one weekday. A weekday without a row is a day off."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices, unique=True)
    opens = models.TimeField(_("opens at"))
    closes = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["weekday"]
        verbose_name = _("working hours of a weekday")
        verbose_name_plural = _("working hours of the week")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="weekday_opens_before_closing"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="weekday_in_week"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class CalendarException(TimeStampedModel):
    """A day that differs from the usual week: a day off, or a working day with its own
    hours (shorter hours in Ramadan, a Saturday worked in exchange for a cuti bersama)."""

    class Kind(models.TextChoices):
        NATIONAL_HOLIDAY = "LIBUR_NASIONAL", _("National holiday")
        CUTI_BERSAMA = "CUTI_BERSAMA", _("Cuti bersama")
        LOCAL_DAY_OFF = "LIBUR_DAERAH", _("Local day off")
        SPECIAL_HOURS = "JAM_KHUSUS", _("Special working hours")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("description"), max_length=200)
    # Only for SPECIAL_HOURS; a day off has neither.
    opens = models.TimeField(_("opens at"), null=True, blank=True)
    closes = models.TimeField(_("closes at"), null=True, blank=True)
    # Loaded from the `holidays` package (the government's SKB on national holidays and
    # cuti bersama) rather than entered by hand.
    is_from_holiday_list = models.BooleanField(_("from the national list"), default=False)

    class Meta:
        ordering = ["day"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="JAM_KHUSUS", opens__isnull=False, closes__isnull=False)
                    & Q(opens__lt=models.F("closes"))
                )
                | (~Q(kind="JAM_KHUSUS") & Q(opens__isnull=True, closes__isnull=True)),
                name="calendar_exception_hours_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}"

    @property
    def is_day_off(self) -> bool:
        return self.kind != self.Kind.SPECIAL_HOURS


class CalendarDay(models.Model):
    """One day of 2000–2099 with its hours and the working seconds before it, written by
    ``services.rebuild_calendar_days`` from ``hours.WorkingCalendar.days``. Service tasks
    find their working-time ordinal by joining this table on ``day_number``."""

    day_number = models.IntegerField(primary_key=True)  # days since 1970-01-01
    day = models.DateField(unique=True)
    opens_second = models.IntegerField()
    closes_second = models.IntegerField()
    seconds_before = models.BigIntegerField()
    month_key = models.IntegerField()  # YYYYMM

    class Meta:
        ordering = ["day_number"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"
