from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils.formats import number_format

from kinerja.accounts.models import User
from kinerja.accounts.services import change_password
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.audit.selectors import find_audit_chain_break
from kinerja.demo import services
from kinerja.demo.builder import DEMO_ACCOUNTS, KECAMATAN_BINAWIDYA, plan_people
from kinerja.organization.models import (
    AppraisalChain,
    Employee,
    OrgUnit,
    PerformanceYear,
    Position,
)
from kinerja.organization.nip import check_shape, parse_pns_nip
from kinerja.organization.tree import find_cycle
from kinerja.service_metrics.models import ServiceMetric, ServiceTask, ServiceType

DEMO_USERNAMES = [account.username for account in DEMO_ACCOUNTS]
KELURAHAN = {"Binawidya", "Delima", "Simpang Baru", "Sungai Sibam", "Tobek Godang"}


@pytest.fixture(autouse=True)
def few_service_tasks(monkeypatch):
    # These tests check the office, not its service history (test_demo_services.py
    # does): a twentieth of the requests keeps each load quick.
    monkeypatch.setattr(services, "VOLUME", 0.05)


def load(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def can_log_in(username: str, password: str) -> bool:
    # django-axes needs the request that carries the login attempt.
    request = RequestFactory().post("/akun/login/")
    return authenticate(request, username=username, password=password) is not None


def username_of(employee: Employee | None) -> str:
    assert employee is not None
    assert employee.user is not None
    return employee.user.username


def roster() -> list[tuple[str, str, str, str, str]]:
    return list(
        Employee.objects.order_by("nip").values_list(
            "nip", "name", "rank", "position__name", "unit__code"
        )
    )


@pytest.mark.django_db
def test_builds_an_office_of_about_one_hundred_employees():
    load()

    assert 95 <= Employee.objects.count() <= 110
    assert OrgUnit.objects.count() == 34
    assert Employee.objects.filter(asn_status=Employee.AsnStatus.PPPK).count() >= 8
    assert set(Position.objects.values_list("kind", flat=True)) == {
        Position.Kind.ADMINISTRATOR,
        Position.Kind.PENGAWAS,
        Position.Kind.PELAKSANA,
        Position.Kind.FUNGSIONAL,
    }


@pytest.mark.django_db
def test_every_pns_nip_is_valid_and_every_pppk_number_has_eighteen_digits():
    load()

    for nip, status in Employee.objects.values_list("nip", "asn_status"):
        if status == Employee.AsnStatus.PNS:
            parse_pns_nip(nip)
        else:
            check_shape(nip)


@pytest.mark.django_db
def test_ranks_fit_the_asn_status():
    load()

    for status, rank in Employee.objects.values_list("asn_status", "rank"):
        if status == Employee.AsnStatus.PNS:
            assert rank.endswith(")"), rank
            assert "/" in rank, rank
        else:
            assert rank in {"V", "VII", "IX", "X"}, rank


@pytest.mark.django_db
def test_every_demo_account_logs_in_with_the_demo_password():
    load()

    for username in DEMO_USERNAMES:
        assert can_log_in(username, "binawidya"), username
    assert not can_log_in("camat", "wrong-password")


@pytest.mark.django_db
def test_other_employees_log_in_with_their_nip():
    load()

    others = list(Employee.objects.exclude(user__username__in=DEMO_USERNAMES))
    assert all(username_of(employee) == employee.nip for employee in others)
    assert can_log_in(others[0].nip, "binawidya")


@pytest.mark.django_db
def test_the_front_desk_employee_reports_to_kasi_pelayanan():
    load()

    staf = Employee.objects.get(user__username="staf.pelayanan")
    kasi = Employee.objects.get(user__username="kasi.pelayanan")
    assert staf.supervisor == kasi
    assert staf.position.kind == Position.Kind.PELAKSANA
    assert staf.unit.name == kasi.unit.name == "Seksi Pelayanan Umum"
    assert username_of(kasi.supervisor) == "camat"


@pytest.mark.django_db
def test_the_demo_accounts_hold_their_roles():
    load()

    users = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert users["camat"].is_pimpinan
    assert users["admin"].is_hr_admin
    assert users["admin"].is_staff
    assert not users["admin"].is_superuser
    assert users["tim.evaluasi"].is_evaluation_team
    assert users["admin"].has_perm("organization.change_employee")
    assert not users["admin"].has_perm("organization.delete_employee")
    for username in ("staf.pelayanan", "kasi.pelayanan", "sekcam"):
        user = users[username]
        flags = (user.is_pimpinan, user.is_hr_admin, user.is_evaluation_team, user.is_staff)
        assert flags == (False, False, False, False), username
    assert Employee.objects.get(user__username="admin").unit.name == (
        "Subbagian Umum dan Kepegawaian"
    )
    assert Employee.objects.get(user__username="sekcam").position.name == "Sekretaris Kecamatan"


@pytest.mark.django_db
def test_the_reporting_line_has_no_cycle_and_ends_at_the_camat():
    load()

    supervisor_of = dict(Employee.objects.values_list("nip", "supervisor__nip"))
    assert find_cycle(supervisor_of) is None
    tops = [nip for nip, supervisor in supervisor_of.items() if not supervisor]
    assert tops == [Employee.objects.get(user__username="camat").nip]


@pytest.mark.django_db
def test_the_five_kelurahan_sit_under_the_kecamatan_with_their_seksi():
    load()

    kecamatan = OrgUnit.objects.get(parent=None)
    assert kecamatan.kind == OrgUnit.Kind.KECAMATAN
    assert kecamatan.name == "Kecamatan Binawidya"
    kelurahan = OrgUnit.objects.filter(kind=OrgUnit.Kind.KELURAHAN)
    assert {unit.name.removeprefix("Kelurahan ") for unit in kelurahan} == KELURAHAN
    for unit in kelurahan:
        assert unit.parent == kecamatan
        assert unit.path == f"/{kecamatan.code}/{unit.code}/"
        assert unit.children.filter(kind=OrgUnit.Kind.SEKSI).count() == 4
        assert username_of(unit.employees.get(position__name="Lurah").supervisor) == "camat"


@pytest.mark.django_db
def test_opens_the_performance_year_of_today_with_its_appraisers():
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        load()

    year = PerformanceYear.objects.get()
    assert year.year == 2027
    assert year.periods.count() == 17
    chain = AppraisalChain.objects.get(
        period__code="2027-03", employee__user__username="staf.pelayanan"
    )
    assert username_of(chain.appraiser) == "kasi.pelayanan"
    assert username_of(chain.appraiser_superior) == "camat"


@pytest.mark.django_db
def test_records_one_demo_loaded_event_with_the_counts():
    load()

    event = AuditEvent.objects.get(action=AuditAction.DEMO_LOADED)
    assert event.actor is None
    assert event.changes["employees"] == Employee.objects.count()
    assert event.changes["units"] == 34
    assert event.changes["reset"] is False
    assert find_audit_chain_break() == (AuditEvent.objects.count(), None)


@pytest.mark.django_db
def test_refuses_to_load_over_existing_data_without_reset():
    load()
    before = roster()

    with pytest.raises(CommandError, match="--reset") as refused:
        load()

    assert refused.value.returncode == 1
    assert roster() == before


@pytest.mark.django_db
def test_refuses_when_accounts_with_demo_usernames_exist():
    User.objects.create_user("admin", password="something-else")

    with pytest.raises(CommandError, match="admin"):
        load()

    assert not OrgUnit.objects.exists()


@pytest.mark.django_db
def test_reset_rebuilds_the_same_office():
    load()
    first = roster()

    load("--reset")

    assert roster() == first
    events = list(AuditEvent.objects.filter(action=AuditAction.DEMO_LOADED).order_by("seq"))
    assert [event.changes["reset"] for event in events] == [False, True]
    assert events[-1].changes["removed"]["employees"] == len(first)
    assert User.objects.count() == len(first)


@pytest.mark.django_db
def test_reset_replaces_the_service_data():
    load()
    tasks = set(ServiceTask.objects.values_list("number", "employee__nip", "completed_at"))
    services_before = ServiceType.objects.count()
    figures = set(ServiceMetric.objects.values_list("employee__nip", "period", "tasks_completed"))

    load("--reset")

    assert set(ServiceTask.objects.values_list("number", "employee__nip", "completed_at")) == tasks
    assert ServiceType.objects.count() == services_before
    reload = AuditEvent.objects.filter(action=AuditAction.DEMO_LOADED).order_by("seq").last()
    assert reload is not None
    removed = reload.changes["removed"]
    assert removed["service_tasks"] == len(tasks)
    assert removed["service_types"] == services_before
    assert (
        set(ServiceMetric.objects.values_list("employee__nip", "period", "tasks_completed"))
        == figures
    )


@pytest.mark.django_db
def test_reset_keeps_the_audit_log_and_retires_accounts_that_acted():
    load()
    staf = User.objects.get(username="staf.pelayanan")
    change_password(user=staf, new_password="rahasia-baru-123")

    output = load("--reset")

    assert "1 akun yang tercatat di jejak audit dinonaktifkan" in output
    staf.refresh_from_db()
    assert not staf.is_active
    assert staf.username.startswith("retired-")
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert event.actor == staf
    assert event.actor_username == "staf.pelayanan"
    assert can_log_in("staf.pelayanan", "binawidya")
    assert find_audit_chain_break() == (AuditEvent.objects.count(), None)


@pytest.mark.django_db
def test_if_empty_loads_an_empty_database():
    load("--if-empty")

    assert Employee.objects.count() > 0


@pytest.mark.django_db
def test_if_empty_leaves_existing_data_alone():
    load()
    before = roster()

    output = load("--if-empty")

    assert "Basis data sudah berisi data organisasi" in output
    assert roster() == before
    assert AuditEvent.objects.filter(action=AuditAction.DEMO_LOADED).count() == 1


@pytest.mark.django_db
def test_refuses_reset_together_with_if_empty():
    with pytest.raises(CommandError):
        load("--reset", "--if-empty")

    assert not OrgUnit.objects.exists()


@pytest.mark.django_db
def test_the_password_option_sets_every_password():
    load("--password", "rahasia")

    assert can_log_in("kasi.pelayanan", "rahasia")
    assert not can_log_in("kasi.pelayanan", "binawidya")


@pytest.mark.django_db
def test_prints_the_demo_accounts_in_indonesian():
    output = load()

    assert "Nama pengguna" in output
    assert "Petugas pelayanan (pegawai)" in output
    for username in DEMO_USERNAMES:
        assert username in output
    assert "binawidya" in output


@pytest.mark.django_db
def test_writes_in_bulk(django_assert_max_num_queries):
    # Per-row writes would take ~500 queries for the office and one or more per task for
    # the service history; the bulk path stays far below, whatever their size. The
    # catalogue import saves its 120 services one by one. The criteria take some thirty,
    # whatever the number of people, proposals and votes. The SKPs take about ninety:
    # some 5,600 realisations and evidence rows in batches bounded by SQLite's 999
    # parameters per statement. The innovations take about twenty. The evaluations take
    # about a hundred and ten: some 1,000 evaluations with 17,000 rating lines, in batches.
    # The early-warning checks are the application's own, run as cron runs them: once
    # after each month's results (about 25 queries a run), each new alert written with
    # its notification (about four queries an alert, some ninety alerts): about 700.
    with django_assert_max_num_queries(80 + 120 + 60 + 30 + 90 + 20 + 120 + 720):
        load()


@pytest.mark.django_db
def test_prints_one_line_about_the_service_data():
    output = load()

    tasks = number_format(ServiceTask.objects.count(), force_grouping=True)
    lines = [line for line in output.splitlines() if f" {tasks} " in line]
    assert len(lines) == 1
    assert f" {ServiceType.objects.count()} " in lines[0]
    assert "Nama pengguna" in output.split(lines[0])[1]


def test_the_plan_is_the_same_on_every_run():
    first = plan_people(KECAMATAN_BINAWIDYA, reference_year=2026)
    second = plan_people(KECAMATAN_BINAWIDYA, reference_year=2026)

    assert [entry.person for entry in first] == [entry.person for entry in second]
    assert len({entry.person.plain_name for entry in first}) == len(first)
    assert len({entry.email for entry in first}) == len(first)
