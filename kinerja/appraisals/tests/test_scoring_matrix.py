"""The 6/2022 matrix, the suggested ratings and the unit head's rating, as tables."""

import pytest

from kinerja.appraisals.scoring import (
    ORG_PREDICATE_LABELS,
    ORG_PREDICATES_BEST_FIRST,
    PREDICATE_LABELS,
    PREDICATES_BEST_FIRST,
    OrgPredicate,
    Predicate,
    Rating,
    organisation_results_rating,
    performance_predicate,
    suggested_behaviour_rating,
    suggested_results_rating,
)

ATAS = Rating.DI_ATAS_EKSPEKTASI
SESUAI = Rating.SESUAI_EKSPEKTASI
BAWAH = Rating.DI_BAWAH_EKSPEKTASI

# -- the enums and their labels ---------------------------------------------------------


def test_predicate_values_are_their_names():
    assert [p.value for p in Predicate] == [p.name for p in Predicate]
    assert [p.value for p in OrgPredicate] == [p.name for p in OrgPredicate]


def test_predicates_best_first():
    assert PREDICATES_BEST_FIRST == (
        Predicate.SANGAT_BAIK,
        Predicate.BAIK,
        Predicate.BUTUH_PERBAIKAN,
        Predicate.KURANG,
        Predicate.SANGAT_KURANG,
    )
    assert ORG_PREDICATES_BEST_FIRST == (
        OrgPredicate.ISTIMEWA,
        OrgPredicate.BAIK,
        OrgPredicate.BUTUH_PERBAIKAN,
        OrgPredicate.KURANG,
        OrgPredicate.SANGAT_KURANG,
    )


def test_labels_use_the_official_wording():
    assert PREDICATE_LABELS == {
        Predicate.SANGAT_BAIK: "Sangat Baik",
        Predicate.BAIK: "Baik",
        Predicate.BUTUH_PERBAIKAN: "Butuh Perbaikan",
        Predicate.KURANG: "Kurang",
        Predicate.SANGAT_KURANG: "Sangat Kurang",
    }
    assert ORG_PREDICATE_LABELS == {
        OrgPredicate.ISTIMEWA: "Istimewa",
        OrgPredicate.BAIK: "Baik",
        OrgPredicate.BUTUH_PERBAIKAN: "Butuh Perbaikan",
        OrgPredicate.KURANG: "Kurang",
        OrgPredicate.SANGAT_KURANG: "Sangat Kurang",
    }


# -- the matrix -------------------------------------------------------------------------

MATRIX = [
    # (hasil kerja, perilaku kerja, predicate): PermenPANRB 6/2022, Lampiran.
    (ATAS, BAWAH, Predicate.KURANG),
    (ATAS, SESUAI, Predicate.BAIK),
    (ATAS, ATAS, Predicate.SANGAT_BAIK),
    (SESUAI, BAWAH, Predicate.KURANG),
    (SESUAI, SESUAI, Predicate.BAIK),
    (SESUAI, ATAS, Predicate.BAIK),
    (BAWAH, BAWAH, Predicate.SANGAT_KURANG),
    (BAWAH, SESUAI, Predicate.BUTUH_PERBAIKAN),
    (BAWAH, ATAS, Predicate.BUTUH_PERBAIKAN),
]


def test_the_table_covers_all_nine_cells():
    assert {(results, behaviour) for results, behaviour, _ in MATRIX} == {
        (results, behaviour) for results in Rating for behaviour in Rating
    }


@pytest.mark.parametrize(("results", "behaviour", "expected"), MATRIX)
def test_matrix(results, behaviour, expected):
    assert performance_predicate(results, behaviour) is expected


@pytest.mark.parametrize(("results", "behaviour", "expected"), MATRIX)
def test_matrix_from_string_values(results, behaviour, expected):
    result = performance_predicate(str(results.value), str(behaviour.value))

    assert result is expected
    assert result == expected.value


@pytest.mark.parametrize(
    ("results", "behaviour", "names"),
    [
        ("di_atas_ekspektasi", SESUAI, "results rating"),
        ("DI ATAS EKSPEKTASI", SESUAI, "results rating"),
        (" SESUAI_EKSPEKTASI", SESUAI, "results rating"),
        ("", SESUAI, "results rating"),
        (None, SESUAI, "results rating"),
        (1, SESUAI, "results rating"),
        (Predicate.BAIK, SESUAI, "results rating"),
        (SESUAI, "BAIK", "behaviour rating"),
        (SESUAI, None, "behaviour rating"),
        (SESUAI, ["SESUAI_EKSPEKTASI"], "behaviour rating"),
    ],
)
def test_matrix_refuses_what_is_not_a_rating(results, behaviour, names):
    with pytest.raises(ValueError, match=f"{names} must be one of DI_ATAS_EKSPEKTASI"):
        performance_predicate(results, behaviour)


# -- the unit head's results rating -----------------------------------------------------


@pytest.mark.parametrize(
    ("org_predicate", "expected"),
    [
        (OrgPredicate.ISTIMEWA, ATAS),
        (OrgPredicate.BAIK, SESUAI),
        (OrgPredicate.BUTUH_PERBAIKAN, BAWAH),
        (OrgPredicate.KURANG, BAWAH),
        (OrgPredicate.SANGAT_KURANG, BAWAH),
        ("ISTIMEWA", ATAS),
        ("BAIK", SESUAI),
        ("SANGAT_KURANG", BAWAH),
    ],
)
def test_organisation_results_rating(org_predicate, expected):
    assert organisation_results_rating(org_predicate) is expected


