"""The innovation pages through the test client: who may open which page (personas),
the forms and their errors, what each viewer sees of the reviews and credits, filters
that survive paging, empty states, and query counts that do not grow with the rows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.innovations.models import Innovation, InnovationCredit, Review
from kinerja.innovations.services import appoint_reviewers, decide_innovation
from kinerja.innovations.tests.factories import (
    EIGHTY,
    SIXTY,
    make_employee,
    review,
    submitted,
    verified,
)
from kinerja.plans.models import PerformancePlan, WorkResult

pytestmark = pytest.mark.usefixtures("ledger")


def url(name: str, innovation: Innovation | None = None) -> str:
    if innovation is None:
        return reverse(f"innovations:{name}")
    return reverse(f"innovations:{name}", kwargs={"innovation_id": innovation.pk})


@pytest.fixture
def open_innovation(org, pegawai):
    """staf's innovation with rekan, as submitted."""
    return submitted(pegawai, co_members=[org.rekan], title="Antrean daring PATEN")


@pytest.fixture
def verified_innovation(org, tim, hr_admin):
    innovation = submitted(
        org.kasi.user, title="Cek kelengkapan berkas sebelum datang", co_members=[org.staf]
    )
    return verified(innovation, [(tim, EIGHTY), (hr_admin, SIXTY)], decider=tim)


@pytest.fixture
def rejected_innovation(org, tim):
    innovation = submitted(org.lurah.user, title="Kotak saran digital")
    review(innovation, tim, SIXTY)
    return decide_innovation(
        actor=tim, innovation=innovation, verify=False, reason="Belum ada dampak terukur."
    )


@pytest.fixture
def client_of(request, org, client_as):
    """``client_of("kasi")``: a client logged in as that persona of ``org`` (or "tim", or
    "outsider")."""

    def make(name: str):
        if name == "tim":
            return client_as(request.getfixturevalue("tim"))
        if name == "outsider":
            return client_as(org.outsider)
        return client_as(getattr(org, name).user)

    return make


# -- who sees what -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staf", 200),  # the submitter
        ("rekan", 200),  # a co-member
        ("kasi", 404),  # their atasan
        ("camat", 404),  # the pimpinan
        ("lurah", 404),  # a colleague
        ("admin", 200),  # the HR admin
        ("tim", 200),  # the evaluation team
        ("asing", 404),  # another organisation
        ("outsider", 404),  # no employee record
    ],
)
def test_an_undecided_innovation_is_seen_by_its_team_and_the_panel_only(
    client_of, open_innovation, who, status
):
    response = client_of(who).get(url("innovation_detail", open_innovation))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staf", 200),
        ("kasi", 200),
        ("camat", 200),
        ("lurah", 200),
        ("admin", 200),
        ("tim", 200),
        ("asing", 404),
        ("outsider", 404),
    ],
)
def test_a_verified_innovation_is_open_to_the_whole_organisation(
    client_of, verified_innovation, who, status
):
    response = client_of(who).get(url("innovation_detail", verified_innovation))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("lurah", 200), ("tim", 200), ("admin", 200), ("staf", 404), ("camat", 404)]
)
def test_a_rejected_innovation_stays_with_its_team_and_the_panel(
    client_of, rejected_innovation, who, status
):
    response = client_of(who).get(url("innovation_detail", rejected_innovation))

    assert response.status_code == status


def test_an_appointed_reviewer_sees_the_innovation(org, tim, client_as, open_innovation):
    appoint_reviewers(actor=tim, innovation=open_innovation, reviewer_ids=[org.kasi.user.pk])

    response = client_as(org.kasi.user).get(url("innovation_detail", open_innovation))

    assert response.status_code == 200
    assert response.context["access"].may_review


@pytest.mark.parametrize(
    ("who", "page", "status"),
    [
        ("staf", "innovation_update", 200),
        ("rekan", "innovation_update", 403),
        ("tim", "innovation_update", 403),
        ("tim", "review", 200),
        ("admin", "review", 200),
        ("staf", "review", 403),
        ("rekan", "review", 403),
        ("tim", "decide", 200),
        ("admin", "appoint_reviewers", 200),
        ("staf", "decide", 403),
        ("staf", "appoint_reviewers", 403),
        ("kasi", "review", 404),
        ("asing", "decide", 404),
        ("outsider", "review", 404),
    ],
)
def test_the_pages_of_an_innovation_answer_each_persona(
    client_of, open_innovation, who, page, status
):
    response = client_of(who).get(url(page, open_innovation))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "page", "status"),
    [
        ("staf", "innovation_list", 200),
        ("kasi", "innovation_list", 200),
        ("camat", "innovation_list", 200),
        ("asing", "innovation_list", 200),
        ("outsider", "innovation_list", 404),
        ("staf", "my_innovations", 200),
        ("outsider", "my_innovations", 404),
        ("staf", "innovation_create", 200),
        ("outsider", "innovation_create", 404),
        ("tim", "review_queue", 200),
        ("admin", "review_queue", 200),
        ("staf", "review_queue", 403),
        ("camat", "review_queue", 403),
        ("outsider", "review_queue", 404),
    ],
)
def test_the_menu_pages_answer_each_persona(client_of, who, page, status):
    response = client_of(who).get(url(page))

    assert response.status_code == status


