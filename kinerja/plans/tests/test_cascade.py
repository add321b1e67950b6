import pytest
from django.urls import reverse

from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory
from kinerja.plans.selectors.cascade import leader_cascade, office_cascade
from kinerja.plans.services.plans import approve_plan, save_result
from kinerja.plans.tests.factories import (
    Rhk,
    approved_plan,
    draft_plan,
    performance_year,
    revise,
    submit,
)
from kinerja.plans.workflow import PlanStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(org):
    return performance_year(2026)


@pytest.fixture
def kasi_plan(org, year):
    return approved_plan(org.kasi, year, results=[Rhk("Pelayanan prima"), Rhk("Arsip tertib")])


def test_each_leader_rhk_with_the_team_rhk_that_intervene_in_it(org, year, kasi_plan):
    service, archive = kasi_plan.results.order_by("order")
    staf_plan = approved_plan(
        org.staf,
        year,
        results=[Rhk("Layanan KTP", intervenes=service), Rhk("Layanan KK", intervenes=service)],
    )

    matrix = leader_cascade(org.kasi, year)

    assert matrix.plan == kasi_plan
    assert [row.result for row in matrix.rows] == [service, archive]
    assert [(link.employee, link.plan, link.result.text) for link in matrix.rows[0].links] == [
        (org.staf, staf_plan, "Layanan KTP"),
        (org.staf, staf_plan, "Layanan KK"),
    ]
    assert matrix.rows[1].links == []
    assert [(item.employee, item.plan) for item in matrix.unlinked] == [(org.rekan, None)]


def test_a_draft_of_the_team_counts_and_shows_its_status(org, year, kasi_plan):
    draft = draft_plan(org.rekan, year)

    matrix = leader_cascade(org.kasi, year)

    [link] = matrix.rows[0].links
    assert (link.employee, link.plan.status) == (org.rekan, PlanStatus.DRAFT)
    assert draft.results.get() == link.result
    assert [item.employee for item in matrix.unlinked] == [org.staf]


def test_the_leaders_latest_revision_is_used_until_one_is_approved(org, year):
    draft = draft_plan(org.kasi, year, results=[Rhk("Rencana", link=False)])
    assert leader_cascade(org.kasi, year).plan == draft


def test_links_to_a_changed_rhk_of_an_earlier_revision_are_set_apart(
    org, year, kasi_plan, pimpinan
):
    approved_plan(org.staf, year, results=[Rhk("Layanan KTP")])
    revision = revise(kasi_plan)
    changed = revision.results.order_by("order").first()
    save_result(
        actor=org.kasi.user,
        plan=revision,
        kind=changed.kind,
        text="Pelayanan prima dan cepat",
        intervenes=changed.intervenes,
        result=changed,
    )
    approve_plan(actor=pimpinan, plan=submit(revision))

    matrix = leader_cascade(org.kasi, year)

    assert matrix.plan == revision
    assert all(not row.links for row in matrix.rows)
    assert [link.result.text for link in matrix.stale] == ["Layanan KTP"]
    assert [item.employee for item in matrix.unlinked] == [org.rekan]


def test_a_leader_without_a_plan(org, year):
    matrix = leader_cascade(org.kasi, year)
    assert (matrix.plan, matrix.rows, matrix.team_size) == (None, [], 2)


def test_the_office_tree_runs_from_the_camat_down(org, year, kasi_plan):
    staf_plan = approved_plan(org.staf, year)
    camat_plan = org.camat.plans.get()

    tree = office_cascade([org.camat], year)

    [root] = tree.roots
    assert (root.employee, root.plan) == (org.camat, camat_plan)
    [camat_rhk] = root.results
    kasi_nodes = camat_rhk.children
    assert {node.result.text for node in kasi_nodes} == {"Pelayanan prima", "Arsip tertib"}
    service = next(node for node in kasi_nodes if node.result.text == "Pelayanan prima")
    assert [(node.employee, node.plan) for node in service.children] == [(org.staf, staf_plan)]
    unlinked = {person.employee for person, _leader in tree.unlinked}
    assert unlinked == {org.admin, org.lurah, org.rekan}
    assert (tree.people, tree.with_plan, tree.approved) == (6, 3, 3)


# -- pages ---------------------------------------------------------------------------------


def test_a_leader_opens_their_matrix(org, client_as, year, kasi_plan):
    approved_plan(org.staf, year)

    response = client_as(org.kasi.user).get(reverse("plans:cascade"))

    assert response.status_code == 200
    assert response.context["matrix"].plan == kasi_plan
    html = response.content.decode()
    assert "Pelayanan prima" in html
    assert org.rekan.name in html  # listed as having no linked RHK


@pytest.mark.parametrize(
    ("persona", "status"),
    [("camat", 200), ("admin", 200), ("kasi", 200), ("staf", 404), ("lurah", 404), ("asing", 404)],
)
def test_who_may_open_a_leaders_matrix(org, client_as, year, kasi_plan, *, persona, status):
    response = client_as(getattr(org, persona).user).get(
        reverse("plans:cascade"), {"pegawai": org.kasi.pk}
    )
    assert response.status_code == status


def test_an_outsider_has_no_matrix(client_as, outsider, year):
    assert client_as(outsider).get(reverse("plans:cascade")).status_code == 404
    assert client_as(outsider).get(reverse("plans:office_cascade")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"), [("camat", 200), ("admin", 200), ("kasi", 403), ("staf", 403)]
)
def test_the_office_tree_is_for_the_pimpinan_and_the_admin(org, client_as, year, persona, status):
    response = client_as(getattr(org, persona).user).get(reverse("plans:office_cascade"))
    assert response.status_code == status


def test_the_office_tree_page_expands_down_the_line(org, client_as, year, kasi_plan):
    approved_plan(org.staf, year, results=[Rhk("Layanan KTP di loket")])

    html = client_as(org.camat.user).get(reverse("plans:office_cascade")).content.decode()

    assert html.count("<details") >= 3  # camat, camat's RHK, kasi's RHK
    assert "Layanan KTP di loket" in html


def test_the_admin_tree_starts_at_the_heads_of_the_organisation(org, client_as, year):
    response = client_as(org.admin.user).get(reverse("plans:office_cascade"))
    assert [person.employee for person in response.context["tree"].roots] == [org.camat]


@pytest.mark.parametrize("page", ["plans:cascade", "plans:office_cascade"])
def test_the_matrix_pages_read_a_fixed_number_of_queries(
    org, client_as, year, kasi_plan, *, page, django_assert_max_num_queries
):
    def grow(count: int) -> None:
        for _ in range(count):
            member = EmployeeFactory(
                position=PositionFactory(unit=org.pelayanan),
                supervisor=org.kasi,
                user=UserFactory(),
            )
            approved_plan(member, year)

    client = client_as(org.camat.user if page == "plans:office_cascade" else org.kasi.user)
    grow(5)
    client.get(reverse(page))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse(page))
    grow(25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse(page))
    assert response.content.decode().count("Terlaksananya pelayanan") >= 30
