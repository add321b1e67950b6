"""The comparison of two version snapshots: pure, no database."""

from dataclasses import replace
from decimal import Decimal

from kinerja.criteria.diff import (
    COMPARED_FIELDS,
    FieldChange,
    IndicatorSnapshot,
    VersionSnapshot,
    diff_versions,
)

SETTINGS = {
    "title": "Kriteria 2026",
    "rating_method": "MATRIKS_6_2022",
    "numeric_results_weight": 70,
    "above_threshold": Decimal("110.00"),
    "meets_threshold": Decimal("90.00"),
}


def indicator(code: str, **overrides) -> IndicatorSnapshot:
    values = {
        "code": code,
        "aspect": "EFEKTIVITAS",
        "name": f"Indikator {code}",
        "explanation": f"Penjelasan {code}",
        "source": "LAYANAN_TEPAT_WAKTU",
        "floor": Decimal("0.5000"),
        "target": Decimal("0.9000"),
        "ceiling": Decimal("1.0000"),
        "lower_is_better": False,
        "weight": Decimal("50.00"),
        "position_kinds": (),
        "unit_codes": (),
        "rubric": (),
        "rationale": "",
    }
    values.update(overrides)
    return IndicatorSnapshot(**values)


def version(*indicators: IndicatorSnapshot, rationale: str = "", **settings) -> VersionSnapshot:
    return VersionSnapshot(
        settings={**SETTINGS, **settings}, indicators=tuple(indicators), rationale=rationale
    )


def test_identical_versions_have_no_differences():
    old = version(indicator("a"), indicator("b"))

    diff = diff_versions(old, version(indicator("a"), indicator("b")))

    assert diff.is_empty
    assert diff.unchanged == 2
    assert (diff.added, diff.removed, diff.changed, diff.settings) == ((), (), (), ())


def test_an_indicator_only_in_the_newer_version_is_added_with_its_rationale():
    new_one = indicator("c", rationale="Usulan loket: kecepatan layanan")

    diff = diff_versions(version(indicator("a")), version(indicator("a"), new_one))

    assert diff.added == (new_one,)
    assert diff.added[0].rationale == "Usulan loket: kecepatan layanan"
    assert diff.removed == ()
    assert diff.unchanged == 1
    assert not diff.is_empty


def test_an_indicator_only_in_the_older_version_is_removed():
    gone = indicator("b")

    diff = diff_versions(
        version(indicator("a"), gone), version(indicator("a"), rationale="b tidak terukur")
    )

    assert diff.removed == (gone,)
    assert diff.added == ()
    assert diff.rationale == "b tidak terukur"


def test_a_changed_indicator_lists_old_and_new_per_field_with_the_newer_rationale():
    # given: the same code with a higher target and a narrower scope
    before = indicator("a", rationale="alasan lama")
    after = indicator(
        "a",
        target=Decimal("0.95"),
        unit_codes=("PEL",),
        rationale="Target dinaikkan atas usulan #12",
    )

    # when
    diff = diff_versions(version(before), version(after))

    # then
    assert len(diff.changed) == 1
    change = diff.changed[0]
    assert (change.old, change.new) == (before, after)
    assert change.changes == (
        FieldChange("target", Decimal("0.9000"), Decimal("0.95")),
        FieldChange("unit_codes", (), ("PEL",)),
    )
    assert change.new.rationale == "Target dinaikkan atas usulan #12"
    assert diff.unchanged == 0


def test_changes_follow_the_newer_versions_order():
    old = version(indicator("a"), indicator("b"))
    new = version(indicator("b", name="B baru"), indicator("a", name="A baru"))

    diff = diff_versions(old, new)

    assert [change.new.code for change in diff.changed] == ["b", "a"]


def test_every_compared_field_is_detected():
    changed_values = {
        "aspect": "EFISIENSI",
        "name": "Nama baru",
        "explanation": "Penjelasan baru",
        "source": "CAPAIAN_IKI",
        "floor": Decimal("0.4"),
        "target": Decimal("0.8"),
        "ceiling": Decimal("1.1"),
        "lower_is_better": True,
        "weight": Decimal(40),
        "position_kinds": ("PELAKSANA",),
        "unit_codes": ("PEL",),
        "rubric": ((1, "Belum"),),
    }
    assert set(changed_values) == set(COMPARED_FIELDS)

    for name, value in changed_values.items():
        diff = diff_versions(version(indicator("a")), version(indicator("a", **{name: value})))

        assert [change.field for change in diff.changed[0].changes] == [name]


def test_a_new_rationale_alone_is_no_change():
    diff = diff_versions(
        version(indicator("a")), version(indicator("a", rationale="hanya penjelasan"))
    )

    assert diff.is_empty
    assert diff.unchanged == 1


def test_the_same_decimal_written_with_other_places_is_no_change():
    old = version(indicator("a", weight=Decimal(100), target=Decimal("0.9")), above_threshold=110)
    new = version(
        indicator("a", weight=Decimal("100.00"), target=Decimal("0.9000")),
        above_threshold=Decimal("110.00"),
    )

    assert diff_versions(old, new).is_empty


def test_settings_changes_are_listed_by_name():
    old = version()
    new = version(
        rating_method="NUMERIK_PP_30_2019",
        meets_threshold=Decimal("85.00"),
        title="Kriteria 2027",
    )

    diff = diff_versions(old, new)

    assert diff.settings == (
        FieldChange("meets_threshold", Decimal("90.00"), Decimal("85.00")),
        FieldChange("rating_method", "MATRIKS_6_2022", "NUMERIK_PP_30_2019"),
        FieldChange("title", "Kriteria 2026", "Kriteria 2027"),
    )
    assert not diff.is_empty


def test_a_setting_present_on_one_side_only_is_a_change():
    old = VersionSnapshot(settings={"title": "A"}, indicators=())
    new = VersionSnapshot(settings={"title": "A", "above_threshold": Decimal(110)}, indicators=())

    assert diff_versions(old, new).settings == (FieldChange("above_threshold", None, Decimal(110)),)


def test_a_changed_rubric_is_one_change():
    levels = ((1, "Belum"), (2, "Kadang"), (3, "Konsisten"))
    old = version(indicator("a", rubric=levels))
    new = version(indicator("a", rubric=(*levels[:2], (3, "Selalu konsisten"))))

    diff = diff_versions(old, new)

    assert diff.changed[0].changes == (
        FieldChange("rubric", levels, (*levels[:2], (3, "Selalu konsisten"))),
    )


def test_replacing_an_indicator_under_a_new_code_is_one_removal_and_one_addition():
    old_one = indicator("lama")
    new_one = replace(old_one, code="baru", rationale="kode diganti")

    diff = diff_versions(version(old_one), version(new_one))

    assert (diff.added, diff.removed, diff.changed) == ((new_one,), (old_one,), ())
