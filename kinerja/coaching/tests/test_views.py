"""The coaching pages through the test client: who opens what (404 for those who may not
read a case, 403 for readers who may not run it), the forms, and the query counts."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kinerja.coaching.models import CaseComment, CoachingCase
from kinerja.coaching.services import (
    close_case,
    comment,
    record_counselling,
    record_session,
    save_action,
)
from kinerja.coaching.tests.factories import open_for, person

NOW = datetime(2026, 4, 15, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(org) -> CoachingCase:
    return open_for(org.staf)


def t(message: str) -> str:
    with translation.override("id"):
        return translation.gettext(message)


def url(name: str, case: CoachingCase, *args: int) -> str:
    return reverse(f"coaching:{name}", args=[case.pk, *args])


def user_of(org, name):
    return org.outsider if name == "outsider" else getattr(org, name).user


# -- who opens what ----------------------------------------------------------------------

READERS = ["staf", "kasi", "camat", "admin"]
NON_READERS = ["rekan", "lurah", "asing", "outsider"]
RUN_PAGES = ["goals_update", "session_record", "action_add", "counselling_record", "case_close"]


@pytest.mark.parametrize("name", READERS)
def test_readers_open_the_case_page(org, case, client_as, name):
    response = client_as(user_of(org, name)).get(url("case_detail", case))
    assert response.status_code == 200
    assert org.staf.name in response.content.decode()


@pytest.mark.parametrize("name", NON_READERS)
def test_everyone_else_gets_404_for_the_case_and_its_pages(org, case, client_as, name):
    client = client_as(user_of(org, name))
    assert client.get(url("case_detail", case)).status_code == 404
    for page in RUN_PAGES:
        assert client.get(url(page, case)).status_code == 404
    assert client.post(url("comment_add", case), {"text": "x"}).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(case, client):
    response = client.get(url("case_detail", case))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


@pytest.mark.parametrize("name", ["staf", "camat"])
def test_readers_who_may_not_run_the_case_get_403(org, case, client_as, name):
    client = client_as(user_of(org, name))
    for page in RUN_PAGES:
        assert client.get(url(page, case)).status_code == 403, page
    response = client.post(url("case_close", case), {"outcome": "MEMBAIK", "note": "n"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.is_active


@pytest.mark.parametrize("name", ["kasi", "admin"])
def test_those_who_run_the_case_open_its_forms(org, case, client_as, name):
    client = client_as(user_of(org, name))
    for page in RUN_PAGES:
        assert client.get(url(page, case)).status_code == 200, page
    html = client.get(url("case_detail", case)).content.decode()
    assert url("session_record", case) in html


def test_the_run_buttons_are_not_shown_to_readers_who_may_not_run(org, case, client_as):
    html = client_as(org.camat.user).get(url("case_detail", case)).content.decode()
    assert url("session_record", case) not in html
    assert url("case_close", case) not in html


# -- the forms ---------------------------------------------------------------------------


def test_the_coach_records_a_session_and_an_action(org, case, client_as):
    client = client_as(org.kasi.user)

    response = client.post(
        url("session_record", case),
        {"held_on": "2026-04-15", "participants": "Kasi, Staf", "notes": "Antrean pagi."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#sessions")
    response = client.post(
        url("action_add", case),
        {"text": "Buka loket 07.30", "owner": str(org.staf.pk), "due_on": "2026-05-01"},
    )
    assert response.status_code == 302

    html = client.get(url("case_detail", case)).content.decode()
    assert "Antrean pagi." in html
    assert "Buka loket 07.30" in html


def test_a_refusal_of_the_service_comes_back_on_the_form(org, case, client_as):
    response = client_as(org.kasi.user).post(
        url("session_record", case),
        {"held_on": "2026-05-15", "participants": "Kasi", "notes": "x"},
    )
    assert response.status_code == 200
    assert not case.sessions.exists()
    assert response.context["form"].errors["held_on"]


def test_an_owner_outside_the_line_is_not_offered(org, case, client_as):
    response = client_as(org.kasi.user).post(
        url("action_add", case),
        {"text": "x", "owner": str(org.rekan.pk), "due_on": "2026-05-01"},
    )
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors


def test_the_owner_marks_an_action_done_and_a_pimpinan_cannot(org, case, client_as):
    action = save_action(actor=org.kasi.user, case=case, text="x", owner=org.staf, due_on=TODAY)
    done_url = url("action_done", case, action.pk)

    assert client_as(org.camat.user).post(done_url).status_code == 403
    response = client_as(org.staf.user).post(done_url)

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.is_done


def test_the_employee_sees_a_done_button_for_their_own_actions_only(org, case, client_as):
    mine = save_action(actor=org.kasi.user, case=case, text="a", owner=org.staf, due_on=TODAY)
    coachs = save_action(actor=org.kasi.user, case=case, text="b", owner=org.camat, due_on=TODAY)
    html = client_as(org.staf.user).get(url("case_detail", case)).content.decode()
    assert url("action_done", case, mine.pk) in html
    assert url("action_done", case, coachs.pk) not in html


def test_the_employee_comments_on_their_case(org, case, client_as):
    response = client_as(org.staf.user).post(url("comment_add", case), {"text": "Siap."})
    assert response.status_code == 302
    assert CaseComment.objects.get().text == "Siap."


def test_an_empty_comment_is_shown_again_with_its_error(org, case, client_as):
    response = client_as(org.staf.user).post(url("comment_add", case), {"text": " "})
    assert response.status_code == 400
    assert not CaseComment.objects.exists()


def test_the_counsellor_signs_from_the_case_page(org, case, client_as):
    record = record_counselling(
        actor=org.kasi.user,
        case=case,
        counsellor=org.lurah,
        held_on=TODAY,
        place="Kantor lurah",
        problems="p",
        causes="c",
        solutions="s",
    )
    sign_url = url("counselling_sign", case, record.pk)
    assert sign_url in client_as(org.lurah.user).get(url("case_detail", case)).content.decode()
    assert client_as(org.staf.user).post(sign_url).status_code == 403
    assert client_as(org.camat.user).post(sign_url).status_code == 404  # cannot see it

    assert client_as(org.lurah.user).post(sign_url).status_code == 302
    record.refresh_from_db()
    assert record.signed_at is not None


def test_closing_asks_for_a_confirmation_and_a_follow_up_when_escalating(org, case, client_as):
    client = client_as(org.kasi.user)
    close_url = url("case_close", case)

    unconfirmed = client.post(close_url, {"outcome": "MEMBAIK", "note": "Baik."})
    no_follow_up = client.post(
        close_url, {"outcome": "DIEKSKALASI", "note": "Tidak membaik.", "confirm": "on"}
    )
    case.refresh_from_db()
    assert case.is_active
    assert "confirm" in unconfirmed.context["form"].errors
    assert "follow_up" in no_follow_up.context["form"].errors

    response = client.post(
        close_url,
        {
            "outcome": "DIEKSKALASI",
            "follow_up": "PELATIHAN",
            "note": "Tidak membaik.",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.follow_up) == ("SELESAI", "PELATIHAN")
    html = client.get(url("case_detail", case)).content.decode()
    assert 'id="outcome"' in html
    # A closed case has no forms left, not even for its coach.
    assert client.get(close_url).status_code == 302
    assert url("session_record", case) not in html


def test_extending_keeps_the_case_open_with_the_new_end(org, case, client_as):
    response = client_as(org.kasi.user).post(
        url("case_close", case),
        {"outcome": "DIPERPANJANG", "note": "Butuh waktu.", "confirm": "on"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_active
    assert case.window_ends_on == date(2027, 4, 15)


# -- opening a case ----------------------------------------------------------------------


def test_the_appraiser_opens_a_case_from_a_link_with_unknown_parameters(org, client_as):
    client = client_as(org.kasi.user)
    open_url = reverse("coaching:case_open") + f"?employee={org.staf.nip}&alert=42&x=y"

    page = client.get(open_url)
    assert page.status_code == 200
    assert page.context["chosen"] == org.staf
    assert f'value="{org.staf.nip}" selected' in page.content.decode()

    response = client.post(
        open_url, {"employee": org.staf.nip, "reason": "Turun.", "goals": "Naik lagi."}
    )
    case = CoachingCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("coaching:case_detail", args=[case.pk])
    assert (case.employee, case.coach) == (org.staf, org.kasi)


def test_an_employee_the_viewer_may_not_open_a_case_for_is_ignored_in_the_link(org, client_as):
    page = client_as(org.kasi.user).get(reverse("coaching:case_open") + "?employee=123")
    assert page.status_code == 200
    assert page.context["chosen"] is None
    assert page.context["unknown_employee"]


def test_the_open_form_points_to_the_active_case(org, case, client_as):
    client = client_as(org.kasi.user)
    open_url = reverse("coaching:case_open") + f"?employee={org.staf.nip}"

    page = client.get(open_url)
    assert url("case_detail", case) in page.content.decode()
    response = client.post(open_url, {"employee": org.staf.nip, "reason": "r", "goals": "g"})
    assert response.status_code == 200
    assert f"no. {case.pk}" in str(response.context["form"].errors["employee"])
    assert CoachingCase.objects.count() == 1


def test_a_non_report_cannot_be_posted_to_the_open_form(org, client_as):
    response = client_as(org.kasi.user).post(
        reverse("coaching:case_open"), {"employee": org.lurah.nip, "reason": "r", "goals": "g"}
    )
    assert response.status_code == 200
    assert not CoachingCase.objects.exists()


def test_the_hr_admin_opens_a_case_by_nip(org, client_as):
    client = client_as(org.admin.user)
    page = client.get(reverse("coaching:case_open"))
    assert 'name="employee"' in page.content.decode()
    assert 'inputmode="numeric"' in page.content.decode()
    client.post(
        reverse("coaching:case_open"), {"employee": org.lurah.nip, "reason": "r", "goals": "g"}
    )
    assert CoachingCase.objects.get().employee == org.lurah


@pytest.mark.parametrize("name", ["staf", "outsider"])
def test_people_without_reports_cannot_open_a_case(org, client_as, name):
    assert client_as(user_of(org, name)).get(reverse("coaching:case_open")).status_code == 403


# -- the lists ---------------------------------------------------------------------------


def test_the_team_list_shows_active_and_closed_cases_with_search(org, case, client_as):
    client = client_as(org.camat.user)
    list_url = reverse("coaching:case_list")
    closed = open_for(org.lurah, actor=org.camat.user)
    close_case(actor=org.camat.user, case=closed, outcome="MEMBAIK", note="Baik.")

    active = client.get(list_url)
    assert [row["case"] for row in active.context["rows"]] == [case]
    assert active.context["tabs"] == [
        ("AKTIF", t("Active"), 1),
        ("SELESAI", t("Closed"), 1),
    ]
    closed_page = client.get(list_url, {"status": "SELESAI"})
    assert [row["case"] for row in closed_page.context["rows"]] == [closed]
    searched = client.get(list_url, {"q": "luRA", "status": "SELESAI"})
    assert [row["case"] for row in searched.context["rows"]] == [closed]
    assert client.get(list_url, {"q": "nobody"}).context["rows"] == []


def test_the_team_list_leaves_out_the_viewers_own_case_and_lists_their_reports(org, client_as):
    own = open_for(org.kasi)  # by camat
    other = open_for(org.staf)
    response = client_as(org.kasi.user).get(reverse("coaching:case_list"))
    assert [row["case"] for row in response.context["rows"]] == [other]
    reports = {person.pk: person.active_case_id for person in response.context["reports"]}
    assert reports == {org.staf.pk: other.pk, org.rekan.pk: None}
    mine = client_as(org.kasi.user).get(reverse("coaching:my_cases"))
    assert [row["case"] for row in mine.context["rows"]] == [own]


@pytest.mark.parametrize("name", ["rekan", "outsider"])
def test_people_who_read_no_case_see_an_empty_list(org, case, client_as, name):
    response = client_as(user_of(org, name)).get(reverse("coaching:case_list"))
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_the_employee_sees_their_coaching_plan(org, case, client_as):
    response = client_as(org.staf.user).get(reverse("coaching:my_cases"))
    assert [row["case"] for row in response.context["rows"]] == [case]
    assert url("case_detail", case) in response.content.decode()


def test_the_menu_links_the_coaching_pages(org, client_as):
    kasi_page = client_as(org.kasi.user).get(reverse("coaching:my_cases")).content.decode()
    staf_page = client_as(org.staf.user).get(reverse("coaching:my_cases")).content.decode()
    assert reverse("coaching:case_list") in kasi_page
    assert reverse("coaching:my_cases") in staf_page
    assert reverse("coaching:case_list") not in staf_page


def _queries(client, path: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data)
    assert response.status_code == 200
    return len(queries)


def _cases_under_kasi(org, count: int, start: int) -> None:
    for n in range(start, start + count):
        employee = person(f"pegawai{n}", org.pelayanan, org.kasi)
        case = open_for(employee)
        save_action(actor=org.kasi.user, case=case, text="x", owner=employee, due_on=TODAY)
        comment(actor=employee.user, case=case, text="Siap")


@pytest.mark.parametrize("name", ["kasi", "camat", "admin"])
def test_the_team_list_reads_as_many_queries_for_15_cases_as_for_3(org, client_as, name):
    client = client_as(user_of(org, name))
    list_url = reverse("coaching:case_list")
    _cases_under_kasi(org, 3, 0)
    small = (_queries(client, list_url), _queries(client, list_url, {"q": "pegawai"}))

    _cases_under_kasi(org, 12, 3)
    large = (_queries(client, list_url), _queries(client, list_url, {"q": "pegawai"}))

    assert large == small
    assert len(client.get(list_url).context["rows"]) == 15


def test_the_case_page_reads_a_fixed_number_of_queries(org, case, client_as):
    def add(count: int) -> None:
        for n in range(count):
            record_session(
                actor=org.kasi.user, case=case, held_on=TODAY, participants="a", notes=f"{n}"
            )
            save_action(actor=org.kasi.user, case=case, text="x", owner=org.staf, due_on=TODAY)
            record_counselling(
                actor=org.kasi.user,
                case=case,
                counsellor=org.kasi,
                held_on=TODAY,
                place="p",
                problems="p",
                causes="c",
                solutions="s",
            )
            comment(actor=org.staf.user, case=case, text="c")

    clients = [client_as(user) for user in (org.staf.user, org.kasi.user, org.camat.user)]
    detail = url("case_detail", case)
    add(1)
    small = [_queries(client, detail) for client in clients]
    add(6)
    assert [_queries(client, detail) for client in clients] == small


def test_my_coaching_plan_reads_a_fixed_number_of_queries(org, client_as):
    client = client_as(org.staf.user)
    my_url = reverse("coaching:my_cases")

    def closed_case() -> None:
        case = open_for(org.staf)
        save_action(actor=org.kasi.user, case=case, text="x", owner=org.staf, due_on=TODAY)
        close_case(actor=org.kasi.user, case=case, outcome="MEMBAIK", note="Baik.")

    closed_case()
    small = _queries(client, my_url)
    for _ in range(4):
        closed_case()
    assert _queries(client, my_url) == small


def test_a_closed_case_flags_no_action_as_overdue(org, case, client_as):
    save_action(actor=org.kasi.user, case=case, text="x", owner=org.staf, due_on=TODAY)
    with time_machine.travel(datetime(2026, 5, 2, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        client = client_as(org.kasi.user)
        assert client.get(url("case_detail", case)).context["summary"]["overdue"] == 1
        close_case(actor=org.kasi.user, case=case, outcome="MEMBAIK", note="Baik.")
        response = client.get(url("case_detail", case))
    assert response.context["summary"]["overdue"] == 0
    assert response.context["summary"]["next_due"] is None
    assert t("Not done") in response.content.decode()


def test_a_counsellor_finds_the_case_by_name_but_not_by_nip(org, case, client_as):
    record_counselling(
        actor=org.kasi.user,
        case=case,
        counsellor=org.lurah,
        held_on=TODAY,
        place="Kantor lurah",
        problems="p",
        causes="c",
        solutions="s",
    )
    list_url = reverse("coaching:case_list")
    lurah, kasi = client_as(org.lurah.user), client_as(org.kasi.user)
    assert [row["case"] for row in lurah.get(list_url, {"q": "staf"}).context["rows"]] == [case]
    assert lurah.get(list_url, {"q": org.staf.nip[:8]}).context["rows"] == []
    assert [row["case"] for row in kasi.get(list_url, {"q": org.staf.nip[:8]}).context["rows"]] == [
        case
    ]
