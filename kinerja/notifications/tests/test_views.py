"""The notification pages and the header bell: one's own notifications only, newest
first, unread ones marked; opening one marks it read and follows its link only within
the site; "mark all as read"; the bell's count; a fixed number of queries."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.notifications.models import Notification
from kinerja.notifications.services import Message, notify
from kinerja.notifications.views import is_internal_url

LIST = reverse("notifications:list")
START = datetime(2026, 3, 1, 8, tzinfo=UTC)


def html(response: HttpResponse) -> str:
    return response.content.decode()


def bell(page: str) -> str:
    return page.split('<a class="notification-bell', 1)[1].split("</a>", 1)[0]


def add(user, count: int, *, read: bool = False, url: str = "/kriteria/berlaku/") -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            title=f"Pesan {n:03d}",
            body="Isi pesan",
            url=url,
            read_at=START if read else None,
        )
        for n in range(count)
    )
    # Distinct, increasing creation times: the list is newest first.
    for offset, notification in enumerate(
        Notification.objects.filter(recipient=user).order_by("pk")
    ):
        Notification.objects.filter(pk=notification.pk).update(
            created_at=START + timedelta(minutes=offset)
        )


def test_the_bell_shows_the_unread_count(client_as, pegawai):
    add(pegawai, 3)
    add(pegawai, 2, read=True)

    page = html(client_as(pegawai).get(reverse("portal:home")))

    assert f'href="{LIST}"' in bell(page)
    assert '<span class="notification-bell__count" aria-hidden="true">3</span>' in bell(page)
    assert "has-unread" in page


def test_the_bell_without_unread_shows_no_count(client_as, pegawai):
    page = html(client_as(pegawai).get(reverse("portal:home")))

    assert "notification-bell__count" not in bell(page)
    assert "has-unread" not in page


def test_the_bell_caps_its_count(client_as, pegawai):
    notify(recipients=[pegawai] * 120, message=Message(title="Banyak"))

    page = html(client_as(pegawai).get(reverse("portal:home")))

    assert ">99+</span>" in bell(page)
    assert "120" in bell(page)  # the accessible text gives the real number


def test_anonymous_visitors_have_no_bell(client):
    page = html(client.get(reverse("accounts:login")))

    assert "notification-bell" not in page


def test_the_list_shows_my_notifications_newest_first_with_the_unread_marked(
    client_as, pegawai, atasan
):
    add(pegawai, 2, read=True)
    notify(recipients=[pegawai], message=Message(title="Terbaru", body="Baca ini"))
    notify(recipients=[atasan], message=Message(title="Untuk kasi"))

    page = html(client_as(pegawai).get(LIST))

    items = page.split('<ul class="notification-list">')[1].split("</ul>")[0]
    assert items.index("Terbaru") < items.index("Pesan 001") < items.index("Pesan 000")
    assert items.count("is-unread") == 1
    assert "Untuk kasi" not in page
    assert f'action="{reverse("notifications:mark_read")}"' in page


def test_the_list_is_paginated(client_as, pegawai):
    add(pegawai, 30)

    first = html(client_as(pegawai).get(LIST))
    second = html(client_as(pegawai).get(LIST + "?page=2"))

    assert first.count('<li class="notification') == 25
    assert "Pesan 029" in first
    assert "Pesan 000" in second
    assert "Pesan 029" not in second


def test_an_empty_list_says_what_will_come(client_as, pegawai):
    client = client_as(pegawai)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    page = html(client.get(LIST))

    assert "No notifications yet." in page
    assert reverse("notifications:mark_read") not in page


def test_opening_a_notification_marks_it_read_and_follows_its_link(client_as, pegawai):
    notify(recipients=[pegawai], message=Message(title="Kriteria", url="/kriteria/berlaku/7/"))
    notification = Notification.objects.get()

    response = client_as(pegawai).get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/kriteria/berlaku/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_a_link_outside_the_site_is_not_followed(client_as, pegawai, url):
    notify(recipients=[pegawai], message=Message(title="Aneh", url=url))
    notification = Notification.objects.get()

    response = client_as(pegawai).get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == LIST
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    ("url", "internal"),
    [
        ("/kriteria/", True),
        ("/kriteria/berlaku/3/#question-4", True),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("https://kinerja.example/", False),
        ("kriteria/", False),
    ],
)
def test_internal_urls(url, internal):
    assert is_internal_url(url) is internal


def test_nobody_opens_someone_elses_notification(client_as, pegawai, atasan):
    notify(recipients=[atasan], message=Message(title="Untuk kasi", url="/kriteria/"))
    notification = Notification.objects.get()

    response = client_as(pegawai).get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read_marks_only_mine(client_as, pegawai, atasan):
    add(pegawai, 3)
    add(atasan, 2)

    response = client_as(pegawai).post(reverse("notifications:mark_read"))

    assert response.status_code == 302
    assert response.url == LIST
    assert not Notification.objects.filter(recipient=pegawai, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=atasan, read_at__isnull=True).count() == 2


def test_mark_all_as_read_is_a_post(client_as, pegawai):
    add(pegawai, 1)

    assert client_as(pegawai).get(reverse("notifications:mark_read")).status_code == 405
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


@pytest.mark.parametrize("name", ["notifications:list", "notifications:mark_read"])
def test_the_pages_need_a_login(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_list_needs_as_many_queries_for_60_notifications_as_for_10(client_as, pegawai):
    client = client_as(pegawai)
    add(pegawai, 10)
    with CaptureQueriesContext(connection) as small:
        client.get(LIST)
    add(pegawai, 50)
    with CaptureQueriesContext(connection) as large:
        client.get(LIST)

    assert len(large) == len(small)


def test_the_bell_costs_one_query(client_as, pegawai):
    client = client_as(pegawai)
    with CaptureQueriesContext(connection) as with_bell:
        client.get(reverse("portal:home"))

    counts = [
        q["sql"] for q in with_bell.captured_queries if "notifications_notification" in q["sql"]
    ]
    assert len(counts) == 1
