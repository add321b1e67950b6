"""The NIP (Nomor Induk Pegawai), as pure functions.

A PNS NIP has 18 digits (Peraturan Kepala BKN 22/2007 on NIP):
``YYYYMMDD`` birth date, ``YYYYMM`` TMT CPNS (start of service as a candidate),
``S`` sex (1 = male, 2 = female) and ``NNN`` a serial number. A PPPK number has 18 digits
too, but its parts are not specified in our import contract, so only its shape is checked.
"""

import enum
from dataclasses import dataclass
from datetime import date

NIP_LENGTH = 18
# PP 11/2017 Pasal 23: the minimum age to apply as CPNS is 18.
MINIMUM_CPNS_AGE = 18
EARLIEST_BIRTH_YEAR = 1900


class Sex(enum.StrEnum):
    MALE = "1"
    FEMALE = "2"


class NipProblem(enum.StrEnum):
    NOT_18_DIGITS = "not_18_digits"
    BAD_BIRTH_DATE = "bad_birth_date"
    BAD_TMT = "bad_tmt"
    TMT_BEFORE_ADULTHOOD = "tmt_before_adulthood"
    BAD_SEX = "bad_sex"
    BAD_SERIAL = "bad_serial"


@dataclass(frozen=True, slots=True)
class PnsNip:
    birth_date: date
    tmt_year: int
    tmt_month: int
    sex: Sex
    serial: int


class InvalidNip(ValueError):  # noqa: N818
    def __init__(self, problem: NipProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def check_shape(nip: str) -> None:
    """Raise ``InvalidNip`` unless ``nip`` is exactly 18 ASCII digits."""
    if len(nip) != NIP_LENGTH or not (nip.isascii() and nip.isdigit()):
        raise InvalidNip(NipProblem.NOT_18_DIGITS)


def parse_pns_nip(nip: str) -> PnsNip:
    """Split a PNS NIP into its parts, raising ``InvalidNip`` naming the first bad part."""
    check_shape(nip)
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise InvalidNip(NipProblem.BAD_BIRTH_DATE) from None
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise InvalidNip(NipProblem.BAD_BIRTH_DATE)
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise InvalidNip(NipProblem.BAD_TMT)
    # TMT is a month; the person must have turned 18 by its last day at the latest.
    if (tmt_year, tmt_month) < (birth.year + MINIMUM_CPNS_AGE, birth.month):
        raise InvalidNip(NipProblem.TMT_BEFORE_ADULTHOOD)
    if nip[14] not in (Sex.MALE, Sex.FEMALE):
        raise InvalidNip(NipProblem.BAD_SEX)
    serial = int(nip[15:18])
    if serial == 0:
        raise InvalidNip(NipProblem.BAD_SERIAL)
    return PnsNip(birth, tmt_year, tmt_month, Sex(nip[14]), serial)


def make_pns_nip(*, birth_date: date, tmt_year: int, tmt_month: int, sex: Sex, serial: int) -> str:
    """Compose a PNS NIP (used by the demo and the dataset generator)."""
    nip = f"{birth_date:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{sex.value}{serial:03d}"
    parse_pns_nip(nip)
    return nip
