"""Synthetic civil servants: a name, a pangkat/golongan and an ASN number that fit the
position they are drawn for. Shared by the demo office and the dataset generator.

Pure: no Django, no clock. The reference year (the demo's current year, the dataset's
performance year) is passed in, so the same seed always gives the same people.
"""

import calendar
import enum
import random
from dataclasses import dataclass
from datetime import date

from kinerja.demo.names import GENERAL, Titles, email_local_part, given_name, with_titles
from kinerja.organization.nip import Sex, make_pns_nip


class AsnStatus(enum.StrEnum):
    PNS = "PNS"
    PPPK = "PPPK"


# PNS golongan/ruang and their pangkat (PP 99/2000). Golongan I is no longer recruited.
PNS_RANKS = {
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
_RANK_ORDER = {code: index for index, code in enumerate(PNS_RANKS)}

# PPPK golongan (Perpres 98/2020) that regional offices actually use, by education:
# V (SMA), VII (D-III), IX (S-1/D-IV), X (S-2).
PPPK_GRADES = ("V", "VII", "IX", "X")


class Education(enum.IntEnum):
    SMA = 0
    DIPLOMA = 1
    BACHELOR = 2
    MASTER = 3


# The golongan a new PNS starts in, by education (PP 99/2000 Pasal 17).
_ENTRY_RANK = {
    Education.SMA: "II/a",
    Education.DIPLOMA: "II/c",
    Education.BACHELOR: "III/a",
    Education.MASTER: "III/b",
}
_PPPK_EDUCATION = {
    "V": Education.SMA,
    "VII": Education.DIPLOMA,
    "IX": Education.BACHELOR,
    "X": Education.MASTER,
}
# Age range at appointment, by education.
_ENTRY_AGE = {
    Education.SMA: (19, 24),
    Education.DIPLOMA: (21, 27),
    Education.BACHELOR: (22, 30),
    Education.MASTER: (26, 34),
}
# A regular promotion (kenaikan pangkat reguler) comes every four years at the earliest.
YEARS_PER_RANK = 4
# Nobody in the data is past 56, two years short of the retirement age (BUP) of 58 for
# administrator, pengawas and pelaksana posts.
OLDEST_AGE = 56
# The first PPPK were appointed in 2019 (PP 49/2018).
FIRST_PPPK_YEAR = 2019
# CPNS appointments mostly start on the first of January, March, April or December.
_TMT_MONTHS = (1, 1, 1, 3, 4, 12)
# The NI PPPK has the shape of a NIP with "21" in place of the TMT month.
PPPK_NUMBER_MARKER = "21"
MAX_SERIAL = 999


@dataclass(frozen=True, slots=True)
class Person:
    name: str  # with academic titles, as written on official documents
    plain_name: str  # without titles, for e-mail addresses
    female: bool
    birth_date: date
    asn_status: AsnStatus
    golongan: str  # "III/d" for PNS, "IX" for PPPK
    rank: str  # pangkat/golongan as stored and imported
    nip: str

    @property
    def email_local_part(self) -> str:
        return email_local_part(self.plain_name)


def rank_label(golongan: str) -> str:
    """``"Penata Tingkat I (III/d)"`` for a PNS golongan; a PPPK golongan stays ``"IX"``."""
    if golongan in PNS_RANKS:
        return f"{PNS_RANKS[golongan]} ({golongan})"
    if golongan in PPPK_GRADES:
        return golongan
    raise ValueError(f"unknown golongan {golongan!r}")


def _education(rng: random.Random, asn_status: AsnStatus, golongan: str) -> Education:
    if asn_status is AsnStatus.PPPK:
        return _PPPK_EDUCATION[golongan]
    rank = _RANK_ORDER[golongan]
    if rank < _RANK_ORDER["II/c"]:
        return Education.SMA
    if rank < _RANK_ORDER["III/a"]:
        return rng.choice((Education.SMA, Education.DIPLOMA, Education.DIPLOMA))
    if rank >= _RANK_ORDER["IV/a"]:
        return rng.choice((Education.BACHELOR, Education.MASTER, Education.MASTER))
    if rank >= _RANK_ORDER["III/c"]:
        return rng.choice((Education.BACHELOR,) * 3 + (Education.MASTER,))
    return Education.BACHELOR


def _years_of_service(rng: random.Random, education: Education, golongan: str) -> int:
    steps = max(0, _RANK_ORDER[golongan] - _RANK_ORDER[_ENTRY_RANK[education]])
    return 1 + steps * YEARS_PER_RANK + rng.randint(0, 3)


def _titled(rng: random.Random, name: str, education: Education, titles: Titles) -> str:
    if education is Education.SMA:
        return name
    if education is Education.DIPLOMA:
        return with_titles(name, suffixes=[rng.choice(titles.diploma)])
    suffixes = [rng.choice(titles.bachelor)] if titles.bachelor else []
    if education is Education.MASTER:
        suffixes.append(rng.choice(titles.master))
    return with_titles(name, prefix=titles.prefix, suffixes=suffixes)


def make_person(
    rng: random.Random,
    *,
    asn_status: AsnStatus,
    golongan: str,
    reference_year: int,
    taken_numbers: set[int],
    titles: Titles = GENERAL,
    female_share: float = 0.5,
    taken_names: set[str] | None = None,
) -> Person:
    """Draw one employee whose age, start of service and ASN number fit ``golongan``.

    ``taken_numbers`` holds the numbers already issued (as integers, to keep a large
    dataset small in memory); the new number is added to it. When ``taken_names`` is
    given, the name is one not in it (a small office has no two people of one name).
    """
    female = rng.random() < female_share
    plain_name = given_name(rng, female=female)
    if taken_names is not None:
        while plain_name in taken_names:
            plain_name = given_name(rng, female=female)
        taken_names.add(plain_name)
    education = _education(rng, asn_status, golongan)
    low_age, high_age = _ENTRY_AGE[education]
    entry_age = rng.randint(low_age, high_age)
    if asn_status is AsnStatus.PPPK:
        # PPPK are appointed at any age, often after years as honorary staff.
        entry_age += rng.randint(0, 12)
        start_year = rng.randint(min(FIRST_PPPK_YEAR, reference_year), reference_year)
        service = reference_year - start_year
    else:
        service = _years_of_service(rng, education, golongan)
    service = min(service, OLDEST_AGE - low_age)
    entry_age = min(entry_age, OLDEST_AGE - service)
    start_year = reference_year - service
    birth_year = start_year - entry_age
    birth_month = rng.randint(1, 12)
    birth = date(
        birth_year, birth_month, rng.randint(1, calendar.monthrange(birth_year, birth_month)[1])
    )
    sex = Sex.FEMALE if female else Sex.MALE
    start_month = rng.choice(_TMT_MONTHS)
    # A clash needs the same birth date, start month and sex, so a few draws suffice;
    # the bound only turns an impossible endless loop into an error.
    for _attempt in range(10 * MAX_SERIAL):
        serial = rng.randint(1, MAX_SERIAL)
        if asn_status is AsnStatus.PNS:
            nip = make_pns_nip(
                birth_date=birth, tmt_year=start_year, tmt_month=start_month, sex=sex, serial=serial
            )
        else:
            nip = f"{birth:%Y%m%d}{start_year:04d}{PPPK_NUMBER_MARKER}{sex.value}{serial:03d}"
        if int(nip) not in taken_numbers:
            taken_numbers.add(int(nip))
            break
    else:
        raise RuntimeError(f"no free serial number for {nip[:15]}")
    return Person(
        name=_titled(rng, plain_name, education, titles),
        plain_name=plain_name,
        female=female,
        birth_date=birth,
        asn_status=asn_status,
        golongan=golongan,
        rank=rank_label(golongan),
        nip=nip,
    )
