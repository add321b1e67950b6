"""The leader's calibration pages (Tim Saya → Kalibrasi & kurva): who opens them, the
three steps of SE MenPANRB 3/2023 through the browser's eyes, the curve, the violations
in words, and a query count that does not grow with the population."""

import re
from datetime import date

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kinerja.appraisals.models import Calibration, Evaluation
from kinerja.appraisals.presentation import (
    ORG_PREDICATE_DESCRIPTORS,
    evaluation_status_label,
    org_predicate_descriptor,
    period_name,
    predicate_names,
    rule_label,
    violation_message,
)
from kinerja.appraisals.scoring import (
    ORG_PREDICATES_BEST_FIRST,
    Bound,
    DistributionRule,
    DistributionViolation,
    OrgPredicate,
    Predicate,
    distribution_violations,
)
from kinerja.appraisals.selectors.calibration import distribution, population
from kinerja.appraisals.templatetags.appraisal_tags import chart_columns
from kinerja.appraisals.tests.factories import (
    finalise,
    org_predicate,
    period,
    rated_evaluation,
    submitted_evaluation,
)
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.organization.models import Employee, Position
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory

PERSONAS = ["camat", "admin", "kasi", "staf", "rekan", "lurah", "asing", "outsider"]
LEADERS = {"camat", "admin"}
JUSTIFICATION = "Unit baru dibentuk; pola distribusi belum dapat dipenuhi"


def url(name: str, *args: object) -> str:
    return reverse(f"appraisals:{name}", args=args)


def user_of(org, persona: str):
    return org.outsider if persona == "outsider" else getattr(org, persona).user


def staff_member(org, username: str, unit=None, supervisor=None) -> Employee:
    user = UserFactory(username=username, first_name=username.title())
    position = PositionFactory(
        name=f"Jabatan {username}", kind=Position.Kind.PELAKSANA, unit=unit or org.pelayanan
    )
    return EmployeeFactory(
        name=username.title(), position=position, supervisor=supervisor or org.kasi, user=user
    )


def english(value) -> str:
    with translation.override("en"):
        return str(value)


@pytest.fixture
def section(org):
    """The section's calibration (Baik): staf and rekan submitted as Baik, and a third
    member still with the appraiser."""
    staf = submitted_evaluation(org.staf)
    rekan = submitted_evaluation(org.rekan)
    draft = rated_evaluation(staff_member(org, "baru"))
    calibration = org_predicate(org.pelayanan, "BAIK", actor=org.camat.user)
    return calibration, staf, rekan, draft


@pytest.fixture
def ready(org):
    """The section's calibration (Baik) with three Baik submitted: the pattern is broken
    (at most 2 Baik; at least one Butuh Perbaikan or Kurang)."""
    evaluations = [submitted_evaluation(e) for e in (org.staf, org.rekan, staff_member(org, "x"))]
    calibration = org_predicate(org.pelayanan, "BAIK", actor=org.camat.user)
    return calibration, evaluations


