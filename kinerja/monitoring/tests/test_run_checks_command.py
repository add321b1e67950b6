"""``kinerja run_checks``: the summary line, idempotency, the progress bar, the exit code."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kinerja.monitoring.management.commands.run_checks import summary_line
from kinerja.monitoring.models import Alert
from kinerja.monitoring.services.checks import CheckSummary
from kinerja.monitoring.tests.factories import BELOW, ON_TIME, STREAK, criteria_with_rules
from kinerja.monitoring.tests.factories import evaluation_row as evaluation
from kinerja.monitoring.tests.factories import metric_row as metric
from kinerja.plans.tests.factories import performance_year

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def records(org):
    performance_year(2026)
    criteria_with_rules(org.kecamatan, STREAK, ON_TIME)
    evaluation(org.staf, "2026-01", results=BELOW)
    evaluation(org.staf, "2026-02", results=BELOW)
    metric(org.rekan, "2026-03", completed=12, on_time=6)
    return org


def run(*args: str, stderr: io.StringIO | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), stderr or io.StringIO()
    with translation.override("en"):
        call_command("run_checks", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_one_summary_line_and_is_idempotent(records):
    first, first_err = run("--date", "2026-05-10")
    second, _ = run("--date", "2026-05-10")

    assert first == "Checked 7 employees: 2 new alerts, 0 already recorded, 0 action reminders.\n"
    assert second == "Checked 7 employees: 0 new alerts, 2 already recorded, 0 action reminders.\n"
    assert first_err == ""  # no progress bar into a file or a pipe
    assert Alert.objects.count() == 2


def test_quiet_prints_nothing(records):
    out, err = run("--date", "2026-05-10", "--quiet")

    assert (out, err) == ("", "")
    assert Alert.objects.count() == 2


def test_the_progress_bar_is_drawn_in_place_on_a_terminal(records):
    _, err = run("--date", "2026-05-10", stderr=Terminal())

    assert err.startswith("\r[")
    assert err.count("\r") >= 2
    assert err.endswith(f"\r[{'#' * 30}] 7/7 employees\n")


def test_a_malformed_date_exits_with_1(records):
    with pytest.raises(CommandError) as error:
        run("--date", "31-05-2026")

    assert error.value.returncode == 1
    assert not Alert.objects.exists()


def test_without_a_date_the_checks_run_as_of_today(records):
    out, _ = run()

    assert out.startswith("Checked 7 employees")


def test_large_counts_are_grouped_in_the_language_of_the_reader():
    summary = CheckSummary(
        employees_checked=1024, alerts_created=3, already_known=12, reminders_sent=2
    )

    with translation.override("id"):
        indonesian = summary_line(summary)
    with translation.override("en"):
        english = summary_line(summary)

    assert "1.024" in indonesian
    assert (
        english == "Checked 1,024 employees: 3 new alerts, 12 already recorded, 2 action reminders."
    )
