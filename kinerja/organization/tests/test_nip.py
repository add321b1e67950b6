"""The NIP rules (Peraturan Kepala BKN 22/2007), as a table of numbers: no database."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.organization.nip import (
    InvalidNip,
    NipProblem,
    PnsNip,
    Sex,
    check_shape,
    make_pns_nip,
    parse_pns_nip,
)

ARABIC_INDIC_ZERO = 0x0660
FULLWIDTH_ZERO = 0xFF10
DEVANAGARI_ZERO = 0x0966


def in_digits(ascii_digits: str, zero: int) -> str:
    """The same number written with another script's digits (str.isdigit() accepts them)."""
    return "".join(chr(zero + int(digit)) for digit in ascii_digits)


# birth date | TMT CPNS | sex | serial
VALID = [
    ("198001012005011001", PnsNip(date(1980, 1, 1), 2005, 1, Sex.MALE, 1)),
    ("199012312015122999", PnsNip(date(1990, 12, 31), 2015, 12, Sex.FEMALE, 999)),
    ("197506152000062123", PnsNip(date(1975, 6, 15), 2000, 6, Sex.FEMALE, 123)),
    # a leap-day birth
    ("200002292019031045", PnsNip(date(2000, 2, 29), 2019, 3, Sex.MALE, 45)),
    # the earliest birth year accepted
    ("190001011930011001", PnsNip(date(1900, 1, 1), 1930, 1, Sex.MALE, 1)),
    # TMT in the very month the person turns 18 (on its last day)
    ("200005312018051001", PnsNip(date(2000, 5, 31), 2018, 5, Sex.MALE, 1)),
    # TMT in a later month of the year they turn 18
    ("200012012018122001", PnsNip(date(2000, 12, 1), 2018, 12, Sex.FEMALE, 1)),
]


@pytest.mark.parametrize(("nip", "parts"), VALID, ids=[nip for nip, _ in VALID])
def test_parses_a_valid_pns_nip_into_its_parts(nip, parts):
    assert parse_pns_nip(nip) == parts


@pytest.mark.parametrize(("nip", "parts"), VALID, ids=[nip for nip, _ in VALID])
def test_composes_a_valid_pns_nip_from_its_parts(nip, parts):
    assert (
        make_pns_nip(
            birth_date=parts.birth_date,
            tmt_year=parts.tmt_year,
            tmt_month=parts.tmt_month,
            sex=parts.sex,
            serial=parts.serial,
        )
        == nip
    )


INVALID = [
    # shape
    ("", NipProblem.NOT_18_DIGITS),
    ("19800101200501100", NipProblem.NOT_18_DIGITS),  # 17 digits
    ("1980010120050110011", NipProblem.NOT_18_DIGITS),  # 19 digits
    (" 198001012005011001", NipProblem.NOT_18_DIGITS),  # padded
    ("19800101 200501101", NipProblem.NOT_18_DIGITS),  # 18 characters with a space
    ("19800101-200501101", NipProblem.NOT_18_DIGITS),
    ("19800101200501100A", NipProblem.NOT_18_DIGITS),
    ("+98001012005011001", NipProblem.NOT_18_DIGITS),
    ("19800101200501100\n", NipProblem.NOT_18_DIGITS),
    (in_digits("198001012005011001", ARABIC_INDIC_ZERO), NipProblem.NOT_18_DIGITS),
    (in_digits("198001012005011001", FULLWIDTH_ZERO), NipProblem.NOT_18_DIGITS),
    (in_digits("198001012005011001", DEVANAGARI_ZERO), NipProblem.NOT_18_DIGITS),
    ("19800101200501100\u00b2", NipProblem.NOT_18_DIGITS),  # superscript two
    # birth date
    ("199002312015011001", NipProblem.BAD_BIRTH_DATE),  # 31 February
    ("190002292015011001", NipProblem.BAD_BIRTH_DATE),  # 1900 was no leap year
    ("199013012015011001", NipProblem.BAD_BIRTH_DATE),  # month 13
    ("199000012015011001", NipProblem.BAD_BIRTH_DATE),  # month 00
    ("199001002015011001", NipProblem.BAD_BIRTH_DATE),  # day 00
    ("199004312015011001", NipProblem.BAD_BIRTH_DATE),  # 31 April
    ("189912312015011001", NipProblem.BAD_BIRTH_DATE),  # born before 1900
    ("000001012015011001", NipProblem.BAD_BIRTH_DATE),  # year 0000
    # TMT CPNS
    ("198001012005001001", NipProblem.BAD_TMT),  # month 00
    ("198001012005131001", NipProblem.BAD_TMT),  # month 13
    ("198001012005991001", NipProblem.BAD_TMT),
    ("200006012018051001", NipProblem.TMT_BEFORE_ADULTHOOD),  # one month short of 18
    ("200001012017121001", NipProblem.TMT_BEFORE_ADULTHOOD),
    ("198001011975011001", NipProblem.TMT_BEFORE_ADULTHOOD),  # before birth
    # sex
    ("198001012005010001", NipProblem.BAD_SEX),
    ("198001012005013001", NipProblem.BAD_SEX),
    ("198001012005019001", NipProblem.BAD_SEX),
    # serial
    ("198001012005011000", NipProblem.BAD_SERIAL),
    ("198001012005012000", NipProblem.BAD_SERIAL),
]


