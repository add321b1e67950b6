"""The Layanan pages through the test client: who may open which page, what each shows on
a small hand-built dataset, sorting, filters that survive paging, and query counts.

Figures are stored rows (ServiceMetric, ServiceTypeMetric) written directly here: the
pages only read them, and the metric tests check how they are computed. Tasks carry
hand-set derived columns for the same reason.
"""

from datetime import UTC, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.core.periods import parse_period
from kinerja.organization.models import Employee, Position
from kinerja.service_metrics.models import (
    ServiceMetric,
    ServiceTask,
    ServiceType,
    ServiceTypeMetric,
)
from kinerja.service_metrics.selectors.pages import (
    TeamRow,
    office_for_user,
    service_year_for_user,
    sort_team_rows,
    tasks_for_user,
    team_for_user,
)
from kinerja.service_metrics.templatetags.service_tags import sparkline
from kinerja.service_metrics.tests.factories import ServiceTypeFactory
from kinerja.workcalendar.models import WeekdayHours

WIB = timezone(timedelta(hours=7))
COMPUTED = datetime(2026, 4, 1, tzinfo=UTC)
HOUR = 3600


def metric(
    employee: Employee,
    period: str,
    *,
    tasks: int = 0,
    on_time: int = 0,
    right: int = 0,
    median_hours: float | None = None,
    overdue: int = 0,
) -> ServiceMetric:
    return ServiceMetric(
        employee=employee,
        period=period,
        period_kind=parse_period(period).kind.value,
        tasks_completed=tasks,
        on_time=on_time,
        first_time_right=right,
        median_turnaround_seconds=None if median_hours is None else median_hours * HOUR,
        open_overdue=overdue,
        computed_at=COMPUTED,
    )


def service_metric(
    service: ServiceType, period: str, *, tasks: int, on_time: int, right: int, overdue: int = 0
) -> ServiceTypeMetric:
    return ServiceTypeMetric(
        service_type=service,
        period=period,
        period_kind=parse_period(period).kind.value,
        tasks_completed=tasks,
        on_time=on_time,
        first_time_right=right,
        open_overdue=overdue,
        computed_at=COMPUTED,
    )


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def make_task(
    number: str,
    service: ServiceType,
    employee: Employee,
    received: str,
    completed: str | None = None,
    *,
    working_hours: float = 0,
    returned: int = 0,
    complaint: bool = False,
) -> ServiceTask:
    """A task with its derived columns set by hand: ``working_hours`` is its turnaround."""
    completed_at = local(completed) if completed else None
    return ServiceTask.objects.create(
        number=number,
        service_type=service,
        employee=employee,
        received_at=local(received),
        completed_at=completed_at,
        returned_count=returned,
        has_complaint=complaint,
        standard_seconds=int(service.standard_value) * HOUR,
        received_ordinal=1_000_000,
        completed_ordinal=1_000_000 + int(working_hours * HOUR) if completed_at else None,
        completed_month=completed_at.year * 100 + completed_at.month if completed_at else None,
    )


def html(response) -> str:
    text: str = response.content.decode()
    return text


def href(url: str) -> str:
    """A URL as it appears in an href attribute."""
    return str(escape(url))


