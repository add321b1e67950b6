"""Counselling records are confidential (PermenPANRB 8/2021 §D; domain.md 9.2): the employee,
the record's counsellor, the case's coach and the HR admin read them; the pimpinan, the
other superiors, colleagues and outsiders do not, though the superiors read the rest of
the case. Nothing of what was said reaches the audit trail or the notifications.

The scene: junior reports to staf (the coach), who reports to kasi (another superior),
who reports to camat (the pimpinan). lurah counsels in one record, staf in the other.
"""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.coaching.selectors import cases_for_user, counselling_records_for
from kinerja.coaching.services import record_counselling, record_session
from kinerja.coaching.tests.factories import open_for, person
from kinerja.notifications.models import Notification
from kinerja.organization.selectors import get_viewer

NOW = datetime(2026, 4, 15, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()

SECRET_A = "RAHASIA-A masalah keluarga yang mengganggu kehadiran"
SECRET_B = "RAHASIA-B konflik dengan rekan satu loket"
SECRETS = (SECRET_A, SECRET_B)
SESSION_NOTE = "Dialog kinerja tentang antrean pagi"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scene(org):
    junior = person("junior", org.pelayanan, org.staf)
    case = open_for(junior)  # by staf, the direct superior: the coach
    coach = org.staf.user
    record_session(
        actor=coach, case=case, held_on=TODAY, participants="Staf, Junior", notes=SESSION_NOTE
    )
    by_lurah = record_counselling(
        actor=coach,
        case=case,
        counsellor=org.lurah,
        held_on=TODAY,
        place="Ruang konseling kelurahan",
        problems=SECRET_A,
        causes=f"Sebab {SECRET_A}",
        solutions=f"Solusi {SECRET_A}",
        follow_up="BIMBINGAN",
    )
    by_coach = record_counselling(
        actor=coach,
        case=case,
        counsellor=org.staf,
        held_on=TODAY,
        place="Ruang seksi",
        problems=SECRET_B,
        causes=f"Sebab {SECRET_B}",
        solutions=f"Solusi {SECRET_B}",
    )
    return {"junior": junior, "case": case, "by_lurah": by_lurah, "by_coach": by_coach}


# Who sees which record; None: the case itself is hidden (404).
MATRIX = [
    ("junior", {"by_lurah", "by_coach"}),  # the employee
    ("staf", {"by_lurah", "by_coach"}),  # the coach (appraiser), counsellor of one
    ("admin", {"by_lurah", "by_coach"}),  # the HR admin
    ("lurah", {"by_lurah"}),  # the counsellor of one record only
    ("kasi", set()),  # another superior up the line
    ("camat", set()),  # the pimpinan
    ("rekan", None),  # a colleague
    ("asing", None),  # another organisation
    ("outsider", None),  # no employee record
]


def _user(org, scene, name):
    if name == "junior":
        return scene["junior"].user
    if name == "outsider":
        return org.outsider
    return getattr(org, name).user


def _texts(scene, keys):
    return {SECRET_A if key == "by_lurah" else SECRET_B for key in keys}


@pytest.mark.parametrize(("name", "visible"), MATRIX)
def test_the_selector_gives_each_persona_only_their_records(org, scene, name, visible):
    user = _user(org, scene, name)
    case = scene["case"]

    reads_case = cases_for_user(user).filter(pk=case.pk).exists()
    records = set(counselling_records_for(get_viewer(user), case))

    assert reads_case is (visible is not None)
    assert records == {scene[key] for key in visible or ()}


@pytest.mark.parametrize(("name", "visible"), MATRIX)
def test_the_case_page_shows_each_persona_only_their_records(org, scene, client_as, name, visible):
    url = reverse("coaching:case_detail", args=[scene["case"].pk])

    response = client_as(_user(org, scene, name)).get(url)

    if visible is None:
        assert response.status_code == 404
        html = response.content.decode()
        assert SESSION_NOTE not in html
    else:
        assert response.status_code == 200
        html = response.content.decode()
        assert SESSION_NOTE in html  # every reader reads the rest of the case
        assert 'id="counselling"' in html if visible else 'id="counselling"' not in html
    shown = {secret for secret in SECRETS if secret in html}
    assert shown == _texts(scene, visible or ())


def test_the_audit_trail_holds_no_counselling_text(org, scene):
    events = AuditEvent.objects.all()
    assert events.filter(action=AuditAction.COUNSELLING_RECORDED).count() == 2

    for event in events:
        stored = json.dumps(event.changes, ensure_ascii=False) + event.target_label
        for secret in SECRETS:
            assert secret not in stored
        assert "Ruang konseling" not in stored  # not even the place


def test_the_audit_page_shows_the_hr_admin_no_counselling_text(org, scene, client_as):
    response = client_as(org.admin.user).get(reverse("audit:event_list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "coaching.counsellingrecord" in html  # the events are listed ...
    for secret in SECRETS:
        assert secret not in html  # ... without what was said


def test_the_notifications_hold_no_counselling_text(org, scene):
    for title, body in Notification.objects.values_list("title", "body"):
        for secret in SECRETS:
            assert secret not in title
            assert secret not in body


def test_the_case_list_shows_no_counselling_text(org, scene, client_as):
    for user in (org.camat.user, org.kasi.user, org.admin.user):
        html = client_as(user).get(reverse("coaching:case_list")).content.decode()
        assert scene["junior"].name in html
        for secret in SECRETS:
            assert secret not in html


@pytest.mark.parametrize("name", ["camat", "kasi", "admin", "staf"])
def test_no_dashboard_or_list_page_shows_counselling_text(org, scene, client_as, name):
    """Leaders follow the case from their dashboards and lists; what was said in
    counselling is only ever on the case page itself."""
    client = client_as(_user(org, scene, name))
    junior = scene["junior"]
    pages = [
        "/",
        "/?tab=saya",
        reverse("dashboard:person", args=[junior.pk]),
        reverse("dashboard:unit", args=[org.pelayanan.code]),
        reverse("coaching:case_list"),
        reverse("monitoring:alert_list"),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code in {200, 404}, path
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (name, path)


def test_no_api_endpoint_serves_coaching(client):
    """The REST API has no coaching endpoint: counselling never leaves through it."""
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    assert not [
        path for path in paths if "coach" in path or "pembinaan" in path or "counsel" in path
    ]