# -- who opens the pages ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_a_calibration(org, client_as, section, persona):
    calibration, *_ = section

    response = client_as(user_of(org, persona)).get(url("calibration_detail", calibration.pk))

    assert response.status_code == (200 if persona in LEADERS else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_list(org, client_as, persona):
    response = client_as(user_of(org, persona)).get(url("calibration_list"))

    assert response.status_code == (200 if persona in LEADERS else 404)


@pytest.mark.django_db
def test_the_camat_opens_every_unit_of_the_kecamatan_but_not_another_organisation(org, client_as):
    period()
    kelurahan = org_predicate(org.kelurahan, "BAIK", actor=org.camat.user)
    kecamatan = org_predicate(org.kecamatan, "BAIK")
    elsewhere = org_predicate(org.other_org, "BAIK")
    client = client_as(org.camat.user)

    listing = client.get(url("calibration_list")).content.decode()

    for calibration in (kelurahan, kecamatan):
        assert client.get(url("calibration_detail", calibration.pk)).status_code == 200
        assert url("calibration_detail", calibration.pk) in listing
    assert client.get(url("calibration_detail", elsewhere.pk)).status_code == 404
    assert url("calibration_detail", elsewhere.pk) not in listing
    admin_listing = client_as(org.admin.user).get(url("calibration_list")).content.decode()
    assert url("calibration_detail", elsewhere.pk) in admin_listing


@pytest.mark.django_db
def test_an_unknown_calibration_is_404(client_as, hr_admin):
    assert client_as(hr_admin).get(url("calibration_detail", 9999)).status_code == 404


# -- the list -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_each_calibration_with_its_counts(org, client_as, section):
    calibration, *_ = section

    response = client_as(org.camat.user).get(url("calibration_list"))

    html = response.content.decode()
    row = re.search(rf'<tr data-calibration="{calibration.pk}">(.*?)</tr>', html, re.S)
    assert row is not None
    cells = re.findall(r'<td class="num">(.*?)</td>', row.group(1), re.S)
    # three employees, one still with the appraiser, no rule broken (two Baik)
    assert [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells] == ["3", "1", "0"]
    assert "Seksi Pelayanan" in row.group(1)
    assert calibration.get_status_display() in row.group(1)


@pytest.mark.django_db
def test_the_list_filters_by_period(org, client_as):
    january = org_predicate(org.kelurahan, "BAIK", actor=org.camat.user)
    february = org_predicate(org.kelurahan, "ISTIMEWA", "2026-02", actor=org.camat.user)
    client = client_as(org.camat.user)

    html = client.get(url("calibration_list"), {"periode": "2026-02"}).content.decode()

    assert url("calibration_detail", february.pk) in html
    assert url("calibration_detail", january.pk) not in html
    everything = client.get(url("calibration_list"), {"periode": "nonsense"}).content.decode()
    assert url("calibration_detail", january.pk) in everything


@pytest.mark.django_db
def test_the_empty_list_explains_the_three_steps(org, client_as):
    period()

    html = client_as(org.camat.user).get(url("calibration_list")).content.decode()

    assert 'class="calibration-steps"' in html
    assert html.count("<li><strong>") >= 3
    assert url("org_predicate_set") in html


@pytest.mark.django_db
def test_the_list_offers_the_units_the_viewer_may_set(org, client_as):
    period()

    camat = client_as(org.camat.user).get(url("calibration_list")).content.decode()
    admin = client_as(org.admin.user).get(url("calibration_list")).content.decode()

    for code in ("SEK", "PEL", "KEL"):
        assert f'value="{code}"' in camat
    assert 'value="KEC"' not in camat
    assert 'value="LAIN"' not in camat
    for code in ("KEC", "SEK", "PEL", "KEL", "LAIN"):
        assert f'value="{code}"' in admin


# -- step 1: the organisation predicate -------------------------------------------------------


@pytest.mark.django_db
def test_the_org_predicate_form_preselects_the_unit_and_period(org, client_as):
    period()

    response = client_as(org.camat.user).get(
        url("org_predicate_set"), {"unit": "KEL", "period": "2026-01"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<option value="KEL"[^>]*selected', html)
    assert re.search(r'<option value="2026-01"[^>]*selected', html)
    assert 'value="KEC"' not in html
    for predicate in ORG_PREDICATES_BEST_FIRST:
        assert f'value="{predicate.value}"' in html


def english_page(user, client_as) -> str:
    client = client_as(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return str(client.get(url("org_predicate_set")).content.decode())


@pytest.mark.django_db
def test_the_org_predicate_form_marks_the_working_descriptions(org, client_as):
    period()

    html = english_page(org.camat.user, client_as)

    assert html.count("(the office's working description; the SE states none)") == 3
    assert html.count('class="org-predicate__descriptor"') == 5


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["kasi", "staf", "rekan", "lurah", "asing", "outsider"])
def test_the_org_predicate_form_is_404_for_whoever_sets_none(org, client_as, persona):
    period()
    client = client_as(user_of(org, persona))
    data = {"unit": "KEL", "period": "2026-01", "predicate": "BAIK", "note": "x"}

    assert client.get(url("org_predicate_set")).status_code == 404
    assert client.post(url("org_predicate_set"), data).status_code == 404
    assert not Calibration.objects.exists()


@pytest.mark.django_db
def test_the_camat_sets_the_org_predicate_of_a_kelurahan(org, client_as):
    period()
    data = {"unit": "KEL", "period": "2026-01", "predicate": "ISTIMEWA", "note": "Rencana aksi"}

    response = client_as(org.camat.user).post(url("org_predicate_set"), data)

    calibration = Calibration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("calibration_detail", calibration.pk)
    assert (calibration.unit, calibration.org_predicate) == (org.kelurahan, "ISTIMEWA")
    event = AuditEvent.objects.get(action=AuditAction.ORG_PREDICATE_SET)
    assert event.actor == org.camat.user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"unit": "KEC"}, "unit"),  # the camat's own unit is set by the level above
        ({"unit": "LAIN"}, "unit"),
        ({"predicate": "SANGAT_BAIK"}, "predicate"),
        ({"note": ""}, "note"),
        ({"period": "2026-Q1"}, "period"),  # not evaluated in a monthly year
    ],
)
def test_a_wrong_org_predicate_comes_back_with_the_field_error(org, client_as, changes, field):
    period()
    data = {"unit": "KEL", "period": "2026-01", "predicate": "BAIK", "note": "Rencana"} | changes

    response = client_as(org.camat.user).post(url("org_predicate_set"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Calibration.objects.exists()


@pytest.mark.django_db
def test_the_form_prefills_an_existing_predicate_and_can_correct_it(org, client_as):
    calibration = org_predicate(org.kelurahan, "BAIK", actor=org.camat.user)
    client = client_as(org.camat.user)

    form = client.get(url("org_predicate_set"), {"unit": "KEL", "period": "2026-01"})
    client.post(
        url("org_predicate_set"),
        {"unit": "KEL", "period": "2026-01", "predicate": "KURANG", "note": "Terlambat"},
    )

    assert form.context["form"].initial["predicate"] == "BAIK"
    assert form.context["existing"] == calibration
    calibration.refresh_from_db()
    assert (calibration.org_predicate, calibration.org_predicate_note) == ("KURANG", "Terlambat")


@pytest.mark.django_db
def test_a_final_calibration_refuses_a_new_org_predicate(org, client_as, section):
    calibration, *_ = section
    Evaluation.objects.filter(status=EvaluationStatus.DRAFT).delete()
    finalise(calibration, actor=org.camat.user)

    response = client_as(org.camat.user).post(
        url("org_predicate_set"),
        {"unit": "PEL", "period": "2026-01", "predicate": "KURANG", "note": "Koreksi"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    calibration.refresh_from_db()
    assert calibration.org_predicate == "BAIK"


# -- the calibration page -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_the_header_chart_and_population(org, client_as, section):
    calibration, staf, rekan, draft = section

    response = client_as(org.camat.user).get(url("calibration_detail", calibration.pk))

    html = response.content.decode()
    assert calibration.get_org_predicate_display() in html
    assert "Capaian rencana aksi sesuai target" in html  # the note
    assert str(org.camat.user) in html  # who set it
    # the curve: an accessible SVG and its table
    assert '<svg class="curve__chart"' in html
    assert 'role="img"' in html
    assert '<title id="curve-title">' in html
    assert html.count('class="curve__band"') == 5
    assert html.count('class="curve__bar"') == 5
    assert '<table class="data curve-table">' in html
    # the population: two submitted with a form each, the draft listed as pending
    for evaluation in (staf, rekan, draft):
        assert f'id="evaluasi-{evaluation.pk}"' in html
        assert url("evaluation_detail", evaluation.pk) in html
    for evaluation in (staf, rekan):
        assert url("predicate_adjust", calibration.pk, evaluation.pk) in html
    assert url("predicate_adjust", calibration.pk, draft.pk) not in html
    assert 'class="is-pending"' in html
    assert "masih dinilai atasan" in html
    assert url("recap_xlsx", calibration.pk) in html
    # a draft remains: the finalise form waits
    assert url("calibration_finalise", calibration.pk) not in html


@pytest.mark.django_db
def test_the_page_lists_the_violations_in_words(org, client_as, ready):
    calibration, _ = ready
    client = client_as(org.camat.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    html = client.get(url("calibration_detail", calibration.pk)).content.decode()

    assert 'data-rule="DOMINANT_MAX"' in html
    assert "At most 70 % (2 people) may be Baik; now 3." in html
    assert 'data-rule="REQUIRED_MIN"' in html
    assert "There must be at least 1 employee rated Butuh Perbaikan or Kurang; now 0." in html
    # the finalise form asks for a justification, with a warning
    assert 'name="justification"' in html
    assert 'name="confirm"' in html
    assert "still break the distribution pattern" in html


@pytest.mark.django_db
def test_a_clean_pattern_needs_no_justification(org, client_as, section):
    calibration, *_ = section
    Evaluation.objects.filter(status=EvaluationStatus.DRAFT).delete()

    html = client_as(org.camat.user).get(url("calibration_detail", calibration.pk)).content
    html = html.decode()

    assert url("calibration_finalise", calibration.pk) in html
    assert 'name="justification"' not in html
    assert 'name="confirm"' in html
    assert 'class="notice notice-success"' in html


@pytest.mark.django_db
def test_the_page_reads_a_fixed_number_of_queries(org, client_as, django_assert_max_num_queries):
    # given: the section with 3 evaluations, the secretariat with 12
    for employee in (org.staf, org.rekan, staff_member(org, "pel.3")):
        submitted_evaluation(employee)
    sekcam = staff_member(org, "sekcam", unit=org.sekretariat, supervisor=org.camat)
    for number in range(11):
        submitted_evaluation(staff_member(org, f"sek.{number}", org.sekretariat, sekcam))
    rated_evaluation(staff_member(org, "sek.draft", org.sekretariat, sekcam))
    small = org_predicate(org.pelayanan, "BAIK", actor=org.camat.user)
    large = org_predicate(org.sekretariat, "BAIK", actor=org.camat.user)
    assert (len(population(small)), len(population(large))) == (3, 12)
    client = client_as(org.camat.user)
    client.get(url("calibration_detail", small.pk))

    # when
    with CaptureQueriesContext(connection) as small_run:
        assert client.get(url("calibration_detail", small.pk)).status_code == 200

    # then
    assert len(small_run) <= 20, [query["sql"] for query in small_run.captured_queries]
    with django_assert_max_num_queries(len(small_run)):
        assert client.get(url("calibration_detail", large.pk)).status_code == 200


@pytest.mark.django_db
def test_the_list_reads_a_fixed_number_of_queries_per_calibration(
    org, client_as, django_assert_max_num_queries
):
    # given: one calibration over 3 evaluations, then the same with 12
    calibration = org_predicate(org.pelayanan, "BAIK", actor=org.camat.user)
    for employee in (org.staf, org.rekan, staff_member(org, "pel.3")):
        submitted_evaluation(employee)
    client = client_as(org.camat.user)
    client.get(url("calibration_list"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("calibration_list")).status_code == 200
    for number in range(9):
        submitted_evaluation(staff_member(org, f"pel.x{number}"))
    assert len(population(calibration)) == 12

    # then
    with django_assert_max_num_queries(len(few)):
        assert client.get(url("calibration_list")).status_code == 200


# -- adjusting a predicate --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_leader_adjusts_a_predicate_with_a_reason(org, client_as, section):
    calibration, staf, *_ = section
    data = {"predicate": "SANGAT_BAIK", "reason": "Inovasi antrean daring"}

    response = client_as(org.camat.user).post(
        url("predicate_adjust", calibration.pk, staf.pk), data
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#evaluasi-{staf.pk}")
    staf.refresh_from_db()
    assert (staf.final_predicate, staf.final_predicate_reason) == (
        "SANGAT_BAIK",
        "Inovasi antrean daring",
    )
    event = AuditEvent.objects.get(action=AuditAction.PREDICATE_ADJUSTED)
    assert event.actor == org.camat.user
    page = client_as(org.camat.user).get(url("calibration_detail", calibration.pk))
    assert "Inovasi antrean daring" in page.content.decode()


@pytest.mark.django_db
def test_a_departure_without_a_reason_comes_back_with_the_field_error(org, client_as, section):
    calibration, staf, *_ = section

    response = client_as(org.camat.user).post(
        url("predicate_adjust", calibration.pk, staf.pk), {"predicate": "KURANG", "reason": ""}
    )

    assert response.status_code == 200
    row = next(row for row in response.context["rows"] if row.evaluation.pk == staf.pk)
    assert "reason" in row.form.errors
    html = response.content.decode()
    assert f'id="id_e{staf.pk}_reason_error"' in html
    reason = re.search(rf'<input[^>]*id="id_e{staf.pk}_reason"[^>]*>', html)
    assert reason is not None
    assert 'aria-invalid="true"' in reason.group(0)
    assert re.search(r'<option value="KURANG" selected>', html)  # what was sent is kept
    staf.refresh_from_db()
    assert staf.final_predicate == "BAIK"
    assert not AuditEvent.objects.filter(action=AuditAction.PREDICATE_ADJUSTED).exists()


@pytest.mark.django_db
def test_an_unknown_predicate_comes_back_with_the_field_error(org, client_as, section):
    calibration, staf, *_ = section

    response = client_as(org.camat.user).post(
        url("predicate_adjust", calibration.pk, staf.pk), {"predicate": "ISTIMEWA"}
    )

    assert response.status_code == 200
    row = next(row for row in response.context["rows"] if row.evaluation.pk == staf.pk)
    assert "predicate" in row.form.errors


@pytest.mark.django_db
def test_a_draft_cannot_be_adjusted_from_the_page(org, client_as, section):
    calibration, _staf, _rekan, draft = section
    client = client_as(org.camat.user)

    response = client.post(
        url("predicate_adjust", calibration.pk, draft.pk), {"predicate": "BAIK", "reason": ""}
    )

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert len(messages) == 1
    draft.refresh_from_db()
    assert draft.final_predicate == ""


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["kasi", "staf", "rekan", "lurah", "asing", "outsider"])
def test_the_wrong_people_cannot_adjust_or_finalise(org, client_as, section, persona):
    calibration, staf, *_ = section
    client = client_as(user_of(org, persona))

    adjust = client.post(
        url("predicate_adjust", calibration.pk, staf.pk),
        {"predicate": "SANGAT_BAIK", "reason": "Bagus"},
    )
    final = client.post(
        url("calibration_finalise", calibration.pk),
        {"justification": "x", "confirm": "on"},
    )

    assert adjust.status_code in {403, 404}
    assert final.status_code in {403, 404}
    staf.refresh_from_db()
    calibration.refresh_from_db()
    assert staf.final_predicate == "BAIK"
    assert calibration.status == Calibration.Status.OPEN
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.PREDICATE_ADJUSTED, AuditAction.CALIBRATION_FINALISED]
    ).exists()


@pytest.mark.django_db
def test_the_writes_are_post_only(org, client_as, section):
    calibration, staf, *_ = section
    client = client_as(org.camat.user)

    assert client.get(url("predicate_adjust", calibration.pk, staf.pk)).status_code == 405
    assert client.get(url("calibration_finalise", calibration.pk)).status_code == 405


@pytest.mark.django_db
def test_an_evaluation_of_another_calibration_is_refused_with_a_message(org, client_as, section):
    calibration, staf, *_ = section
    kelurahan = org_predicate(org.kelurahan, "BAIK", actor=org.camat.user)

    response = client_as(org.camat.user).post(
        url("predicate_adjust", kelurahan.pk, staf.pk), {"predicate": "BAIK", "reason": ""}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(url("calibration_detail", kelurahan.pk))
    assert not AuditEvent.objects.filter(action=AuditAction.PREDICATE_ADJUSTED).exists()
    assert calibration.pk != kelurahan.pk


# -- finalising ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"confirm": "on"}, "justification"),
        ({"justification": "  ", "confirm": "on"}, "justification"),
        ({"justification": JUSTIFICATION}, "confirm"),
    ],
)
def test_finalising_needs_the_justification_and_the_confirmation(
    org, client_as, ready, data, field
):
    calibration, _evaluations = ready

    response = client_as(org.camat.user).post(url("calibration_finalise", calibration.pk), data)

    assert response.status_code == 200
    assert field in response.context["finalise_form"].errors
    calibration.refresh_from_db()
    assert calibration.status == Calibration.Status.OPEN
    assert not Evaluation.objects.filter(status=EvaluationStatus.DELIVERED).exists()


@pytest.mark.django_db
def test_finalising_is_refused_while_a_draft_remains(org, client_as, section):
    calibration, *_ = section

    response = client_as(org.camat.user).post(
        url("calibration_finalise", calibration.pk), {"confirm": "on"}
    )

    assert response.status_code == 302
    calibration.refresh_from_db()
    assert calibration.status == Calibration.Status.OPEN
    (message,) = [str(m) for m in response.wsgi_request._messages]
    assert "Baru" in message


@pytest.mark.django_db
def test_the_leader_finalises_with_a_justification_and_the_page_turns_read_only(
    org, client_as, ready
):
    # given
    calibration, evaluations = ready
    client = client_as(org.camat.user)

    # when
    response = client.post(
        url("calibration_finalise", calibration.pk),
        {"justification": JUSTIFICATION, "confirm": "on"},
    )

    # then
    assert response.status_code == 302
    calibration.refresh_from_db()
    assert calibration.is_final
    assert calibration.justification == JUSTIFICATION
    for evaluation in evaluations:
        evaluation.refresh_from_db()
        assert evaluation.status == EvaluationStatus.DELIVERED
        assert evaluation.objection_deadline is not None
    event = AuditEvent.objects.get(action=AuditAction.CALIBRATION_FINALISED)
    assert event.actor == org.camat.user
    page = client.get(url("calibration_detail", calibration.pk)).content.decode()
    assert JUSTIFICATION in page
    assert str(org.camat.user) in page
    assert url("calibration_finalise", calibration.pk) not in page
    assert "predicate_adjust" not in page
    for evaluation in evaluations:
        assert url("predicate_adjust", calibration.pk, evaluation.pk) not in page
    assert url("org_predicate_set") not in page


@pytest.mark.django_db
def test_a_final_calibration_cannot_be_finalised_again(org, client_as, ready):
    calibration, _ = ready
    finalise(calibration, actor=org.camat.user, justification=JUSTIFICATION)

    response = client_as(org.admin.user).post(
        url("calibration_finalise", calibration.pk),
        {"justification": "lagi", "confirm": "on"},
    )

    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.CALIBRATION_FINALISED).count() == 1
    calibration.refresh_from_db()
    assert calibration.justification == JUSTIFICATION


# -- the words and the curve (no database) -----------------------------------------------------


def _violation(
    rule: str, predicates: str, figures: tuple[Bound, int | None, int, int]
) -> DistributionViolation:
    """A violation from its rule, its predicates ("BUTUH_PERBAIKAN KURANG") and its
    figures (bound, percent, limit, actual)."""
    bound, percent, limit, actual = figures
    return DistributionViolation(
        rule=DistributionRule(rule),
        predicates=tuple(Predicate(name) for name in predicates.split()),
        bound=bound,
        percent=percent,
        limit=limit,
        actual=actual,
    )


@pytest.mark.parametrize(
    ("violation", "message"),
    [
        (
            _violation("NOT_MOST", "BAIK", ("min", None, 5, 4)),
            "Baik must be the largest group: at least 5, one more than any other predicate; now 4.",
        ),
        (
            _violation("DOMINANT_MAX", "BAIK", ("max", 70, 17, 19)),
            "At most 70 % (17 people) may be Baik; now 19.",
        ),
        (
            _violation("DOMINANT_MAX", "SANGAT_BAIK", ("max", 70, 1, 2)),
            "At most 70 % (1 person) may be Sangat Baik; now 2.",
        ),
        (
            _violation("DOMINANT_MIN", "BUTUH_PERBAIKAN", ("min", 60, 15, 9)),
            "At least 60 % (15 people) must be Butuh Perbaikan; now 9.",
        ),
        (
            _violation("REQUIRED_MIN", "BUTUH_PERBAIKAN KURANG", ("min", None, 1, 0)),
            "There must be at least 1 employee rated Butuh Perbaikan or Kurang; now 0.",
        ),
        (
            _violation("REQUIRED_MIN", "BUTUH_PERBAIKAN", ("min", 10, 3, 1)),
            "At least 10 % (3 people) must be Butuh Perbaikan; now 1.",
        ),
        (
            _violation("REQUIRED_MIN", "KURANG BUTUH_PERBAIKAN", ("min", 10, 1, 0)),
            "At least 10 % (1 person) must be Kurang or Butuh Perbaikan together; now 0.",
        ),
        (
            _violation("SB_MAX", "SANGAT_BAIK", ("max", 10, 2, 4)),
            "At most 10 % (2 people) may be Sangat Baik; now 4.",
        ),
        (
            _violation("SB_MAX", "SANGAT_BAIK", ("max", 10, 0, 1)),
            "10 % of this population rounds down to nobody: no employee may be Sangat Baik; now 1.",
        ),
        (
            _violation("SB_NONE", "SANGAT_BAIK", ("max", 0, 0, 2)),
            "No employee may be Sangat Baik under this organisation predicate; now 2.",
        ),
    ],
)
def test_each_violation_reads_as_a_sentence(violation, message):
    with translation.override("en"):
        assert violation_message(violation) == message


def test_every_rule_code_has_a_sentence_and_a_label():
    # given: one population per organisation predicate that breaks every rule it has
    broken = {
        OrgPredicate.ISTIMEWA: ["BAIK"] * 3 + ["SANGAT_BAIK"] * 2,
        OrgPredicate.BAIK: ["BAIK"] * 10,
        OrgPredicate.BUTUH_PERBAIKAN: ["SANGAT_BAIK"] * 5 + ["BAIK"] * 5,
        OrgPredicate.KURANG: ["SANGAT_BAIK"] * 5 + ["BAIK"] * 5,
        OrgPredicate.SANGAT_KURANG: ["SANGAT_BAIK"] * 5 + ["BAIK"] * 5,
    }
    seen = set()
    with translation.override("en"):
        for org_value, predicates in broken.items():
            for violation in distribution_violations(org_value, predicates):
                seen.add(violation.rule)
                text = violation_message(violation)
                assert f"now {violation.actual}." in text
                assert "%(" not in text
                assert rule_label(violation.rule) != violation.rule.value
    assert seen == set(DistributionRule)


def test_unknown_codes_are_shown_as_they_are():
    assert rule_label("SOMETHING_NEW") == "SOMETHING_NEW"
    assert evaluation_status_label("ODD") == "ODD"
    assert org_predicate_descriptor("ODD") is None


def test_predicates_are_joined_as_alternatives():
    with translation.override("en"):
        assert predicate_names(["BUTUH_PERBAIKAN"]) == "Butuh Perbaikan"
        assert predicate_names(["KURANG", "BUTUH_PERBAIKAN"]) == "Kurang or Butuh Perbaikan"


def test_the_descriptors_follow_the_se_for_the_two_ends_only():
    assert tuple(ORG_PREDICATE_DESCRIPTORS) == ORG_PREDICATES_BEST_FIRST
    working = [d.predicate for d in ORG_PREDICATE_DESCRIPTORS.values() if d.is_working_description]
    assert working == [OrgPredicate.BAIK, OrgPredicate.BUTUH_PERBAIKAN, OrgPredicate.KURANG]


def test_every_status_has_a_label():
    with translation.override("en"):
        labels = {evaluation_status_label(status) for status in EvaluationStatus}
    assert len(labels) == len(EvaluationStatus)
    assert "Being rated" in labels


def _spread(org_value: str, predicates: list[str], pending: int = 0):
    class Stub:
        def __init__(self, predicate: str) -> None:
            self.status = EvaluationStatus.SUBMITTED if predicate else EvaluationStatus.DRAFT
            self.predicate = predicate

    calibration = Calibration(org_predicate=org_value)
    members = [Stub(p) for p in predicates] + [Stub("") for _ in range(pending)]
    return distribution(calibration, members)


def test_the_curve_scales_bars_and_bands_to_the_same_axis():
    spread = _spread("BAIK", ["BAIK"] * 7 + ["SANGAT_BAIK"] * 2 + ["KURANG"], pending=1)

    columns, ticks = chart_columns(spread)

    assert [column.count for column in columns] == [2, 7, 0, 1, 0]
    assert [column.predicate for column in columns] == list(Predicate)
    baik = columns[1]
    assert (baik.minimum, baik.maximum) == (spread.bars[1].minimum, 7)
    assert baik.is_within
    # the tallest figure (10, the maximum of an unbounded predicate) reaches the top tick
    assert ticks[0].value == 0
    assert ticks[-1].value >= spread.peak
    # every coordinate is a plain number with a decimal point, whatever the locale
    with translation.override("id"):
        columns_id, _ = chart_columns(spread)
    assert columns_id == columns
    for column in columns:
        for value in (column.bar_y, column.band_y, column.band_height, column.centre):
            float(value)
    zero = columns[2]
    assert float(zero.bar_height) == 0


def test_a_range_of_one_value_is_still_drawn():
    spread = _spread("SANGAT_KURANG", ["SANGAT_KURANG"] * 8 + ["KURANG"] * 2)

    columns, _ = chart_columns(spread)

    sangat_baik = columns[0]
    assert (sangat_baik.minimum, sangat_baik.maximum) == (0, 0)
    assert float(sangat_baik.band_height) > 0


def test_the_chart_tag_renders_an_accessible_svg_and_table():
    spread = _spread("BAIK", ["BAIK"] * 3, pending=2)
    template = Template("{% load appraisal_tags %}{% distribution_chart spread 'BAIK' %}")

    with translation.override("en"):
        html = template.render(Context({"spread": spread}))

    assert '<svg class="curve__chart" viewBox="0 0 640 292" role="img"' in html
    assert 'aria-labelledby="curve-title curve-desc"' in html
    assert "Baik: 3, allowed 2 to 2" in html
    assert "curve__column--outside" in html
    assert "<caption>The curve in figures: 3 employees with a proposed predicate" in html
    assert "2 still with their appraisers" in html
    assert "Butuh Perbaikan or Kurang together: at least 1, now 0." in html
    assert "Baik must be the largest group." in html
    assert html.count("<tr>") == 6


@pytest.mark.parametrize(
    ("kind", "starts_on", "name"),
    [
        ("MONTH", date(2026, 3, 1), "March 2026"),
        ("QUARTER", date(2026, 4, 1), "Triwulan II 2026"),
        ("QUARTER", date(2026, 10, 1), "Triwulan IV 2026"),
        ("YEAR", date(2026, 1, 1), "Annual 2026"),
    ],
)
def test_periods_are_named_as_people_say_them(kind, starts_on, name):
    with translation.override("en"):
        assert period_name(kind, starts_on) == name
