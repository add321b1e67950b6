"""Planning the rollout of a unit (``organization.services.save_rollout``, ``clear_rollout``):
the HR admin only, the pilot before going live, one audit event per change."""

from datetime import date

import pytest

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied
from kinerja.organization.models import UnitRollout
from kinerja.organization.services import RolloutRefused, clear_rollout, save_rollout

PILOT = date(2026, 3, 1)
LIVE = date(2026, 7, 1)


def _events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.ROLLOUT_PLANNED).order_by("seq"))


def test_the_hr_admin_plans_a_unit_and_the_event_records_it(org):
    plan = save_rollout(
        actor=org.admin.user,
        unit=org.kelurahan,
        pilot_from=PILOT,
        active_from=LIVE,
        note="  SK Camat 12/2026  ",
    )

    stored = UnitRollout.objects.get(unit=org.kelurahan)
    assert stored == plan
    assert (stored.pilot_from, stored.active_from, stored.note) == (PILOT, LIVE, "SK Camat 12/2026")
    assert stored.updated_by == org.admin.user
    [event] = _events()
    assert event.actor == org.admin.user
    assert event.target_type == "organization.unitrollout"
    assert event.target_id == str(plan.pk)
    assert event.changes == {
        "pilot_from": [None, "2026-03-01"],
        "active_from": [None, "2026-07-01"],
        "note": [None, "SK Camat 12/2026"],
    }


def test_changing_a_plan_records_only_what_changed(org):
    save_rollout(
        actor=org.admin.user, unit=org.kelurahan, pilot_from=PILOT, active_from=None, note=""
    )

    save_rollout(
        actor=org.admin.user, unit=org.kelurahan, pilot_from=PILOT, active_from=LIVE, note=""
    )

    assert UnitRollout.objects.get(unit=org.kelurahan).active_from == LIVE
    assert [event.changes for event in _events()][-1] == {"active_from": [None, "2026-07-01"]}


def test_saving_the_same_plan_again_changes_nothing(org):
    save_rollout(
        actor=org.admin.user, unit=org.kelurahan, pilot_from=PILOT, active_from=LIVE, note=""
    )

    save_rollout(
        actor=org.admin.user, unit=org.kelurahan, pilot_from=PILOT, active_from=LIVE, note=""
    )

    assert len(_events()) == 1


def test_a_plan_may_leave_both_days_open(org):
    plan = save_rollout(
        actor=org.admin.user, unit=org.kelurahan, pilot_from=None, active_from=None, note="Nanti"
    )

    assert (plan.pilot_from, plan.active_from) == (None, None)


@pytest.mark.parametrize("actor", ["camat", "kasi", "staf", "outsider"])
def test_only_the_hr_admin_plans_the_rollout(org, actor):
    user = org.outsider if actor == "outsider" else getattr(org, actor).user

    with pytest.raises(PermissionDenied):
        save_rollout(actor=user, unit=org.kelurahan, pilot_from=PILOT, active_from=LIVE, note="")

    assert not UnitRollout.objects.exists()
    assert _events() == []


def test_going_live_before_the_pilot_is_refused_and_nothing_is_saved(org):
    # given a plan that works
    save_rollout(
        actor=org.admin.user, unit=org.kelurahan, pilot_from=PILOT, active_from=LIVE, note=""
    )

    # when the live date is moved before the pilot
    with pytest.raises(RolloutRefused) as refused:
        save_rollout(
            actor=org.admin.user,
            unit=org.kelurahan,
            pilot_from=LIVE,
            active_from=PILOT,
            note="terbalik",
        )

    # then the message names both days, the form field is the live date, nothing changed
    assert refused.value.field == "active_from"
    assert "sebelum uji cobanya dimulai" in str(refused.value)
    assert "1 Maret 2026" in str(refused.value)  # dates in the default language
    assert "1 Juli 2026" in str(refused.value)
    stored = UnitRollout.objects.get(unit=org.kelurahan)
    assert (stored.pilot_from, stored.active_from, stored.note) == (PILOT, LIVE, "")
    assert len(_events()) == 1


def test_going_live_on_the_first_day_of_the_pilot_is_allowed(org):
    plan = save_rollout(
        actor=org.admin.user, unit=org.kelurahan, pilot_from=PILOT, active_from=PILOT, note=""
    )

    assert plan.active_from == PILOT


def test_a_note_too_long_is_refused(org):
    with pytest.raises(RolloutRefused) as refused:
        save_rollout(
            actor=org.admin.user,
            unit=org.kelurahan,
            pilot_from=None,
            active_from=None,
            note="x" * 2001,
        )

    assert refused.value.field == "note"
    assert not UnitRollout.objects.exists()


def test_clearing_a_plan_removes_it_and_records_the_old_days(org):
    save_rollout(
        actor=org.admin.user, unit=org.kelurahan, pilot_from=PILOT, active_from=LIVE, note=""
    )

    assert clear_rollout(actor=org.admin.user, unit=org.kelurahan) is True

    assert not UnitRollout.objects.exists()
    assert _events()[-1].changes == {
        "pilot_from": ["2026-03-01", None],
        "active_from": ["2026-07-01", None],
        "note": ["", None],
        "removed": True,
    }


def test_clearing_a_unit_without_a_plan_does_nothing(org):
    assert clear_rollout(actor=org.admin.user, unit=org.kelurahan) is False

    assert _events() == []


def test_only_the_hr_admin_clears_a_plan(org):
    save_rollout(
        actor=org.admin.user, unit=org.kelurahan, pilot_from=PILOT, active_from=LIVE, note=""
    )

    with pytest.raises(PermissionDenied):
        clear_rollout(actor=org.camat.user, unit=org.kelurahan)

    assert UnitRollout.objects.filter(unit=org.kelurahan).exists()
