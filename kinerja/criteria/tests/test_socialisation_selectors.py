"""The socialisation selectors: the reading page shows an employee only the criteria that
apply to them, with a worked example built from the version's own curve, weights and
thresholds; the coverage per unit has the right numbers for each viewer and a fixed
number of queries; the unit list and the team's questions filter as they say."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.core.ratings import Rating
from kinerja.criteria.models import Acknowledgement, CriteriaVersion
from kinerja.criteria.rules import Stage
from kinerja.criteria.selectors.access import viewer_of
from kinerja.criteria.selectors.socialisation import (
    coverage,
    coverage_for_user,
    coverage_index_for_user,
    coverage_percent,
    criteria_page_for,
    my_acknowledgements,
    questions_for_team,
    unit_coverage_for_user,
)
from kinerja.criteria.services.socialisation import acknowledge, answer_question, ask_question
from kinerja.criteria.services.versions import create_version, move_version, save_indicator
from kinerja.criteria.tests.factories import (
    complete_version,
    published_version,
    results_indicator,
)
from kinerja.criteria.tests.test_socialisation_services import (
    make_employee,
    publish,
    targeted_version,
)
from kinerja.organization.models import Employee, Position
from kinerja.service_metrics.models import ServiceMetric

COMPUTED = datetime(2026, 4, 1, tzinfo=UTC)


def codes(page) -> list[str]:
    return [item.indicator.code for group in page.results for item in group.indicators]


@pytest.fixture
def targeted(org, hr_admin) -> CriteriaVersion:
    return targeted_version(hr_admin, org.kecamatan)


# -- the reading page --------------------------------------------------------------------


def test_an_employee_reads_only_the_criteria_that_apply_to_them(org, pegawai, atasan, targeted):
    staf = criteria_page_for(pegawai, targeted)
    kasi = criteria_page_for(atasan, targeted)

    # "pimpinan" is for other position types, "sekretariat" for another unit.
    assert codes(staf) == ["umum", "loket"]
    assert codes(kasi) == ["umum", "pimpinan"]
    assert staf.results_weight == Decimal(100)
    assert [group.code for group in staf.results] == ["EFEKTIVITAS"]
    # The behaviour side: the seven BerAKHLAK values, three indicators each, for everyone.
    assert len(staf.behaviour) == 7
    assert sum(len(group.indicators) for group in staf.behaviour) == 21
    assert staf.behaviour[0].code == "BERORIENTASI_PELAYANAN"


def test_a_limited_criterion_names_the_units_it_is_limited_to(pegawai, targeted):
    page = criteria_page_for(pegawai, targeted)

    (loket,) = [i for g in page.results for i in g.indicators if i.indicator.code == "loket"]
    assert loket.unit_names == ["Seksi Pelayanan"]
    assert not loket.is_for_everyone


def test_the_page_carries_the_task_and_the_check_while_it_is_open(org, pegawai, hr_admin):
    version = targeted_version(hr_admin, org.kecamatan, check=True)

    before = criteria_page_for(pegawai, version)
    acknowledge(actor=pegawai, version=version, answers=[1, 0, 1])
    after = criteria_page_for(pegawai, version)

    assert before.task is not None
    assert before.can_acknowledge
    assert len(before.check) == 3
    assert not after.can_acknowledge
    assert after.check == []
    assert after.task.acknowledged_at is not None


def test_the_example_turns_an_illustrative_value_into_a_score_and_a_rating(pegawai, targeted):
    example = criteria_page_for(pegawai, targeted).example

    # "umum": 0.5 → 0, 0.9 → 100, 1 → 120; three quarters of the way to the target is 0.8.
    assert example.indicator.code == "umum"
    assert not example.is_real
    assert example.value == Decimal("0.8")
    assert example.score == Decimal("75.00")
    assert [(line.indicator.code, line.score, line.contribution) for line in example.lines] == [
        ("umum", Decimal("75.00"), Decimal("45.00")),
        ("loket", Decimal(100), Decimal("40.00")),
    ]
    assert example.total == Decimal("85.00")
    assert example.rating == Rating.DI_BAWAH_EKSPEKTASI  # below 90


def _metric(
    employee: Employee, period: str, kind: str, *, tasks: int, on_time: int, right: int
) -> ServiceMetric:
    return ServiceMetric(
        employee=employee,
        period=period,
        period_kind=kind,
        tasks_completed=tasks,
        on_time=on_time,
        first_time_right=right,
        computed_at=COMPUTED,
    )


def test_the_example_uses_the_employees_latest_monthly_figure_when_there_is_one(
    org, pegawai, targeted
):
    ServiceMetric.objects.bulk_create(
        [
            _metric(org.staf, "2026-02", "BULAN", tasks=10, on_time=5, right=5),
            _metric(org.staf, "2026-03", "BULAN", tasks=20, on_time=19, right=18),
            _metric(org.staf, "2026-04", "BULAN", tasks=0, on_time=0, right=0),  # no tasks yet
            _metric(org.staf, "2026", "TAHUN", tasks=30, on_time=24, right=23),
            _metric(org.rekan, "2026-05", "BULAN", tasks=10, on_time=1, right=1),  # somebody else's
        ]
    )

    example = criteria_page_for(pegawai, targeted).example

    assert example.is_real
    assert example.period == date(2026, 3, 1)
    assert example.value == Decimal("0.95")  # 19 of 20 on time
    assert example.score == Decimal("110.00")
    assert example.total == Decimal("106.00")  # 110 * 60% + 100 * 40%
    assert example.rating == Rating.SESUAI_EKSPEKTASI


def test_no_example_when_no_results_criterion_applies(org, hr_admin):
    version = create_version(
        actor=hr_admin, year=2026, title="Per jabatan", organization=org.kecamatan
    )
    for code, kinds in [
        ("pelaksana", [Position.Kind.PELAKSANA]),
        ("pimpinan", [Position.Kind.ADMINISTRATOR, Position.Kind.PENGAWAS]),
    ]:
        save_indicator(
            actor=hr_admin, version=version, data=results_indicator(code, 100, position_kinds=kinds)
        )
    version = publish(hr_admin, version)
    # A position type the organisation did not have when the version was published.
    newcomer = make_employee(org.kelurahan, "fungsional", kind=Position.Kind.FUNGSIONAL)

    page = criteria_page_for(newcomer.user, version)

    assert page.results == []
    assert page.example is None
    assert page.task is None
    assert len(page.behaviour) == 7


@pytest.mark.parametrize("who", ["asing", "outsider"])
def test_others_cannot_open_the_reading_page(org, version_everyone, who):
    user = org.outsider if who == "outsider" else org.asing.user

    with pytest.raises(NotFound):
        criteria_page_for(user, version_everyone)


def test_a_version_still_being_prepared_has_no_reading_page(org, hr_admin, pegawai):
    draft = complete_version(hr_admin, org.kecamatan)
    move_version(actor=hr_admin, version=draft, to=Stage.CONSULTATION)

    with pytest.raises(NotFound):
        criteria_page_for(pegawai, draft)


def test_my_acknowledgements_are_my_own_tasks_only(org, hr_admin, pegawai):
    old = published_version(hr_admin, org.kecamatan, year=2025, title="Kriteria 2025")
    new = published_version(hr_admin, org.kecamatan, year=2026)
    acknowledge(actor=pegawai, version=new)

    tasks = my_acknowledgements(pegawai)

    assert [(item.version, item.is_done, item.is_open) for item in tasks] == [
        (new, True, False),
        (old, False, True),
    ]
    assert {item.task.employee_id for item in tasks} == {org.staf.pk}
    assert my_acknowledgements(org.outsider) == []


# -- coverage ----------------------------------------------------------------------------


@pytest.fixture
def version_everyone(org, hr_admin) -> CriteriaVersion:
    return published_version(hr_admin, org.kecamatan)


@pytest.fixture
def known(org, hr_admin) -> CriteriaVersion:
    """Nine people in scope, four of whom acknowledged:

    KEC camat 1/1, SEK admin 0/1, PEL kasi staf rekan 2/3, KEL lurah + 3 others 1/4.
    """
    for n in range(3):
        make_employee(org.kelurahan, f"kel{n}")
    version = published_version(hr_admin, org.kecamatan)
    for user in [org.camat.user, org.staf.user, org.rekan.user, User.objects.get(username="kel0")]:
        acknowledge(actor=user, version=version)
    return version


def rows(result) -> list[tuple[str, int, int, Decimal | None]]:
    return [(row.unit.code, row.in_scope, row.acknowledged, row.percent) for row in result.rows]


@pytest.mark.parametrize(
    ("acknowledged", "in_scope", "percent"),
    [(0, 0, None), (0, 3, Decimal("0.0")), (2, 3, Decimal("66.7")), (1, 8, Decimal("12.5"))],
)
def test_coverage_percent(acknowledged, in_scope, percent):
    assert coverage_percent(acknowledged, in_scope) == percent


@pytest.mark.parametrize("persona", ["hr_admin", "pimpinan"])
def test_the_coverage_per_unit_counts_each_person_in_their_own_unit(request, persona, known):
    result = coverage_for_user(request.getfixturevalue(persona), known.pk)

    assert rows(result) == [
        ("KEC", 1, 1, Decimal("100.0")),
        ("KEL", 4, 1, Decimal("25.0")),
        ("PEL", 3, 2, Decimal("66.7")),
        ("SEK", 1, 0, Decimal("0.0")),
    ]
    assert (result.total.in_scope, result.total.acknowledged, result.total.missing) == (9, 4, 5)
    assert result.total.percent == Decimal("44.4")
    assert result.can_send_reminders


def test_a_pimpinan_of_a_kelurahan_sees_only_their_kelurahan(org, known):
    org.lurah.user.is_pimpinan = True
    org.lurah.user.save()

    result = coverage_for_user(org.lurah.user, known.pk)

    assert rows(result) == [("KEL", 4, 1, Decimal("25.0"))]
    assert result.total.percent == Decimal("25.0")
    assert result.scope.code == "KEL"


def test_the_evaluation_team_sees_the_whole_coverage_but_sends_no_reminders(org, known):
    tim = make_employee(org.sekretariat, "tim.evaluasi", is_evaluation_team=True).user

    result = coverage_for_user(tim, known.pk)

    assert result.total.in_scope == 9
    assert not result.can_send_reminders


def test_people_who_left_drop_out_of_the_coverage(org, hr_admin, known):
    Employee.objects.filter(pk=org.rekan.pk).update(is_active=False)  # had acknowledged

    result = coverage_for_user(hr_admin, known.pk)

    assert ("PEL", 2, 1, Decimal("50.0")) in rows(result)
    assert (result.total.in_scope, result.total.acknowledged) == (8, 3)


@pytest.mark.parametrize("persona", ["pegawai", "atasan"])
def test_employees_without_the_role_see_no_coverage(request, persona, known):
    with pytest.raises(PermissionDenied):
        coverage_for_user(request.getfixturevalue(persona), known.pk)


def test_outsiders_and_other_organisations_see_nothing(org, known):
    asing_pimpinan = org.asing.user
    asing_pimpinan.is_pimpinan = True
    asing_pimpinan.save()

    with pytest.raises(NotFound):
        coverage_for_user(org.outsider, known.pk)
    with pytest.raises(NotFound):
        coverage_for_user(asing_pimpinan, known.pk)


def test_the_coverage_of_a_draft_does_not_exist(org, hr_admin):
    draft = complete_version(hr_admin, org.kecamatan)

    with pytest.raises(NotFound):
        coverage_for_user(hr_admin, draft.pk)


def add_people(org, version: CriteriaVersion, count: int, *, start: int = 0) -> None:
    """``count`` more people in Seksi Pelayanan with a task of ``version``, every other one
    acknowledged."""
    position = Position.objects.create(
        unit=org.pelayanan, kind=Position.Kind.PELAKSANA, name=f"Loket {start}"
    )
    employees = Employee.objects.bulk_create(
        Employee(
            nip=f"{199001012015011000 + start + n}",
            name=f"Petugas {start + n:04d}",
            asn_status=Employee.AsnStatus.PNS,
            rank="Pengatur (II/c)",
            position=position,
            unit=org.pelayanan,
        )
        for n in range(count)
    )
    Acknowledgement.objects.bulk_create(
        Acknowledgement(
            version=version,
            employee=employee,
            unit=org.pelayanan,
            assigned_at=COMPUTED,
            acknowledged_at=COMPUTED if n % 2 else None,
        )
        for n, employee in enumerate(employees)
    )


def test_the_coverage_reads_two_queries_whatever_the_headcount(
    org, hr_admin, version_everyone, django_assert_num_queries
):
    add_people(org, version_everyone, 60)
    viewer = viewer_of(hr_admin)

    with django_assert_num_queries(2):  # the scope's unit, the counts per unit
        result = coverage(version_everyone, viewer)

    assert ("PEL", 63, 30, Decimal("47.6")) in rows(result)


def test_the_unit_list_filters_searches_and_counts(org, hr_admin, known):
    missing = unit_coverage_for_user(hr_admin, known.pk, "KEL")
    done = unit_coverage_for_user(hr_admin, known.pk, "KEL", show="done")
    searched = unit_coverage_for_user(hr_admin, known.pk, "KEL", show="all", search="kel")

    assert [task.employee.name for task in missing.tasks] == ["Kel1", "Kel2", "Lurah"]
    assert [task.employee.name for task in done.tasks] == ["Kel0"]
    assert missing.counts == {"all": 4, "done": 1, "missing": 3}
    assert [task.employee.name for task in searched.tasks] == ["Kel0", "Kel1", "Kel2"]
    assert searched.counts == {"all": 3, "done": 1, "missing": 2}


def test_the_unit_list_of_a_parent_unit_includes_its_sub_units(org, hr_admin, known):
    listing = unit_coverage_for_user(hr_admin, known.pk, "KEC", show="all")

    assert listing.counts == {"all": 9, "done": 4, "missing": 5}


def test_a_pimpinan_cannot_list_a_unit_they_do_not_lead(org, known):
    org.lurah.user.is_pimpinan = True
    org.lurah.user.save()

    with pytest.raises(NotFound):
        unit_coverage_for_user(org.lurah.user, known.pk, "PEL")


def test_the_index_lists_versions_with_tasks_and_their_coverage(org, hr_admin, pimpinan, known):
    complete_version(hr_admin, org.kecamatan, year=2027, title="Draf 2027")
    ask_question(actor=org.staf.user, version=known, text="Satu?")
    answered = ask_question(actor=org.staf.user, version=known, text="Dua?")
    answer_question(actor=hr_admin, question=answered, answer="Ya.")

    (row,) = coverage_index_for_user(pimpinan)

    assert row.version == known
    assert (row.in_scope, row.acknowledged, row.open_questions) == (9, 4, 1)
    assert row.percent == Decimal("44.4")


def test_the_index_of_a_kelurahan_pimpinan_counts_their_kelurahan(org, known):
    org.lurah.user.is_pimpinan = True
    org.lurah.user.save()

    (row,) = coverage_index_for_user(org.lurah.user)

    assert (row.in_scope, row.acknowledged) == (4, 1)


# -- questions for the team --------------------------------------------------------------


def test_the_team_reads_unanswered_questions_first(org, hr_admin, version_everyone):
    first = ask_question(actor=org.staf.user, version=version_everyone, text="Pertama?")
    second = ask_question(actor=org.rekan.user, version=version_everyone, text="Kedua?")
    third = ask_question(actor=org.staf.user, version=version_everyone, text="Ketiga?")
    answer_question(actor=hr_admin, question=third, answer="Ya.")

    listing = questions_for_team(hr_admin, version_everyone.pk)
    unanswered = questions_for_team(hr_admin, version_everyone.pk, show="open")

    assert list(listing.questions) == [second, first, third]
    assert list(unanswered.questions) == [second, first]
    assert listing.counts == {"all": 3, "answered": 1, "open": 2}


@pytest.mark.parametrize("persona", ["pegawai", "pimpinan"])
def test_only_the_team_reads_the_questions(request, persona, version_everyone):
    with pytest.raises(PermissionDenied):
        questions_for_team(request.getfixturevalue(persona), version_everyone.pk)


def test_outsiders_learn_nothing_of_the_questions(outsider, version_everyone):
    with pytest.raises(NotFound):
        questions_for_team(outsider, version_everyone.pk)
