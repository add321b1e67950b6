from datetime import date

import pytest

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import DomainError
from kinerja.organization import services
from kinerja.organization.models import AppraisalChain, Employee, OrgUnit, Period
from kinerja.organization.tests.factories import EmployeeFactory, OrgUnitFactory


def test_open_performance_year_creates_seventeen_periods_with_monthly_evaluation(org):
    year = services.open_performance_year(actor=org.admin.user, year=2026)

    periods = {p.code: p for p in Period.objects.filter(performance_year=year)}
    assert len(periods) == 17
    assert periods["2026"].is_evaluation_period
    assert periods["2026-07"].is_evaluation_period
    assert not periods["2026-Q3"].is_evaluation_period
    assert periods["2026-Q3"].starts_on == date(2026, 7, 1)
    assert periods["2026-Q3"].ends_on == date(2026, 9, 30)
    assert year.skp_deadline == date(2026, 1, 31)


def test_quarterly_year_evaluates_quarters_and_the_year_only(org):
    year = services.open_performance_year(
        actor=None, year=2027, periodicity="TRIWULANAN", skp_deadline=date(2027, 1, 15)
    )

    evaluated = sorted(
        year.periods.filter(is_evaluation_period=True).values_list("code", flat=True)
    )
    assert evaluated == ["2027", "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    assert year.skp_deadline == date(2027, 1, 15)


def test_opening_a_year_snapshots_appraiser_and_appraisers_superior(org):
    services.open_performance_year(actor=org.admin.user, year=2026)

    chain = AppraisalChain.objects.get(period__code="2026-03", employee=org.staf)
    assert chain.appraiser == org.kasi
    assert chain.appraiser_superior == org.camat
    assert chain.unit == org.pelayanan
    top = AppraisalChain.objects.get(period__code="2026", employee=org.camat)
    assert top.appraiser is None
    assert top.appraiser_superior is None
    # 13 evaluation periods (12 months + the year) x 8 active employees
    assert AppraisalChain.objects.count() == 13 * Employee.objects.count()


def test_snapshot_keeps_history_until_refreshed(org):
    # given a year opened while staf reports to kasi
    services.open_performance_year(actor=org.admin.user, year=2026)
    period = Period.objects.get(code="2026-05")
    # when staf moves under the lurah
    org.staf.supervisor = org.lurah
    services.save_employee(actor=org.admin.user, employee=org.staf)
    # then the recorded chain is unchanged until the admin refreshes it
    assert AppraisalChain.objects.get(period=period, employee=org.staf).appraiser == org.kasi
    services.snapshot_appraisal_chains(actor=org.admin.user, period=period)
    refreshed = AppraisalChain.objects.get(period=period, employee=org.staf)
    assert refreshed.appraiser == org.lurah
    assert refreshed.appraiser_superior == org.camat
    assert AuditEvent.objects.filter(action=AuditAction.APPRAISAL_CHAINS_SNAPSHOTTED).count() == 1


def test_a_year_cannot_be_opened_twice(org):
    services.open_performance_year(actor=None, year=2026)

    with pytest.raises(DomainError):
        services.open_performance_year(actor=None, year=2026)


def test_opening_a_year_is_audited(org):
    year = services.open_performance_year(actor=org.admin.user, year=2026)

    event = AuditEvent.objects.get(action=AuditAction.PERFORMANCE_YEAR_OPENED)
    assert event.actor == org.admin.user
    assert event.target_id == str(year.pk)
    assert event.changes["periods"] == 17
    assert event.changes["skp_deadline"] == "2026-01-31"


def test_moving_a_unit_moves_the_paths_of_its_whole_subtree(org):
    # given a seksi with a sub-unit under the kelurahan
    seksi = OrgUnitFactory(code="KEL-PEM", parent=org.kelurahan)
    team = OrgUnitFactory(code="KEL-PEM-1", parent=seksi)
    # when the kelurahan is moved under the other organisation
    org.kelurahan.parent = org.other_org
    services.save_unit(actor=org.admin.user, unit=org.kelurahan)
    # then every descendant's path follows
    seksi.refresh_from_db()
    team.refresh_from_db()
    assert org.kelurahan.path == "/LAIN/KEL/"
    assert seksi.path == "/LAIN/KEL/KEL-PEM/"
    assert team.path == "/LAIN/KEL/KEL-PEM/KEL-PEM-1/"
    assert team.depth == 3
    event = AuditEvent.objects.get(action=AuditAction.UNIT_UPDATED)
    assert event.changes == {"parent_id": [org.kecamatan.pk, org.other_org.pk]}


def test_a_unit_cannot_move_under_its_own_subtree(org):
    org.kecamatan.parent = org.kelurahan

    with pytest.raises(DomainError):
        services.save_unit(actor=None, unit=org.kecamatan)

    org.kecamatan.refresh_from_db()
    assert org.kecamatan.parent is None


def test_a_new_root_unit_gets_its_path(db):
    unit = services.save_unit(
        actor=None, unit=OrgUnit(code="BARU", name="Unit Baru", kind=OrgUnit.Kind.DINAS)
    )

    assert unit.path == "/BARU/"
    assert unit.depth == 0
    assert AuditEvent.objects.get().action == AuditAction.UNIT_CREATED


def test_an_employee_cannot_report_to_their_own_subordinate(org):
    org.camat.supervisor = org.staf

    with pytest.raises(DomainError, match="berputar"):
        services.save_employee(actor=None, employee=org.camat)


def test_an_employee_needs_a_valid_nip_for_their_status(org):
    org.staf.nip = "199002312015031001"  # 31 February

    with pytest.raises(DomainError):
        services.save_employee(actor=None, employee=org.staf)


def test_a_pppk_number_is_only_checked_for_its_shape(org):
    pppk = EmployeeFactory.build(
        nip="199002312015031001", asn_status=Employee.AsnStatus.PPPK, position=org.staf.position
    )

    services.save_employee(actor=None, employee=pppk)

    assert pppk.unit == org.pelayanan


def test_saving_an_employee_records_only_what_changed(org):
    org.staf.rank = "Penata (III/c)"
    old_rank = Employee.objects.get(pk=org.staf.pk).rank

    services.save_employee(actor=org.admin.user, employee=org.staf)

    event = AuditEvent.objects.get(action=AuditAction.EMPLOYEE_UPDATED)
    assert event.changes == {"rank": [old_rank, "Penata (III/c)"]}
    assert event.actor_username == "admin"
