"""The version services: starting and copying versions, indicators and their rules, the
weight check per employee profile, the lifecycle, immutability (in the services and in
the models themselves) and the audit trail of every change."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied
from kinerja.criteria.models import (
    Acknowledgement,
    ComprehensionQuestion,
    ConsultationRound,
    CriteriaVersion,
    Indicator,
    InnovationRubricCriterion,
    Proposal,
    RubricLevel,
    VersionLocked,
)
from kinerja.criteria.rules import Stage
from kinerja.criteria.selectors.versions import results_weight_gaps
from kinerja.criteria.services.versions import (
    QuestionInput,
    VersionRefused,
    VersionSettings,
    adoption_problems,
    create_version,
    delete_indicator,
    delete_version,
    move_version,
    save_comprehension_check,
    save_indicator,
    update_version,
)
from kinerja.criteria.tests.factories import complete_version, published_version, results_indicator
from kinerja.organization.models import Position

D = Decimal
# camat, admin, kasi, staf, rekan and lurah: everyone of Kecamatan Contoh.
EMPLOYEES_OF_KEC = 6


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def tim(org):
    """A member of the evaluation team: the colleague ``rekan``."""
    user = org.rekan.user
    user.is_evaluation_team = True
    user.save(update_fields=["is_evaluation_team"])
    return user


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


def settings_of(version: CriteriaVersion, **overrides) -> VersionSettings:
    values = {
        "title": version.title,
        "rationale": version.rationale,
        "rating_method": version.rating_method,
        "numeric_results_weight": version.numeric_results_weight,
        "above_threshold": version.above_threshold,
        "meets_threshold": version.meets_threshold,
    }
    values.update(overrides)
    return VersionSettings(**values)


def in_stage(stage: Stage, actor, organization) -> CriteriaVersion:
    """A complete version brought to ``stage`` through the services (actor: HR admin)."""
    version = complete_version(actor, organization)
    path = {
        Stage.DRAFT: [],
        Stage.CONSULTATION: [Stage.CONSULTATION],
        Stage.ADOPTED: [Stage.ADOPTED],
        Stage.PUBLISHED: [Stage.ADOPTED, Stage.PUBLISHED],
        Stage.RETIRED: [Stage.ADOPTED, Stage.PUBLISHED, Stage.RETIRED],
    }[stage]
    for step in path:
        version = move_version(actor=actor, version=version, to=step)
    return version


def a_round(version: CriteriaVersion, actor) -> ConsultationRound:
    return ConsultationRound.objects.create(
        version=version,
        title="Analisis kebutuhan",
        question="Apa yang perlu diukur?",
        opens_on=date(2026, 1, 5),
        closes_on=date(2026, 1, 30),
        opened_by=actor,
    )


# -- starting a version -------------------------------------------------------------------


def test_a_fresh_version_starts_with_the_21_berakhlak_indicators(org, tim):
    version = create_version(actor=tim, year=2026, title=" Kriteria 2026 ")

    behaviour = Indicator.objects.filter(version=version)
    assert (version.organization, version.number, version.title) == (
        org.kecamatan,
        1,
        "Kriteria 2026",
    )
    assert version.status == Stage.DRAFT
    assert behaviour.count() == 21
    assert {indicator.aspect for indicator in behaviour} == {
        "BERORIENTASI_PELAYANAN",
        "AKUNTABEL",
        "KOMPETEN",
        "HARMONIS",
        "LOYAL",
        "ADAPTIF",
        "KOLABORATIF",
    }
    assert all(indicator.weight is None for indicator in behaviour)
    assert RubricLevel.objects.filter(indicator__version=version).count() == 21 * 5


def test_a_fresh_version_starts_with_the_default_innovation_rubric(org, tim):
    version = create_version(actor=tim, year=2026, title="Kriteria 2026")

    rubric = InnovationRubricCriterion.objects.filter(version=version).order_by("order")
    assert [(c.code, c.name, c.max_points, c.weight) for c in rubric] == [
        ("kebaruan", "Novelty", 5, D(25)),
        ("dampak", "Impact", 5, D(25)),
        ("replikasi", "Replicability", 5, D(25)),
        ("keberlanjutan", "Sustainability", 5, D(25)),
    ]
    assert all(criterion.descriptor for criterion in rubric)
    assert (version.innovation_credit_cap, version.innovation_pass_score) == (D(10), D(60))


def test_a_copy_keeps_the_innovation_rubric_its_pass_score_and_its_cap(org, tim):
    original = create_version(actor=tim, year=2026, title="Kriteria 2026")
    CriteriaVersion.objects.filter(pk=original.pk).update(
        innovation_credit_cap=D("12.5"), innovation_pass_score=D(65)
    )
    InnovationRubricCriterion.objects.filter(version=original, code="dampak").update(
        weight=D(40), max_points=4, descriptor="Dampak bagi warga"
    )
    original.refresh_from_db()

    copy = create_version(actor=tim, year=2027, title="Kriteria 2027", based_on=original)

    def rubric(version):
        return list(
            InnovationRubricCriterion.objects.filter(version=version)
            .order_by("order")
            .values_list("code", "name", "descriptor", "max_points", "weight", "order")
        )

    copy.refresh_from_db()
    assert rubric(copy) == rubric(original)
    assert len(rubric(copy)) == 4
    assert (copy.innovation_credit_cap, copy.innovation_pass_score) == (D("12.5"), D(65))


def test_versions_of_a_year_are_numbered_in_turn(org, tim):
    first = create_version(actor=tim, year=2026, title="A")
    second = create_version(actor=tim, year=2026, title="B")
    other_year = create_version(actor=tim, year=2027, title="C")

    assert (first.number, second.number, other_year.number) == (1, 2, 1)


@pytest.mark.parametrize(
    ("year", "title", "field"),
    [(1999, "Kriteria", "year"), (2100, "Kriteria", "year"), (2026, "   ", "title")],
)
def test_starting_a_version_needs_a_year_and_a_title(org, tim, year, title, field):
    with pytest.raises(VersionRefused) as refused:
        create_version(actor=tim, year=year, title=title)

    assert refused.value.field == field
    assert not CriteriaVersion.objects.exists()


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "outsider"])
def test_only_the_team_and_the_hr_admin_start_versions(org, persona, request):
    with pytest.raises(PermissionDenied):
        create_version(actor=request.getfixturevalue(persona), year=2026, title="Kriteria")


def test_the_team_of_another_organisation_cannot_start_a_version_here(org):
    org.asing.user.is_evaluation_team = True
    org.asing.user.save()

    with pytest.raises(PermissionDenied):
        create_version(
            actor=org.asing.user, year=2026, title="Kriteria", organization=org.kecamatan
        )


def test_a_copy_keeps_codes_content_settings_and_the_check(org, hr_admin, tim):
    # given: a published version with a rubric, a scope, settings and a check
    original = complete_version(hr_admin, org.kecamatan)
    save_indicator(
        actor=tim,
        version=original,
        data=results_indicator(
            "hasil-1",
            60,
            # Everyone, spelled out: the scope is copied as it is written.
            position_kinds=list(Position.Kind.values),
            unit_codes=["KEC"],
            lower_is_better=True,
            floor=D(10),
            target=D(2),
            ceiling=D(1),
            rationale="Waktu layanan",
        ),
        indicator=Indicator.objects.get(version=original, code="hasil-1"),
    )
    update_version(
        actor=tim,
        version=original,
        settings=settings_of(original, rating_method="NUMERIK_PP_30_2019", above_threshold=105),
    )
    save_comprehension_check(
        actor=tim,
        version=original,
        questions=[QuestionInput("Berapa bobot hasil?", ["60", "100"], 1, "Jumlahnya 100")],
    )
    original.refresh_from_db()
    move_version(actor=hr_admin, version=original, to=Stage.ADOPTED)
    move_version(actor=hr_admin, version=original, to=Stage.PUBLISHED)

    # when
    copy = create_version(actor=tim, year=2027, title="Kriteria 2027", based_on=original)

    # then
    def content(version):
        return [
            (
                i.code,
                i.aspect,
                i.name,
                i.explanation,
                i.source,
                i.floor,
                i.target,
                i.ceiling,
                i.lower_is_better,
                i.weight,
                i.position_kinds,
                i.unit_codes,
                i.order,
                [(level.level, level.descriptor) for level in i.levels.all()],
            )
            for i in Indicator.objects.filter(version=version).order_by("code")
        ]

    assert content(copy) == content(original)
    assert (copy.based_on, copy.status, copy.year, copy.number) == (
        original,
        Stage.DRAFT,
        2027,
        1,
    )
    assert (copy.rating_method, copy.above_threshold) == ("NUMERIK_PP_30_2019", D(105))
    assert list(copy.questions.values_list("text", "choices", "correct_choice")) == [
        ("Berapa bobot hasil?", ["60", "100"], 1)
    ]
    # A copy carries no reasons yet: they explain the changes still to come.
    assert set(Indicator.objects.filter(version=copy).values_list("rationale", flat=True)) == {""}


def test_a_version_is_copied_only_within_its_organisation(org, hr_admin):
    original = complete_version(hr_admin, org.kecamatan)

    with pytest.raises(VersionRefused):
        create_version(
            actor=hr_admin,
            year=2027,
            title="Salinan",
            based_on=original,
            organization=org.other_org,
        )


# -- indicators ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "  "}, "code"),
        ({"code": "hasil-2"}, "code"),  # the draft already has hasil-2
        ({"aspect": "KECEPATAN"}, "aspect"),
        ({"name": ""}, "name"),
        ({"explanation": " "}, "explanation"),
        ({"source": "TEBAKAN"}, "source"),
        ({"floor": D(1), "target": D("0.9"), "ceiling": D("0.95")}, "target"),
        ({"lower_is_better": True}, "target"),
        ({"weight": None}, "weight"),
        ({"weight": D(0)}, "weight"),
        ({"weight": D("100.01")}, "weight"),
        ({"aspect": "AKUNTABEL", "weight": D(10)}, "weight"),
        ({"position_kinds": ["PRESIDEN"]}, "position_kinds"),
        ({"unit_codes": ["TIDAKADA"]}, "unit_codes"),
        ({"unit_codes": ["LAIN"]}, "unit_codes"),  # a unit of another organisation
        ({"source": "RUBRIK_ATASAN", "levels": [(1, "Belum")]}, "levels"),
        ({"source": "RUBRIK_ATASAN", "levels": [(1, "Belum"), (1, "Sudah")]}, "levels"),
    ],
)
def test_an_indicator_is_refused_with_the_field_at_fault(org, tim, overrides, field):
    version = complete_version(tim, org.kecamatan)
    before = Indicator.objects.filter(version=version).count()

    with pytest.raises(VersionRefused) as refused:
        save_indicator(
            actor=tim, version=version, data=replace(results_indicator("baru", 10), **overrides)
        )

    assert refused.value.field == field
    assert Indicator.objects.filter(version=version).count() == before


def test_a_rubric_indicator_keeps_its_levels_and_another_source_drops_them(org, tim):
    version = complete_version(tim, org.kecamatan)
    rubric = results_indicator(
        "inovasi",
        10,
        aspect="INOVASI",
        source="RUBRIK_ATASAN",
        floor=D(1),
        target=D(3),
        ceiling=D(5),
        levels=[(2, "Kadang"), (1, "Belum"), (3, "  ")],
    )

    indicator = save_indicator(actor=tim, version=version, data=rubric)
    levels = list(indicator.levels.values_list("level", "descriptor"))
    indicator = save_indicator(
        actor=tim,
        version=version,
        data=results_indicator("inovasi", 10, aspect="INOVASI", levels=[(1, "Belum")]),
        indicator=indicator,
    )

    assert levels == [(1, "Belum"), (2, "Kadang")]
    assert not indicator.levels.exists()


def test_an_indicator_links_the_proposals_of_its_own_version_only(org, tim, pegawai):
    version = complete_version(tim, org.kecamatan)
    other = complete_version(tim, org.kecamatan, title="Lain")
    own = Proposal.objects.create(
        round=a_round(version, tim), kind="TAMBAH", title="Usul", body="Isi", author=pegawai
    )
    foreign = Proposal.objects.create(
        round=a_round(other, tim), kind="TAMBAH", title="Usul", body="Isi", author=pegawai
    )

    indicator = save_indicator(
        actor=tim, version=version, data=results_indicator("baru", 10, shaped_by=[own.pk])
    )
    with pytest.raises(VersionRefused) as refused:
        save_indicator(
            actor=tim,
            version=version,
            data=results_indicator("baru", 10, shaped_by=[own.pk, foreign.pk]),
            indicator=indicator,
        )

    assert list(indicator.shaped_by.all()) == [own]
    assert refused.value.field == "shaped_by"


def test_the_team_of_another_organisation_cannot_change_a_version_here(org, hr_admin):
    version = complete_version(hr_admin, org.kecamatan)
    org.asing.user.is_evaluation_team = True
    org.asing.user.save()

    with pytest.raises(PermissionDenied):
        save_indicator(actor=org.asing.user, version=version, data=results_indicator("x", 10))
    with pytest.raises(PermissionDenied):
        move_version(actor=org.asing.user, version=version, to=Stage.CONSULTATION)


# -- weights ------------------------------------------------------------------------------


def test_weights_that_add_up_to_100_for_everyone_leave_no_gap(org, tim):
    version = complete_version(tim, org.kecamatan, weights=(60, 40))

    assert results_weight_gaps(version) == []
    assert adoption_problems(version) == []


def test_the_weight_check_names_each_kind_of_employee_and_their_sum(org, tim):
    # given: 60 for everyone, and 40 for the front-desk staff of Seksi Pelayanan only
    version = complete_version(tim, org.kecamatan, weights=(60,))
    save_indicator(
        actor=tim,
        version=version,
        data=results_indicator(
            "loket", 40, position_kinds=[Position.Kind.PELAKSANA], unit_codes=["PEL"]
        ),
    )

    # when
    gaps = results_weight_gaps(version)

    # then: staf and rekan find 100; everyone else only 60
    assert [(gap.position_kind_label, gap.unit, gap.total) for gap in gaps] == [
        ("Administrator", "Kecamatan Contoh", D(60)),
        ("Supervisor (pengawas)", "Kelurahan Contoh", D(60)),
        ("Supervisor (pengawas)", "Seksi Pelayanan", D(60)),
        ("Executive staff (pelaksana)", "Sekretariat", D(60)),
    ]
    assert (
        "The results weights for Executive staff (pelaksana) in Sekretariat add up to 60;"
        " they must add up to 100." in adoption_problems(version)
    )


def test_a_version_whose_weights_do_not_add_up_cannot_be_adopted(org, tim):
    version = complete_version(tim, org.kecamatan, weights=(60, 30))

    with pytest.raises(VersionRefused, match="add up to 90; they must add up to 100"):
        move_version(actor=tim, version=version, to=Stage.ADOPTED)

    version.refresh_from_db()
    assert version.status == Stage.DRAFT


def test_a_version_without_results_indicators_cannot_be_adopted(org, tim):
    version = create_version(actor=tim, year=2026, title="Hanya perilaku")

    with pytest.raises(VersionRefused, match=r"The results side has no indicator yet\."):
        move_version(actor=tim, version=version, to=Stage.ADOPTED)


# -- the lifecycle ------------------------------------------------------------------------

ALLOWED = [
    (Stage.DRAFT, Stage.CONSULTATION),
    (Stage.DRAFT, Stage.ADOPTED),
    (Stage.CONSULTATION, Stage.DRAFT),
    (Stage.CONSULTATION, Stage.ADOPTED),
    (Stage.ADOPTED, Stage.DRAFT),
    (Stage.ADOPTED, Stage.PUBLISHED),
    (Stage.PUBLISHED, Stage.RETIRED),
]
FORBIDDEN = [(a, b) for a in Stage for b in Stage if (a, b) not in ALLOWED]


@pytest.mark.parametrize(("current", "to"), ALLOWED)
def test_every_allowed_move_is_made_and_audited(org, hr_admin, current, to):
    version = in_stage(current, hr_admin, org.kecamatan)

    moved = move_version(actor=hr_admin, version=version, to=to, note=" SK Camat 12/2026 ")

    moved.refresh_from_db()
    assert moved.status == to
    event = last_event()
    assert (event.action, event.target_type, event.target_id) == (
        AuditAction.CRITERIA_VERSION_MOVED,
        "criteria.criteriaversion",
        str(version.pk),
    )
    assert event.changes["status"] == [current.value, to.value]
    assert event.changes["note"] == "SK Camat 12/2026"


@pytest.mark.parametrize(("current", "to"), FORBIDDEN)
def test_every_other_move_is_refused(org, hr_admin, current, to):
    version = in_stage(current, hr_admin, org.kecamatan)
    events = AuditEvent.objects.count()

    with pytest.raises(VersionRefused, match="cannot become"):
        move_version(actor=hr_admin, version=version, to=to)

    version.refresh_from_db()
    assert version.status == current
    assert AuditEvent.objects.count() == events


def test_adoption_stamps_the_date_and_going_back_to_draft_clears_it(org, tim):
    version = complete_version(tim, org.kecamatan)

    adopted = move_version(actor=tim, version=version, to=Stage.ADOPTED)
    back = move_version(actor=tim, version=adopted, to=Stage.DRAFT)

    assert adopted.adopted_at is not None
    assert back.adopted_at is None


@pytest.mark.parametrize("to", [Stage.PUBLISHED, Stage.RETIRED])
def test_only_the_hr_admin_publishes_and_retires(org, hr_admin, tim, to):
    version = in_stage(
        Stage.ADOPTED if to == Stage.PUBLISHED else Stage.PUBLISHED, hr_admin, org.kecamatan
    )

    with pytest.raises(PermissionDenied):
        move_version(actor=tim, version=version, to=to)

    version.refresh_from_db()
    assert version.status != to


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "outsider"])
def test_people_outside_the_team_move_nothing(org, hr_admin, persona, request):
    version = complete_version(hr_admin, org.kecamatan)

    with pytest.raises(PermissionDenied):
        move_version(actor=request.getfixturevalue(persona), version=version, to="KONSULTASI")


def test_publishing_retires_the_version_in_force_for_the_same_year_only(org, hr_admin):
    # given: 2025 and 2026 published, and a second 2026 version adopted
    last_year = published_version(hr_admin, org.kecamatan, year=2025)
    first = published_version(hr_admin, org.kecamatan, year=2026)
    second = complete_version(hr_admin, org.kecamatan, year=2026, title="Revisi")
    move_version(actor=hr_admin, version=second, to=Stage.ADOPTED)

    # when
    move_version(actor=hr_admin, version=second, to=Stage.PUBLISHED)

    # then
    statuses = dict(CriteriaVersion.objects.values_list("pk", "status"))
    assert statuses == {
        last_year.pk: Stage.PUBLISHED,
        first.pk: Stage.RETIRED,
        second.pk: Stage.PUBLISHED,
    }
    retirement = AuditEvent.objects.get(
        action=AuditAction.CRITERIA_VERSION_MOVED,
        target_id=str(first.pk),
        changes__has_key="replaced_by",
    )
    assert retirement.changes == {
        "status": ["DITERBITKAN", "DIARSIPKAN"],
        "replaced_by": second.label,
    }
    assert last_event().changes["retired"] == first.label


def test_publishing_gives_everyone_in_scope_an_acknowledgement_task(org, hr_admin):
    version = published_version(hr_admin, org.kecamatan)

    tasks = Acknowledgement.objects.filter(version=version)
    assert tasks.count() == EMPLOYEES_OF_KEC
    assert org.asing.pk not in set(tasks.values_list("employee_id", flat=True))
    assert last_event().changes["acknowledgements"] == EMPLOYEES_OF_KEC
    assert version.published_at is not None


# -- immutability -------------------------------------------------------------------------


@pytest.fixture
def published(org, hr_admin, tim):
    version = complete_version(hr_admin, org.kecamatan)
    save_comprehension_check(
        actor=tim, version=version, questions=[QuestionInput("Apa?", ["a", "b"], 0)]
    )
    move_version(actor=hr_admin, version=version, to=Stage.ADOPTED)
    return move_version(actor=hr_admin, version=version, to=Stage.PUBLISHED)


@pytest.mark.parametrize("stage", [Stage.ADOPTED, Stage.PUBLISHED, Stage.RETIRED])
def test_the_services_refuse_to_change_a_version_from_adoption_on(org, hr_admin, stage):
    # given
    version = in_stage(stage, hr_admin, org.kecamatan)
    indicator = Indicator.objects.filter(version=version, code="hasil-1").get()
    events = AuditEvent.objects.count()
    attempts = [
        lambda: update_version(
            actor=hr_admin, version=version, settings=settings_of(version, title="Baru")
        ),
        lambda: save_indicator(actor=hr_admin, version=version, data=results_indicator("x", 5)),
        lambda: save_indicator(
            actor=hr_admin,
            version=version,
            data=results_indicator("hasil-1", 60, rationale="Naik"),
            indicator=indicator,
        ),
        lambda: delete_indicator(actor=hr_admin, indicator=indicator),
        lambda: save_comprehension_check(actor=hr_admin, version=version, questions=[]),
        lambda: delete_version(actor=hr_admin, version=version),
    ]

    # when / then
    for attempt in attempts:
        with pytest.raises(VersionLocked):
            attempt()
    version.refresh_from_db()
    indicator.refresh_from_db()
    assert (version.title, indicator.weight) == ("Kriteria 2026", D(60))
    assert Indicator.objects.filter(version=version).count() == 23
    assert AuditEvent.objects.count() == events


def test_a_published_version_refuses_a_direct_save_and_delete(published):
    published.title = "Diubah diam-diam"

    with pytest.raises(VersionLocked):
        published.save()
    with pytest.raises(VersionLocked):
        published.save(update_fields=["title"])
    with pytest.raises(VersionLocked):
        published.delete()

    published.refresh_from_db()
    assert published.title == "Kriteria 2026"


def test_a_stale_copy_of_a_published_version_cannot_delete_it(published):
    stale = CriteriaVersion.objects.get(pk=published.pk)
    stale.status = Stage.DRAFT

    with pytest.raises(VersionLocked):
        stale.delete()

    assert CriteriaVersion.objects.filter(pk=published.pk).exists()


def test_a_retired_version_refuses_even_its_status_fields(org, hr_admin):
    version = in_stage(Stage.RETIRED, hr_admin, org.kecamatan)
    version.status = Stage.PUBLISHED

    with pytest.raises(VersionLocked):
        version.save(update_fields=["status", "retired_at", "updated_at"])


@pytest.mark.parametrize(
    "row",
    [
        lambda v: Indicator.objects.filter(version=v).first(),
        lambda v: RubricLevel.objects.filter(indicator__version=v).first(),
        lambda v: ComprehensionQuestion.objects.filter(version=v).first(),
        lambda v: InnovationRubricCriterion.objects.filter(version=v).first(),
    ],
    ids=["indicator", "rubric-level", "question", "innovation-rubric"],
)
def test_the_content_of_a_published_version_refuses_a_direct_save_and_delete(published, row):
    content = row(published)

    with pytest.raises(VersionLocked):
        content.save()
    with pytest.raises(VersionLocked):
        content.delete()

    assert type(content).objects.filter(pk=content.pk).exists()


def test_no_content_can_be_added_directly_to_a_published_version(published):
    indicator = Indicator.objects.filter(version=published).first()
    additions = [
        Indicator(
            version=published,
            code="baru",
            aspect="EFISIENSI",
            name="Baru",
            explanation="Baru",
            source="CAPAIAN_IKI",
            floor=0,
            target=1,
            ceiling=2,
        ),
        RubricLevel(indicator=indicator, level=9, descriptor="Baru"),
        ComprehensionQuestion(
            version=published, text="Baru?", choices=["a", "b"], correct_choice=0
        ),
        InnovationRubricCriterion(
            version=published, code="baru", name="Baru", descriptor="Baru", order=9
        ),
    ]

    for addition in additions:
        with pytest.raises(VersionLocked):
            addition.save()


# -- rationale in a copy ------------------------------------------------------------------


@pytest.fixture
def copy(org, hr_admin, tim):
    original = published_version(hr_admin, org.kecamatan, year=2025)
    return create_version(actor=tim, year=2026, title="Kriteria 2026", based_on=original)


def test_a_changed_indicator_in_a_copy_needs_a_reason(copy, tim):
    indicator = Indicator.objects.get(version=copy, code="hasil-1")
    changed = results_indicator("hasil-1", 60, target=D("0.95"))

    with pytest.raises(VersionRefused) as refused:
        save_indicator(actor=tim, version=copy, data=changed, indicator=indicator)
    saved = save_indicator(
        actor=tim,
        version=copy,
        data=results_indicator("hasil-1", 60, target=D("0.95"), rationale="Usulan #3"),
        indicator=indicator,
    )

    assert refused.value.field == "rationale"
    assert "2025 v1" in str(refused.value)
    assert (saved.target, saved.rationale) == (D("0.95"), "Usulan #3")


def test_a_new_indicator_in_a_copy_needs_a_reason(copy, tim):
    with pytest.raises(VersionRefused) as refused:
        save_indicator(actor=tim, version=copy, data=results_indicator("baru", 10))

    assert refused.value.field == "rationale"


def test_saving_an_unchanged_indicator_in_a_copy_needs_no_reason(copy, tim):
    indicator = Indicator.objects.get(version=copy, code="hasil-1")

    saved = save_indicator(
        actor=tim, version=copy, data=results_indicator("hasil-1", "60.00"), indicator=indicator
    )

    assert saved.rationale == ""


def test_levels_sent_with_a_source_that_keeps_none_are_no_change(copy, tim):
    # A form may send the rubric rows whatever the source; only a rubric keeps them.
    indicator = Indicator.objects.get(version=copy, code="hasil-1")

    save_indicator(
        actor=tim,
        version=copy,
        data=results_indicator("hasil-1", 60, levels=[(1, "Belum"), (2, "Sudah")]),
        indicator=indicator,
    )

    assert not indicator.levels.exists()


def test_a_changed_rubric_in_a_copy_needs_a_reason(copy, tim):
    behaviour = Indicator.objects.get(version=copy, code="akuntabel-a")
    levels = list(behaviour.levels.values_list("level", "descriptor"))
    data = replace(
        results_indicator("akuntabel-a", 0),
        aspect="AKUNTABEL",
        name=behaviour.name,
        explanation=behaviour.explanation,
        source="RUBRIK_ATASAN",
        floor=D(1),
        target=D(3),
        ceiling=D(5),
        weight=None,
        order=behaviour.order,
        levels=[*levels[:4], (5, "Teladan bagi seluruh kantor")],
    )

    with pytest.raises(VersionRefused) as refused:
        save_indicator(actor=tim, version=copy, data=data, indicator=behaviour)

    assert refused.value.field == "rationale"


# -- comprehension check ------------------------------------------------------------------


def test_the_check_replaces_the_questions_and_skips_blank_choices(org, tim):
    version = complete_version(tim, org.kecamatan)
    save_comprehension_check(
        actor=tim, version=version, questions=[QuestionInput("Lama?", ["a", "b"], 0)]
    )

    saved = save_comprehension_check(
        actor=tim,
        version=version,
        questions=[
            # the third of four inputs is marked correct, the second left blank
            QuestionInput(" Berapa bobot? ", ["50", " ", "100", "120"], 2, " Selalu 100 "),
            QuestionInput("Siapa menilai?", ["Atasan", "Rekan"], 0),
        ],
    )

    assert [(q.order, q.text, q.choices, q.correct_choice, q.explanation) for q in saved] == [
        (1, "Berapa bobot?", ["50", "100", "120"], 1, "Selalu 100"),
        (2, "Siapa menilai?", ["Atasan", "Rekan"], 0, ""),
    ]
    assert list(version.questions.values_list("text", flat=True)) == [
        "Berapa bobot?",
        "Siapa menilai?",
    ]


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ([QuestionInput("Q", ["a", "b"], 0)] * 4, "at most three"),
        ([QuestionInput(" ", ["a", "b"], 0)], "Question 1 needs its text"),
        ([QuestionInput("Q", ["a", " "], 0)], "Question 1 needs its text"),
        ([QuestionInput("Q", ["a", "b"], 2)], "Question 1: mark which choice"),
        ([QuestionInput("Q", ["a", " ", "c"], 1)], "Question 1: mark which choice"),
        ([QuestionInput("Q", ["a", "b"], -1)], "Question 1: mark which choice"),
    ],
)
def test_the_check_is_refused_when_a_question_is_incomplete(org, tim, questions, message):
    version = complete_version(tim, org.kecamatan)

    with pytest.raises(VersionRefused, match=message):
        save_comprehension_check(actor=tim, version=version, questions=questions)

    assert not version.questions.exists()


# -- deleting a draft ---------------------------------------------------------------------


def test_a_draft_is_deleted_with_its_content(org, tim):
    version = complete_version(tim, org.kecamatan)
    pk, label = version.pk, str(version)

    delete_version(actor=tim, version=version)

    assert not CriteriaVersion.objects.filter(pk=pk).exists()
    assert not Indicator.objects.filter(version_id=pk).exists()
    assert not InnovationRubricCriterion.objects.filter(version_id=pk).exists()
    event = last_event()
    assert (event.action, event.target_type, event.target_id, event.target_label) == (
        AuditAction.CRITERIA_VERSION_DELETED,
        "criteria.criteriaversion",
        str(pk),
        label,
    )


def test_a_draft_that_was_consulted_on_stays(org, tim):
    version = complete_version(tim, org.kecamatan)
    a_round(version, tim)

    with pytest.raises(VersionLocked):
        delete_version(actor=tim, version=version)

    assert CriteriaVersion.objects.filter(pk=version.pk).exists()


@pytest.mark.parametrize("stage", [Stage.CONSULTATION, Stage.ADOPTED])
def test_only_a_draft_can_be_deleted(org, hr_admin, stage):
    version = in_stage(stage, hr_admin, org.kecamatan)

    with pytest.raises(VersionLocked):
        delete_version(actor=hr_admin, version=version)


# -- the audit trail ----------------------------------------------------------------------


def test_every_change_to_a_version_is_in_the_audit_log(org, tim):
    def event():
        e = last_event()
        return (e.action, e.target_type, e.target_id)

    version = create_version(actor=tim, year=2026, title="Kriteria")
    assert event() == (
        AuditAction.CRITERIA_VERSION_CREATED,
        "criteria.criteriaversion",
        str(version.pk),
    )
    assert last_event().changes == {"based_on": None, "year": 2026}

    update_version(actor=tim, version=version, settings=settings_of(version, title="Kriteria 2026"))
    assert event() == (
        AuditAction.CRITERIA_VERSION_UPDATED,
        "criteria.criteriaversion",
        str(version.pk),
    )
    assert last_event().changes == {"title": ["Kriteria", "Kriteria 2026"]}

    indicator = save_indicator(actor=tim, version=version, data=results_indicator("a", 100))
    assert event() == (
        AuditAction.CRITERIA_INDICATOR_SAVED,
        "criteria.indicator",
        str(indicator.pk),
    )

    save_indicator(
        actor=tim,
        version=version,
        data=results_indicator("a", 100, name="Nama baru"),
        indicator=indicator,
    )
    assert last_event().changes == {"name": ["Indikator a", "Nama baru"]}

    save_comprehension_check(
        actor=tim, version=version, questions=[QuestionInput("Q?", ["a", "b"], 1)]
    )
    assert event() == (
        AuditAction.CRITERIA_CHECK_SAVED,
        "criteria.criteriaversion",
        str(version.pk),
    )

    indicator_pk = indicator.pk
    delete_indicator(actor=tim, indicator=indicator)
    assert event() == (
        AuditAction.CRITERIA_INDICATOR_DELETED,
        "criteria.indicator",
        str(indicator_pk),
    )
    assert last_event().changes["deleted"]["code"] == "a"

    move_version(actor=tim, version=version, to=Stage.CONSULTATION)
    assert event() == (
        AuditAction.CRITERIA_VERSION_MOVED,
        "criteria.criteriaversion",
        str(version.pk),
    )
    assert all(e.actor == tim for e in AuditEvent.objects.all())


def test_saving_without_a_change_writes_no_event(org, tim):
    version = complete_version(tim, org.kecamatan)
    indicator = Indicator.objects.get(version=version, code="hasil-1")
    events = AuditEvent.objects.count()

    update_version(actor=tim, version=version, settings=settings_of(version))
    save_indicator(
        actor=tim, version=version, data=results_indicator("hasil-1", 60), indicator=indicator
    )

    assert AuditEvent.objects.count() == events


def test_settings_are_refused_with_the_field_at_fault(org, tim):
    version = complete_version(tim, org.kecamatan)
    cases = [
        ({"title": " "}, "title"),
        ({"rating_method": "LAINNYA"}, "rating_method"),
        ({"numeric_results_weight": 50}, "numeric_results_weight"),
        ({"above_threshold": D(90), "meets_threshold": D(90)}, "meets_threshold"),
        ({"above_threshold": D(121)}, "meets_threshold"),
    ]

    for overrides, field in cases:
        with pytest.raises(VersionRefused) as refused:
            update_version(actor=tim, version=version, settings=settings_of(version, **overrides))
        assert refused.value.field == field
