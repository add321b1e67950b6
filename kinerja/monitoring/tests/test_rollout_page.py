"""Organisasi → Tahapan penerapan (``monitoring.views.rollout``): everyone in the
organisation reads the plan, the HR admin and the pimpinan see the progress, only the HR
admin changes plans; wrong days are refused on the form; the page reads the same number
of queries for 5 units as for 40."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.appraisals.tests.factories import (
    criteria_in_force,
    finalise,
    org_predicate,
    submitted_evaluation,
)
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.criteria.models import Acknowledgement
from kinerja.monitoring.selectors.rollout import RolloutRow, rollout_overview
from kinerja.organization.models import OrgUnit, UnitRollout
from kinerja.organization.rollout import RolloutStage
from kinerja.organization.services import save_rollout
from kinerja.organization.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory
from kinerja.plans.tests.factories import approved_plan

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 2, 10, 9, 0, tzinfo=WIB)
TODAY = NOW.date()
OVERVIEW = reverse("rollout:overview")


def edit_url(unit: OrgUnit) -> str:
    return reverse("rollout:edit", args=[unit.code])


def plan(org, unit, pilot_from: date | None, active_from: date | None, note: str = "") -> None:
    save_rollout(
        actor=org.admin.user, unit=unit, pilot_from=pilot_from, active_from=active_from, note=note
    )


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def rows_by_code(response) -> dict[str, RolloutRow]:
    return {row.unit.code: row for row in response.context["overview"].rows}


# -- who reads what -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staf", "kasi", "lurah", "camat", "admin"])
def test_everyone_in_the_organisation_reads_the_plan(org, client_as, frozen, persona):
    response = client_as(getattr(org, persona).user).get(OVERVIEW)

    assert response.status_code == 200
    assert {"KEC", "SEK", "PEL", "KEL"} <= set(rows_by_code(response))


def test_an_outsider_is_refused(org, client_as, frozen):
    assert client_as(org.outsider).get(OVERVIEW).status_code == 403


def test_the_menu_leads_to_the_page(org, client_as, frozen):
    page = client_as(org.staf.user).get(reverse("organization:unit_tree")).content.decode()

    assert f'href="{OVERVIEW}"' in page


def test_a_colleague_sees_stages_and_dates_but_no_progress_and_no_edit(org, client_as, frozen):
    # given the kelurahan in its pilot
    plan(org, org.kelurahan, date(2026, 2, 1), date(2026, 7, 1), note="SK Camat 5/2026")

    # when staf opens the page
    response = client_as(org.staf.user).get(OVERVIEW)

    # then the stages are there, the progress and the edit links are not
    page = response.content.decode()
    rows = rows_by_code(response)
    assert rows["KEL"].stage == RolloutStage.PILOT
    assert rows["PEL"].stage == RolloutStage.ACTIVE
    assert rows["PEL"].progress is None
    assert not response.context["overview"].shows_progress
    assert 'data-stage="UJI_COBA"' in page
    assert "SK Camat 5/2026" in page
    assert edit_url(org.kelurahan) not in page
    assert "coverage-meter" not in page


def test_the_pimpinan_sees_the_progress_of_the_units_they_lead(org, client_as, frozen):
    response = client_as(org.camat.user).get(OVERVIEW)

    rows = rows_by_code(response)
    assert all(row.progress is not None for row in rows.values())
    assert not response.context["overview"].can_edit
    assert edit_url(org.kelurahan) not in response.content.decode()


def test_the_hr_admin_sees_every_organisation_with_progress_and_edit_links(org, client_as, frozen):
    response = client_as(org.admin.user).get(OVERVIEW)

    page = response.content.decode()
    rows = rows_by_code(response)
    assert {"KEC", "LAIN"} <= set(rows)
    assert all(row.progress is not None for row in rows.values())
    assert edit_url(org.kelurahan) in page
    assert "coverage-meter" in page


# -- what the page says ---------------------------------------------------------------------


def test_stages_follow_the_plan_above_and_the_timeline_counts_them(org, frozen):
    # given the kecamatan in its pilot since January, the kelurahan going live in March,
    # and the other kecamatan without any plan
    plan(org, org.kecamatan, date(2026, 1, 1), date(2026, 9, 1))
    plan(org, org.kelurahan, date(2026, 1, 1), date(2026, 3, 1))

    # when
    overview = rollout_overview(org.admin.user, TODAY)

    # then
    rows = {row.unit.code: row for row in overview.rows}
    assert rows["SEK"].stage == RolloutStage.PILOT
    assert rows["SEK"].follows == org.kecamatan
    assert rows["KEL"].follows is None
    assert rows["KEL"].plan is not None
    assert rows["LAIN"].stage == RolloutStage.ACTIVE
    assert rows["LAIN"].governing is None
    counts = {item.stage: item.count for item in overview.stage_counts}
    assert counts == {RolloutStage.NOT_STARTED: 0, RolloutStage.PILOT: 4, RolloutStage.ACTIVE: 1}
    assert [(item.day, item.unit.code, item.stage) for item in overview.milestones] == [
        (date(2026, 3, 1), "KEL", RolloutStage.ACTIVE),
        (date(2026, 9, 1), "KEC", RolloutStage.ACTIVE),
    ]


def test_the_progress_figures_cover_the_unit_and_the_units_below_it(org, frozen):
    # given: an approved SKP for staf (and the plans up its line), January delivered to
    # staf and rekan, the criteria in force acknowledged by staf
    approved_plan(org.staf, 2026)
    submitted_evaluation(org.staf)
    submitted_evaluation(org.rekan)
    finalise(org_predicate(org.pelayanan, "BAIK", actor=org.camat.user), justification="Kecil")
    version = criteria_in_force(org.staf)
    Acknowledgement.objects.filter(version=version, employee=org.staf).update(
        acknowledged_at=timezone.now()
    )
    in_scope_pel = Acknowledgement.objects.filter(version=version, unit=org.pelayanan).count()
    in_scope_all = Acknowledgement.objects.filter(version=version).count()

    # when
    overview = rollout_overview(org.admin.user, TODAY)

    # then Seksi Pelayanan (kasi, staf, rekan) and the kecamatan (7 people) add up
    rows = {row.unit.code: row for row in overview.rows}
    assert overview.period is not None
    assert overview.period.code == "2026-01"
    section, kecamatan = rows["PEL"].progress, rows["KEC"].progress
    assert section is not None
    assert kecamatan is not None
    assert section.headcount == 3
    assert kecamatan.headcount == 6
    assert (section.evaluated.done, section.evaluated.total) == (2, 3)
    assert (kecamatan.evaluated.done, kecamatan.evaluated.total) == (2, 6)
    # the SKP of staf and rekan (evaluated), and of kasi and the camat they intervene in
    assert (section.skp.done, kecamatan.skp.done) == (3, 4)
    assert kecamatan.skp.percent == Decimal("66.7")
    assert (section.socialised.done, section.socialised.total) == (1, in_scope_pel)
    assert (kecamatan.socialised.done, kecamatan.socialised.total) == (1, in_scope_all)
    assert rows["LAIN"].progress is not None
    assert rows["LAIN"].progress.socialised is None  # no criteria in force there


def test_before_any_evaluation_period_has_ended_there_is_nothing_delivered_to_count(org):
    overview = rollout_overview(org.admin.user, date(2026, 1, 15))

    assert overview.period is None
    row = overview.rows[0]
    assert row.progress is not None
    assert row.progress.evaluated is None


# -- editing --------------------------------------------------------------------------------


def test_the_hr_admin_plans_a_unit(org, client_as, frozen):
    client = client_as(org.admin.user)
    assert client.get(edit_url(org.kelurahan)).status_code == 200

    response = client.post(
        edit_url(org.kelurahan),
        {"pilot_from": "2026-03-01", "active_from": "2026-07-01", "note": "Uji coba kelurahan"},
    )

    assert response.status_code == 302
    assert response["Location"] == OVERVIEW
    stored = UnitRollout.objects.get(unit=org.kelurahan)
    assert (stored.pilot_from, stored.active_from, stored.note) == (
        date(2026, 3, 1),
        date(2026, 7, 1),
        "Uji coba kelurahan",
    )
    event = AuditEvent.objects.get(action=AuditAction.ROLLOUT_PLANNED)
    assert event.actor == org.admin.user
    assert event.changes["active_from"] == [None, "2026-07-01"]


def test_the_form_shows_the_plan_the_unit_has(org, client_as, frozen):
    plan(org, org.kelurahan, date(2026, 3, 1), None, note="Menunggu SK")

    page = client_as(org.admin.user).get(edit_url(org.kelurahan)).content.decode()

    assert 'value="2026-03-01"' in page
    assert "Menunggu SK" in page
    assert reverse("rollout:clear", args=["KEL"]) in page


def test_going_live_before_the_pilot_is_refused_on_the_form_and_nothing_is_saved(
    org, client_as, frozen
):
    response = client_as(org.admin.user).post(
        edit_url(org.kelurahan),
        {"pilot_from": "2026-07-01", "active_from": "2026-03-01", "note": "terbalik"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["active_from"]
    assert "1 Maret 2026" in errors["active_from"][0]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not UnitRollout.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ROLLOUT_PLANNED).exists()


def test_a_day_that_is_not_a_date_is_refused(org, client_as, frozen):
    response = client_as(org.admin.user).post(
        edit_url(org.kelurahan), {"pilot_from": "31-02-2026", "active_from": "", "note": ""}
    )

    assert response.status_code == 200
    assert "pilot_from" in response.context["form"].errors
    assert not UnitRollout.objects.exists()


@pytest.mark.parametrize("persona", ["staf", "kasi", "camat"])
def test_nobody_else_edits_a_plan(org, client_as, frozen, persona):
    client = client_as(getattr(org, persona).user)

    assert client.get(edit_url(org.kelurahan)).status_code == 403
    posted = client.post(edit_url(org.kelurahan), {"pilot_from": "2026-03-01"})
    cleared = client.post(reverse("rollout:clear", args=["KEL"]))

    assert posted.status_code == cleared.status_code == 403
    assert not UnitRollout.objects.exists()


def test_an_unknown_unit_is_not_found(org, client_as, frozen):
    assert client_as(org.admin.user).get(reverse("rollout:edit", args=["NOPE"])).status_code == 404


def test_the_hr_admin_removes_a_plan(org, client_as, frozen):
    plan(org, org.kelurahan, date(2026, 3, 1), date(2026, 7, 1))

    response = client_as(org.admin.user).post(reverse("rollout:clear", args=["KEL"]))

    assert response.status_code == 302
    assert not UnitRollout.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.ROLLOUT_PLANNED).count() == 2


def test_clearing_only_answers_a_post(org, client_as, frozen):
    response = client_as(org.admin.user).get(reverse("rollout:clear", args=["KEL"]))

    assert response.status_code == 405


# -- queries --------------------------------------------------------------------------------


def _grow(org, units: int) -> None:
    """``units`` more sections under the kecamatan, two employees and a plan in each."""
    for number in range(units):
        unit = OrgUnitFactory(code=f"S{number:03d}", name=f"Seksi {number}", parent=org.kecamatan)
        for person in range(2):
            EmployeeFactory(
                name=f"Pegawai {number}-{person}",
                position=PositionFactory(unit=unit),
                supervisor=org.camat,
            )
        if number % 2:
            plan(org, unit, date(2026, 1, 1), date(2026, 6, 1))


def test_the_page_reads_the_same_queries_for_5_units_as_for_40(org, client_as, frozen):
    # given the HR admin, who sees every figure, and criteria in force
    criteria_in_force(org.staf)
    client = client_as(org.admin.user)
    client.get(OVERVIEW)
    assert len(rows_by_code(client.get(OVERVIEW))) == 5

    # when the page is read with 5 units, then with 40
    with CaptureQueriesContext(connection) as small:
        client.get(OVERVIEW)
    _grow(org, 35)
    with CaptureQueriesContext(connection) as large:
        response = client.get(OVERVIEW)

    # then
    assert len(rows_by_code(response)) == 40
    assert len(large) == len(small), [query["sql"] for query in large.captured_queries]
    assert len(small) <= 16, [query["sql"] for query in small.captured_queries]
