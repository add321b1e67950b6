"""The coaching services: who may do what, the one active case, the improvement window,
the outcome, the reminders; each write with its audit event and notifications."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.coaching.models import (
    CaseComment,
    CoachingAction,
    CoachingCase,
    CounsellingRecord,
)
from kinerja.coaching.selectors import due_actions
from kinerja.coaching.services import (
    CoachingRefused,
    close_case,
    comment,
    mark_action_done,
    open_case,
    record_counselling,
    record_session,
    remind_due_actions,
    save_action,
    sign_counselling,
    update_goals,
)
from kinerja.coaching.tests.factories import GOALS, REASON, open_for
from kinerja.core.exceptions import PermissionDenied
from kinerja.notifications.models import Notification

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 4, 15, 10, 0, tzinfo=WIB)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def case(org) -> CoachingCase:
    return open_for(org.staf)


def events(action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def titles_for(employee) -> list[str]:
    return list(
        Notification.objects.filter(recipient=employee.user)
        .order_by("pk")
        .values_list("title", flat=True)
    )


def counsel(case, actor, counsellor, **overrides):
    values = {
        "held_on": TODAY,
        "place": "Ruang rapat kecamatan",
        "problems": "Sering terlambat menyelesaikan berkas KTP.",
        "causes": "Beban antrean pagi dan aplikasi yang lambat.",
        "solutions": "Antrean dibagi dua loket; pelatihan aplikasi.",
        "follow_up": "",
        **overrides,
    }
    return record_counselling(actor=actor, case=case, counsellor=counsellor, **values)


# -- open_case ---------------------------------------------------------------------------


def test_the_appraiser_opens_a_case_with_a_six_month_window(org):
    case = open_case(actor=org.kasi.user, employee=org.staf, reason=REASON, goals=GOALS)

    assert case.is_active
    assert case.coach == org.kasi
    assert case.opened_by == org.kasi.user
    assert (case.window_starts_on, case.window_ends_on) == (TODAY, date(2026, 10, 15))
    [event] = events(AuditAction.COACHING_CASE_OPENED)
    assert event.changes == {
        "employee": org.staf.pk,
        "coach": org.kasi.pk,
        "window_starts_on": "2026-04-15",
        "window_ends_on": "2026-10-15",
    }
    assert titles_for(org.staf) == ["A coaching case was opened for you"]
    # The coach opened it: no notice to themselves.
    assert titles_for(org.kasi) == []


@pytest.mark.parametrize(
    ("today", "ends_on"),
    [
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2026, 12, 31), date(2027, 6, 30)),
    ],
)
def test_the_window_ends_six_calendar_months_later_at_the_month_end(org, today, ends_on):
    case = open_for(org.staf, today=today)
    assert (case.window_starts_on, case.window_ends_on) == (today, ends_on)


def test_the_hr_admin_opens_a_case_and_the_appraiser_becomes_its_coach(org, hr_admin):
    case = open_for(org.staf, actor=hr_admin)
    assert case.coach == org.kasi
    assert titles_for(org.kasi) == ["A coaching case was opened for Staf"]


def test_the_hr_admin_opens_a_case_for_someone_without_an_appraiser(org, hr_admin):
    case = open_for(org.camat, actor=hr_admin)
    assert case.coach is None


@pytest.mark.parametrize("name", ["camat", "rekan", "lurah", "asing", "staf"])
def test_only_the_direct_superior_or_the_hr_admin_opens_a_case(org, name):
    # camat is above staf, but not the direct superior; staf cannot open their own.
    actor = getattr(org, name).user
    with pytest.raises(PermissionDenied):
        open_case(actor=actor, employee=org.staf, reason=REASON, goals=GOALS)
    assert not CoachingCase.objects.exists()


def test_an_outsider_cannot_open_a_case(org, outsider):
    with pytest.raises(PermissionDenied):
        open_case(actor=outsider, employee=org.staf, reason=REASON, goals=GOALS)


def test_the_hr_admin_cannot_open_a_case_on_themselves(org, hr_admin):
    with pytest.raises(PermissionDenied):
        open_case(actor=hr_admin, employee=org.admin, reason=REASON, goals=GOALS)


def test_a_second_active_case_is_refused_naming_the_first(org, case, hr_admin):
    with pytest.raises(CoachingRefused) as refused:
        open_for(org.staf, actor=hr_admin)

    message = str(refused.value)
    assert "Staf already has an active coaching case" in message
    assert f"no. {case.pk}" in message
    assert refused.value.field == "employee"
    assert CoachingCase.objects.count() == 1


def test_a_new_case_may_follow_a_closed_one(org, case):
    close_case(actor=org.kasi.user, case=case, outcome="MEMBAIK", note="Target tercapai.")
    assert open_for(org.staf).is_active


@pytest.mark.parametrize(
    ("reason", "goals", "field"), [("  ", GOALS, "reason"), (REASON, "", "goals")]
)
def test_the_reason_and_the_goals_are_required(org, reason, goals, field):
    with pytest.raises(CoachingRefused) as refused:
        open_case(actor=org.kasi.user, employee=org.staf, reason=reason, goals=goals)
    assert refused.value.field == field


def test_an_inactive_employee_gets_no_case(org):
    org.staf.is_active = False
    org.staf.save()
    with pytest.raises(CoachingRefused):
        open_for(org.staf)


# -- goals and sessions ------------------------------------------------------------------


def test_the_coach_changes_the_goals(org, case):
    update_goals(actor=org.kasi.user, case=case, goals="Ketepatan waktu di atas 90%.")

    case.refresh_from_db()
    assert case.goals == "Ketepatan waktu di atas 90%."
    [event] = events(AuditAction.COACHING_CASE_UPDATED)
    assert event.changes == {"goals": [GOALS, "Ketepatan waktu di atas 90%."]}


@pytest.mark.parametrize("name", ["staf", "camat", "rekan"])
def test_readers_who_do_not_run_the_case_cannot_change_it(org, case, name):
    actor = getattr(org, name).user
    with pytest.raises(PermissionDenied):
        update_goals(actor=actor, case=case, goals="Lain")
    with pytest.raises(PermissionDenied):
        record_session(actor=actor, case=case, held_on=TODAY, participants="x", notes="y")


def test_the_current_superior_and_the_hr_admin_run_the_case(org, case, hr_admin):
    # given the employee moved to another superior after the case was opened
    org.staf.supervisor = org.lurah
    org.staf.save()
    # when the new superior and the HR admin record sessions
    record_session(actor=org.lurah.user, case=case, held_on=TODAY, participants="a", notes="b")
    record_session(actor=hr_admin, case=case, held_on=TODAY, participants="a", notes="b")
    # then the coach (kept from the opening) does too
    record_session(actor=org.kasi.user, case=case, held_on=TODAY, participants="a", notes="b")
    assert case.sessions.count() == 3


def test_a_session_is_recorded_with_its_audit_event_and_the_employee_is_told(org, case):
    session = record_session(
        actor=org.kasi.user,
        case=case,
        held_on=TODAY,
        participants="Kasi, Staf",
        notes="Membahas antrean pagi.",
        agreements="Loket dibuka 07.30.",
    )
    [event] = events(AuditAction.COACHING_SESSION_RECORDED)
    assert event.changes == {"session": session.pk, "held_on": "2026-04-15"}
    assert "A coaching session of April 15, 2026 was recorded" in titles_for(org.staf)


@pytest.mark.parametrize("held_on", [TODAY + timedelta(days=1), TODAY - timedelta(days=1)])
def test_a_session_is_neither_in_the_future_nor_before_the_case(org, case, held_on):
    with pytest.raises(CoachingRefused) as refused:
        record_session(actor=org.kasi.user, case=case, held_on=held_on, participants="a", notes="b")
    assert refused.value.field == "held_on"


# -- actions -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["staf", "kasi", "camat"])
def test_an_action_is_owned_by_the_employee_or_someone_in_their_line(org, case, name):
    owner = getattr(org, name)
    action = save_action(
        actor=org.kasi.user, case=case, text="Ikut pelatihan", owner=owner, due_on=TODAY
    )
    assert action.owner == owner


@pytest.mark.parametrize("name", ["rekan", "lurah", "admin", "asing"])
def test_an_action_cannot_be_owned_by_someone_outside_the_line(org, case, name):
    with pytest.raises(CoachingRefused) as refused:
        save_action(
            actor=org.kasi.user,
            case=case,
            text="Ikut pelatihan",
            owner=getattr(org, name),
            due_on=TODAY,
        )
    assert refused.value.field == "owner"


def test_an_action_is_not_due_before_the_case_opened(org, case):
    with pytest.raises(CoachingRefused) as refused:
        save_action(
            actor=org.kasi.user,
            case=case,
            text="x",
            owner=org.staf,
            due_on=TODAY - timedelta(days=1),
        )
    assert refused.value.field == "due_on"


def test_saving_an_action_records_it_and_tells_the_owner(org, case):
    action = save_action(
        actor=org.kasi.user, case=case, text="Ikut pelatihan", owner=org.staf, due_on=TODAY
    )
    save_action(
        actor=org.kasi.user,
        case=case,
        action=action,
        text="Ikut pelatihan SIAK",
        owner=org.staf,
        due_on=date(2026, 5, 1),
    )

    action.refresh_from_db()
    assert (action.text, action.due_on) == ("Ikut pelatihan SIAK", date(2026, 5, 1))
    first, second = events(AuditAction.COACHING_ACTION_SAVED)
    assert first.changes == {"action": action.pk, "owner": org.staf.pk, "due_on": "2026-04-15"}
    assert second.changes == {"action": action.pk, "due_on": ["2026-04-15", "2026-05-01"]}
    assert titles_for(org.staf).count("A coaching action for you is due on April 15, 2026") == 1


@pytest.mark.parametrize("name", ["staf", "kasi"])
def test_the_owner_or_the_coach_marks_an_action_done(org, case, name):
    action = save_action(actor=org.kasi.user, case=case, text="x", owner=org.staf, due_on=TODAY)

    mark_action_done(actor=getattr(org, name).user, action=action)

    action.refresh_from_db()
    assert action.is_done
    [event] = events(AuditAction.COACHING_ACTION_DONE)
    assert event.changes == {"action": action.pk}
    with pytest.raises(CoachingRefused):
        mark_action_done(actor=org.kasi.user, action=action)


@pytest.mark.parametrize("name", ["camat", "rekan", "admin"])
def test_nobody_else_marks_an_action_done(org, case, name):
    action = save_action(actor=org.kasi.user, case=case, text="x", owner=org.staf, due_on=TODAY)
    with pytest.raises(PermissionDenied):
        mark_action_done(actor=getattr(org, name).user, action=action)


def test_an_action_owned_by_a_superior_is_marked_done_by_them(org, case):
    action = save_action(actor=org.kasi.user, case=case, text="x", owner=org.camat, due_on=TODAY)
    mark_action_done(actor=org.camat.user, action=action)
    action.refresh_from_db()
    assert action.is_done
    assert "A coaching action of Staf is done" in titles_for(org.kasi)


# -- counselling -------------------------------------------------------------------------


def test_the_coach_records_counselling_as_counsellor_and_it_is_signed(org, case):
    record = counsel(case, org.kasi.user, org.kasi, follow_up="PELATIHAN")

    assert record.signed_at is not None
    [event] = events(AuditAction.COUNSELLING_RECORDED)
    assert event.changes == {
        "case": case.pk,
        "counsellor": org.kasi.pk,
        "held_on": "2026-04-15",
        "signed": True,
    }
    assert "A counselling record was added to your coaching case" in titles_for(org.staf)


def test_a_named_counsellor_signs_the_record_once(org, case, hr_admin):
    record = counsel(case, hr_admin, org.lurah)
    assert record.signed_at is None
    assert titles_for(org.lurah) == [
        "You are named counsellor on a coaching case: please check and sign"
    ]

    with pytest.raises(PermissionDenied):
        sign_counselling(actor=org.kasi.user, record=record)
    sign_counselling(actor=org.lurah.user, record=record)

    signed = CounsellingRecord.objects.get(pk=record.pk)
    assert signed.signed_at is not None
    with pytest.raises(CoachingRefused):
        sign_counselling(actor=org.lurah.user, record=signed)


@pytest.mark.parametrize("name", ["staf", "asing"])
def test_the_counsellor_is_someone_of_the_organisation_other_than_the_employee(org, case, name):
    with pytest.raises(CoachingRefused) as refused:
        counsel(case, org.kasi.user, getattr(org, name))
    assert refused.value.field == "counsellor"


def test_only_those_who_run_the_case_record_counselling(org, case):
    with pytest.raises(PermissionDenied):
        counsel(case, org.camat.user, org.camat)


def test_a_counselling_record_needs_its_findings(org, case):
    with pytest.raises(CoachingRefused) as refused:
        counsel(case, org.kasi.user, org.kasi, causes=" ")
    assert refused.value.field == "causes"


# -- comments ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["staf", "kasi", "camat", "admin"])
def test_the_employee_and_the_readers_of_the_case_comment(org, case, name):
    note = comment(actor=getattr(org, name).user, case=case, text="Siap, saya ikuti.")
    assert note.case == case
    [event] = events(AuditAction.COACHING_COMMENTED)
    assert event.changes == {"comment": note.pk}


def test_a_comment_by_the_employee_reaches_the_coach(org, case):
    comment(actor=org.staf.user, case=case, text="Mohon waktu tambahan.")
    assert titles_for(org.kasi) == ["New comment on the coaching case of Staf"]
    assert titles_for(org.staf) == ["A coaching case was opened for you"]


@pytest.mark.parametrize("name", ["rekan", "lurah", "asing"])
def test_people_who_do_not_read_the_case_cannot_comment(org, case, name):
    with pytest.raises(PermissionDenied):
        comment(actor=getattr(org, name).user, case=case, text="x")
    assert not CaseComment.objects.exists()


# -- the outcome -------------------------------------------------------------------------


def test_improved_closes_the_case(org, case):
    close_case(
        actor=org.kasi.user,
        case=case,
        outcome="MEMBAIK",
        follow_up="PELATIHAN",
        note="Ketepatan waktu 91% tiga bulan terakhir.",
    )

    case.refresh_from_db()
    assert not case.is_active
    assert (case.outcome, case.follow_up) == ("MEMBAIK", "")  # a follow-up only on escalation
    assert case.closed_by == org.kasi.user
    [event] = events(AuditAction.COACHING_CASE_CLOSED)
    assert event.changes == {"outcome": "MEMBAIK", "follow_up": None}
    assert "The coaching case was closed: Improved" in titles_for(org.staf)


def test_extended_moves_the_window_another_six_months_and_keeps_the_case_active(org):
    case = open_for(org.staf, today=date(2026, 2, 28))
    assert case.window_ends_on == date(2026, 8, 28)

    close_case(actor=org.kasi.user, case=case, outcome="DIPERPANJANG", note="Butuh waktu.")
    close_case(actor=org.kasi.user, case=case, outcome="DIPERPANJANG", note="Sekali lagi.")

    case.refresh_from_db()
    assert case.is_active
    assert case.window_ends_on == date(2027, 8, 28)
    assert (case.outcome, case.outcome_note) == ("DIPERPANJANG", "Sekali lagi.")
    first, second = events(AuditAction.COACHING_CASE_UPDATED)
    assert first.changes == {
        "outcome": "DIPERPANJANG",
        "window_ends_on": ["2026-08-28", "2027-02-28"],
    }
    assert second.changes["window_ends_on"] == ["2027-02-28", "2027-08-28"]
    assert "The improvement window was extended to Feb. 28, 2027" in titles_for(org.staf)


def test_extending_a_month_end_window_keeps_it_in_february(org):
    case = open_for(org.staf, today=date(2026, 2, 28))
    case.window_ends_on = date(2026, 8, 31)
    case.save()
    close_case(actor=org.kasi.user, case=case, outcome="DIPERPANJANG", note="Butuh waktu.")
    case.refresh_from_db()
    assert case.window_ends_on == date(2027, 2, 28)


def test_escalated_requires_a_follow_up(org, case):
    with pytest.raises(CoachingRefused) as refused:
        close_case(actor=org.kasi.user, case=case, outcome="DIEKSKALASI", note="Tidak membaik.")
    assert refused.value.field == "follow_up"
    case.refresh_from_db()
    assert case.is_active

    close_case(
        actor=org.kasi.user,
        case=case,
        outcome="DIEKSKALASI",
        follow_up="USUL_MUTASI",
        note="Tidak membaik.",
    )
    case.refresh_from_db()
    assert (case.status, case.outcome, case.follow_up) == ("SELESAI", "DIEKSKALASI", "USUL_MUTASI")


@pytest.mark.parametrize(
    ("outcome", "note", "field"), [("MEMBAIK", " ", "note"), ("X", "n", "outcome")]
)
def test_the_outcome_needs_a_known_value_and_a_note(org, case, outcome, note, field):
    with pytest.raises(CoachingRefused) as refused:
        close_case(actor=org.kasi.user, case=case, outcome=outcome, note=note)
    assert refused.value.field == field


@pytest.mark.parametrize("name", ["staf", "camat", "rekan"])
def test_only_those_who_run_the_case_decide_the_outcome(org, case, name):
    with pytest.raises(PermissionDenied):
        close_case(actor=getattr(org, name).user, case=case, outcome="MEMBAIK", note="n")


def test_a_closed_case_takes_nothing_more(org, case):
    action = save_action(actor=org.kasi.user, case=case, text="x", owner=org.staf, due_on=TODAY)
    close_case(actor=org.kasi.user, case=case, outcome="MEMBAIK", note="Baik.")

    with pytest.raises(CoachingRefused):
        comment(actor=org.staf.user, case=case, text="Terima kasih")
    with pytest.raises(CoachingRefused):
        record_session(actor=org.kasi.user, case=case, held_on=TODAY, participants="a", notes="b")
    with pytest.raises(CoachingRefused):
        save_action(actor=org.kasi.user, case=case, text="y", owner=org.staf, due_on=TODAY)
    with pytest.raises(CoachingRefused):
        mark_action_done(actor=org.staf.user, action=action)
    with pytest.raises(CoachingRefused):
        counsel(case, org.kasi.user, org.kasi)
    with pytest.raises(CoachingRefused):
        close_case(actor=org.kasi.user, case=case, outcome="MEMBAIK", note="Lagi.")


# -- reminders ---------------------------------------------------------------------------


def test_due_actions_are_reminded_once_to_the_owner_and_the_coach(org, case):
    # given an action due today, one due later, one done and one owned by the coach
    due = save_action(actor=org.kasi.user, case=case, text="Lapor", owner=org.staf, due_on=TODAY)
    save_action(
        actor=org.kasi.user, case=case, text="Nanti", owner=org.staf, due_on=date(2026, 5, 1)
    )
    done = save_action(actor=org.kasi.user, case=case, text="Sudah", owner=org.staf, due_on=TODAY)
    mark_action_done(actor=org.staf.user, action=done)
    own = save_action(actor=org.kasi.user, case=case, text="Cek", owner=org.kasi, due_on=TODAY)
    Notification.objects.all().delete()

    # when the checks run twice the same day, and again the next day
    assert remind_due_actions(today=TODAY) == 2
    assert remind_due_actions(today=TODAY) == 0
    assert remind_due_actions(today=TODAY + timedelta(days=1)) == 0

    # then each was reminded once: the owner and the coach, the coach once for their own
    assert titles_for(org.staf) == ["A coaching action was due on April 15, 2026"]
    assert titles_for(org.kasi) == ["A coaching action was due on April 15, 2026"] * 2
    due.refresh_from_db()
    own.refresh_from_db()
    assert due.reminded_at is not None
    assert own.reminded_at is not None


def test_an_action_due_later_is_reminded_when_it_falls_due(org, case):
    save_action(
        actor=org.kasi.user, case=case, text="Nanti", owner=org.staf, due_on=date(2026, 5, 1)
    )
    assert remind_due_actions(today=TODAY) == 0
    with time_machine.travel(datetime(2026, 5, 1, 6, 0, tzinfo=WIB), tick=False):
        assert remind_due_actions(today=date(2026, 5, 1)) == 1
        assert remind_due_actions(today=date(2026, 5, 1)) == 0


def test_moving_the_due_date_later_earns_a_new_reminder(org, case):
    action = save_action(actor=org.kasi.user, case=case, text="x", owner=org.staf, due_on=TODAY)
    assert remind_due_actions(today=TODAY) == 1

    save_action(
        actor=org.kasi.user,
        case=case,
        action=action,
        text="x",
        owner=org.staf,
        due_on=date(2026, 4, 20),
    )

    assert remind_due_actions(today=TODAY) == 0
    with time_machine.travel(datetime(2026, 4, 20, 6, 0, tzinfo=WIB), tick=False):
        assert remind_due_actions(today=date(2026, 4, 20)) == 1
        assert remind_due_actions(today=date(2026, 4, 20)) == 0


def test_actions_of_closed_cases_are_not_reminded(org, case):
    save_action(actor=org.kasi.user, case=case, text="x", owner=org.staf, due_on=TODAY)
    close_case(actor=org.kasi.user, case=case, outcome="MEMBAIK", note="Baik.")
    assert not due_actions(TODAY).exists()
    assert remind_due_actions(today=TODAY) == 0
    assert CoachingAction.objects.get().reminded_at is None