def tasks_url(employee: Employee, **query: str) -> str:
    url = reverse("service_metrics:employee_tasks", args=[employee.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture(autouse=True)
def working_week(db) -> None:
    """Monday to Friday 08:00-16:00 and no holidays: deadlines are easy to count by hand."""
    WeekdayHours.objects.all().delete()
    WeekdayHours.objects.bulk_create(
        WeekdayHours(weekday=weekday, opens=time(8), closes=time(16)) for weekday in range(5)
    )


@pytest.fixture
def staf_client(client_as, pegawai):
    return client_as(pegawai)


@pytest.fixture
def service(org) -> ServiceType:
    return ServiceTypeFactory(
        code="SKD",
        name="Surat keterangan domisili",
        unit=org.pelayanan,
        standard_value=Decimal("4"),
        standard_unit=ServiceType.Unit.WORKING_HOURS,
    )


@pytest.fixture
def staf_year(org) -> None:
    """Staf's 2026: March busy, April quiet; Q1 and the year stored as the metrics would."""
    ServiceMetric.objects.bulk_create(
        [
            metric(
                org.staf, "2026-03", tasks=40, on_time=30, right=36, median_hours=3.5, overdue=2
            ),
            metric(org.staf, "2026-04", tasks=10, on_time=10, right=9, median_hours=2),
            metric(org.staf, "2026-Q1", tasks=40, on_time=30, right=36, median_hours=3.5),
            metric(org.staf, "2026-Q2", tasks=10, on_time=10, right=9, median_hours=2),
            metric(org.staf, "2026", tasks=50, on_time=40, right=45, median_hours=3, overdue=1),
            metric(org.staf, "2025", tasks=7, on_time=7, right=7, median_hours=1),
            metric(org.rekan, "2026-03", tasks=20, on_time=19, right=20, median_hours=1.5),
        ]
    )


# ---------------------------------------------------------------------------
# Who may open what


PERSONAS_WHO_SEE_STAF = ["pegawai", "atasan", "pimpinan", "hr_admin"]


@pytest.mark.parametrize("persona", PERSONAS_WHO_SEE_STAF)
@pytest.mark.parametrize("page", ["employee_services", "employee_tasks"])
def test_staf_s_pages_open_for_staf_and_those_above_them(org, client_as, request, persona, page):
    user = request.getfixturevalue(persona)

    response = client_as(user).get(reverse(f"service_metrics:{page}", args=[org.staf.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["rekan", "lurah", "asing"])
@pytest.mark.parametrize("page", ["employee_services", "employee_tasks"])
def test_a_colleague_or_a_stranger_gets_404_for_staf_s_pages(org, client_as, who, page):
    user = getattr(org, who).user

    response = client_as(user).get(reverse(f"service_metrics:{page}", args=[org.staf.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("page", ["employee_services", "employee_tasks"])
def test_an_outsider_or_an_unknown_id_gets_404(org, client_as, outsider, hr_admin, page):
    assert (
        client_as(outsider).get(reverse(f"service_metrics:{page}", args=[org.staf.pk])).status_code
        == 404
    )
    assert (
        client_as(hr_admin).get(reverse(f"service_metrics:{page}", args=[999_999])).status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "hr_admin"])
def test_every_employee_has_a_my_services_page(client_as, request, persona):
    response = client_as(request.getfixturevalue(persona)).get(
        reverse("service_metrics:my_services")
    )

    assert response.status_code == 200
    assert 'id="service-year"' in html(response)  # the year picker


def test_an_account_without_employee_record_sees_a_friendly_empty_state(client_as, outsider):
    response = client_as(outsider).get(reverse("service_metrics:my_services"))

    assert response.status_code == 200
    assert 'class="empty-state"' in html(response)
    assert 'id="service-year"' not in html(response)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("pegawai", 403), ("atasan", 200), ("pimpinan", 200), ("hr_admin", 200), ("outsider", 403)],
)
def test_the_team_view_is_for_penilai_pimpinan_and_admin(client_as, request, persona, status):
    response = client_as(request.getfixturevalue(persona)).get(reverse("service_metrics:team"))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("pegawai", 403), ("atasan", 403), ("pimpinan", 200), ("hr_admin", 200), ("outsider", 403)],
)
def test_the_office_view_is_for_pimpinan_and_admin(client_as, request, persona, status):
    response = client_as(request.getfixturevalue(persona)).get(reverse("service_metrics:office"))

    assert response.status_code == status


def test_an_atasan_may_not_pick_a_unit_where_they_see_nobody(org, client_as, atasan):
    response = client_as(atasan).get(reverse("service_metrics:team") + "?unit=KEL")

    assert response.status_code == 404


def test_the_selectors_refuse_as_the_pages_do(org, pegawai, atasan):
    period = parse_period("2026-03")

    with pytest.raises(NotFound):
        service_year_for_user(org.rekan.user, employee_id=org.staf.pk, year=2026)
    with pytest.raises(PermissionDenied):
        team_for_user(pegawai, unit_code=None, period=period)
    with pytest.raises(PermissionDenied):
        office_for_user(atasan, period=period)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("pegawai", ["my_services", "catalogue", "calendar"]),
        ("atasan", ["my_services", "team", "catalogue", "calendar"]),
        ("pimpinan", ["my_services", "team", "office", "catalogue", "calendar"]),
        ("hr_admin", ["my_services", "team", "office", "catalogue", "calendar"]),
    ],
)
def test_the_services_menu_shows_what_each_persona_may_open(client_as, request, persona, expected):
    page = html(client_as(request.getfixturevalue(persona)).get("/"))
    nav = page.split('class="main-nav"')[1].split("</nav>")[0]

    for name in ["my_services", "team", "office", "catalogue", "calendar"]:
        assert (f'href="{reverse(f"service_metrics:{name}")}"' in nav) is (name in expected), name
    # Layanan comes before Organisasi (product.md section 6).
    assert nav.index(reverse("service_metrics:catalogue")) < nav.index(
        reverse("organization:unit_tree")
    )