@pytest.mark.parametrize(("nip", "problem"), INVALID, ids=[repr(nip) for nip, _ in INVALID])
def test_rejects_an_invalid_nip_naming_the_problem(nip, problem):
    with pytest.raises(InvalidNip) as caught:
        parse_pns_nip(nip)

    assert caught.value.problem is problem
    assert str(caught.value) == problem.value


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        pytest.param("199002312015001000", NipProblem.BAD_BIRTH_DATE, id="date before TMT"),
        pytest.param("198001012005000000", NipProblem.BAD_TMT, id="TMT before sex"),
        pytest.param("200001012017120000", NipProblem.TMT_BEFORE_ADULTHOOD, id="age before sex"),
        pytest.param("198001012005010000", NipProblem.BAD_SEX, id="sex before serial"),
    ],
)
def test_names_the_first_bad_part_when_several_are_bad(nip, problem):
    with pytest.raises(InvalidNip) as caught:
        parse_pns_nip(nip)

    assert caught.value.problem is problem


def test_an_invalid_nip_is_a_value_error():
    with pytest.raises(ValueError, match="bad_serial"):
        parse_pns_nip("198001012005011000")


@pytest.mark.parametrize("nip", ["198001012005011001", "000000000000000000", "999999999999999999"])
def test_check_shape_accepts_any_18_ascii_digits(nip):
    check_shape(nip)


@pytest.mark.parametrize(
    "nip",
    [
        "",
        "1" * 17,
        "1" * 19,
        "1" * 17 + "x",
        in_digits("1" * 18, ARABIC_INDIC_ZERO),
        "1" * 17 + " ",
    ],
)
def test_check_shape_rejects_anything_but_18_ascii_digits(nip):
    with pytest.raises(InvalidNip) as caught:
        check_shape(nip)

    assert caught.value.problem is NipProblem.NOT_18_DIGITS


@pytest.mark.parametrize(
    ("parts", "problem"),
    [
        pytest.param({"serial": 0}, NipProblem.BAD_SERIAL, id="serial 0"),
        pytest.param({"serial": 1000}, NipProblem.NOT_18_DIGITS, id="serial of four digits"),
        pytest.param({"serial": -1}, NipProblem.NOT_18_DIGITS, id="negative serial"),
        pytest.param({"tmt_month": 0}, NipProblem.BAD_TMT, id="TMT month 0"),
        pytest.param({"tmt_month": 13}, NipProblem.BAD_TMT, id="TMT month 13"),
        pytest.param({"tmt_year": 1997}, NipProblem.TMT_BEFORE_ADULTHOOD, id="TMT at 17"),
        pytest.param({"birth_date": date(1899, 12, 31)}, NipProblem.BAD_BIRTH_DATE, id="1899"),
    ],
)
def test_refuses_to_compose_an_invalid_nip(parts, problem):
    valid = {
        "birth_date": date(1980, 1, 1),
        "tmt_year": 2005,
        "tmt_month": 1,
        "sex": Sex.MALE,
        "serial": 1,
    }

    with pytest.raises(InvalidNip) as caught:
        make_pns_nip(**{**valid, **parts})

    assert caught.value.problem is problem


@st.composite
def valid_parts(draw: st.DrawFn) -> PnsNip:
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
    tmt_year = draw(st.integers(birth.year + 18, birth.year + 80))
    earliest_month = birth.month if tmt_year == birth.year + 18 else 1
    tmt_month = draw(st.integers(earliest_month, 12))
    sex = draw(st.sampled_from(Sex))
    serial = draw(st.integers(1, 999))
    return PnsNip(birth, tmt_year, tmt_month, sex, serial)


@given(valid_parts())
def test_any_valid_composition_parses_back_to_its_parts(parts):
    nip = make_pns_nip(
        birth_date=parts.birth_date,
        tmt_year=parts.tmt_year,
        tmt_month=parts.tmt_month,
        sex=parts.sex,
        serial=parts.serial,
    )

    assert len(nip) == 18
    assert parse_pns_nip(nip) == parts


def parse_or_problem(nip: str) -> PnsNip | NipProblem:
    try:
        return parse_pns_nip(nip)
    except InvalidNip as error:
        return error.problem


@given(st.text(alphabet="0123456789", min_size=18, max_size=18) | st.text(max_size=20))
def test_any_string_either_parses_or_is_rejected_as_an_invalid_nip(nip):
    # Nothing but InvalidNip may escape; a parsed NIP composes back to the same string.
    result = parse_or_problem(nip)

    if isinstance(result, PnsNip):
        assert (
            make_pns_nip(
                birth_date=result.birth_date,
                tmt_year=result.tmt_year,
                tmt_month=result.tmt_month,
                sex=result.sex,
                serial=result.serial,
            )
            == nip
        )
