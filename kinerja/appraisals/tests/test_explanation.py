"""selectors.explanation and the "how my score was computed" page: every results line of
the stored computation with its source records and links, lines left out for lack of
data, the matrix cell, the pattern of the calibration (with the unit's counts hidden for
small populations), the employee's list, and a number of queries that does not grow with
the number of IKI."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.appraisals.models import Evaluation
from kinerja.appraisals.selectors.access import get_evaluation_for_user
from kinerja.appraisals.selectors.explanation import (
    as_dict,
    explanation_for,
    own_evaluations_for_user,
)
from kinerja.appraisals.services.evaluations import save_ratings
from kinerja.appraisals.tests.factories import (
    ABOVE,
    AS_EXPECTED,
    finalise,
    opened_evaluation,
    org_predicate,
    period,
    rater_of,
    rating_input,
    submit,
    submitted_evaluation,
)
from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import MINIMUM_GROUP_SIZE, Stage
from kinerja.criteria.services.versions import (
    IndicatorInput,
    create_version,
    move_version,
    save_indicator,
)
from kinerja.innovations.models import Innovation, InnovationCredit
from kinerja.organization.selectors import get_viewer
from kinerja.plans.models import Evidence, PerformancePlan
from kinerja.plans.services.execution import add_evidence, save_realisation
from kinerja.plans.tests.factories import Iki, Rhk, approved_plan, performance_year, user_of
from kinerja.service_metrics.models import ServiceMetric

PERIOD = "2026-01"
JUSTIFICATION = "Unit kecil; pola distribusi belum dapat dipenuhi."
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# -- building an evaluation that uses every source ----------------------------------------


def _indicator(code: str, source: str, weight: int, **values: object) -> IndicatorInput:
    data: dict[str, object] = {
        "code": code,
        "aspect": Indicator.Aspect.EFEKTIVITAS,
        "name": f"Indikator {code}",
        "explanation": f"Penjelasan {code}",
        "source": source,
        "floor": Decimal("0.5"),
        "target": Decimal("0.9"),
        "ceiling": Decimal(1),
        "weight": Decimal(weight),
    }
    data.update(values)
    return IndicatorInput(**data)


def full_criteria(org) -> CriteriaVersion:
    """The 2026 criteria of KEC with one results indicator per measurement source."""
    actor = org.admin.user
    version = create_version(
        actor=actor, year=2026, title="Kriteria lengkap", organization=org.kecamatan
    )
    for order, data in enumerate(
        (
            _indicator("tepat-waktu", Indicator.Source.SERVICE_ON_TIME, 30),
            _indicator(
                "tepat-pertama",
                Indicator.Source.SERVICE_FIRST_TIME_RIGHT,
                20,
                floor=Decimal(50),
                target=Decimal(90),
                ceiling=Decimal(100),
            ),
            _indicator(
                "capaian-iki",
                Indicator.Source.IKI_ACHIEVEMENT,
                20,
                floor=Decimal(50),
                target=Decimal(100),
                ceiling=Decimal(120),
            ),
            _indicator(
                "kredit-inovasi",
                Indicator.Source.INNOVATION_CREDIT,
                10,
                aspect=Indicator.Aspect.INOVASI,
                floor=Decimal(0),
                target=Decimal(5),
                ceiling=Decimal(10),
            ),
            _indicator(
                "rubrik-atasan",
                Indicator.Source.SUPERVISOR_RUBRIC,
                20,
                floor=Decimal(1),
                target=Decimal(3),
                ceiling=Decimal(4),
                levels=[(1, "Belum"), (2, "Sebagian"), (3, "Sesuai standar"), (4, "Melampaui")],
            ),
        ),
        start=1,
    ):
        save_indicator(actor=actor, version=version, data=replace(data, order=order))
    move_version(actor=actor, version=version, to=Stage.ADOPTED)
    return move_version(actor=actor, version=version, to=Stage.PUBLISHED)


def plan_with_iki(employee, count: int, *, evidence_each: int = 1) -> PerformancePlan:
    """An approved SKP with ``count`` IKI, each realised in January at 90 per cent of a
    target of 100 and given ``evidence_each`` links as evidence (the first IKI a file)."""
    plan = approved_plan(
        employee,
        2026,
        results=[
            Rhk(
                text=f"RHK {employee.name}",
                indicators=[Iki(text=f"IKI {number}") for number in range(1, count + 1)],
            )
        ],
    )
    january = period(PERIOD)
    actor = user_of(employee)
    for position, indicator in enumerate(
        plan.results.get().indicators.order_by("order", "pk"), start=1
    ):
        realisation = save_realisation(
            actor=actor, indicator=indicator, period=january, value=Decimal(90), narrative=""
        )
        for number in range(evidence_each):
            if position == 1 and number == 0:
                upload = SimpleUploadedFile("notulen.pdf", PDF, content_type="application/pdf")
                add_evidence(
                    actor=actor, realisation=realisation, description="Notulen", upload=upload
                )
            else:
                add_evidence(
                    actor=actor,
                    realisation=realisation,
                    description=f"Tautan {number}",
                    url=f"https://arsip.example.org/{indicator.pk}/{number}",
                )
    return plan


def verified_innovation(org, employee, title: str, points: str, *, uncapped: str | None = None):
    innovation = Innovation.objects.create(
        organization=org.kecamatan,
        performance_year=performance_year(2026),
        submitted_by=employee,
        title=title,
        problem="Antrean panjang",
        change="Antrean daring",
        since=datetime(2026, 1, 5, tzinfo=UTC).date(),
        evidence="Rekap antrean",
        effect="Waktu tunggu turun",
        status=Innovation.Status.VERIFIED,
        submitted_at=datetime(2026, 1, 5, tzinfo=UTC),
        decision_reason="Terbukti",
        decided_at=datetime(2026, 1, 20, tzinfo=UTC),
    )
    innovation.members.add(employee)
    InnovationCredit.objects.create(
        innovation=innovation,
        employee=employee,
        points=Decimal(points),
        uncapped_points=Decimal(uncapped or points),
    )
    return innovation


def service_figures(employee, *, completed: int = 10, on_time: int = 8, right: int = 9):
    return ServiceMetric.objects.create(
        employee=employee,
        period=PERIOD,
        period_kind="MONTH",
        tasks_completed=completed,
        on_time=on_time,
        first_time_right=right,
        median_turnaround_seconds=3600.0,
        computed_at=datetime(2026, 2, 1, tzinfo=UTC),
    )


def rated(
    employee,
    *,
    rubric_level: int | None = 3,
    results: str = AS_EXPECTED,
    behaviour: str = AS_EXPECTED,
) -> Evaluation:
    evaluation = opened_evaluation(employee, PERIOD)
    rubric = Indicator.objects.get(version=evaluation.criteria_version, code="rubrik-atasan")
    data = rating_input(
        evaluation,
        results=results,
        behaviour=behaviour,
        rubric={rubric.pk: rubric_level},
        results_rating_reason="Sesuai catatan kinerja",
        behaviour_rating_reason="Sesuai catatan kinerja",
    )
    return save_ratings(actor=rater_of(evaluation), evaluation=evaluation, data=data)


def delivered(evaluation: Evaluation, org) -> Evaluation:
    submit(evaluation)
    finalise(org_predicate(org.kecamatan, "BAIK"), justification=JUSTIFICATION)
    evaluation.refresh_from_db()
    return evaluation


@pytest.fixture
def criteria(org):
    return full_criteria(org)


@pytest.fixture
def sources(org, criteria):
    """staf's January: service figures, an SKP with two IKI, two verified innovations
    (one over the cap) and one still in review."""
    service_figures(org.staf)
    plan = plan_with_iki(org.staf, 2, evidence_each=2)
    first = verified_innovation(org, org.staf, "Antrean WhatsApp", "4")
    second = verified_innovation(org, org.staf, "Arsip digital", "2", uncapped="3")
    pending = verified_innovation(org, org.staf, "Belum diverifikasi", "5")
    Innovation.objects.filter(pk=pending.pk).update(status=Innovation.Status.IN_REVIEW)
    return {"plan": plan, "innovations": [first, second]}


@pytest.fixture
def evaluation(org, sources):
    return delivered(rated(org.staf, results=ABOVE, behaviour=ABOVE), org)


def explain(user, evaluation_id: int):
    return explanation_for(get_evaluation_for_user(user, evaluation_id), get_viewer(user))


def line(explanation, code: str):
    return next(item for item in explanation.lines if item.code == code)


# -- the lines and their sources ----------------------------------------------------------


def test_every_results_line_is_explained_with_its_curve_weight_and_score(org, evaluation):
    explanation = explain(org.staf.user, evaluation.pk)

    assert [item.code for item in explanation.lines] == [
        "tepat-waktu",
        "tepat-pertama",
        "capaian-iki",
        "kredit-inovasi",
        "rubrik-atasan",
    ]
    on_time = line(explanation, "tepat-waktu")
    assert (on_time.floor, on_time.target, on_time.ceiling) == (
        Decimal("0.5"),
        Decimal("0.9"),
        Decimal(1),
    )
    assert on_time.value == Decimal("0.8")
    assert (on_time.weight, on_time.counted_weight, on_time.is_left_out) == (
        Decimal(30),
        Decimal(30),
        False,
    )
    assert on_time.source_label == str(Indicator.Source.SERVICE_ON_TIME.label)
    # Fractions against a curve written in per cent are read in per cent.
    assert line(explanation, "tepat-pertama").value == Decimal(90)
    assert line(explanation, "capaian-iki").value == Decimal(90)
    assert line(explanation, "kredit-inovasi").value == Decimal(6)
    assert line(explanation, "rubrik-atasan").value == Decimal(3)
    assert sum(item.contribution for item in explanation.lines) == explanation.results_score
    assert explanation.left_out_count == 0
    assert explanation.criteria is not None
    assert (explanation.criteria.title, explanation.criteria.number) == ("Kriteria lengkap", 1)
    assert explanation.criteria.above_threshold == Decimal(110)


def test_service_lines_link_to_the_figures_and_the_tasks_of_the_period(org, evaluation, client_as):
    explanation = explain(org.staf.user, evaluation.pk)
    on_time = line(explanation, "tepat-waktu")
    right = line(explanation, "tepat-pertama")
    services = reverse("service_metrics:employee_services", args=[org.staf.pk])
    tasks = reverse("service_metrics:employee_tasks", args=[org.staf.pk])

    assert on_time.service is not None
    assert (on_time.service.tasks_completed, on_time.service.on_time) == (10, 8)
    assert right.service is not None
    assert right.service.first_time_right == 9
    assert [link.href for link in on_time.links] == [
        f"{services}?year=2026",
        f"{tasks}?period=2026-01",
        f"{tasks}?period=2026-01&show=late",
    ]
    assert [link.href for link in right.links][1:] == [
        f"{tasks}?period=2026-01",
        f"{tasks}?period=2026-01&show=returned",
        f"{tasks}?period=2026-01&show=complaint",
    ]
    client = client_as(org.staf.user)
    for link in (*on_time.links, *right.links):
        assert client.get(link.href).status_code == 200, link.href


def test_the_iki_line_lists_each_iki_with_target_realisation_achievement_and_evidence(
    org, evaluation, sources
):
    plan = sources["plan"]
    explanation = explain(org.staf.user, evaluation.pk)
    iki = line(explanation, "capaian-iki")
    realisations = reverse("plans:plan_realisations", args=[plan.pk])

    assert [item.text for item in iki.iki] == ["IKI 1", "IKI 2"]
    first = iki.iki[0]
    assert (first.target_min, first.realisation, first.achievement) == (
        Decimal(100),
        Decimal(90),
        Decimal(90),
    )
    assert first.work_result == "RHK Staf"
    assert first.link is not None
    assert first.link.href == f"{realisations}?period=2026-01"
    file_evidence = Evidence.objects.get(description="Notulen")
    assert [item.link.href for item in first.evidence] == [
        reverse("plans:evidence_download", args=[file_evidence.pk]),
        f"https://arsip.example.org/{first.iki_id}/1",
    ]
    assert [item.link.is_external for item in first.evidence] == [False, True]
    assert [link.href for link in iki.links] == [f"{realisations}?period=2026-01"]


def test_the_innovation_line_lists_the_verified_innovations_of_the_year(org, evaluation, sources):
    explanation = explain(org.staf.user, evaluation.pk)
    credit = line(explanation, "kredit-inovasi")

    assert [(item.title, item.points, item.uncapped_points) for item in credit.innovations] == [
        ("Antrean WhatsApp", Decimal("4.00"), Decimal("4.00")),
        ("Arsip digital", Decimal("2.00"), Decimal("3.00")),
    ]
    assert [item.link.href for item in credit.innovations] == [
        reverse("innovations:innovation_detail", args=[item.pk]) for item in sources["innovations"]
    ]


def test_the_rubric_line_names_the_chosen_level_and_its_descriptor(org, evaluation):
    rubric = line(explain(org.staf.user, evaluation.pk), "rubrik-atasan").rubric

    assert rubric is not None
    assert (rubric.level, rubric.descriptor) == (3, "Sesuai standar")
    assert [(item.level, item.is_chosen) for item in rubric.levels] == [
        (1, False),
        (2, False),
        (3, True),
        (4, False),
    ]


def test_lines_without_data_are_left_out_and_the_others_scaled_up(org, criteria, client_as):
    # given: no service figures and no rubric level; an SKP and no innovation
    plan_with_iki(org.staf, 1)
    evaluation = delivered(rated(org.staf, rubric_level=None), org)

    # when
    explanation = explain(org.staf.user, evaluation.pk)

    # then
    left_out = [item.code for item in explanation.lines if item.is_left_out]
    assert left_out == ["tepat-waktu", "tepat-pertama", "rubrik-atasan"]
    assert explanation.left_out_count == 3
    for item in explanation.lines:
        if item.is_left_out:
            assert (item.value, item.score, item.is_counted) == (None, None, False)
            assert item.counted_weight == Decimal(0)
    # The IKI line alone carries the score; no innovation credit would lower it, so the
    # extra credit is not counted either.
    assert [(item.code, item.counted_weight) for item in explanation.lines if item.is_counted] == [
        ("capaian-iki", Decimal(100))
    ]
    credit = line(explanation, "kredit-inovasi")
    assert (credit.value, credit.is_extra_credit, credit.is_left_out) == (Decimal(0), True, False)
    page = client_as(org.staf.user).get(
        reverse("appraisals:evaluation_detail", args=[evaluation.pk])
    )
    assert page.status_code == 200
    assert b'id="left-out-note"' in page.content
    assert page.content.count(b"results-line--left-out") == 3


# -- ratings, matrix, predicate ----------------------------------------------------------


def test_the_matrix_marks_the_cell_of_the_two_final_ratings(org, evaluation, client_as):
    explanation = explain(org.staf.user, evaluation.pk)
    matrix = explanation.matrix

    selected = [
        (row.results, cell.behaviour, cell.predicate)
        for row in matrix.rows
        for cell in row.cells
        if cell.is_selected
    ]
    assert selected == [(ABOVE, ABOVE, "SANGAT_BAIK")]
    assert [row.results for row in matrix.rows] == [ABOVE, AS_EXPECTED, "DI_BAWAH_EKSPEKTASI"]
    assert [value for value, _label in matrix.columns] == [
        "DI_BAWAH_EKSPEKTASI",
        AS_EXPECTED,
        ABOVE,
    ]
    assert (explanation.predicate.matrix, explanation.predicate.final) == (
        "SANGAT_BAIK",
        "SANGAT_BAIK",
    )
    page = client_as(org.staf.user).get(
        reverse("appraisals:evaluation_detail", args=[evaluation.pk])
    )
    assert page.content.count(b"matrix-cell--selected") == 1
    assert b'data-predicate="SANGAT_BAIK" aria-current="true"' in page.content


def test_the_ratings_show_the_suggestion_the_appraisers_rating_and_the_reason(org, evaluation):
    explanation = explain(org.staf.user, evaluation.pk)

    assert explanation.results_rating.final == ABOVE
    assert explanation.results_rating.suggested == evaluation.suggested_results_rating
    assert explanation.results_rating.is_override == (evaluation.suggested_results_rating != ABOVE)
    assert explanation.behaviour_rating.final == ABOVE
    assert explanation.behaviour_rating.reason == "Sesuai catatan kinerja"
    assert [item.rating for item in explanation.result_ratings] == [ABOVE]
    assert [item.code for item in explanation.behaviour_ratings][:2] == [
        "BERORIENTASI_PELAYANAN",
        "AKUNTABEL",
    ]
    assert len(explanation.behaviour_ratings) == 7


def test_a_final_predicate_other_than_the_matrix_shows_with_its_reason(org, evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(
        final_predicate="BAIK", final_predicate_reason="Kontribusi pada unit sedang"
    )

    predicate = explain(org.staf.user, evaluation.pk).predicate

    assert (predicate.matrix, predicate.final, predicate.is_changed) == (
        "SANGAT_BAIK",
        "BAIK",
        True,
    )
    assert predicate.reason == "Kontribusi pada unit sedang"


# -- the organisation and its pattern -----------------------------------------------------


def test_a_small_population_shows_only_the_allowed_pattern(org, evaluation, client_as):
    organisation = explain(org.staf.user, evaluation.pk).organisation

    assert organisation is not None
    assert organisation.org_predicate == "BAIK"
    # One employee: Baik must be the largest group; nobody else need be BP or K.
    assert [(row.predicate, row.minimum, row.maximum) for row in organisation.rows] == [
        ("SANGAT_BAIK", 0, 1),
        ("BAIK", 1, 1),
        ("BUTUH_PERBAIKAN", 0, 1),
        ("KURANG", 0, 1),
        ("SANGAT_KURANG", 0, 1),
    ]
    assert (organisation.largest, organisation.groups) == ("BAIK", ())
    assert organisation.population == 1 < MINIMUM_GROUP_SIZE
    assert organisation.shows_counts is False
    assert {row.count for row in organisation.rows} == {None}
    assert organisation.fits_pattern is None
    assert [row.predicate for row in organisation.rows if row.is_own] == ["SANGAT_BAIK"]
    page = client_as(org.staf.user).get(
        reverse("appraisals:evaluation_detail", args=[evaluation.pk])
    )
    assert b'id="pattern-privacy"' in page.content
    assert b"data-count=" not in page.content


def test_whoever_calibrates_the_unit_sees_the_counts_of_a_small_population(org, evaluation):
    organisation = explain(org.admin.user, evaluation.pk).organisation

    assert organisation is not None
    assert organisation.shows_counts is True
    assert [(row.predicate, row.count) for row in organisation.rows if row.count] == [
        ("SANGAT_BAIK", 1)
    ]


def test_a_population_of_the_minimum_group_size_shows_the_units_counts(org, client_as):
    # given: five evaluations in the kecamatan's calibration (the camat is rated above it)
    evaluations = [
        submitted_evaluation(employee)
        for employee in (org.staf, org.rekan, org.kasi, org.lurah, org.admin)
    ]
    finalise(org_predicate(org.kecamatan, "BAIK"), justification=JUSTIFICATION)

    # when
    organisation = explain(org.staf.user, evaluations[0].pk).organisation

    # then
    assert organisation is not None
    assert organisation.population == MINIMUM_GROUP_SIZE
    assert organisation.shows_counts is True
    assert [(row.predicate, row.count) for row in organisation.rows] == [
        ("SANGAT_BAIK", 0),
        ("BAIK", 5),
        ("BUTUH_PERBAIKAN", 0),
        ("KURANG", 0),
        ("SANGAT_KURANG", 0),
    ]
    assert organisation.fits_pattern is False
    page = client_as(org.staf.user).get(
        reverse("appraisals:evaluation_detail", args=[evaluations[0].pk])
    )
    assert b'data-count="5"' in page.content
    assert b'id="pattern-privacy"' not in page.content


# -- the page, the list, the JSON ---------------------------------------------------------


def test_the_page_shows_the_sources_and_their_links(org, evaluation, sources, client_as):
    response = client_as(org.staf.user).get(
        reverse("appraisals:evaluation_detail", args=[evaluation.pk])
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "IKI 1" in html
    assert "Antrean WhatsApp" in html
    assert "Sesuai standar" in html
    assert reverse("plans:plan_realisations", args=[sources["plan"].pk]) in html
    assert reverse("appraisals:evaluation_pdf", args=[evaluation.pk]) in html
    assert reverse("appraisals:evaluation_record_pdf", args=[evaluation.pk]) in html
    assert 'id="objection-open"' in html


def test_my_evaluations_lists_only_my_delivered_evaluations_newest_first(org, criteria, client_as):
    # given: January and February delivered, March still with the appraiser
    for code in ("2026-01", "2026-02"):
        evaluation = submitted_evaluation(org.staf, code)
        finalise(org_predicate(org.kecamatan, "BAIK", code), justification=JUSTIFICATION)
    opened_evaluation(org.staf, "2026-03")
    submitted_evaluation(org.rekan, "2026-03")

    # when
    listed = list(own_evaluations_for_user(org.staf.user))
    response = client_as(org.staf.user).get(reverse("appraisals:my_evaluations"))

    # then
    assert [item.period.code for item in listed] == ["2026-02", "2026-01"]
    assert response.status_code == 200
    assert response.content.count(b"data-evaluation=") == 2
    assert (
        reverse("appraisals:evaluation_detail", args=[evaluation.pk]).encode() in response.content
    )


def test_my_evaluations_says_what_happens_next_when_there_is_none(org, client_as):
    response = client_as(org.staf.user).get(reverse("appraisals:my_evaluations"))

    assert response.status_code == 200
    assert b"empty-state" in response.content


def test_as_dict_is_json_data_with_decimals_as_strings_and_paths_as_links(org, evaluation):
    data = as_dict(explain(org.staf.user, evaluation.pk))
    on_time = data["lines"][0]

    assert data["evaluation_id"] == evaluation.pk
    assert (on_time["weight"], on_time["floor"], on_time["value"]) == ("30", "0.5", "0.8")
    assert on_time["counted_weight"] == "30.00"
    assert isinstance(on_time["score"], str)
    assert on_time["links"][0]["href"].startswith("/layanan/pegawai/")
    assert data["period"]["starts_on"] == "2026-01-01"
    assert data["objection_deadline"] == evaluation.objection_deadline.isoformat()
    assert data["matrix"]["columns"][0][0] == "DI_BAWAH_EKSPEKTASI"
    assert data["organisation"]["rows"][0]["count"] is None


# -- queries ------------------------------------------------------------------------------


def _queries(user, evaluation_id: int) -> int:
    evaluation = get_evaluation_for_user(user, evaluation_id)
    viewer = get_viewer(user)
    with CaptureQueriesContext(connection) as context:
        explanation_for(evaluation, viewer)
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_iki(org, criteria):
    # given: staf with one IKI, rekan with eight, each with evidence and innovations
    service_figures(org.staf)
    service_figures(org.rekan)
    plan_with_iki(org.staf, 1, evidence_each=1)
    plan_with_iki(org.rekan, 8, evidence_each=3)
    verified_innovation(org, org.staf, "Satu", "1")
    for number in range(3):
        verified_innovation(org, org.rekan, f"Inovasi {number}", "1")
    one, eight = rated(org.staf), rated(org.rekan)
    submit(one)
    submit(eight)
    finalise(org_predicate(org.kecamatan, "BAIK"), justification=JUSTIFICATION)

    # when
    few, many = _queries(org.kasi.user, one.pk), _queries(org.kasi.user, eight.pk)

    # then
    assert len(line(explain(org.kasi.user, eight.pk), "capaian-iki").iki) == 8
    assert few == many
    assert many <= 12