def test_an_outsider_has_no_services_menu(client_as, outsider):
    page = html(client_as(outsider).get("/"))

    assert reverse("service_metrics:catalogue") not in page
    assert reverse("service_metrics:my_services") not in page


# ---------------------------------------------------------------------------
# Layanan saya


def test_my_services_shows_the_year_and_links_every_number_to_its_tasks(
    org, client_as, pegawai, staf_year
):
    page = html(client_as(pegawai).get(reverse("service_metrics:my_services") + "?year=2026"))

    # The year's cards: 50 tasks, 80,0% on time, 90,0% first time right, 3,0 h, 1 overdue.
    for text in [">50<", "80,0%", "90,0%", ">3,0<"]:
        assert text in page, text
    assert f'href="{href(tasks_url(org.staf, period="2026", show="late"))}"' in page
    assert f'href="{href(tasks_url(org.staf, period="2026", show="open"))}"' in page
    # March in the month table: 40 tasks, 10 late, 2 open and overdue, each a link.
    assert f'href="{href(tasks_url(org.staf, period="2026-03", show="all"))}">40</a>' in page
    assert f'href="{href(tasks_url(org.staf, period="2026-03", show="late"))}">10</a>' in page
    assert f'href="{href(tasks_url(org.staf, period="2026-03", show="open"))}">2</a>' in page
    # Months without figures are zero-filled, not missing: twelve months and four triwulan.
    assert page.count('<tr>\n  <th scope="row">') + page.count('<tr class="subtotal">') == 16
    # The chart gets the same monthly series.
    assert '"volume": [0, 0, 40, 10, 0, 0, 0, 0, 0, 0, 0, 0]' in page
    assert '"on_time_rate": [null, null, 75.0, 100.0,' in page


def test_my_services_offers_the_years_that_have_figures(org, client_as, pegawai, staf_year):
    page = html(client_as(pegawai).get(reverse("service_metrics:my_services") + "?year=2026"))

    assert '<option value="2026" selected>' in page
    assert '<option value="2025">' in page


def test_a_year_without_figures_shows_an_empty_state_instead_of_a_chart(
    client_as, pegawai, staf_year
):
    page = html(client_as(pegawai).get(reverse("service_metrics:my_services") + "?year=2024"))

    assert 'class="empty-state"' in page
    assert "<canvas" not in page
    assert 'id="year-figures"' not in page  # no row of zeros


def test_an_atasan_sees_staf_s_page_with_staf_s_figures(org, client_as, atasan, staf_year):
    page = html(
        client_as(atasan).get(
            reverse("service_metrics:employee_services", args=[org.staf.pk]) + "?year=2026"
        )
    )

    assert "Staf" in page
    assert f'href="{href(tasks_url(org.staf, period="2026-03", show="all"))}">40</a>' in page


def test_the_year_page_needs_four_queries_whatever_the_figures(
    org, pegawai, staf_year, django_assert_num_queries
):
    with django_assert_num_queries(4):  # viewer, employee, figures, years
        service_year_for_user(pegawai, employee_id=org.staf.pk, year=2026)


# ---------------------------------------------------------------------------
# The tasks behind a number


@pytest.fixture
def march_tasks(org, service) -> None:
    make_task("T-ON", service, org.staf, "2026-03-02 09:00", "2026-03-02 11:00", working_hours=2)
    make_task(
        "T-LATE",
        service,
        org.staf,
        "2026-03-03 09:00",
        "2026-03-04 10:00",
        working_hours=6.5,
        returned=2,
    )
    make_task(
        "T-COMPLAINT",
        service,
        org.staf,
        "2026-03-05 09:00",
        "2026-03-05 10:00",
        working_hours=1,
        complaint=True,
    )
    # Open at the end of March: received on the 30th, finished in April.
    make_task("T-OPEN", service, org.staf, "2026-03-30 09:00", "2026-04-02 09:00", working_hours=16)
    make_task("T-FEB", service, org.staf, "2026-02-26 09:00", "2026-02-26 10:00", working_hours=1)
    make_task(
        "T-REKAN", service, org.rekan, "2026-03-02 09:00", "2026-03-02 10:00", working_hours=1
    )


