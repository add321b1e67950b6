"""Tim Saya → Peringatan dini: who sees an alert, dismissing it with a reason and turning
it into a coaching case, through the pages."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.coaching.models import CoachingCase
from kinerja.monitoring.models import Alert
from kinerja.monitoring.rules import PeriodPoint, point_as_dict
from kinerja.monitoring.tests.factories import BELOW, DROP, ON_TIME, STREAK, criteria_with_rules
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory
from kinerja.plans.tests.factories import performance_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(org):
    performance_year(2026)
    return criteria_with_rules(org.kecamatan, STREAK, ON_TIME, DROP)


def make_alert(version, employee, *, kind="RATING_DI_BAWAH_BERTURUT", period="2026-02", **extra):
    rule = version.warning_rules.get(kind=kind)
    points = extra.pop(
        "evidence",
        [
            PeriodPoint("2026-01", results_rating=BELOW, predicate="BUTUH_PERBAIKAN"),
            PeriodPoint("2026-02", behaviour_rating=BELOW, predicate="KURANG"),
        ],
    )
    return Alert.objects.create(
        employee=employee,
        appraiser=employee.supervisor,
        rule=rule,
        kind=kind,
        key=f"{kind}:{period}",
        period=period,
        evidence=[point_as_dict(point) for point in points],
        raised_at=timezone.now(),
        **extra,
    )


@pytest.fixture
def alert(org, version):
    return make_alert(version, org.staf)


@pytest.fixture
def other_appraiser(org):
    """The lurah, appraiser of someone in the kelurahan, but not of staf."""
    EmployeeFactory(position=PositionFactory(unit=org.kelurahan), supervisor=org.lurah)
    return org.lurah.user


def detail(alert):
    return reverse("monitoring:alert_detail", args=[alert.pk])


@pytest.mark.parametrize("persona", ["atasan", "pimpinan", "hr_admin"])
def test_the_appraiser_and_those_above_see_the_alert(persona, request, alert, client_as):
    client = client_as(request.getfixturevalue(persona))

    page = client.get(detail(alert))
    listing = client.get(reverse("monitoring:alert_list"))

    assert page.status_code == 200
    assert f'id="alert-{alert.pk}"' in listing.content.decode()


@pytest.mark.parametrize("who", ["pegawai", "outsider", "rekan", "other_appraiser", "asing"])
def test_everyone_else_gets_404(who, request, org, alert, client_as):
    users = {"rekan": org.rekan.user, "asing": org.asing.user}
    user = users.get(who) or request.getfixturevalue(who)
    client = client_as(user)

    assert client.get(detail(alert)).status_code == 404
    dismissed = client.post(reverse("monitoring:alert_dismiss", args=[alert.pk]), {"reason": "x"})
    coached = client.post(reverse("monitoring:alert_coaching", args=[alert.pk]), {"goals": "x"})
    assert dismissed.status_code == 404
    assert coached.status_code == 404
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN


def test_another_appraisers_list_does_not_show_the_alert(other_appraiser, alert, client_as):
    response = client_as(other_appraiser).get(reverse("monitoring:alert_list"))

    assert response.status_code == 200
    assert f'id="alert-{alert.pk}"' not in response.content.decode()


def test_an_employee_without_a_team_has_no_alert_list(pegawai, outsider, client_as):
    assert client_as(pegawai).get(reverse("monitoring:alert_list")).status_code == 404
    assert client_as(outsider).get(reverse("monitoring:alert_list")).status_code == 404


def test_nobody_sees_an_alert_about_themselves(org, version, client_as):
    own = make_alert(version, org.kasi)

    assert client_as(org.kasi.user).get(detail(own)).status_code == 404
    assert client_as(org.camat.user).get(detail(own)).status_code == 200


def test_the_list_shows_new_alerts_first_with_filters_that_survive_paging(
    org, version, atasan, client_as
):
    # given a dismissed alert raised later than an open one
    older = make_alert(version, org.staf)
    newer = make_alert(
        version,
        org.rekan,
        status=Alert.Status.DISMISSED,
        dismissal_reason="Cuti",
        kind="TEPAT_WAKTU_DI_BAWAH",
        period="2026-03",
        evidence=[PeriodPoint("2026-03", on_time_rate=Decimal("0.5"), tasks_completed=12)],
    )
    client = client_as(atasan)

    # when
    everything = client.get(reverse("monitoring:alert_list")).content.decode()
    dismissed = client.get(reverse("monitoring:alert_list"), {"status": "DITUTUP"})
    by_name = client.get(reverse("monitoring:alert_list"), {"q": "rekan"})

    # then
    assert everything.index(f'id="alert-{older.pk}"') < everything.index(f'id="alert-{newer.pk}"')
    assert f'id="alert-{older.pk}"' not in dismissed.content.decode()
    assert f'id="alert-{newer.pk}"' in dismissed.content.decode()
    assert f'id="alert-{older.pk}"' not in by_name.content.decode()
    assert "50,0%" in everything  # the on-time rate of the evidence, in Indonesian


def test_the_evidence_is_readable(org, version, atasan, client_as):
    alert = make_alert(
        version,
        org.staf,
        kind="TURUN_DARI_RERATA",
        period="2026-04",
        mean=Decimal("90.00"),
        evidence=[
            PeriodPoint("2026-01", results_score=Decimal(90)),
            PeriodPoint("2026-02", results_score=Decimal(92)),
            PeriodPoint("2026-03", results_score=Decimal(88)),
            PeriodPoint("2026-04", results_score=Decimal(60)),
        ],
    )

    page = client_as(atasan).get(detail(alert)).content.decode()

    assert "April 2026" in page
    assert "Januari 2026" in page
    assert "60" in page
    assert "90" in page


def test_the_appraiser_dismisses_with_a_reason(alert, atasan, client_as):
    client = client_as(atasan)
    url = reverse("monitoring:alert_dismiss", args=[alert.pk])

    without = client.post(url, {"reason": "  "})
    alert.refresh_from_db()
    assert without.status_code == 200
    assert alert.status == Alert.Status.OPEN

    response = client.post(url, {"reason": "Cuti sakit dua bulan"})

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == Alert.Status.DISMISSED
    assert alert.dismissal_reason == "Cuti sakit dua bulan"
    assert alert.decided_by == atasan
    event = AuditEvent.objects.get(action=AuditAction.ALERT_DISMISSED)
    assert event.changes == {"status": ["BARU", "DITUTUP"], "reason": "Cuti sakit dua bulan"}


def test_an_alert_is_decided_once(alert, atasan, client_as):
    client = client_as(atasan)
    client.post(reverse("monitoring:alert_dismiss", args=[alert.pk]), {"reason": "Cuti"})

    again = client.post(
        reverse("monitoring:alert_coaching", args=[alert.pk]), {"reason": "r", "goals": "g"}
    )

    assert again.status_code == 302  # back to the page, which shows the decision
    alert.refresh_from_db()
    assert alert.status == Alert.Status.DISMISSED
    assert not CoachingCase.objects.exists()


def test_the_appraiser_turns_the_alert_into_a_coaching_case(org, alert, atasan, client_as):
    response = client_as(atasan).post(
        reverse("monitoring:alert_coaching", args=[alert.pk]),
        {"reason": "Dua bulan di bawah ekspektasi", "goals": "Kembali sesuai ekspektasi"},
    )

    assert response.status_code == 302
    alert.refresh_from_db()
    case = CoachingCase.objects.get()
    assert (case.employee, case.coach, case.goals) == (
        org.staf,
        org.kasi,
        "Kembali sesuai ekspektasi",
    )
    assert alert.status == Alert.Status.COACHING
    assert alert.coaching_case == case
    event = AuditEvent.objects.get(action=AuditAction.ALERT_TO_COACHING)
    assert event.changes["case_opened"] is True


def test_an_alert_joins_the_active_case_of_the_employee(org, version, alert, atasan, client_as):
    # given a case opened from a first alert
    client = client_as(atasan)
    client.post(
        reverse("monitoring:alert_coaching", args=[alert.pk]), {"reason": "r", "goals": "g"}
    )
    second = make_alert(
        version,
        org.staf,
        kind="TEPAT_WAKTU_DI_BAWAH",
        period="2026-05",
        evidence=[PeriodPoint("2026-05", on_time_rate=Decimal("0.6"), tasks_completed=10)],
    )

    # when the second alert is turned into coaching, without goals
    response = client.post(reverse("monitoring:alert_coaching", args=[second.pk]), {})

    # then it joins the same case
    assert response.status_code == 302
    second.refresh_from_db()
    assert CoachingCase.objects.count() == 1
    assert second.coaching_case == alert_case(alert)
    assert (
        AuditEvent.objects.filter(action=AuditAction.ALERT_TO_COACHING)
        .first()
        .changes["case_opened"]
        is False
    )


def alert_case(alert):
    alert.refresh_from_db()
    return alert.coaching_case


def test_opening_a_case_needs_goals(alert, atasan, client_as):
    response = client_as(atasan).post(
        reverse("monitoring:alert_coaching", args=[alert.pk]), {"reason": "r", "goals": ""}
    )

    assert response.status_code == 200
    assert not CoachingCase.objects.exists()


def test_the_pimpinan_dismisses_but_does_not_open_a_case(alert, pimpinan, client_as):
    client = client_as(pimpinan)

    opened = client.post(
        reverse("monitoring:alert_coaching", args=[alert.pk]), {"reason": "r", "goals": "g"}
    )
    dismissed = client.post(reverse("monitoring:alert_dismiss", args=[alert.pk]), {"reason": "r"})

    assert opened.status_code == 403
    assert dismissed.status_code == 302


def test_the_team_menu_links_to_the_alerts(atasan, pegawai, client_as):
    url = reverse("monitoring:alert_list")

    assert f'href="{url}"' in client_as(atasan).get("/").content.decode()
    assert f'href="{url}"' not in client_as(pegawai).get("/").content.decode()


def test_the_list_reads_the_same_number_of_queries_for_more_alerts(org, version, atasan, client_as):
    client = client_as(atasan)
    url = reverse("monitoring:alert_list")

    def queries_for(count: int) -> int:
        for _ in range(count):
            make_alert(version, org.rekan, period=f"2026-{Alert.objects.count() + 1:02d}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    assert queries_for(2) == queries_for(10)
