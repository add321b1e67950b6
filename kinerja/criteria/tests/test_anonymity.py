"""Anonymity in the consultation: the author of an anonymous proposal or comment is never
exposed, to anyone, on any page (the HR admin's audit page included); only the author
sees that the post is theirs. Votes are only counted. The summary's breakdown by unit
shows a unit only from five people on (the minimum-n rule)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.criteria.models import Proposal, Vote
from kinerja.criteria.rules import MINIMUM_GROUP_SIZE
from kinerja.criteria.selectors.consultation import participants_by_unit
from kinerja.criteria.services.consultation import (
    cast_vote,
    decide_proposal,
    post_comment,
)
from kinerja.criteria.services.versions import save_indicator
from kinerja.criteria.tests.factories import complete_version, results_indicator
from kinerja.criteria.tests.test_consultation_services import (
    TODAY,
    at,
    make_employee,
    open_consultation,
    propose,
    team_member,
)
from kinerja.organization.tests.factories import OrgUnitFactory

AUTHOR_USERNAME = "wkusuma"
AUTHOR_NAME = "Wulandari Kusumawardhani"
AUDIT_URL = "/administrasi/audit/"


def in_indonesian(message: str) -> str:
    with translation.override("id"):
        return gettext(message)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(at(TODAY), tick=False):
        yield


@pytest.fixture
def tim(org):
    return team_member(org)


@pytest.fixture
def round_(org, hr_admin, tim):
    return open_consultation(tim, complete_version(hr_admin, org.kecamatan))


@pytest.fixture
def author(org):
    """An employee of the service section who posts only anonymously."""
    employee = make_employee(org.pelayanan, AUTHOR_USERNAME, name=AUTHOR_NAME)
    employee.user.first_name, employee.user.last_name = "Wulandari", "Kusumawardhani"
    employee.user.save()
    return employee


@pytest.fixture
def consultation(org, tim, author, round_):
    """An anonymous proposal (voted on, commented on and decided, and shaping an
    indicator), and a named proposal carrying an anonymous comment by the same author."""
    hidden = propose(author.user, round_, is_anonymous=True, title="Usulan tanpa nama")
    named = propose(org.kasi.user, round_, kind=Proposal.Kind.ADD, indicator=None, title="Usulan")
    post_comment(actor=author.user, proposal=named, body="Komentar tanpa nama.", is_anonymous=True)
    post_comment(actor=org.staf.user, proposal=hidden, body="Komentar staf.")
    cast_vote(actor=author.user, proposal=named, stance=Vote.Stance.SUPPORT)
    cast_vote(actor=org.staf.user, proposal=hidden, stance=Vote.Stance.OPPOSE)
    decide_proposal(actor=tim, proposal=hidden, decision="DITERIMA", reason="Masuk akal.")
    save_indicator(
        actor=tim,
        version=round_.version,
        data=results_indicator("hasil-1", 60, shaped_by=(hidden.pk,)),
        indicator=round_.version.indicators.get(code="hasil-1"),
    )
    return hidden, named


def pages(round_, hidden: Proposal, named: Proposal) -> list[str]:
    return [
        reverse("criteria:round_list"),
        reverse("criteria:round_detail", kwargs={"round_id": round_.pk}),
        reverse("criteria:round_detail", kwargs={"round_id": round_.pk}) + "?sort=dukungan",
        reverse("criteria:round_summary", kwargs={"round_id": round_.pk}),
        reverse("criteria:proposal_detail", kwargs={"proposal_id": hidden.pk}),
        reverse("criteria:proposal_detail", kwargs={"proposal_id": named.pk}),
        reverse("criteria:version_detail", kwargs={"version_id": round_.version_id}),
    ]


def traces(author) -> list[str]:
    return [
        AUTHOR_USERNAME,
        AUTHOR_NAME,
        "Wulandari",
        "Kusumawardhani",
        author.nip,
        author.user.get_full_name(),
    ]


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "hr_admin", "tim"])
def test_no_page_names_the_anonymous_author(request, client_as, persona, author, consultation):
    hidden, named = consultation
    round_ = hidden.round
    client = client_as(request.getfixturevalue(persona))
    anonymous, yours = in_indonesian("Anonymous"), in_indonesian("You (anonymous)")

    for url in pages(round_, hidden, named):
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        content = response.content.decode()
        for trace in traces(author):
            assert trace not in content, (url, trace)
        assert yours not in content, url
    assert anonymous in client.get(pages(round_, hidden, named)[4]).content.decode()
    assert anonymous in client.get(pages(round_, hidden, named)[5]).content.decode()


def test_the_author_sees_their_own_anonymous_posts_as_theirs(client_as, author, consultation):
    hidden, named = consultation
    client = client_as(author.user)
    yours = in_indonesian("You (anonymous)")

    own_proposal = client.get(
        reverse("criteria:proposal_detail", kwargs={"proposal_id": hidden.pk})
    )
    own_comment = client.get(reverse("criteria:proposal_detail", kwargs={"proposal_id": named.pk}))
    round_page = client.get(reverse("criteria:round_detail", kwargs={"round_id": hidden.round_id}))

    assert own_proposal.context["card"].author.label == yours
    assert own_proposal.context["card"].author.is_mine
    assert yours in own_proposal.content.decode()
    assert [comment.author.label for comment in own_comment.context["page"].comments] == [yours]
    labels = {card.pk: card.author.label for card in round_page.context["cards"]}
    assert labels[hidden.pk] == yours
    assert labels[named.pk] == "Kasi"


def test_anonymous_posts_carry_no_unit_while_named_ones_do(client_as, org, consultation):
    hidden, named = consultation
    client = client_as(org.camat.user)

    cards = client.get(
        reverse("criteria:round_detail", kwargs={"round_id": hidden.round_id})
    ).context["cards"]
    by_pk = {card.pk: card.author for card in cards}
    assert (by_pk[hidden.pk].label, by_pk[hidden.pk].unit) == (in_indonesian("Anonymous"), "")
    assert (by_pk[named.pk].label, by_pk[named.pk].unit) == ("Kasi", org.pelayanan.name)
    comments = (
        client.get(reverse("criteria:proposal_detail", kwargs={"proposal_id": named.pk}))
        .context["page"]
        .comments
    )
    assert [(comment.author.label, comment.author.unit) for comment in comments] == [
        (in_indonesian("Anonymous"), "")
    ]


def test_the_audit_page_does_not_name_the_anonymous_author(
    client_as, hr_admin, author, consultation
):
    client = client_as(hr_admin)

    for query in ({}, {"q": consultation[0].title}, {"target_type": "criteria.proposal"}):
        response = client.get(AUDIT_URL, query)
        assert response.status_code == 200
        assert response.context["rows"]
        content = response.content.decode()
        for trace in traces(author):
            assert trace not in content, (query, trace)
    # Filtering by the author's username finds none of their posts.
    assert not client.get(AUDIT_URL, {"actor": AUTHOR_USERNAME}).context["rows"]
    assert not AuditEvent.objects.filter(actor=author.user).exists()
    assert not AuditEvent.objects.filter(actor_username=AUTHOR_USERNAME).exists()


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "tim", "outsider"])
def test_nobody_else_reads_the_audit_page(request, client_as, persona, consultation):
    response = client_as(request.getfixturevalue(persona)).get(AUDIT_URL)
    assert response.status_code in {403, 404}


def test_votes_are_shown_as_counts_never_per_person(client_as, org, author, consultation):
    _hidden, named = consultation
    for voter in (org.kasi.user, org.camat.user):
        cast_vote(actor=voter, proposal=named, stance=Vote.Stance.OPPOSE)

    page = client_as(org.lurah.user).get(
        reverse("criteria:proposal_detail", kwargs={"proposal_id": named.pk})
    )

    card = page.context["card"]
    assert (card.support, card.oppose) == (1, 2)
    assert card.my_stance == ""
    content = page.content.decode()
    for voter_name in ("Kasi", "Camat", AUTHOR_NAME):
        assert voter_name not in content.split('id="vote-box"')[1].split("</section>")[0]


def test_the_decision_notification_goes_to_the_author_alone(author, consultation):
    notifications = author.user.notifications.all()
    assert [notification.url for notification in notifications] == [
        reverse("criteria:proposal_detail", kwargs={"proposal_id": consultation[0].pk})
    ]


# -- minimum-n ---------------------------------------------------------------------------


def _participants(unit, prefix: str, count: int):
    return [make_employee(unit, f"{prefix}{number}").user for number in range(count)]


@pytest.fixture
def big_and_small(org, round_):
    """Five people of the service section and four of the kelurahan take part, each in a
    different way (proposal, comment, vote), some anonymously."""
    proposal = propose(org.kasi.user, round_, title="Usulan dasar")
    service = [org.kasi.user, *_participants(org.pelayanan, "pel", 4)]
    kelurahan = _participants(org.kelurahan, "kel", 4)
    for number, person in enumerate(service[1:] + kelurahan):
        if number % 3 == 0:
            propose(person, round_, is_anonymous=True, title=f"Usulan {number}")
        elif number % 3 == 1:
            post_comment(actor=person, proposal=proposal, body="Catatan.", is_anonymous=True)
        else:
            cast_vote(actor=person, proposal=proposal, stance=Vote.Stance.SUPPORT)
    # The same person taking part three times counts once.
    post_comment(actor=org.kasi.user, proposal=proposal, body="Tambahan.")
    return proposal


def test_a_unit_with_four_people_is_not_shown(client_as, org, round_, big_and_small):
    people, groups = participants_by_unit(round_)
    assert people == 9
    assert groups == {org.pelayanan.name: 5, org.kelurahan.name: 4}

    response = client_as(org.staf.user).get(
        reverse("criteria:round_summary", kwargs={"round_id": round_.pk})
    )

    by_unit = response.context["summary"].by_unit
    assert by_unit.shown == ((org.pelayanan.name, 5),)
    assert (by_unit.hidden_people, by_unit.hidden_groups) == (4, 1)
    content = response.content.decode()
    assert org.pelayanan.name in content
    assert org.kelurahan.name not in content


def test_a_unit_is_shown_from_five_people_on(client_as, org, round_, big_and_small):
    fifth = make_employee(org.kelurahan, "kel-kelima").user
    cast_vote(actor=fifth, proposal=big_and_small, stance=Vote.Stance.OPPOSE)

    response = client_as(org.staf.user).get(
        reverse("criteria:round_summary", kwargs={"round_id": round_.pk})
    )

    by_unit = response.context["summary"].by_unit
    assert by_unit.shown == ((org.kelurahan.name, 5), (org.pelayanan.name, 5))
    assert by_unit.hidden_people == 0
    assert org.kelurahan.name in response.content.decode()
    assert MINIMUM_GROUP_SIZE == 5


def test_a_person_counts_in_the_unit_of_their_latest_contribution(org, round_):
    mover = make_employee(org.pelayanan, "pindahan")
    propose(mover.user, round_, title="Dari pelayanan")
    mover.unit = org.kelurahan
    mover.save()
    with time_machine.travel(at(date(2026, 3, 11)), tick=False):
        post_comment(
            actor=User.objects.get(pk=mover.user.pk),  # a fresh request: a fresh viewer
            proposal=Proposal.objects.get(),
            body="Dari kelurahan.",
        )

    assert participants_by_unit(round_) == (1, {org.kelurahan.name: 1})


def test_units_with_the_same_name_are_told_apart_by_code(org, round_):
    twin = OrgUnitFactory(code="KEL2", name=org.kelurahan.name, parent=org.kecamatan)
    propose(make_employee(org.kelurahan, "satu").user, round_, title="Satu")
    propose(make_employee(twin, "dua").user, round_, title="Dua")

    _people, groups = participants_by_unit(round_)
    assert groups == {f"{org.kelurahan.name} (KEL)": 1, f"{org.kelurahan.name} (KEL2)": 1}