def rows_of(page: str) -> list[str]:
    return [part.split("</code>")[0] for part in page.split('<th scope="row"><code>')[1:]]


def test_the_task_list_shows_the_tasks_completed_in_the_period_newest_first(
    org, client_as, pegawai, march_tasks
):
    page = html(client_as(pegawai).get(tasks_url(org.staf, period="2026-03")))

    assert rows_of(page) == ["T-COMPLAINT", "T-LATE", "T-ON"]


@pytest.mark.parametrize(
    ("show", "numbers"),
    [
        ("late", ["T-LATE"]),
        ("returned", ["T-LATE"]),
        ("complaint", ["T-COMPLAINT"]),
        ("open", ["T-OPEN"]),
    ],
)
def test_each_filter_lists_the_tasks_behind_its_number(
    org, staf_client, march_tasks, show, numbers
):
    page = html(staf_client.get(tasks_url(org.staf, period="2026-03", show=show)))

    assert rows_of(page) == numbers


def test_a_late_task_says_by_how_many_working_hours_and_how_often_it_was_returned(
    org, client_as, pegawai, march_tasks
):
    page = html(client_as(pegawai).get(tasks_url(org.staf, period="2026-03", show="late")))

    late_badge = page.split('class="badge badge-error badge-late">')[1].split("</span>")[0]
    returned_badge = page.split('class="badge badge-warn badge-returned">')[1].split("</span>")[0]
    assert "2,5" in late_badge  # 6.5 working hours against a standard of 4
    assert "2\N{MULTIPLICATION SIGN}" in returned_badge


def test_an_open_task_shows_its_deadline_in_working_time(org, client_as, pegawai, march_tasks):
    page = html(client_as(pegawai).get(tasks_url(org.staf, period="2026-03", show="open")))

    # Received Monday 30 March 09:00 with a standard of 4 working hours: due at 13:00.
    assert "30 Mar 2026 13:00" in page
    assert "badge-overdue" in page  # past the standard by the end of March
    assert "15,0" in page  # working hours until the end of March: 7 on Monday, 8 on Tuesday


def test_the_filter_links_carry_their_counts_and_keep_the_period(
    org, client_as, pegawai, march_tasks
):
    page = html(client_as(pegawai).get(tasks_url(org.staf, period="2026-03", show="late")))

    assert 'href="?period=2026-03&amp;show=complaint"' in page
    counts = [part.split("</span>")[0] for part in page.split('class="filter-tabs__count">')[1:]]
    assert counts == ["3", "1", "1", "1", "1"]


def test_filters_survive_paging_through_the_tasks(org, client_as, pegawai, service):
    for day in range(30):
        make_task(
            f"L-{day:02d}",
            service,
            org.staf,
            f"2026-05-{day + 1:02d} 08:00",
            f"2026-05-{day + 1:02d} 15:00",
            working_hours=7,
        )
    make_task("ON-TIME", service, org.staf, "2026-05-04 08:00", "2026-05-04 09:00", working_hours=1)
    client = client_as(pegawai)

    first = html(client.get(tasks_url(org.staf, period="2026-05", show="late")))
    second = html(client.get(tasks_url(org.staf, period="2026-05", show="late", page="2")))

    assert 'href="?period=2026-05&amp;show=late&amp;page=2"' in first
    assert len(rows_of(first)) == 25
    assert len(rows_of(second)) == 5
    assert "ON-TIME" not in first + second


def test_an_empty_filter_says_what_to_do_next(org, client_as, pegawai, march_tasks):
    page = html(client_as(pegawai).get(tasks_url(org.staf, period="2026-01", show="late")))

    assert 'class="empty-state"' in page
    assert 'href="?period=2026-01&amp;show=all"' in page


def test_nonsense_in_the_query_string_falls_back_to_sensible_defaults(
    org, client_as, pegawai, march_tasks
):
    response = client_as(pegawai).get(
        tasks_url(org.staf, period="2026-13", show="everything", page="x")
    )

    assert response.status_code == 200


def test_the_task_list_reads_one_page_with_a_fixed_number_of_queries(org, pegawai, service):
    for index in range(40):
        make_task(
            f"Q-{index:02d}",
            service,
            org.staf,
            "2026-06-01 08:00",
            "2026-06-01 09:00",
            working_hours=1,
        )
    period = parse_period("2026-06")

    with CaptureQueriesContext(connection) as queries:
        task_list = tasks_for_user(pegawai, employee_id=org.staf.pk, period=period, show="all")
        rows = list(task_list.rows)

    assert len(rows) == 25
    assert task_list.counts["all"] == 40
    assert len(queries) <= 9  # no query per task


