"""Innovations for tests, built through the real services so that every rule the
application applies holds for them too."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kinerja.accounts.models import User
from kinerja.innovations.models import Innovation
from kinerja.innovations.services import (
    InnovationInput,
    decide_innovation,
    submit_innovation,
    submit_review,
)
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory

WIB = ZoneInfo("Asia/Jakarta")
TODAY = date(2026, 5, 12)
# Every point of the default rubric (four criteria of equal weight, 0–5) is worth 5.
EIGHTY = {"kebaruan": 4, "dampak": 4, "replikasi": 4, "keberlanjutan": 4}
SIXTY = {"kebaruan": 3, "dampak": 3, "replikasi": 3, "keberlanjutan": 3}
FIFTY = {"kebaruan": 2, "dampak": 3, "replikasi": 2, "keberlanjutan": 3}


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=WIB)


def make_employee(
    unit: OrgUnit,
    username: str,
    *,
    kind: str = Position.Kind.PELAKSANA,
    supervisor: Employee | None = None,
    **user_flags: bool,
) -> Employee:
    user = UserFactory(username=username, first_name=username.title(), **user_flags)
    position = PositionFactory(name=f"Jabatan {username}", kind=kind, unit=unit)
    return EmployeeFactory(
        name=username.title(), position=position, supervisor=supervisor, user=user
    )


def innovation_input(**overrides: Any) -> InnovationInput:
    values: dict[str, Any] = {
        "title": "Antrean daring lewat WhatsApp",
        "problem": "Warga menunggu dua jam di ruang tunggu PATEN.",
        "change": "Warga mengambil nomor antrean lewat WhatsApp dan datang sesuai jadwal.",
        "since": date(2026, 2, 2),
        "evidence": "Rekap antrean Februari–April dan foto papan jadwal.",
        "effect": "Waktu tunggu rata-rata turun dari 118 menjadi 35 menit.",
        "evidence_url": "",
        "co_members": (),
    }
    values.update(overrides)
    return InnovationInput(**values)


def submitted(actor: User, *, co_members: Iterable[Employee] = (), **overrides: Any) -> Innovation:
    data = innovation_input(co_members=[member.pk for member in co_members], **overrides)
    return submit_innovation(actor=actor, data=data)


def review(
    innovation: Innovation, reviewer: User, points: dict[str, int] | None = None
) -> Innovation:
    submit_review(
        actor=reviewer,
        innovation=innovation,
        points=points or EIGHTY,
        comment=f"Penilaian {reviewer.username}.",
    )
    innovation.refresh_from_db()
    return innovation


def verified(
    innovation: Innovation, reviewers: Iterable[tuple[User, dict[str, int]]], decider: User
) -> Innovation:
    """Reviewed by each of ``reviewers`` with their points, then verified by ``decider``
    (who must be among the reviewers when the panel is the evaluation team)."""
    for reviewer, points in reviewers:
        review(innovation, reviewer, points)
    return decide_innovation(
        actor=decider, innovation=innovation, verify=True, reason="Terbukti mempercepat layanan."
    )
