"""The service-metrics REST API: who may read whose figures (an employee the caller may
not see is a 404, never a 403), the shape of the figures, recording tasks all-or-nothing,
and query counts that do not grow with the number of employees."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from kinerja.core.periods import PeriodKind
from kinerja.organization.models import Employee
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory
from kinerja.service_metrics.models import ServiceMetric, ServiceTask, ServiceType
from kinerja.service_metrics.tests.factories import ServiceTypeFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/service-metrics/"
TASKS_URL = "/api/v1/service-tasks/"
PERIOD = "2026-03"
COMPUTED_AT = datetime(2026, 4, 1, tzinfo=UTC)


def detail_url(nip: str) -> str:
    return f"/api/v1/employees/{nip}/service-metrics/"


def api_as(user) -> Client:
    """A client that authenticates like a front-desk system: with a token header."""
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="id")


def add_metric(employee: Employee, period: str = PERIOD, **figures) -> ServiceMetric:
    values = {
        "tasks_completed": 6,
        "on_time": 5,
        "first_time_right": 4,
        "median_turnaround_seconds": 3 * 3600 + 1234.0,
        "open_overdue": 1,
    }
    values.update(figures)
    return ServiceMetric.objects.create(
        employee=employee,
        period=period,
        period_kind=PeriodKind.MONTH.value,
        computed_at=COMPUTED_AT,
        **values,
    )


@pytest.fixture
def metrics(org):
    """A March figure for everyone with an employee record."""
    everyone = [org.camat, org.admin, org.kasi, org.staf, org.rekan, org.lurah, org.asing]
    return {employee.user.username: add_metric(employee) for employee in everyone}


def listed_nips(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["nip"] for item in response.json()["results"]}


# --- one employee ---------------------------------------------------------------------------


def test_an_employees_figures_have_the_export_columns_as_numbers(org, metrics, pegawai):
    response = api_as(pegawai).get(detail_url(org.staf.nip), {"period": PERIOD})

    assert response.status_code == 200
    assert response.json() == {
        "nip": org.staf.nip,
        "nama": "Staf",
        "unit_kode": "PEL",
        "period": PERIOD,
        "tasks_completed": 6,
        "on_time": 5,
        "on_time_rate": 0.8333,
        "first_time_right_rate": 0.6667,
        "median_turnaround_hours": 3.3428,
        "open_overdue": 1,
    }


def test_a_period_without_tasks_has_zero_counts_and_null_rates(org, pegawai):
    response = api_as(pegawai).get(detail_url(org.staf.nip), {"period": "2026-Q2"})

    assert response.status_code == 200
    figures = response.json()
    assert figures["period"] == "2026-Q2"
    assert figures["tasks_completed"] == 0
    assert figures["open_overdue"] == 0
    assert figures["on_time_rate"] is None
    assert figures["first_time_right_rate"] is None
    assert figures["median_turnaround_hours"] is None


@pytest.mark.parametrize(
    ("viewer", "subject"),
    [
        ("staf", "staf"),  # self
        ("kasi", "staf"),  # atasan: a direct report
        ("camat", "staf"),  # atasan of the atasan, and pimpinan of the kecamatan
        ("camat", "lurah"),
        ("admin", "staf"),  # HR admin
        ("admin", "lurah"),
    ],
)
def test_people_entitled_to_an_employees_figures_get_them(org, metrics, viewer, subject):
    viewer_user = getattr(org, viewer).user
    subject_nip = getattr(org, subject).nip

    response = api_as(viewer_user).get(detail_url(subject_nip), {"period": PERIOD})

    assert response.status_code == 200
    assert response.json()["nip"] == subject_nip


@pytest.mark.parametrize(
    ("viewer", "subject"),
    [
        ("rekan", "staf"),  # a colleague in the same seksi
        ("staf", "kasi"),  # one's own atasan
        ("lurah", "staf"),  # another unit of the same kecamatan
        ("kasi", "lurah"),
        ("asing", "staf"),  # another organisation
        ("camat", "asing"),  # a pimpinan's reach ends at their organisation
    ],
)
def test_anyone_else_gets_a_404_not_a_403(org, metrics, viewer, subject):
    response = api_as(getattr(org, viewer).user).get(
        detail_url(getattr(org, subject).nip), {"period": PERIOD}
    )

    assert response.status_code == 404


def test_an_account_without_employee_record_sees_nobody(org, metrics, outsider):
    response = api_as(outsider).get(detail_url(org.staf.nip), {"period": PERIOD})

    assert response.status_code == 404


def test_an_unknown_nip_looks_like_a_hidden_one(org, pegawai):
    unknown = api_as(pegawai).get(detail_url("199001012020011999"), {"period": PERIOD})
    nul = api_as(pegawai).get(detail_url("1990%00"), {"period": PERIOD})

    assert unknown.status_code == 404
    assert nul.status_code == 404


# --- the list -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("staf", {"staf"}),
        ("rekan", {"rekan"}),
        ("kasi", {"kasi", "staf", "rekan"}),
        ("lurah", {"lurah"}),
        ("camat", {"camat", "admin", "kasi", "staf", "rekan", "lurah"}),
        ("asing", {"asing"}),
        # The HR admin manages every employee in the register (organization.selectors).
        ("admin", {"camat", "admin", "kasi", "staf", "rekan", "lurah", "asing"}),
    ],
)
def test_the_list_holds_exactly_the_employees_the_caller_may_see(org, metrics, viewer, expected):
    response = api_as(getattr(org, viewer).user).get(LIST_URL, {"period": PERIOD})

    assert listed_nips(response) == {getattr(org, name).nip for name in expected}
    assert response.json()["count"] == len(expected)


def test_an_outsider_gets_an_empty_list(org, metrics, outsider):
    response = api_as(outsider).get(LIST_URL, {"period": PERIOD})

    assert listed_nips(response) == set()


def test_the_list_holds_only_the_period_asked_for(org, pegawai):
    add_metric(org.staf, "2026-03", tasks_completed=3)
    add_metric(org.staf, "2026-04", tasks_completed=7)

    response = api_as(pegawai).get(LIST_URL, {"period": "2026-04"})

    assert [(i["period"], i["tasks_completed"]) for i in response.json()["results"]] == [
        ("2026-04", 7)
    ]


def test_the_unit_filter_narrows_the_list_to_a_subtree(org, metrics, pimpinan):
    client = api_as(pimpinan)

    pelayanan = client.get(LIST_URL, {"period": PERIOD, "unit": "PEL"})
    kecamatan = client.get(LIST_URL, {"period": PERIOD, "unit": "KEC"})

    assert listed_nips(pelayanan) == {org.kasi.nip, org.staf.nip, org.rekan.nip}
    assert len(listed_nips(kecamatan)) == 6


@pytest.mark.parametrize(
    ("viewer", "unit"),
    [
        ("camat", "LAIN"),  # another organisation
        ("camat", "NOPE"),  # no such unit
        ("staf", "KEL"),  # a unit where the caller sees nobody
        ("kasi", "SEK"),
    ],
)
def test_an_unknown_or_invisible_unit_is_a_404(org, metrics, viewer, unit):
    response = api_as(getattr(org, viewer).user).get(LIST_URL, {"period": PERIOD, "unit": unit})

    assert response.status_code == 404


def test_a_missing_or_malformed_period_is_a_400_with_an_indonesian_message(org, pegawai):
    client = api_as(pegawai)

    missing = client.get(LIST_URL)
    malformed = client.get(LIST_URL, {"period": "2026-13"})
    detail = client.get(detail_url(org.staf.nip), {"period": "Q1-2026"})

    assert missing.status_code == 400
    assert list(missing.json()) == ["period"]
    assert malformed.status_code == 400
    assert detail.status_code == 400
    message = malformed.json()["period"][0]
    assert message == detail.json()["period"][0]
    assert "2026-Q1" in message


@pytest.mark.parametrize("page", ["0", "2", "-1", "abc", "9" * 30, "1e3"])
def test_a_page_outside_the_list_is_a_404(org, metrics, hr_admin, page):
    response = api_as(hr_admin).get(LIST_URL, {"period": PERIOD, "page": page})

    assert response.status_code == 404


def test_the_list_is_paged_by_100(org, hr_admin):
    position = PositionFactory(unit=org.pelayanan)
    for employee in EmployeeFactory.create_batch(120, position=position, supervisor=org.kasi):
        add_metric(employee)
    client = api_as(hr_admin)

    first = client.get(LIST_URL, {"period": PERIOD}).json()
    second = client.get(LIST_URL, {"period": PERIOD, "page": 2}).json()

    assert first["count"] == 120
    assert len(first["results"]) == 100
    assert len(second["results"]) == 20
    assert second["next"] is None
    assert not {i["nip"] for i in first["results"]} & {i["nip"] for i in second["results"]}


def test_reading_without_a_token_is_a_401(org, metrics):
    anonymous = Client()

    assert anonymous.get(LIST_URL, {"period": PERIOD}).status_code == 401
    assert anonymous.get(detail_url(org.staf.nip), {"period": PERIOD}).status_code == 401


def _staff_with_metrics(org, count: int) -> None:
    position = PositionFactory(unit=org.pelayanan)
    employees = Employee.objects.bulk_create(
        EmployeeFactory.build_batch(count, position=position, supervisor=org.kasi)
    )
    ServiceMetric.objects.bulk_create(
        ServiceMetric(
            employee=employee,
            period=PERIOD,
            period_kind=PeriodKind.MONTH.value,
            tasks_completed=4,
            on_time=3,
            first_time_right=2,
            median_turnaround_seconds=7200.0,
            computed_at=COMPUTED_AT,
        )
        for employee in employees
    )


def _count_list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"period": PERIOD})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["kasi", "camat", "admin"])
def test_the_list_costs_the_same_queries_for_10_and_500_employees(org, viewer):
    client = api_as(getattr(org, viewer).user)
    _staff_with_metrics(org, 10)
    with_10 = _count_list_queries(client)

    _staff_with_metrics(org, 490)
    with_500 = _count_list_queries(client)

    assert with_10 == with_500
    assert with_500 <= 6


# --- recording tasks ------------------------------------------------------------------------


@pytest.fixture
def service(org) -> ServiceType:
    return ServiceTypeFactory(
        code="SKD",
        unit=org.pelayanan,
        standard_value=Decimal(1),
        standard_unit=ServiceType.Unit.WORKING_DAYS,
    )


@pytest.fixture
def front_desk(org):
    """The account a front-desk system signs in with: no employee, one permission."""
    user = UserFactory(username="loket")
    user.user_permissions.add(Permission.objects.get(codename="add_servicetask"))
    return user


def task(org, number: str = "T-1", **values) -> dict[str, object]:
    item: dict[str, object] = {
        "nomor": number,
        "layanan_kode": "SKD",
        "nip_petugas": org.staf.nip,
        "diterima_pada": "2026-03-02T09:00:00",
        "selesai_pada": "2026-03-02T11:30:00+07:00",
        "dikembalikan": 0,
        "keluhan": 0,
    }
    item.update(values)
    return item


def post_tasks(client: Client, body: object):
    return client.post(TASKS_URL, body, content_type="application/json")


def test_the_front_desk_records_tasks_and_the_figures_follow(org, service, front_desk):
    body = [task(org, "T-1"), task(org, "T-2", selesai_pada=None, dikembalikan="1", keluhan=None)]

    response = post_tasks(api_as(front_desk), body)

    assert response.status_code == 200
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0}
    first = ServiceTask.objects.get(number="T-1")
    assert first.employee == org.staf
    assert first.received_at == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 09:00 WIB
    assert first.completed_at == datetime(2026, 3, 2, 4, 30, tzinfo=UTC)
    second = ServiceTask.objects.get(number="T-2")
    assert second.completed_at is None
    assert second.returned_count == 1
    figures = api_as(org.staf.user).get(detail_url(org.staf.nip), {"period": PERIOD}).json()
    assert figures["tasks_completed"] == 1
    assert figures["on_time"] == 1
    assert figures["median_turnaround_hours"] == 2.5


def test_sending_a_known_nomor_again_updates_that_task(org, service, hr_admin):
    client = api_as(hr_admin)
    post_tasks(client, [task(org, "T-1", selesai_pada=None)])

    again = post_tasks(client, [task(org, "T-1", selesai_pada=None)])
    changed = post_tasks(client, [task(org, "T-1", keluhan=1), task(org, "T-9")])

    assert again.json() == {"created": 0, "updated": 0, "unchanged": 1}
    assert changed.json() == {"created": 1, "updated": 1, "unchanged": 0}
    updated = ServiceTask.objects.get(number="T-1")
    assert updated.has_complaint
    assert updated.completed_at is not None
    assert ServiceTask.objects.count() == 2


def test_one_bad_item_rejects_the_whole_list_with_its_index_and_field(org, service, hr_admin):
    body = [
        task(org, "T-1"),
        task(org, "T-2", selesai_pada="2026-03-01T09:00:00"),  # before diterima_pada
        task(org, "T-3"),
        task(org, "T-4", layanan_kode="NOPE", dikembalikan=-1),
    ]

    response = post_tasks(api_as(hr_admin), body)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["index"], e["field"]) for e in errors] == [
        (1, "selesai_pada"),
        (3, "layanan_kode"),
        (3, "dikembalikan"),
    ]
    assert all(e["message"] for e in errors)
    assert not ServiceTask.objects.exists()
    assert not ServiceMetric.objects.exists()


def test_a_nomor_twice_in_one_list_is_an_error(org, service, hr_admin):
    response = post_tasks(api_as(hr_admin), [task(org, "T-1"), task(org, "T-1")])

    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"nomor"}
    assert not ServiceTask.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nomor": "T-1"}, None),  # not a list
        ([], None),
        ("[", None),  # not JSON at all
    ],
)
def test_a_body_that_is_not_a_list_of_tasks_is_a_400_in_the_same_shape(
    org, service, hr_admin, body, field
):
    client = api_as(hr_admin)
    if body == "[":
        response = client.post(TASKS_URL, body, content_type="application/json")
    else:
        response = post_tasks(client, body)

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["index"] is None
    assert error["field"] is field
    assert error["message"]


def test_more_than_1000_tasks_are_refused_before_any_check(org, service, hr_admin):
    body = [task(org, f"T-{n}") for n in range(1001)]

    response = post_tasks(api_as(hr_admin), body)

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["index"] is None
    assert "1000" in error["message"].replace(".", "").replace(",", "")
    assert not ServiceTask.objects.exists()


def test_items_of_the_wrong_shape_are_named_by_index(org, service, hr_admin):
    body = [
        task(org, "T-1"),
        ["T-2"],
        task(org, "T-3", catatan="x"),
        task(org, "T-4", dikembalikan={"n": 1}, keluhan=True),
        task(org, "T-5\x00", nip_petugas="\x00"),  # PostgreSQL cannot store NUL
        {**task(org, "T-6", layanan_kode="\ud800"), "\udfff": 1},  # lone surrogates
    ]

    response = post_tasks(api_as(hr_admin), body)

    assert response.status_code == 400
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [
        (1, None),
        (2, "catatan"),
        (3, "dikembalikan"),
        (4, "nomor"),
        (4, "nip_petugas"),
        (5, "\ufffd"),
        (5, "layanan_kode"),
    ]
    assert not ServiceTask.objects.exists()


def test_only_the_hr_admin_and_front_desk_accounts_may_record(org, service, pegawai, pimpinan):
    for user in (pegawai, pimpinan):
        response = post_tasks(api_as(user), [task(org)])
        assert response.status_code == 403

    assert not ServiceTask.objects.exists()


def test_recording_without_a_token_is_a_401(org, service):
    response = post_tasks(Client(), [task(org)])

    assert response.status_code == 401
    assert not ServiceTask.objects.exists()


def test_a_session_needs_the_csrf_token_to_record(org, service, hr_admin):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(hr_admin)

    response = post_tasks(browser, [task(org)])

    assert response.status_code == 403
    assert not ServiceTask.objects.exists()