# ---------------------------------------------------------------------------
# Layanan tim


def test_the_team_view_lists_the_people_with_figures_and_their_trend(
    org, client_as, atasan, staf_year
):
    page = html(client_as(atasan).get(reverse("service_metrics:team") + "?period=2026-03"))

    staf_link = reverse("service_metrics:employee_services", args=[org.staf.pk]) + "?year=2026"
    assert f'<a href="{staf_link}">Staf</a>' in page
    assert "Rekan" in page
    assert "Kasi" not in page.split("<tbody>")[1]  # no figures of their own
    assert page.count('<svg class="sparkline"') == 2
    assert f'href="{href(tasks_url(org.staf, period="2026-03", show="all"))}">40</a>' in page
    # The unit's total: 60 tasks of which 49 on time.
    assert "81,7%" in page


def test_a_sparkline_breaks_at_months_without_tasks():
    rates = [Decimal("1"), Decimal("0.5"), None, Decimal("0.75")] + [None] * 8

    with translation.override("id"):
        svg = str(sparkline(rates, "On time"))

    assert svg.count("<polyline") == 1  # Jan–Feb; April alone is a dot
    assert svg.count("<circle") == 1
    assert 'aria-label="On time: Jan 100,0%, Feb 50,0%, Apr 75,0%"' in svg


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Ani", "Budi", "Citra"]),
        ("-name", ["Citra", "Budi", "Ani"]),
        ("on_time_rate", ["Citra", "Ani", "Budi"]),
        ("-on_time_rate", ["Ani", "Citra", "Budi"]),
        ("tasks_completed", ["Budi", "Citra", "Ani"]),
        ("-open_overdue", ["Citra", "Ani", "Budi"]),
    ],
)
def test_team_rows_sort_by_any_column_with_empty_values_last(sort, expected):
    def row(pk: int, name: str, tasks: int, on_time: int, overdue: int) -> TeamRow:
        employee = Employee(name=name, pk=pk)
        figures = metric(employee, "2026-03", tasks=tasks, on_time=on_time, overdue=overdue)
        return TeamRow(employee, figures)

    rows = [row(1, "Budi", 0, 0, 0), row(2, "Ani", 10, 9, 1), row(3, "Citra", 4, 2, 3)]

    assert [r.employee.name for r in sort_team_rows(rows, sort)] == expected


def test_the_team_table_sorts_through_the_query_string(org, client_as, atasan, staf_year):
    client = client_as(atasan)

    ascending = html(
        client.get(reverse("service_metrics:team") + "?period=2026-03&sort=on_time_rate")
    )
    descending = html(
        client.get(reverse("service_metrics:team") + "?period=2026-03&sort=-on_time_rate")
    )

    assert ascending.index(">Staf</a>") < ascending.index(">Rekan</a>")  # 75% before 95%
    assert descending.index(">Rekan</a>") < descending.index(">Staf</a>")
    assert 'aria-sort="descending"' in descending


def test_the_team_view_shows_an_empty_state_for_a_unit_without_service_staff(
    org, client_as, pimpinan, staf_year
):
    page = html(
        client_as(pimpinan).get(reverse("service_metrics:team") + "?unit=KEL&period=2026-03")
    )

    assert 'class="empty-state"' in page
    assert "team-table" not in page


def test_the_pimpinan_sees_the_whole_office_in_the_team_view(org, client_as, pimpinan, staf_year):
    page = html(client_as(pimpinan).get(reverse("service_metrics:team") + "?period=2026-03"))

    assert '<option value="KEC" selected>' in page
    assert ">Staf</a>" in page
    assert ">Rekan</a>" in page


def test_the_hr_admin_s_team_view_opens_on_the_whole_organisation(
    org, client_as, hr_admin, staf_year
):
    page = html(client_as(hr_admin).get(reverse("service_metrics:team") + "?period=2026-03"))

    assert '<option value="KEC" selected>' in page  # not the admin's own Sekretariat
    assert '<option value="LAIN">' in page  # every organisation may be picked
    assert ">Staf</a>" in page