def test_the_pages_need_a_login(open_innovation):
    for page in ("innovation_list", "my_innovations", "innovation_create", "review_queue"):
        assert Client().get(url(page)).status_code == 302
    assert Client().get(url("innovation_detail", open_innovation)).status_code == 302


def test_the_public_list_shows_verified_innovations_of_the_organisation_only(
    org, client_as, open_innovation, verified_innovation, rejected_innovation
):
    page = client_as(org.camat.user).get(url("innovation_list"))
    other = client_as(org.asing.user).get(url("innovation_list"))

    assert [innovation.pk for innovation in page.context["page_obj"]] == [verified_innovation.pk]
    content = page.content.decode()
    assert "Cek kelengkapan berkas sebelum datang" in content
    assert "Terbukti mempercepat layanan." in content  # the decision reason
    assert "Kasi" in content  # the team
    assert "Staf" in content
    assert "Antrean daring PATEN" not in content
    assert not other.context["page_obj"].object_list


def test_the_list_searches_and_keeps_the_search_when_paging(org, client_as, tim, hr_admin):
    for number in range(23):
        innovation = submitted(org.staf.user, title=f"Layanan jemput bola {number}")
        verified(innovation, [(tim, EIGHTY), (hr_admin, EIGHTY)], decider=tim)
    verified(
        submitted(org.kasi.user, title="Arsip digital"),
        [(tim, EIGHTY), (hr_admin, EIGHTY)],
        decider=tim,
    )
    client = client_as(org.lurah.user)

    first = client.get(url("innovation_list"), {"q": "jemput"})
    second = client.get(url("innovation_list"), {"q": "jemput", "page": 2})
    by_member = client.get(url("innovation_list"), {"q": "kasi"})
    by_year = client.get(url("innovation_list"), {"year": 2026})
    by_unknown_year = client.get(url("innovation_list"), {"year": 2025, "q": "tidak ada"})

    assert first.context["page_obj"].paginator.count == 23
    assert 'href="?q=jemput&amp;page=2"' in first.content.decode()
    assert len(second.context["page_obj"]) == 3
    assert [i.title for i in by_member.context["page_obj"]] == ["Arsip digital"]
    assert by_year.context["page_obj"].paginator.count == 24
    assert list(by_year.context["form"].fields["year"].choices)[1:] == [("2026", "2026")]
    # A year without verified innovations is no choice: it narrows nothing.
    assert by_unknown_year.context["filters"].year is None
    assert not by_unknown_year.context["page_obj"].object_list
    assert 'class="empty-state"' in by_unknown_year.content.decode()


def test_an_empty_list_invites_a_submission(org, client_as):
    response = client_as(org.staf.user).get(url("innovation_list"))

    assert 'class="empty-state"' in response.content.decode()
    assert url("innovation_create") in response.content.decode()


# -- submitting and editing --------------------------------------------------------------


def test_an_employee_submits_through_the_form(org, client_as):
    response = client_as(org.staf.user).post(
        url("innovation_create"),
        {
            "title": "Antrean daring PATEN lewat WhatsApp",
            "problem": "Antrean panjang.",
            "change": "Nomor antrean lewat WhatsApp.",
            "since": "2026-02-02",
            "evidence": "Rekap antrean.",
            "evidence_url": "drive.example/antrean",
            "effect": "Tunggu 35 menit, bukan 2 jam.",
            "co_members": [org.rekan.pk],
        },
    )

    innovation = Innovation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("innovation_detail", innovation)
    assert set(innovation.members.all()) == {org.staf, org.rekan}
    assert innovation.evidence_url == "https://drive.example/antrean"


