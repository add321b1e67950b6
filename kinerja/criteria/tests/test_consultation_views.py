"""The consultation pages through the test client: who may open which page (personas),
the forms and their errors, votes with and without htmx, decisions seen by the author,
filters that survive paging, empty states, and query counts that do not grow with the
number of proposals."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.criteria.models import ConsultationRound, Proposal, Vote
from kinerja.criteria.rules import Stage
from kinerja.criteria.services.consultation import (
    cast_vote,
    close_round,
    decide_proposal,
    post_comment,
)
from kinerja.criteria.services.versions import move_version, save_indicator
from kinerja.criteria.tests.factories import complete_version, results_indicator
from kinerja.criteria.tests.test_consultation_services import (
    CLOSES,
    OPENS,
    TODAY,
    at,
    make_employee,
    open_consultation,
    propose,
    team_member,
)
from kinerja.criteria.tests.test_consultation_services import (
    results_indicator as indicator_of,
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(at(TODAY), tick=False):
        yield


@pytest.fixture
def tim(org):
    return team_member(org)


@pytest.fixture
def version(org, hr_admin):
    return complete_version(hr_admin, org.kecamatan)


@pytest.fixture
def round_(tim, version):
    return open_consultation(tim, version)


def in_indonesian(message: str) -> str:
    with translation.override("id"):
        return gettext(message)


@pytest.fixture
def asing(org):
    return org.asing.user


READ_PAGES = ["round_list", "round_detail", "round_summary", "proposal_detail", "proposal_create"]


def url_of(page: str, round_: ConsultationRound, proposal: Proposal | None = None) -> str:
    if page == "round_list":
        return reverse("criteria:round_list")
    if page in {"proposal_detail", "comment_create", "vote", "decide"}:
        assert proposal is not None
        return reverse(f"criteria:{page}", kwargs={"proposal_id": proposal.pk})
    if page == "round_open":
        return reverse("criteria:round_open", kwargs={"version_id": round_.version_id})
    return reverse(f"criteria:{page}", kwargs={"round_id": round_.pk})


@pytest.fixture
def proposal(pegawai, round_):
    return propose(pegawai, round_)


# -- who sees what -----------------------------------------------------------------------


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "hr_admin", "tim"])
def test_everyone_in_the_organisation_reads_the_consultation(
    request, client_as, persona, page, proposal
):
    user = request.getfixturevalue(persona)
    response = client_as(user).get(url_of(page, proposal.round, proposal))
    assert response.status_code == 200


NOT_FOUND_PAGES = [
    *READ_PAGES[1:],
    "round_open",
    "round_close",
    "comment_create",
    "vote",
    "decide",
]


@pytest.mark.parametrize("page", NOT_FOUND_PAGES)
@pytest.mark.parametrize("persona", ["outsider", "asing"])
def test_outsiders_and_other_organisations_get_404_everywhere(
    request, client_as, persona, page, proposal
):
    client = client_as(request.getfixturevalue(persona))
    url = url_of(page, proposal.round, proposal)
    posts = {"comment_create", "vote", "decide"}
    response = client.post(url, {}) if page in posts else client.get(url)
    assert response.status_code == 404


def test_outsiders_get_404_on_the_list_and_other_organisations_see_only_theirs(
    client_as, outsider, asing, round_
):
    assert client_as(outsider).get(reverse("criteria:round_list")).status_code == 404
    listing = client_as(asing).get(reverse("criteria:round_list"))
    assert listing.status_code == 200
    assert not listing.context["rows"]
    assert round_.title not in listing.content.decode()


def test_the_team_of_another_organisation_gets_404_too(client_as, org, round_, proposal):
    org.asing.user.is_evaluation_team = True
    org.asing.user.save()
    client = client_as(org.asing.user)

    assert client.get(url_of("round_open", round_)).status_code == 404
    assert client.get(url_of("round_close", round_)).status_code == 404
    assert client.post(url_of("decide", round_, proposal), {}).status_code == 404


@pytest.mark.parametrize("page", ["round_open", "round_close"])
@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan"])
def test_only_the_team_opens_and_closes_rounds(request, client_as, persona, page, round_):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(url_of(page, round_)).status_code == 403
    assert client.post(url_of(page, round_), {}).status_code == 403
    round_.refresh_from_db()
    assert round_.closed_at is None


@pytest.mark.parametrize("persona", ["hr_admin", "tim"])
def test_the_team_and_the_admin_open_and_close_rounds(request, client_as, persona, round_):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(url_of("round_open", round_)).status_code == 200
    assert client.get(url_of("round_close", round_)).status_code == 200


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan"])
def test_only_the_team_decides(request, client_as, persona, proposal, round_):
    response = client_as(request.getfixturevalue(persona)).post(
        url_of("decide", round_, proposal), {"decision": "DITERIMA", "reason": "Setuju."}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.decision == ""


def test_the_decision_form_is_shown_to_the_team_only(client_as, pegawai, tim, proposal):
    url = reverse("criteria:proposal_detail", kwargs={"proposal_id": proposal.pk})
    assert client_as(tim).get(url).context["decision_form"] is not None
    assert client_as(pegawai).get(url).context["decision_form"] is None


# -- rounds ------------------------------------------------------------------------------


def test_the_team_opens_a_round_through_the_form(client_as, tim, version):
    url = reverse("criteria:round_open", kwargs={"version_id": version.pk})
    form = client_as(tim).get(url).context["form"]
    assert form.initial["opens_on"] == date(2026, 3, 10)

    response = client_as(tim).post(
        url,
        {
            "title": "Konsultasi 2026",
            "question": "Apa yang perlu diubah?",
            "opens_on": "2026-03-10",
            "closes_on": "2026-03-24",
        },
    )

    round_ = ConsultationRound.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("criteria:round_detail", kwargs={"round_id": round_.pk})
    version.refresh_from_db()
    assert version.status == Stage.CONSULTATION


def test_a_refused_round_shows_the_error_on_its_field(client_as, tim, version):
    response = client_as(tim).post(
        reverse("criteria:round_open", kwargs={"version_id": version.pk}),
        {
            "title": "Konsultasi",
            "question": "Apa?",
            "opens_on": "2026-03-20",
            "closes_on": "2026-03-12",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["closes_on"]
    assert not ConsultationRound.objects.exists()


def test_no_round_form_on_an_adopted_version(client_as, tim, hr_admin, version):
    move_version(actor=hr_admin, version=version, to=Stage.ADOPTED)
    response = client_as(tim).get(reverse("criteria:round_open", kwargs={"version_id": version.pk}))
    assert response.status_code == 200
    assert not response.context["can_open"]
    assert b'name="question"' not in response.content


def test_the_list_offers_the_team_the_versions_to_consult(
    client_as, tim, pegawai, hr_admin, version
):
    url = reverse("criteria:round_list")
    open_url = reverse("criteria:round_open", kwargs={"version_id": version.pk})
    assert open_url in client_as(tim).get(url).content.decode()
    assert open_url not in client_as(pegawai).get(url).content.decode()
    move_version(actor=hr_admin, version=version, to=Stage.ADOPTED)
    assert open_url not in client_as(tim).get(url).content.decode()


def test_the_empty_list_says_what_comes_next(client_as, tim, pegawai, version):
    team_page = client_as(tim).get(reverse("criteria:round_list")).content.decode()
    staff_page = client_as(pegawai).get(reverse("criteria:round_list")).content.decode()
    assert "empty-state" in team_page
    assert "empty-state" in staff_page
    assert reverse("criteria:version_list") in staff_page


def test_the_list_searches_filters_by_state_and_pages(client_as, pegawai, tim, version):
    # given: 25 open rounds about "bobot" and one closed round about "target"
    for number in range(25):
        created = open_consultation(tim, version)
        ConsultationRound.objects.filter(pk=created.pk).update(title=f"Bobot {number:02d}")
    closed = open_consultation(tim, version)
    ConsultationRound.objects.filter(pk=closed.pk).update(title="Target loket")
    close_round(actor=tim, round=closed)
    client = client_as(pegawai)
    url = reverse("criteria:round_list")

    # when / then
    assert client.get(url).context["page_obj"].paginator.count == 26
    searched = client.get(url, {"q": "bobot", "state": "dibuka"})
    assert searched.context["page_obj"].paginator.count == 25
    assert "state=dibuka" in searched.content.decode().split('rel="next"')[0].rsplit("href", 1)[1]
    second = client.get(url, {"q": "bobot", "state": "dibuka", "page": 2})
    assert len(second.context["rows"]) == 5
    closed_only = client.get(url, {"state": "ditutup"})
    assert [round_.title for round_, _status in closed_only.context["rows"]] == ["Target loket"]
    nothing = client.get(url, {"q": "tidak ada"})
    assert "empty-state" in nothing.content.decode()
    assert reverse("criteria:round_list") + '"' in nothing.content.decode()


def test_closing_a_round_asks_first_then_closes(client_as, tim, round_):
    url = reverse("criteria:round_close", kwargs={"round_id": round_.pk})
    confirmation = client_as(tim).get(url)
    assert b'method="post"' in confirmation.content
    round_.refresh_from_db()
    assert round_.closed_at is None

    response = client_as(tim).post(url)

    assert response.status_code == 302
    assert ConsultationRound.objects.get(pk=round_.pk).closed_at is not None
    again = client_as(tim).get(url)
    assert b'method="post"' not in again.content.split(b"<main")[1]


def test_the_round_page_invites_proposals_only_while_open(client_as, pegawai, tim, round_):
    url = reverse("criteria:round_detail", kwargs={"round_id": round_.pk})
    create_url = reverse("criteria:proposal_create", kwargs={"round_id": round_.pk})
    assert create_url in client_as(pegawai).get(url).content.decode()
    close_round(actor=tim, round=round_)
    assert create_url not in client_as(pegawai).get(url).content.decode()


def test_the_round_page_links_the_version_and_shows_counts(
    client_as, pegawai, atasan, tim, proposal
):
    round_ = proposal.round
    cast_vote(actor=atasan, proposal=proposal, stance=Vote.Stance.SUPPORT)
    cast_vote(actor=tim, proposal=proposal, stance=Vote.Stance.OPPOSE)
    cast_vote(actor=pegawai, proposal=proposal, stance=Vote.Stance.SUPPORT)
    post_comment(actor=atasan, proposal=proposal, body="Setuju.")

    response = client_as(pegawai).get(
        reverse("criteria:round_detail", kwargs={"round_id": round_.pk})
    )

    (card,) = response.context["cards"]
    assert (card.support, card.oppose, card.comment_count) == (2, 1, 1)
    assert card.my_stance == Vote.Stance.SUPPORT
    assert reverse("criteria:version_detail", kwargs={"version_id": round_.version_id}) in (
        response.content.decode()
    )


def test_the_round_page_filters_survive_paging(client_as, pegawai, atasan, tim, round_):
    # given: 23 weight proposals (3 of them rejected) and 2 new-indicator proposals
    weights = [propose(pegawai, round_, title=f"Bobot {n:02d}") for n in range(23)]
    for proposal in weights[:3]:
        decide_proposal(actor=tim, proposal=proposal, decision="DITOLAK", reason="Tidak.")
    for n in range(2):
        propose(atasan, round_, kind=Proposal.Kind.ADD, indicator=None, title=f"Baru {n}")
    url = reverse("criteria:round_detail", kwargs={"round_id": round_.pk})
    client = client_as(pegawai)

    # when / then
    assert client.get(url).context["page_obj"].paginator.count == 25
    kind = client.get(url, {"kind": "BOBOT", "status": "belum"})
    assert kind.context["page_obj"].paginator.count == 20
    assert (
        client.get(url, {"kind": "BOBOT", "status": "ditolak"}).context["page_obj"].paginator.count
        == 3
    )
    assert client.get(url, {"q": "baru"}).context["page_obj"].paginator.count == 2
    paged = client.get(url, {"kind": "BOBOT", "page": 2})
    assert paged.context["page_obj"].number == 2
    assert len(paged.context["cards"]) == 3
    assert "kind=BOBOT" in paged.content.decode().split('rel="prev"')[0].rsplit("href", 1)[1]
    nothing = client.get(url, {"q": "tidak ada sama sekali"})
    assert not nothing.context["cards"]
    assert "empty-state" in nothing.content.decode()


def test_sorting_by_support_puts_the_most_supported_first(client_as, pegawai, atasan, tim, round_):
    quiet = propose(pegawai, round_, title="Sepi")
    popular = propose(pegawai, round_, title="Ramai")
    disliked = propose(pegawai, round_, title="Ditolak banyak")
    cast_vote(actor=atasan, proposal=popular, stance=Vote.Stance.SUPPORT)
    cast_vote(actor=tim, proposal=popular, stance=Vote.Stance.SUPPORT)
    cast_vote(actor=atasan, proposal=disliked, stance=Vote.Stance.OPPOSE)

    response = client_as(pegawai).get(
        reverse("criteria:round_detail", kwargs={"round_id": round_.pk}), {"sort": "dukungan"}
    )

    assert [card.pk for card in response.context["cards"]] == [popular.pk, quiet.pk, disliked.pk]


# -- proposals, comments, votes, decisions -----------------------------------------------


def test_posting_a_proposal_through_the_form(client_as, pegawai, round_):
    indicator = indicator_of(round_.version)
    response = client_as(pegawai).post(
        reverse("criteria:proposal_create", kwargs={"round_id": round_.pk}),
        {
            "kind": "TARGET",
            "indicator": indicator.pk,
            "title": "Target 90 % terlalu tinggi",
            "body": "Di kelurahan, berkas sering kurang.",
            "is_anonymous": "on",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("criteria:proposal_detail", kwargs={"proposal_id": proposal.pk})
    assert proposal.is_anonymous
    assert proposal.indicator == indicator


def test_a_refused_proposal_shows_the_error_on_its_field(client_as, pegawai, round_):
    response = client_as(pegawai).post(
        reverse("criteria:proposal_create", kwargs={"round_id": round_.pk}),
        {"kind": "UBAH", "indicator": "", "title": "Ubah", "body": "Alasan."},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["indicator"]
    assert not Proposal.objects.exists()


def test_the_indicator_list_holds_only_the_versions_indicators(client_as, pegawai, round_):
    form = (
        client_as(pegawai)
        .get(reverse("criteria:proposal_create", kwargs={"round_id": round_.pk}))
        .context["form"]
    )
    versions = {indicator.version_id for indicator in form.fields["indicator"].queryset}
    assert versions == {round_.version_id}


def test_no_proposal_form_once_the_round_closed(client_as, pegawai, tim, round_):
    close_round(actor=tim, round=round_)
    url = reverse("criteria:proposal_create", kwargs={"round_id": round_.pk})
    assert b'name="body"' not in client_as(pegawai).get(url).content
    response = client_as(pegawai).post(url, {"kind": "TAMBAH", "title": "Baru", "body": "Alasan."})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Proposal.objects.exists()


def test_commenting_through_the_form(client_as, atasan, proposal):
    url = reverse("criteria:comment_create", kwargs={"proposal_id": proposal.pk})
    response = client_as(atasan).post(url, {"body": "Setuju sekali."})
    assert response.status_code == 302
    assert proposal.comments.get().body == "Setuju sekali."

    empty = client_as(atasan).post(url, {"body": ""})
    assert empty.status_code == 200
    assert empty.context["comment_form"].errors["body"]
    assert client_as(atasan).get(url).status_code == 405


def test_voting_without_javascript_redirects_back(client_as, atasan, proposal):
    url = reverse("criteria:vote", kwargs={"proposal_id": proposal.pk})
    response = client_as(atasan).post(url, {"stance": "DUKUNG"})
    assert response.status_code == 302
    assert response.url == reverse("criteria:proposal_detail", kwargs={"proposal_id": proposal.pk})
    assert Vote.objects.get().stance == Vote.Stance.SUPPORT

    client_as(atasan).post(url, {"stance": ""})
    assert not Vote.objects.exists()


def test_voting_with_htmx_returns_the_vote_box(client_as, atasan, proposal):
    response = client_as(atasan).post(
        reverse("criteria:vote", kwargs={"proposal_id": proposal.pk}),
        {"stance": "TOLAK"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="vote-box",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section class="card" id="vote-box"')
    assert response.context["card"].oppose == 1
    assert response.context["card"].my_stance == Vote.Stance.OPPOSE


def test_a_refused_vote_is_explained(client_as, atasan, tim, proposal):
    decide_proposal(actor=tim, proposal=proposal, decision="DITERIMA", reason="Ya.")
    url = reverse("criteria:vote", kwargs={"proposal_id": proposal.pk})

    response = client_as(atasan).post(url, {"stance": "DUKUNG"}, HTTP_HX_REQUEST="true")
    assert response.context["vote_error"]
    followed = client_as(atasan).post(url, {"stance": "DUKUNG"}, follow=True)
    assert [str(message) for message in followed.context["messages"]]
    assert not Vote.objects.exists()


def test_the_decision_is_visible_to_the_author(client_as, pegawai, tim, proposal):
    response = client_as(tim).post(
        reverse("criteria:decide", kwargs={"proposal_id": proposal.pk}),
        {"decision": "DITERIMA_SEBAGIAN", "reason": "Bobot turun menjadi 50."},
    )
    assert response.status_code == 302

    page = client_as(pegawai).get(
        reverse("criteria:proposal_detail", kwargs={"proposal_id": proposal.pk})
    )
    content = page.content.decode()
    assert "Bobot turun menjadi 50." in content
    assert in_indonesian("Partly accepted") in content
    assert AuditEvent.objects.filter(action=AuditAction.PROPOSAL_DECIDED).count() == 1


def test_a_decision_without_a_reason_is_refused_on_the_form(client_as, tim, proposal):
    response = client_as(tim).post(
        reverse("criteria:decide", kwargs={"proposal_id": proposal.pk}),
        {"decision": "DITOLAK", "reason": ""},
    )
    assert response.status_code == 200
    assert response.context["decision_form"].errors["reason"]
    proposal.refresh_from_db()
    assert proposal.decision == ""


def test_the_proposal_page_shows_the_indicators_it_shaped(client_as, pegawai, tim, proposal):
    save_indicator(
        actor=tim,
        version=proposal.round.version,
        data=results_indicator("hasil-1", 50, shaped_by=(proposal.pk,)),
        indicator=indicator_of(proposal.round.version),
    )
    page = client_as(pegawai).get(
        reverse("criteria:proposal_detail", kwargs={"proposal_id": proposal.pk})
    )
    assert [indicator.code for indicator in page.context["page"].shaped] == ["hasil-1"]
    assert "<code>hasil-1</code>" in page.content.decode()


def test_after_the_round_the_page_still_reads_and_takes_no_comment(client_as, pegawai, proposal):
    with time_machine.travel(at(date(2026, 4, 2)), tick=False):
        page = client_as(pegawai).get(
            reverse("criteria:proposal_detail", kwargs={"proposal_id": proposal.pk})
        )
    assert page.status_code == 200
    assert page.context["comment_form"] is None
    assert b'name="stance"' not in page.content


# -- summary -----------------------------------------------------------------------------


def test_the_summary_counts_participation_top_proposals_and_decisions(
    client_as, pegawai, atasan, tim, round_
):
    first = propose(pegawai, round_, title="Pertama")
    second = propose(atasan, round_, kind=Proposal.Kind.ADD, indicator=None, title="Kedua")
    cast_vote(actor=tim, proposal=second, stance=Vote.Stance.SUPPORT)
    post_comment(actor=tim, proposal=first, body="Komentar.")
    decide_proposal(actor=tim, proposal=first, decision="DITOLAK", reason="Tidak.")

    summary = (
        client_as(pegawai)
        .get(reverse("criteria:round_summary", kwargs={"round_id": round_.pk}))
        .context["summary"]
    )

    assert (summary.people, summary.proposals, summary.comments, summary.votes) == (3, 2, 1, 1)
    assert summary.decided == 1
    assert [card.pk for card in summary.top] == [second.pk, first.pk]
    weights = next(row for row in summary.decisions if row.kind == Proposal.Kind.WEIGHT)
    additions = next(row for row in summary.decisions if row.kind == Proposal.Kind.ADD)
    assert (weights.rejected, weights.undecided, weights.total) == (1, 0, 1)
    assert (additions.undecided, additions.total) == (1, 1)


# -- query counts ------------------------------------------------------------------------


def _many_proposals(org, round_, count: int) -> None:
    authors = [
        make_employee(org.pelayanan, f"penulis{n}").user
        for n in range(Proposal.objects.count(), Proposal.objects.count() + 5)
    ]
    voter = org.kasi.user
    for number in range(count):
        proposal = propose(
            authors[number % 5], round_, title=f"Usulan {number}", is_anonymous=number % 2 == 0
        )
        cast_vote(actor=voter, proposal=proposal, stance=Vote.Stance.SUPPORT)
        post_comment(actor=authors[(number + 1) % 5], proposal=proposal, body="Catatan.")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["round_detail", "round_summary", "round_list"])
def test_query_counts_do_not_grow_with_the_proposals(
    client_as, org, round_, page, django_assert_max_num_queries
):
    client = client_as(org.staf.user)
    url = url_of(page, round_)
    _many_proposals(org, round_, 5)
    few = _queries(client, url)
    _many_proposals(org, round_, 45)
    assert Proposal.objects.count() == 50

    with django_assert_max_num_queries(few):
        client.get(url)
    with django_assert_max_num_queries(14):
        client.get(url)


def test_the_proposal_page_query_count_does_not_grow_with_comments(
    client_as, org, pegawai, round_, django_assert_max_num_queries
):
    proposal = propose(pegawai, round_)
    url = url_of("proposal_detail", round_, proposal)
    client = client_as(pegawai)
    post_comment(actor=org.kasi.user, proposal=proposal, body="Satu.")
    few = _queries(client, url)
    for number in range(20):
        author = make_employee(org.kelurahan, f"komentator{number}").user
        post_comment(actor=author, proposal=proposal, body="Lagi.", is_anonymous=number % 2 == 0)

    with django_assert_max_num_queries(few):
        client.get(url)


def test_the_round_period_is_inclusive_on_the_pages(client_as, pegawai, round_):
    url = reverse("criteria:round_detail", kwargs={"round_id": round_.pk})
    for day, is_open in ((OPENS, True), (CLOSES, True), (date(2026, 4, 1), False)):
        with time_machine.travel(at(day), tick=False):
            assert client_as(pegawai).get(url).context["takes_part"] is is_open
