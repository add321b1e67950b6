"""The audit page: only HR admins read it; filters narrow it; the chain check reports."""

import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.db.models import Model
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.audit.messages import readable_changes
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.audit.services import record_event

URL = reverse("audit:event_list")


@pytest.fixture
def events(org, hr_admin):
    """Three events on three days (UTC), by two actors."""
    recorded = []
    cases: list[tuple[datetime, User, AuditAction, Model | None, dict[str, Any]]] = [
        (datetime(2026, 3, 1, 1, 0, tzinfo=UTC), hr_admin, AuditAction.UNITS_IMPORTED, None, {}),
        (
            datetime(2026, 3, 2, 17, 30, tzinfo=UTC),  # 3 March, 00:30 in Jakarta
            hr_admin,
            AuditAction.EMPLOYEE_UPDATED,
            org.staf,
            {"rank": ["Penata Muda (III/a)", "Penata Muda Tingkat I (III/b)"]},
        ),
        (
            datetime(2026, 3, 5, 3, 0, tzinfo=UTC),
            org.camat.user,
            AuditAction.ROLES_CHANGED,
            org.kasi.user,
            {"is_pimpinan": [False, True]},
        ),
    ]
    for when, actor, action, target, changes in cases:
        with time_machine.travel(when, tick=False):
            recorded.append(
                record_event(
                    actor=actor,
                    action=action,
                    target=target,
                    target_type="" if target else "organization.import",
                    target_label="" if target else "unit.csv",
                    changes=changes,
                )
            )
    return recorded


def shown_seqs(response) -> list[int]:
    return [row.event.seq for row in response.context["rows"]]


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "outsider"])
def test_only_the_hr_admin_may_read_the_audit_trail(request, events, client_as, persona):
    user = request.getfixturevalue(persona)

    assert client_as(user).get(URL).status_code == 403


def test_a_superuser_may_read_the_audit_trail(db, client_as):
    superuser = User.objects.create_user(username="root", is_superuser=True)

    assert client_as(superuser).get(URL).status_code == 200


def test_the_admin_sees_every_event_newest_first(events, hr_admin, client_as):
    response = client_as(hr_admin).get(URL)
    text = response.content.decode()

    assert response.status_code == 200
    assert shown_seqs(response) == [3, 2, 1]
    assert "Penata Muda (III/a) → Penata Muda Tingkat I (III/b)" in text
    assert "is_pimpinan" in text


def test_times_are_shown_in_western_indonesian_time(events, hr_admin, client_as):
    text = client_as(hr_admin).get(URL).content.decode()

    assert "3 Mar 2026 00:30:00" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": AuditAction.EMPLOYEE_UPDATED.value}, [2]),
        ({"actor": "cam"}, [3]),
        ({"target_type": "organization.import"}, [1]),
        ({"q": "staf"}, [2]),
        ({"date_from": "2026-03-03"}, [3, 2]),  # the 3rd in Jakarta, the 2nd in UTC
        ({"date_to": "2026-03-01"}, [1]),
        ({"date_from": "2026-03-02", "date_to": "2026-03-04"}, [2]),
    ],
)
def test_filters_narrow_the_events(events, hr_admin, client_as, query, expected):
    assert shown_seqs(client_as(hr_admin).get(URL, query)) == expected


def test_a_bad_date_gets_an_indonesian_error_and_narrows_nothing(events, hr_admin, client_as):
    response = client_as(hr_admin).get(URL, {"date_from": "31-02-2026"})

    assert "Masukkan tanggal yang valid" in response.content.decode()
    assert shown_seqs(response) == [3, 2, 1]


def test_an_end_date_before_the_start_date_is_refused(events, hr_admin, client_as):
    response = client_as(hr_admin).get(URL, {"date_from": "2026-03-05", "date_to": "2026-03-01"})

    assert "Tanggal akhir tidak boleh sebelum tanggal awal" in response.content.decode()


def test_filters_that_match_nothing_say_what_to_do(events, hr_admin, client_as):
    text = client_as(hr_admin).get(URL, {"actor": "nobody"}).content.decode()

    assert "Tidak ada peristiwa yang sesuai" in text


def test_paging_does_not_repeat_the_chain_check(org, hr_admin, client_as):
    for number in range(55):
        record_event(actor=hr_admin, action=AuditAction.UNIT_UPDATED, target_id=str(number))

    text = client_as(hr_admin).get(URL, {"verify": "1", "actor": "admin"}).content.decode()

    page_links = re.findall(r'href="(\?[^"]*page=[^"]*)"', text)
    assert page_links
    assert "?actor=admin&amp;page=2" in page_links
    assert not [link for link in page_links if "verify" in link]


def test_the_filters_are_kept_across_pages(org, hr_admin, client_as):
    for number in range(55):
        record_event(
            actor=hr_admin,
            action=AuditAction.UNIT_UPDATED,
            target_type="organization.orgunit",
            target_id=str(number),
            target_label=f"Unit {number}",
        )

    first = client_as(hr_admin).get(URL, {"action": AuditAction.UNIT_UPDATED.value})
    second = client_as(hr_admin).get(URL, {"action": AuditAction.UNIT_UPDATED.value, "page": 2})

    assert len(first.context["rows"]) == 50
    assert "action=organization.unit.updated&amp;page=2" in first.content.decode()
    assert shown_seqs(second) == [5, 4, 3, 2, 1]


def test_the_chain_is_checked_only_on_request(events, hr_admin, client_as):
    client = client_as(hr_admin)

    assert "Rantai jejak audit utuh" not in client.get(URL).content.decode()
    assert (
        "Rantai jejak audit utuh: 3 peristiwa" in client.get(URL, {"verify": "1"}).content.decode()
    )


def test_the_chain_check_names_the_first_tampered_event(events, hr_admin, client_as):
    AuditEvent.objects.filter(seq=2).update(target_label="Someone else")

    text = client_as(hr_admin).get(URL, {"verify": "1"}).content.decode()

    assert "Rantai jejak audit terputus pada peristiwa #2" in text
    assert "diubah setelah dicatat" in text


@pytest.mark.parametrize("count", [10, 60])
def test_the_page_needs_a_fixed_number_of_queries(
    org, hr_admin, client_as, django_assert_max_num_queries, count
):
    for number in range(count):
        record_event(actor=hr_admin, action=AuditAction.UNIT_UPDATED, target_label=str(number))
    client = client_as(hr_admin)

    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    ("changes", "lines", "is_long"),
    [
        ({}, [], False),
        ({"name": ["Lama", "Baru"]}, ["name: Lama → Baru"], False),
        ({"email": [None, "a@b.id"]}, ["email: — → a@b.id"], False),
        ({"rows": 12, "file": "unit.csv"}, ["rows: 12", "file: unit.csv"], False),
        ({"codes": ["A", "B", "C"]}, ['codes: ["A", "B", "C"]'], False),
        ({"flags": {"x": True}}, ['flags: {"x": true}'], False),
        ({str(n): n for n in range(5)}, [f"{n}: {n}" for n in range(5)], True),
        ({"note": "x" * 300}, ["note: " + "x" * 300], True),
    ],
)
def test_changes_read_as_lines(changes, lines, is_long):
    readable = readable_changes(changes)

    shown = [
        f"{line.key}: {line.old} → {line.value}" if line.is_change else f"{line.key}: {line.value}"
        for line in readable.lines
    ]
    assert shown == lines
    assert readable.is_long is is_long