def test_a_refused_submission_is_shown_on_its_field(org, client_as):
    response = client_as(org.staf.user).post(
        url("innovation_create"),
        {
            "title": "Antrean",
            "problem": "P",
            "change": "C",
            "since": "2026-06-01",  # after "today"
            "evidence": "E",
            "effect": "F",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["since"]
    assert not Innovation.objects.exists()


def test_the_form_offers_colleagues_of_the_organisation_only(org, client_as):
    response = client_as(org.staf.user).get(url("innovation_create"))

    offered = set(response.context["form"].fields["co_members"].queryset)
    assert {org.rekan, org.camat} <= offered
    assert not {org.staf, org.asing} & offered


def test_the_submitter_edits_until_the_panel_starts(org, tim, client_as, open_innovation):
    client = client_as(org.staf.user)
    form = client.get(url("innovation_update", open_innovation)).context["form"]
    assert form.initial["co_members"] == [org.rekan.pk]

    review(open_innovation, tim)
    response = client.get(url("innovation_update", open_innovation))

    assert response.status_code == 302
    assert response["Location"] == url("innovation_detail", open_innovation)


# -- reviewing and deciding --------------------------------------------------------------


def _points(points: dict[str, int], comment: str = "Dinilai.") -> dict[str, object]:
    return {**{f"points_{code}": value for code, value in points.items()}, "comment": comment}


def test_a_reviewer_scores_through_the_form(org, tim, client_as, open_innovation):
    client = client_as(tim)
    form = client.get(url("review", open_innovation)).context["form"]
    assert list(form.fields) == [
        "points_kebaruan",
        "points_dampak",
        "points_replikasi",
        "points_keberlanjutan",
        "comment",
    ]

    response = client.post(url("review", open_innovation), _points(EIGHTY))

    assert response.status_code == 302
    assert Review.objects.get().score == Decimal(80)
    again = client.get(url("review", open_innovation))
    assert again.status_code == 302


def test_a_review_without_all_points_is_shown_on_the_form(tim, client_as, open_innovation):
    response = client_as(tim).post(
        url("review", open_innovation), _points({"kebaruan": 4, "dampak": 4})
    )

    assert response.status_code == 200
    assert "points_replikasi" in response.context["form"].errors
    assert not Review.objects.exists()


def test_the_detail_hides_other_scores_until_the_viewer_has_scored(
    tim, hr_admin, client_as, open_innovation
):
    review(open_innovation, tim, EIGHTY)
    client = client_as(hr_admin)

    before = client.get(url("innovation_detail", open_innovation))
    decide_page = client.get(url("decide", open_innovation))
    client.post(url("review", open_innovation), _points(SIXTY, "Dampak belum lengkap."))
    after = client.get(url("innovation_detail", open_innovation))

    assert before.context["reviews"] == []
    assert "Penilaian tim." not in before.content.decode()
    assert 'id="review-' not in decide_page.content.decode()
    assert not decide_page.context["access"].sees_reviews
    assert len(after.context["reviews"]) == 2
    assert "Penilaian tim." in after.content.decode()
    # The way to the decision opens with the scores.
    assert url("decide", open_innovation) not in before.content.decode()
    assert url("decide", open_innovation) in after.content.decode()


def test_the_team_member_sees_neither_scores_nor_buttons_while_undecided(
    org, tim, client_as, open_innovation
):
    review(open_innovation, tim)

    response = client_as(org.rekan.user).get(url("innovation_detail", open_innovation))

    content = response.content.decode()
    assert response.context["reviews"] == []
    assert response.context["review_count"] == 1
    assert url("review", open_innovation) not in content
    assert url("decide", open_innovation) not in content


@pytest.mark.usefixtures("year")
def test_the_team_decides_through_the_confirmation_page(
    org, tim, hr_admin, client_as, open_innovation
):
    PerformancePlan.objects.create(
        employee=org.staf,
        performance_year=open_innovation.performance_year,
        status=PerformancePlan.Status.APPROVED,
    )
    review(open_innovation, tim, EIGHTY)
    review(open_innovation, hr_admin, EIGHTY)
    client = client_as(tim)

    page = client.get(url("decide", open_innovation))
    response = client.post(
        url("decide", open_innovation), {"decision": "verifikasi", "reason": "Layak ditiru."}
    )

    assert [line.points for line in page.context["preview"].lines] == [Decimal(8), Decimal(8)]
    assert response.status_code == 302
    open_innovation.refresh_from_db()
    assert open_innovation.status == Innovation.Status.VERIFIED
    assert WorkResult.objects.filter(plan__employee=org.staf).count() == 1
    detail = client_as(org.rekan.user).get(url("innovation_detail", open_innovation))
    credits = detail.context["credits"]
    assert [(credit.employee, credit.points) for credit in credits] == [(org.rekan, Decimal(8))]
    assert "Layak ditiru." in detail.content.decode()
    assert (
        client_as(org.camat.user).get(url("innovation_detail", open_innovation)).context["credits"]
        == []
    )


def test_a_refused_verification_is_shown_on_the_form(tim, client_as, open_innovation):
    review(open_innovation, tim)

    response = client_as(tim).post(
        url("decide", open_innovation), {"decision": "verifikasi", "reason": "Layak."}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    open_innovation.refresh_from_db()
    assert open_innovation.is_undecided


def test_the_team_appoints_reviewers_through_the_form(org, tim, client_as, open_innovation):
    client = client_as(tim)
    offered = set(
        client.get(url("appoint_reviewers", open_innovation))
        .context["form"]
        .fields["reviewers"]
        .queryset
    )

    response = client.post(
        url("appoint_reviewers", open_innovation), {"reviewers": [org.kasi.user.pk]}
    )

    assert org.kasi.user in offered
    assert not {org.staf.user, org.rekan.user} & offered
    assert response.status_code == 302
    assert list(open_innovation.reviewers.all()) == [org.kasi.user]


def test_a_member_adds_a_waiting_credit_once_the_skp_exists(
    org, client_as, year, verified_innovation
):
    client = client_as(org.staf.user)
    waiting = client.get(url("my_innovations"))
    assert not waiting.context["can_attach"]
    assert [credit.innovation for credit in waiting.context["pending"]] == [verified_innovation]

    PerformancePlan.objects.create(employee=org.staf, performance_year=year)
    assert client.get(url("my_innovations")).context["can_attach"]
    response = client.post(url("credit_attach"))

    assert response.status_code == 302
    assert InnovationCredit.objects.get(employee=org.staf).work_result is not None


def test_my_innovations_lists_those_whose_team_i_am_on(
    org, client_as, open_innovation, verified_innovation, rejected_innovation
):
    response = client_as(org.staf.user).get(url("my_innovations"))

    rows = list(response.context["page_obj"])
    assert [row.pk for row in rows] == [verified_innovation.pk, open_innovation.pk]
    assert rows[0].my_points == Decimal(7)


def test_the_queue_shows_each_reviewer_their_task(org, tim, hr_admin, client_as, open_innovation):
    other = submitted(org.lurah.user, title="Kotak saran digital")
    review(other, tim)

    rows = client_as(tim).get(url("review_queue")).context["rows"]
    decided = client_as(tim).get(url("review_queue"), {"state": "diputuskan"}).context["rows"]

    assert [(row.innovation.pk, row.task) for row in rows] == [
        (open_innovation.pk, "review"),
        (other.pk, "decide"),
    ]
    assert decided == []


def test_an_appointed_reviewer_finds_the_innovation_in_the_queue(
    org, tim, client_as, open_innovation
):
    appoint_reviewers(actor=tim, innovation=open_innovation, reviewer_ids=[org.camat.user.pk])

    response = client_as(org.camat.user).get(url("review_queue"))

    assert response.status_code == 200
    assert [(row.innovation.pk, row.task) for row in response.context["rows"]] == [
        (open_innovation.pk, "review")
    ]


# -- query counts ------------------------------------------------------------------------


def _queries(client: Client, page: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def _innovations(org, tim, hr_admin, count: int) -> None:
    colleagues = [make_employee(org.pelayanan, f"anggota{count}-{n}") for n in range(2)]
    for number in range(count):
        innovation = submitted(
            org.staf.user, title=f"Inovasi {count}-{number}", co_members=colleagues
        )
        verified(innovation, [(tim, EIGHTY), (hr_admin, EIGHTY)], decider=tim)
        submitted(org.staf.user, title=f"Terbuka {count}-{number}", co_members=colleagues)


def test_the_lists_need_the_same_queries_for_few_and_many_innovations(
    org, tim, hr_admin, client_as
):
    pages = [url("innovation_list"), url("my_innovations"), url("review_queue")]
    staf, team = client_as(org.staf.user), client_as(tim)
    _innovations(org, tim, hr_admin, 2)
    few = [_queries(staf, pages[0]), _queries(staf, pages[1]), _queries(team, pages[2])]
    _innovations(org, tim, hr_admin, 12)

    many = [_queries(staf, pages[0]), _queries(staf, pages[1]), _queries(team, pages[2])]

    assert few == many
    assert max(many) <= 16