@pytest.mark.parametrize("bad", ["Istimewa", "SANGAT_BAIK", "", None, 5])
def test_organisation_results_rating_refuses_unknown_predicates(bad):
    with pytest.raises(ValueError, match="organisation predicate must be one of ISTIMEWA"):
        organisation_results_rating(bad)


# -- the suggested results rating -------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # One result decides alone.
        ([(ATAS, True)], ATAS),
        ([(ATAS, False)], ATAS),
        ([(SESUAI, True)], SESUAI),
        ([(BAWAH, True)], BAWAH),
        ([(BAWAH, False)], BAWAH),
        # Most above, none below: above.
        ([(ATAS, True), (ATAS, True), (SESUAI, True)], ATAS),
        ([(ATAS, True), (ATAS, True), (ATAS, False)], ATAS),
        # Most above, but a main result below: not above.
        ([(ATAS, True), (ATAS, True), (BAWAH, True)], SESUAI),
        ([(ATAS, False), (ATAS, False), (ATAS, False), (BAWAH, True)], SESUAI),
        # Most above and an additional result below: above (only main results block it).
        ([(ATAS, True), (ATAS, True), (BAWAH, False)], ATAS),
        # Half is not most.
        ([(ATAS, True), (SESUAI, True)], SESUAI),
        ([(ATAS, True), (ATAS, True), (SESUAI, True), (SESUAI, False)], SESUAI),
        ([(BAWAH, True), (SESUAI, True)], SESUAI),
        ([(BAWAH, True), (BAWAH, True), (ATAS, True), (ATAS, True)], SESUAI),
        # Most below: below, main or not.
        ([(BAWAH, True), (BAWAH, True), (SESUAI, True)], BAWAH),
        ([(BAWAH, False), (BAWAH, False), (ATAS, True)], BAWAH),
        ([(BAWAH, True), (BAWAH, False), (BAWAH, False), (ATAS, True), (ATAS, True)], BAWAH),
        # Everything as expected, or a mix without a majority.
        ([(SESUAI, True), (SESUAI, True), (SESUAI, False)], SESUAI),
        ([(ATAS, True), (SESUAI, True), (BAWAH, False)], SESUAI),
        # String values.
        ([("DI_ATAS_EKSPEKTASI", True), ("DI_ATAS_EKSPEKTASI", False)], ATAS),
        ([("DI_BAWAH_EKSPEKTASI", False)], BAWAH),
    ],
)
def test_suggested_results_rating(items, expected):
    assert suggested_results_rating(items) is expected


def test_suggested_results_rating_reads_any_iterable():
    assert suggested_results_rating(iter([(ATAS, True), (ATAS, False)])) is ATAS


def test_no_results_no_suggestion():
    assert suggested_results_rating([]) is None


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([ATAS], "must be a \\(rating, is_main\\) pair"),
        ([(ATAS,)], "must be a \\(rating, is_main\\) pair"),
        ([(ATAS, True, 1)], "must be a \\(rating, is_main\\) pair"),
        ([None], "must be a \\(rating, is_main\\) pair"),
        ([(True, ATAS)], "is_main must be True or False"),
        ([(ATAS, "yes")], "is_main must be True or False"),
        ([(ATAS, 1)], "is_main must be True or False"),
        ([("ATAS", True)], "a result's rating must be one of"),
        ([(ATAS, True), (None, False)], "a result's rating must be one of"),
    ],
)
def test_suggested_results_rating_refuses_malformed_items(items, message):
    with pytest.raises(ValueError, match=message):
        suggested_results_rating(items)


# -- the suggested behaviour rating -----------------------------------------------------


def seven(atas=0, sesuai=0, bawah=0):
    ratings = [ATAS] * atas + [SESUAI] * sesuai + [BAWAH] * bawah
    assert len(ratings) == 7
    return ratings


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        (seven(atas=7), ATAS),
        (seven(atas=4, sesuai=3), ATAS),
        (seven(atas=6, bawah=1), SESUAI),
        (seven(atas=4, sesuai=2, bawah=1), SESUAI),
        (seven(atas=3, sesuai=4), SESUAI),
        (seven(sesuai=7), SESUAI),
        (seven(atas=3, sesuai=1, bawah=3), SESUAI),
        (seven(sesuai=4, bawah=3), SESUAI),
        (seven(sesuai=3, bawah=4), BAWAH),
        (seven(atas=3, bawah=4), BAWAH),
        (seven(bawah=7), BAWAH),
        # Fewer than seven (a form saved half filled): the same rule over what is there.
        ([ATAS], ATAS),
        ([ATAS, SESUAI], SESUAI),
        ([BAWAH, SESUAI], SESUAI),
        ([BAWAH, BAWAH, ATAS], BAWAH),
        (["DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI"], ATAS),
    ],
)
def test_suggested_behaviour_rating(ratings, expected):
    assert suggested_behaviour_rating(ratings) is expected


def test_no_behaviour_ratings_no_suggestion():
    assert suggested_behaviour_rating([]) is None
    assert suggested_behaviour_rating(iter(())) is None


@pytest.mark.parametrize("bad", [[ATAS, "BAIK"], [None], [ATAS, 3], ["sesuai_ekspektasi"]])
def test_suggested_behaviour_rating_refuses_what_is_not_a_rating(bad):
    with pytest.raises(ValueError, match="a value's rating must be one of"):
        suggested_behaviour_rating(bad)
