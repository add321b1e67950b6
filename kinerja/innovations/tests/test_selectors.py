"""The reads of the ledger: which innovations each persona may see, the verified credit
per employee and year (the criteria's measurement source), and the rights of one viewer
on one innovation."""

from decimal import Decimal

import pytest
from django.utils import timezone

from kinerja.innovations.models import Innovation, InnovationCredit
from kinerja.innovations.selectors import (
    access_of,
    innovations_for_user,
    pending_credits,
    verified_credit,
    verified_credits,
    viewer_of,
)
from kinerja.innovations.services import appoint_reviewers
from kinerja.innovations.tests.factories import EIGHTY, make_employee, submitted, verified
from kinerja.organization.services import open_performance_year
from kinerja.organization.tests.factories import UserFactory

D = Decimal
pytestmark = pytest.mark.usefixtures("ledger")


@pytest.fixture
def innovations(org, pegawai, tim, hr_admin):
    """staf and rekan's innovation still open, and kasi's verified one."""
    open_one = submitted(pegawai, title="Terbuka", co_members=[org.rekan])
    done = verified(
        submitted(org.kasi.user, title="Terverifikasi"),
        [(tim, EIGHTY), (hr_admin, EIGHTY)],
        decider=tim,
    )
    return open_one, done


def titles(user) -> set[str]:
    return set(innovations_for_user(user).values_list("title", flat=True))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staf", {"Terbuka", "Terverifikasi"}),
        ("rekan", {"Terbuka", "Terverifikasi"}),
        ("kasi", {"Terverifikasi"}),
        ("camat", {"Terverifikasi"}),
        ("lurah", {"Terverifikasi"}),
        ("admin", {"Terbuka", "Terverifikasi"}),
        ("asing", set()),
    ],
)
def test_each_persona_sees_what_the_rules_allow(org, innovations, who, expected):
    assert titles(getattr(org, who).user) == expected


def test_the_evaluation_team_sees_everything_of_its_organisation(tim, innovations):
    assert titles(tim) == {"Terbuka", "Terverifikasi"}


def test_the_team_and_the_admin_of_another_organisation_see_nothing(org, innovations):
    asing = org.asing.user
    asing.is_evaluation_team = asing.is_hr_admin = True
    asing.save()

    assert titles(asing) == set()


def test_an_hr_admin_without_an_employee_record_sees_every_organisation(innovations):
    assert titles(UserFactory(username="bkpsdm", is_hr_admin=True)) == {
        "Terbuka",
        "Terverifikasi",
    }


def test_outsiders_see_nothing(outsider, innovations):
    assert titles(outsider) == set()


def test_an_appointed_reviewer_sees_the_innovation_appointed_to_them(org, tim, innovations):
    open_one, _done = innovations
    appoint_reviewers(actor=tim, innovation=open_one, reviewer_ids=[org.lurah.user.pk])

    assert titles(org.lurah.user) == {"Terbuka", "Terverifikasi"}
    assert access_of(viewer_of(org.lurah.user), open_one).may_review


def test_the_rights_of_the_submitter_a_member_and_the_team(org, pegawai, tim, innovations):
    open_one, done = innovations

    submitter = access_of(viewer_of(pegawai), open_one)
    member = access_of(viewer_of(org.rekan.user), open_one)
    team = access_of(viewer_of(tim), open_one)
    on_verified = access_of(viewer_of(org.kasi.user), done)

    assert (submitter.may_edit, submitter.may_review, submitter.may_decide) == (True, False, False)
    assert (member.may_edit, member.is_member, member.on_panel) == (False, True, False)
    assert (team.may_review, team.may_decide, team.may_appoint, team.sees_reviews) == (
        True,
        True,
        True,
        False,
    )
    assert not team.may_open_decision
    assert (on_verified.may_decide, on_verified.sees_reviews, on_verified.may_edit) == (
        False,
        True,
        False,
    )


def test_the_verified_credit_counts_one_year_and_verified_innovations_only(org, pegawai, year):
    # given: a credit of 2025 and one of 2026, and a credit row on an undecided innovation
    last_year = open_performance_year(actor=None, year=2025)

    def credit(performance_year, status, points):
        innovation = Innovation.objects.create(
            organization=org.kecamatan,
            performance_year=performance_year,
            submitted_by=org.staf,
            title=f"Inovasi {performance_year.year} {status}",
            problem="P",
            change="C",
            since=timezone.localdate(),
            evidence="E",
            effect="F",
            status=status,
            submitted_at=timezone.now(),
            decided_at=timezone.now() if status == "TERVERIFIKASI" else None,
            decision_reason="Alasan" if status == "TERVERIFIKASI" else "",
        )
        InnovationCredit.objects.create(
            innovation=innovation, employee=org.staf, points=points, uncapped_points=points
        )

    credit(last_year, "TERVERIFIKASI", D("6.5"))
    credit(year, "TERVERIFIKASI", D("7.25"))
    credit(year, "DINILAI", D(3))

    # then
    assert verified_credit(org.staf, 2025) == D("6.50")
    assert verified_credit(org.staf, 2026) == D("7.25")
    assert verified_credit(org.staf, 2024) == D(0)
    assert verified_credits([org.staf.pk, org.rekan.pk], 2026) == {
        org.staf.pk: D("7.25"),
        org.rekan.pk: D(0),
    }
    assert [credit.points for credit in pending_credits(org.staf)] == [D("6.5"), D("7.25")]


def test_the_verified_credit_is_one_query(org, django_assert_num_queries, tim, hr_admin):
    for number in range(3):
        member = make_employee(org.pelayanan, f"anggota{number}")
        verified(
            submitted(org.staf.user, title=f"Inovasi {number}", co_members=[member]),
            [(tim, EIGHTY), (hr_admin, EIGHTY)],
            decider=tim,
        )
    ids = list(org.pelayanan.employees.values_list("pk", flat=True))

    with django_assert_num_queries(1):
        verified_credit(org.staf, 2026)
    with django_assert_num_queries(1):
        credits = verified_credits(ids, 2026)
    assert credits[org.staf.pk] == D(10)
