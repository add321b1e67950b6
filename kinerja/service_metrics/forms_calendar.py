"""Forms of the working calendar ("Kalender kerja"). Shape only: the rules (a day
already in the calendar, special hours with their times, at least one working day)
live in ``kinerja.workcalendar.services``."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from kinerja.workcalendar.hours import EPOCH, LAST_DAY, WorkingHours
from kinerja.workcalendar.models import CalendarException, WeekdayHours

_TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]


def _time_field(label: StrOrPromise) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=False, widget=_TIME_WIDGET, input_formats=_TIME_FORMATS
    )


@dataclass(frozen=True, slots=True)
class WeekdayFields:
    """The three inputs of one weekday, for a table row."""

    weekday: int
    label: str | Promise
    closed: forms.BoundField
    opens: forms.BoundField
    closes: forms.BoundField


class WorkingWeekForm(forms.Form):
    """The usual hours of each weekday, Monday first, or "closed"."""

    def __init__(
        self, *args: Any, week: tuple[WorkingHours | None, ...] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(WeekdayHours.Weekday.choices)
        for weekday in range(7):
            day = labels[weekday]
            hours = week[weekday] if week is not None else None
            self.fields[f"closed_{weekday}"] = forms.BooleanField(
                label=_("%(day)s: closed") % {"day": day},
                required=False,
                initial=week is not None and hours is None,
            )
            self.fields[f"opens_{weekday}"] = _time_field(_("%(day)s: opens at") % {"day": day})
            self.fields[f"closes_{weekday}"] = _time_field(_("%(day)s: closes at") % {"day": day})
            if hours is not None:
                self.fields[f"opens_{weekday}"].initial = hours.opens
                self.fields[f"closes_{weekday}"].initial = hours.closes

    def weekdays(self) -> Iterator[WeekdayFields]:
        labels = dict(WeekdayHours.Weekday.choices)
        for weekday in range(7):
            yield WeekdayFields(
                weekday=weekday,
                label=labels[weekday],
                closed=self[f"closed_{weekday}"],
                opens=self[f"opens_{weekday}"],
                closes=self[f"closes_{weekday}"],
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for weekday in range(7):
            if cleaned.get(f"closed_{weekday}"):
                continue
            for field in (f"opens_{weekday}", f"closes_{weekday}"):
                if cleaned.get(field) is None and field not in self.errors:
                    self.add_error(
                        field, _("Give the time, or tick “closed” if the office is closed.")
                    )
        return cleaned

    def hours(self) -> dict[int, tuple[time, time] | None]:
        """The week for ``save_working_week``; only after ``is_valid()``."""
        data = self.cleaned_data
        return {
            weekday: None
            if data[f"closed_{weekday}"]
            else (data[f"opens_{weekday}"], data[f"closes_{weekday}"])
            for weekday in range(7)
        }


class CalendarExceptionForm(forms.Form):
    """A day that differs from the usual week."""

    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarException.Kind.choices)
    name = forms.CharField(
        label=_("Description"),
        max_length=200,
        help_text=_("The name of the holiday or the reason, e.g. “Hari Jadi Kabupaten”."),
    )
    opens = _time_field(_("Opens at"))
    closes = _time_field(_("Closes at"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hint = _("Only for special working hours; leave empty for a day off.")
        self.fields["opens"].help_text = hint
        self.fields["closes"].help_text = hint

    @staticmethod
    def initial_for(exception: CalendarException) -> dict[str, Any]:
        return {
            "day": exception.day,
            "kind": exception.kind,
            "name": exception.name,
            "opens": exception.opens,
            "closes": exception.closes,
        }


class HolidaySyncForm(forms.Form):
    """The year whose national holidays and cuti bersama should be added."""

    year = forms.IntegerField(label=_("Year"), min_value=EPOCH.year, max_value=LAST_DAY.year)