def test_the_team_view_reads_three_queries_whatever_the_team(
    org, staf_year, django_assert_num_queries
):
    atasan = type(org.kasi.user).objects.get(pk=org.kasi.user.pk)  # no viewer cached yet

    with django_assert_num_queries(3):  # the viewer, the units to pick, the figures
        overview = team_for_user(atasan, unit_code=None, period=parse_period("2026-03"))

    assert [row.employee.name for row in overview.rows] == ["Rekan", "Staf"]


def _team_of(size: int, org) -> None:
    """``size`` front-desk employees under kasi, each with a full year of figures."""
    position = Position.objects.create(
        unit=org.pelayanan, kind=Position.Kind.PELAKSANA, name=f"Front desk {size}"
    )
    start = Employee.objects.count()
    employees = Employee.objects.bulk_create(
        Employee(
            nip=f"{199001012015011000 + start + n}",
            name=f"Petugas {n:04d}",
            asn_status=Employee.AsnStatus.PNS,
            rank="Pengatur (II/c)",
            position=position,
            unit=org.pelayanan,
            supervisor=org.kasi,
        )
        for n in range(size)
    )
    codes = [f"2026-{month:02d}" for month in range(1, 13)]
    ServiceMetric.objects.bulk_create(
        metric(employee, code, tasks=20, on_time=15 + n % 5, right=18, median_hours=2.5)
        for n, employee in enumerate(employees)
        for code in codes
    )


@pytest.mark.parametrize("persona", ["atasan", "pimpinan", "hr_admin"])
def test_the_team_view_needs_as_many_queries_for_500_people_as_for_10(
    org, client_as, request, persona
):
    client = client_as(request.getfixturevalue(persona))
    url = reverse("service_metrics:team") + "?unit=PEL&period=2026-03&sort=-on_time_rate"
    _team_of(10, org)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _team_of(490, org)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert html(response).count('<svg class="sparkline"') == 100  # the first page of 500
    assert len(large) == len(small)


# ---------------------------------------------------------------------------
# Layanan kantor


@pytest.fixture
def office_figures(org, service, staf_year) -> ServiceType:
    ktp = ServiceTypeFactory(code="KTP", name="Pengantar KTP", unit=org.kelurahan)
    other = ServiceTypeFactory(code="LAIN-1", name="Layanan kecamatan lain", unit=org.other_org)
    ServiceTypeMetric.objects.bulk_create(
        [
            service_metric(service, "2026-03", tasks=50, on_time=40, right=45),
            service_metric(ktp, "2026-03", tasks=10, on_time=9, right=10),
            service_metric(service, "2026-04", tasks=10, on_time=10, right=9),
            service_metric(other, "2026-03", tasks=99, on_time=1, right=1),
        ]
    )
    ServiceMetric.objects.bulk_create([metric(org.lurah, "2026-03", tasks=10, on_time=9, right=10)])
    return ktp


def test_the_office_view_shows_volumes_and_rates_per_service_and_per_unit(
    org, client_as, pimpinan, office_figures
):
    page = html(client_as(pimpinan).get(reverse("service_metrics:office") + "?period=2026-03"))
    services = page.split('id="office-services"')[1].split("</section>")[0]
    units = page.split('id="office-units"')[1].split("</section>")[0]

    assert services.index("Surat keterangan domisili") < services.index(
        "Pengantar KTP"
    )  # by volume
    assert "80,0%" in services
    assert "90,0%" in services
    assert "Layanan kecamatan lain" not in page  # another organisation's service
    # Seksi Pelayanan: staf 40 + rekan 20 = 60 tasks, 49 on time; the kelurahan: 10, 9.
    assert "Seksi Pelayanan" in units
    assert "Kelurahan Contoh" in units
    assert ">60<" in units
    assert "81,7%" in units
    assert ">70<" in units  # the total
    assert '"volume": [0, 0, 60, 10, 0, 0, 0, 0, 0, 0, 0, 0]' in page


def test_the_hr_admin_sees_every_organisation_in_the_office_view(
    org, client_as, hr_admin, office_figures
):
    page = html(client_as(hr_admin).get(reverse("service_metrics:office") + "?period=2026-03"))

    assert "Layanan kecamatan lain" in page


def test_the_office_view_reads_a_fixed_number_of_queries(
    org, pimpinan, office_figures, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        overview = office_for_user(pimpinan, period=parse_period("2026-03"))

    # In tree order: the kelurahan (/KEC/KEL/), then Seksi Pelayanan (/KEC/PEL/).
    assert [item.figures.tasks_completed for item in overview.units] == [10, 60]
    assert overview.total.on_time_rate == Decimal("0.8286")
