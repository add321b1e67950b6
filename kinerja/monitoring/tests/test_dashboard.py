"""The dashboards of Beranda: the leader's control room with its drill-down (unit, the
people behind a number, one person) and the employee's own dashboard.

The personas of the root conftest: camat (pimpinan of Kecamatan Contoh), kasi (penilai of
staf and rekan), admin (HR admin), staf (pegawai), asing (another organisation), outsider.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.appraisals.models import Evaluation
from kinerja.appraisals.selectors.calibration import distribution, population
from kinerja.appraisals.tests.factories import (
    criteria_in_force,
    finalise,
    org_predicate,
    period,
    submitted_evaluation,
)
from kinerja.coaching.models import CoachingAction, CoachingCase
from kinerja.monitoring.models import Alert
from kinerja.monitoring.selectors.dashboard import (
    EvaluationStep,
    Show,
    SkpStep,
    counted_distribution,
    dashboard_context,
    leader_dashboard,
    my_dashboard,
)
from kinerja.organization.models import Employee, Position, UnitRollout
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory
from kinerja.plans.models import Feedback, PerformancePlan
from kinerja.plans.tests.factories import draft_plan, performance_year
from kinerja.plans.workflow import PlanStatus
from kinerja.service_metrics.models import ServiceMetric

pytestmark = pytest.mark.django_db

TODAY = date(2026, 2, 10)
MONTHS = ("2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02")


@pytest.fixture(autouse=True)
def _today():
    """Mid-February 2026: January is the latest evaluation period that has ended."""
    with time_machine.travel(datetime(2026, 2, 10, 9, 0, tzinfo=timezone.get_default_timezone())):
        yield


def _metric(employee: Employee, code: str, *, tasks: int, on_time: int, overdue: int = 0):
    return ServiceMetric(
        employee=employee,
        period=code,
        period_kind="BULAN",
        tasks_completed=tasks,
        on_time=on_time,
        first_time_right=tasks,
        open_overdue=overdue,
        computed_at=timezone.now(),
    )


def _case(employee: Employee, coach: Employee) -> CoachingCase:
    assert coach.user is not None
    return CoachingCase.objects.create(
        employee=employee,
        coach=coach,
        opened_by=coach.user,
        reason="Dua bulan di bawah ekspektasi",
        goals="Tepat waktu di atas 85%",
        window_starts_on=TODAY,
        window_ends_on=TODAY + timedelta(days=181),
    )


def _alert(employee: Employee, rule, appraiser: Employee | None) -> Alert:
    return Alert.objects.create(
        employee=employee,
        appraiser=appraiser,
        rule=rule,
        kind=rule.kind,
        key=f"{rule.kind}:2026-01",
        period="2026-01",
        raised_at=timezone.now(),
    )


@pytest.fixture
def office(org):
    """staf: approved SKP, evaluation of January submitted, service figures, a new alert;
    rekan: a draft SKP, no evaluation, an active coaching case; lurah: service figures.
    Kecamatan Contoh has its organisation predicate for January (calibration open)."""
    version = criteria_in_force(org.staf)
    performance_year(2026)
    evaluation = submitted_evaluation(org.staf)
    draft_plan(org.rekan, 2026)
    ServiceMetric.objects.bulk_create(
        [
            _metric(org.staf, "2026-01", tasks=20, on_time=18),
            _metric(org.staf, "2026-02", tasks=10, on_time=8, overdue=1),
            _metric(org.lurah, "2026-02", tasks=4, on_time=4),
        ]
    )
    case = _case(org.rekan, org.kasi)
    CoachingAction.objects.create(
        case=case, text="Ikut pelatihan layanan prima", owner=org.rekan, due_on=TODAY
    )
    _alert(org.staf, version.warning_rules.first(), org.kasi)
    calibration = org_predicate(org.kecamatan, "BAIK", "2026-01")
    return {"evaluation": evaluation, "calibration": calibration, "case": case}


def _html(response) -> str:
    assert response.status_code == 200
    html: str = response.content.decode()
    return html


# -- what each persona sees ------------------------------------------------------------------


def test_a_pegawai_sees_only_their_own_dashboard(client_as, pegawai, org, office):
    html = _html(client_as(pegawai).get("/"))

    assert 'id="my-position"' in html
    assert 'id="dash-people"' not in html
    assert 'id="dash-skp"' not in html
    assert org.rekan.name not in html
    # my SKP, my service numbers (February) and my acknowledgement task
    plan = PerformancePlan.objects.get(employee=org.staf, status=PlanStatus.APPROVED)
    assert f'href="{reverse("plans:plan_detail", args=[plan.pk])}"' in html
    assert 'id="my-services"' in html
    version = criteria_in_force(org.staf)
    assert f'href="{reverse("criteria:version_for_me", args=[version.pk])}"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/beranda/pemantauan/unit/PEL/",
        "/beranda/pemantauan/unit/PEL/daftar/?show=all",
        "/beranda/pemantauan/pegawai/{rekan}/",
    ],
)
@pytest.mark.usefixtures("office")
def test_a_pegawai_and_an_outsider_cannot_open_the_drill_down(
    client_as, pegawai, outsider, org, path
):
    url = path.format(rekan=org.rekan.pk)

    assert client_as(pegawai).get(url).status_code == 404
    assert client_as(outsider).get(url).status_code == 404


def test_an_outsider_sees_no_dashboard_only_what_to_do(client_as, outsider, office):
    html = _html(client_as(outsider).get("/"))

    assert 'id="not-linked"' in html
    assert 'id="dash-' not in html
    assert 'id="my-' not in html


def test_a_kasi_sees_their_team_and_nobody_else(client_as, atasan, org, office):
    html = _html(client_as(atasan).get("/"))

    people = html.split('id="dash-people"')[1]
    assert f'href="/beranda/pemantauan/pegawai/{org.staf.pk}/"' in people
    assert f'href="/beranda/pemantauan/pegawai/{org.rekan.pk}/"' in people
    for other in (org.camat, org.lurah, org.admin, org.asing):
        assert other.name not in html
    # The team's SKP: staf approved, rekan a draft; each count opens its list.
    assert re.search(r'href="/beranda/pemantauan/unit/PEL/daftar/\?show=skp-draft"[^>]*>1<', html)
    assert 'class="curve"' not in html  # the curve is for those who calibrate
    assert 'id="dash-innovations"' not in html


def test_a_kasi_opens_their_unit_and_people_but_not_other_units(client_as, atasan, org, office):
    client = client_as(atasan)

    assert client.get("/beranda/pemantauan/unit/PEL/").status_code == 200
    assert client.get(f"/beranda/pemantauan/pegawai/{org.staf.pk}/").status_code == 200
    for path in (
        "/beranda/pemantauan/unit/KEL/",
        "/beranda/pemantauan/unit/KEC/",
        "/beranda/pemantauan/unit/LAIN/",
        "/beranda/pemantauan/unit/NOPE/",
        f"/beranda/pemantauan/pegawai/{org.lurah.pk}/",
        f"/beranda/pemantauan/pegawai/{org.kasi.pk}/",  # themself: that is "Kinerja saya"
    ):
        assert client.get(path).status_code == 404, path


def test_the_camat_sees_the_office_unit_by_unit_with_the_curve(client_as, pimpinan, org, office):
    html = _html(client_as(pimpinan).get("/"))

    steps = html.split('id="dash-units-steps"')[1].split("</section>")[0]
    for code in ("SEK", "PEL", "KEL"):
        assert f'href="/beranda/pemantauan/unit/{code}/"' in steps
    assert "LAIN" not in html
    assert 'class="curve"' in html
    assert f'href="/penilaian/kalibrasi/{office["calibration"].pk}/"' in html
    assert 'id="dash-innovations"' in html
    assert 'id="dash-socialisation"' in html
    # The camat drills down to a kelurahan, but not into another organisation.
    client = client_as(pimpinan)
    assert client.get("/beranda/pemantauan/unit/KEL/").status_code == 200
    assert client.get("/beranda/pemantauan/unit/LAIN/").status_code == 404
    assert client.get(f"/beranda/pemantauan/pegawai/{org.asing.pk}/").status_code == 404


def test_the_hr_admin_sees_their_organisation(client_as, hr_admin, org, office):
    html = _html(client_as(hr_admin).get("/"))

    assert 'href="/beranda/pemantauan/unit/PEL/"' in html
    assert org.asing.name not in html


def test_an_hr_admin_without_an_employee_record_sees_every_organisation(client_as, office):
    admin = UserFactory(username="admin.pusat", is_hr_admin=True)

    html = _html(client_as(admin).get("/"))

    steps = html.split('id="dash-units-steps"')[1].split("</section>")[0]
    assert 'href="/beranda/pemantauan/unit/KEC/"' in steps
    assert 'href="/beranda/pemantauan/unit/LAIN/"' in steps
    assert 'href="/?tab=saya"' not in html
    assert client_as(admin).get("/beranda/pemantauan/unit/LAIN/").status_code == 200


def test_a_leader_has_a_tab_with_their_own_dashboard(client_as, atasan, office):
    html = _html(client_as(atasan).get("/?tab=saya"))

    assert 'id="my-position"' in html
    assert 'id="dash-people"' not in html
    assert 'href="/?tab=saya" aria-current="page"' in html


def test_a_pilot_unit_has_its_badge(client_as, pimpinan, org, office):
    UnitRollout.objects.create(
        unit=org.kelurahan, pilot_from=date(2026, 1, 1), active_from=date(2026, 7, 1)
    )

    html = _html(client_as(pimpinan).get("/"))

    row = html.split('href="/beranda/pemantauan/unit/KEL/"')[1].split("</th>")[0]
    assert "dash-pilot" in row
    live = html.split('href="/beranda/pemantauan/unit/PEL/"')[1].split("</th>")[0]
    assert "dash-pilot" not in live
    assert "notice-warning" in _html(client_as(pimpinan).get("/beranda/pemantauan/unit/KEL/"))


# -- the figures --------------------------------------------------------------------------


def test_the_figures_of_the_office_add_up_unit_by_unit(pimpinan, org, office):
    board = leader_dashboard(pimpinan, context=dashboard_context(TODAY))

    figures = board.figures
    assert board.unit == org.kecamatan
    # admin, kasi, staf, rekan, lurah (not the camat himself)
    assert figures.people == 5
    # staf and kasi approved (kasi's plan came with staf's); rekan's is a draft.
    assert figures.tally.skp[SkpStep.APPROVED] == 2
    assert figures.tally.skp[SkpStep.DRAFT] == 1
    assert figures.tally.skp[SkpStep.NONE] == 2
    assert figures.tally.evaluation[EvaluationStep.SUBMITTED] == 1
    assert figures.tally.evaluation[EvaluationStep.NOT_OPENED] == 4
    assert figures.service.tasks_completed == 14
    assert figures.service.on_time_rate == Decimal("0.8571")
    assert figures.service.open_overdue == 1
    assert figures.trend[-2:] == [Decimal("0.9000"), Decimal("0.8571")]
    assert figures.coaching == 1
    assert figures.alerts == 1
    pelayanan = next(row for row in board.units if row.unit == org.pelayanan)
    assert pelayanan.figures.people == 3
    assert pelayanan.figures.service.tasks_completed == 10
    assert board.spread is not None
    assert board.spread.total == 1  # staf's proposed predicate


def _plans() -> dict[str, tuple[date | None, date | None]]:
    return {
        row.unit.path: (row.pilot_from, row.active_from)
        for row in UnitRollout.objects.select_related("unit")
    }


def test_the_curve_is_counted_as_the_calibration_counts_it(org, office):
    # given the camat, a kelurahan calibrated on its own, Seksi Pelayanan live
    for employee in (org.kasi, org.lurah, org.camat, org.admin):
        submitted_evaluation(employee)
    org_predicate(org.kelurahan, "BAIK", "2026-01")
    calibration = office["calibration"]

    live = counted_distribution(calibration, _plans())

    assert live == distribution(calibration, population(calibration))
    assert live.total >= 3  # admin, kasi and staf at least; lurah is the kelurahan's

    # when Seksi Pelayanan turns out to be in its pilot in January
    UnitRollout.objects.create(
        unit=org.pelayanan, pilot_from=date(2026, 1, 1), active_from=date(2026, 6, 1)
    )
    pilot = counted_distribution(calibration, _plans())

    # then kasi's and staf's results stay out of the curve, as in the calibration
    assert pilot == distribution(calibration, population(calibration))
    assert pilot.total == live.total - 2
    finalise(calibration, justification="Populasi kecil")
    calibration.refresh_from_db()
    assert counted_distribution(calibration, _plans()) == distribution(
        calibration, population(calibration)
    )


@pytest.mark.parametrize(
    ("show", "names"),
    [
        (Show.ALL, ["Kasi", "Rekan", "Staf"]),
        (Show.SKP_DRAFT, ["Rekan"]),
        (Show.SKP_APPROVED, ["Kasi", "Staf"]),
        (Show.EVALUATION_SUBMITTED, ["Staf"]),
        (Show.EVALUATION_NOT_OPENED, ["Kasi", "Rekan"]),
        (Show.SERVICE, ["Staf"]),
        (Show.OVERDUE, ["Staf"]),
        (Show.COACHING, ["Rekan"]),
        (Show.ALERTS, ["Staf"]),
    ],
)
def test_each_number_has_the_people_behind_it(client_as, pimpinan, office, show, names):
    html = _html(client_as(pimpinan).get(f"/beranda/pemantauan/unit/PEL/daftar/?show={show}"))

    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table) == names


@pytest.mark.parametrize("show", list(Show))
def test_every_list_holds_as_many_people_as_its_number_says(pimpinan, office, show):
    context = dashboard_context(TODAY)

    board = leader_dashboard(pimpinan, context=context, unit_code="KEC", show=show)

    assert board.people.paginator.count == board.figures.people_at(show)


def test_an_unknown_list_shows_everyone(client_as, pimpinan, office):
    html = _html(client_as(pimpinan).get("/beranda/pemantauan/unit/PEL/daftar/?show=nope"))

    assert html.count('<th scope="row"><a href="/beranda/pemantauan/pegawai/') == 3


def test_alerts_count_only_where_the_viewer_may_act_on_them(atasan, pimpinan, org, office):
    # given someone below staf, whose alert is for staf (their appraiser) to act on
    junior = EmployeeFactory(
        name="Junior", position=PositionFactory(unit=org.pelayanan), supervisor=org.staf
    )
    _alert(junior, criteria_in_force(org.staf).warning_rules.first(), org.staf)
    context = dashboard_context(TODAY)

    # then kasi, above staf, follows junior but does not count the alert; the camat does
    kasi_board = leader_dashboard(atasan, context=context)
    assert kasi_board.figures.people == 3
    assert kasi_board.figures.alerts == 1  # staf's own alert only
    assert leader_dashboard(pimpinan, context=context).figures.alerts == 2


def test_a_person_row_links_to_their_plan_evaluation_and_services(client_as, atasan, org, office):
    html = _html(client_as(atasan).get("/"))

    row = html.split(f'href="/beranda/pemantauan/pegawai/{org.staf.pk}/"')[1].split("</tr>")[0]
    plan = PerformancePlan.objects.get(employee=org.staf, status=PlanStatus.APPROVED)
    assert f'href="/kinerja/skp/{plan.pk}/"' in row
    assert f'href="/penilaian/{office["evaluation"].pk}/"' in row
    assert f'href="/layanan/pegawai/{org.staf.pk}/"' in row
    rekan = html.split(f'href="/beranda/pemantauan/pegawai/{org.rekan.pk}/"')[1].split("</tr>")[0]
    assert f'href="/pembinaan/{office["case"].pk}/"' in rekan


def test_the_person_page_shows_one_of_my_people(client_as, atasan, org, office):
    html = _html(client_as(atasan).get(f"/beranda/pemantauan/pegawai/{org.rekan.pk}/"))

    assert "<h1>Rekan</h1>" in html
    assert f'href="/pembinaan/{office["case"].pk}/"' in html
    assert "Ikut pelatihan layanan prima" in html
    assert 'id="my-acknowledgements"' not in html


def test_my_dashboard_shows_feedback_evaluations_and_my_coaching_plan(org, office):
    plan = PerformancePlan.objects.get(employee=org.staf, status=PlanStatus.APPROVED)
    Feedback.objects.create(
        plan=plan, work_result=plan.results.first(), author=org.kasi.user, text="Bagus, lanjutkan"
    )
    finalise(office["calibration"], justification="Populasi kecil")

    mine = my_dashboard(org.staf.user, context=dashboard_context(TODAY))

    assert mine.skp is not None
    assert mine.skp.step is SkpStep.APPROVED
    assert (mine.skp.results, mine.skp.indicators, mine.skp.periods_passed) == (1, 1, 1)
    assert mine.service is not None
    assert mine.service.current.tasks_completed == 10
    assert [item.text for item in mine.feedback] == ["Bagus, lanjutkan"]
    assert [item.pk for item in mine.evaluations] == [office["evaluation"].pk]
    assert [task.version.year for task in mine.open_acknowledgements] == [2026]
    assert mine.coaching is None
    rekan = my_dashboard(org.rekan.user, context=dashboard_context(TODAY))
    assert rekan.coaching is not None
    assert [action.text for action in rekan.coaching.next_actions] == [
        "Ikut pelatihan layanan prima"
    ]
    assert rekan.service is None  # no service tasks: no service section


def test_my_coaching_plan_shows_on_beranda(client_as, org, office):
    html = _html(client_as(org.rekan.user).get("/"))

    coaching = html.split('id="my-coaching"')[1].split("</section>")[0]
    assert f'href="/pembinaan/{office["case"].pk}/"' in coaching
    assert "Ikut pelatihan layanan prima" in coaching
    assert 'id="my-services"' not in html


# -- a constant number of queries ----------------------------------------------------------


def _grow(org, count: int) -> None:
    """``count`` more people in Seksi Pelayanan under kasi, with SKPs (approved or draft),
    January evaluations for a third, six months of service figures each, and here and
    there a coaching case and an alert."""
    position, _created = Position.objects.get_or_create(
        unit=org.pelayanan, kind=Position.Kind.PELAKSANA, name="Petugas layanan"
    )
    start = Employee.objects.count()
    people = Employee.objects.bulk_create(
        Employee(
            nip=f"{199001012015011000 + start + n}",
            name=f"Petugas {start + n:05d}",
            asn_status=Employee.AsnStatus.PNS,
            rank="Pengatur (II/c)",
            position=position,
            unit=org.pelayanan,
            supervisor=org.kasi,
        )
        for n in range(count)
    )
    year = performance_year(2026)
    PerformancePlan.objects.bulk_create(
        PerformancePlan(
            employee=person,
            performance_year=year,
            status=PlanStatus.APPROVED if n % 2 else PlanStatus.DRAFT,
            appraiser=org.kasi,
        )
        for n, person in enumerate(people)
    )
    january = period("2026-01")
    Evaluation.objects.bulk_create(
        Evaluation(
            employee=person,
            period=january,
            unit=org.pelayanan,
            appraiser=org.kasi,
            status="DIAJUKAN",
            matrix_predicate="BAIK",
        )
        for person in people[::3]
    )
    ServiceMetric.objects.bulk_create(
        _metric(person, code, tasks=20, on_time=15 + n % 5, overdue=n % 2)
        for n, person in enumerate(people)
        for code in MONTHS
    )
    rule = criteria_in_force(org.staf).warning_rules.first()
    for person in people[::50]:
        _case(person, org.kasi)
        _alert(person, rule, org.kasi)


PAGES = [
    ("pimpinan", "/"),
    ("pimpinan", "/beranda/pemantauan/unit/PEL/"),
    ("pimpinan", "/beranda/pemantauan/unit/PEL/daftar/?show=skp-approved"),
    ("pimpinan", "/beranda/pemantauan/unit/PEL/daftar/?show=coaching"),
    ("hr_admin", "/"),
    ("atasan", "/"),
    ("atasan", "/?tab=saya"),
    ("atasan", "/beranda/pemantauan/pegawai/{staf}/"),
    ("pegawai", "/"),
]


def _queries(clients, org) -> dict[tuple[str, str], int]:
    counts = {}
    for persona, path in PAGES:
        with CaptureQueriesContext(connection) as captured:
            response = clients[persona].get(path.format(staf=org.staf.pk))
        assert response.status_code == 200, (persona, path)
        counts[(persona, path)] = len(captured)
    return counts


def test_both_dashboards_need_as_many_queries_for_1000_people_as_for_10(
    client_as, request, org, office
):
    clients = {name: client_as(request.getfixturevalue(name)) for name, _path in PAGES}
    _grow(org, 5)  # ten people in the office besides the camat
    _queries(clients, org)  # warm up the sessions and caches
    small = _queries(clients, org)

    _grow(org, 990)
    large = _queries(clients, org)

    assert Employee.objects.filter(unit__path__startswith="/KEC/").count() > 1000
    assert large == small
    assert max(small.values()) <= 40
    html = clients["pimpinan"].get("/beranda/pemantauan/unit/PEL/daftar/?show=all")
    assert html.content.decode().count('<th scope="row"><a href="/beranda/pemantauan/') == 50
