"""Pools of Indonesian personal names and academic titles for synthetic people.

The mix follows the population of Pekanbaru: Malay, Minangkabau, Javanese and Batak names.
Every person is drawn at random from these pools, so any resemblance to a real civil
servant is a coincidence; the demo office and the generated datasets are fictional.
Pure: no Django, no clock; callers pass a seeded ``random.Random``.
"""

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# How a name is composed differs by background, so each pool keeps its own structure:
# Malay and Minang names are mostly two given names, Javanese names often start with an
# ordinal or honorific (Sri, Tri, Eko), Batak names end with the marga (clan name).
MALAY_MALE = (
    "Ahmad",
    "Muhammad",
    "Rizki",
    "Fadli",
    "Syahrul",
    "Zulkifli",
    "Irwan",
    "Fauzi",
    "Ikhsan",
    "Firdaus",
    "Taufik",
    "Ridwan",
    "Azhar",
    "Khairul",
    "Azmi",
    "Rusli",
    "Jefri",
    "Fajar",
    "Hendra",
    "Fikri",
    "Yusri",
    "Amri",
    "Zainal",
    "Raja",
    "Tengku",
    "Syamsuddin",
)
MALAY_FEMALE = (
    "Siti",
    "Nurhayati",
    "Yusnita",
    "Rahmawati",
    "Khairunnisa",
    "Zulaikha",
    "Nur",
    "Rosmaini",
    "Asnidar",
    "Fitriani",
    "Hasanah",
    "Syarifah",
    "Raudhah",
    "Norma",
    "Juliana",
    "Azizah",
    "Salmah",
    "Halimah",
    "Tengku",
    "Nurul",
)
MALAY_MALE_SECOND = (
    "Saputra",
    "Syahputra",
    "Hidayat",
    "Effendi",
    "Rahman",
    "Hamdani",
    "Azwar",
    "Fahrurrozi",
    "Ismail",
    "Rasyid",
    "Hakim",
    "Muslim",
    "Zulkarnain",
    "Anwar",
)
MALAY_FEMALE_SECOND = (
    "Syahputri",
    "Rahmadani",
    "Hayati",
    "Aini",
    "Wati",
    "Zahara",
    "Maisarah",
    "Fadhilah",
    "Marlina",
    "Ramadhani",
    "Juwita",
)

MINANG_MALE = (
    "Afrizal",
    "Yulizar",
    "Syafri",
    "Novrizal",
    "Erizal",
    "Jasman",
    "Asrul",
    "Rahmad",
    "Hendri",
    "Zulhendri",
    "Dasril",
    "Masrul",
    "Syamsul",
    "Nofriadi",
    "Rinaldi",
    "Yuhendra",
    "Defri",
    "Rosman",
    "Alfian",
    "Edwar",
    "Ferdinal",
    "Gusrizal",
    "Yondri",
    "Ilham",
)
MINANG_FEMALE = (
    "Yulia",
    "Elvira",
    "Yenni",
    "Vivi",
    "Nelly",
    "Desi",
    "Yusmaneli",
    "Rahmi",
    "Novia",
    "Fitri",
    "Gusnita",
    "Elfi",
    "Yanti",
    "Reni",
    "Sisri",
    "Mardiana",
    "Yelvi",
    "Nofrita",
    "Ratna",
)
MINANG_MALE_SECOND = (
    "Putra",
    "Syafri",
    "Hidayat",
    "Chaniago",
    "Piliang",
    "Tanjung",
    "Koto",
    "Rahman",
    "Zein",
    "Amran",
    "Sikumbang",
    "Efendi",
    "Yunus",
    "Syahrial",
)
MINANG_FEMALE_SECOND = (
    "Fitri",
    "Yeni",
    "Susanti",
    "Marlina",
    "Novita",
    "Sari",
    "Wahyuni",
    "Oktavia",
    "Rahmi",
    "Handayani",
    "Yusra",
    "Mulyani",
)

JAVANESE_MALE = (
    "Agus",
    "Budi",
    "Eko",
    "Joko",
    "Slamet",
    "Bambang",
    "Wahyu",
    "Dedi",
    "Teguh",
    "Hari",
    "Yudi",
    "Sigit",
    "Bayu",
    "Dimas",
    "Galih",
    "Adi",
    "Heru",
    "Tri",
    "Dwi",
    "Bagus",
    "Anton",
    "Puguh",
)
JAVANESE_FEMALE = (
    "Sri",
    "Dewi",
    "Tri",
    "Endang",
    "Sumiati",
    "Puji",
    "Ningsih",
    "Kartika",
    "Wulan",
    "Rina",
    "Dwi",
    "Eka",
    "Indah",
    "Lestari",
    "Retno",
    "Astuti",
    "Wahyu",
    "Anik",
    "Yuli",
    "Tutik",
)
JAVANESE_MALE_SECOND = (
    "Santoso",
    "Setiawan",
    "Wibowo",
    "Kurniawan",
    "Gunawan",
    "Prasetyo",
    "Susanto",
    "Nugroho",
    "Purnomo",
    "Hartono",
    "Wijaya",
    "Pamungkas",
    "Sutrisno",
    "Haryanto",
    "Suryadi",
    "Saputro",
)
JAVANESE_FEMALE_SECOND = (
    "Wahyuni",
    "Handayani",
    "Lestari",
    "Rahayu",
    "Wulandari",
    "Purwanti",
    "Anggraini",
    "Susilowati",
    "Ningrum",
    "Utami",
    "Setyaningsih",
    "Kusumawati",
    "Pratiwi",
    "Suryani",
)

BATAK_MALE = (
    "Roy",
    "Benny",
    "Hotman",
    "Parlindungan",
    "Martua",
    "Sahat",
    "Tigor",
    "Daniel",
    "Samuel",
    "Jonathan",
    "Ronald",
    "Henri",
    "Poltak",
    "Lamhot",
    "Bonar",
    "Rudi",
    "Torang",
    "Freddy",
    "Ahmad",
    "Muhammad",
    "Irfan",
    "Syahrial",
)
BATAK_FEMALE = (
    "Maria",
    "Rotua",
    "Tiurma",
    "Lamtiar",
    "Hotnida",
    "Dameria",
    "Ruth",
    "Debora",
    "Christina",
    "Rosmawati",
    "Sondang",
    "Melva",
    "Friska",
    "Yohana",
    "Nurhasanah",
    "Fatimah",
    "Rizky",
)
BATAK_MARGA = (
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Hasibuan",
    "Pohan",
    "Daulay",
    "Pulungan",
    "Batubara",
    "Rangkuti",
    "Simanjuntak",
    "Sitompul",
    "Panjaitan",
    "Sinaga",
    "Tampubolon",
    "Hutapea",
    "Pardede",
    "Manurung",
    "Situmorang",
    "Silalahi",
    "Napitupulu",
    "Simatupang",
    "Sihombing",
    "Marpaung",
    "Hutagalung",
)


@dataclass(frozen=True, slots=True)
class NamePool:
    male: Sequence[str]
    female: Sequence[str]
    male_second: Sequence[str]
    female_second: Sequence[str]
    # Relative frequency of this background. Everyone gets two words: single-word names
    # exist in Indonesia but make a directory hard to read.
    weight: int


# Weights roughly follow the mix of backgrounds among civil servants in Pekanbaru.
POOLS = (
    NamePool(MALAY_MALE, MALAY_FEMALE, MALAY_MALE_SECOND, MALAY_FEMALE_SECOND, weight=30),
    NamePool(MINANG_MALE, MINANG_FEMALE, MINANG_MALE_SECOND, MINANG_FEMALE_SECOND, weight=35),
    NamePool(
        JAVANESE_MALE, JAVANESE_FEMALE, JAVANESE_MALE_SECOND, JAVANESE_FEMALE_SECOND, weight=20
    ),
    NamePool(BATAK_MALE, BATAK_FEMALE, BATAK_MARGA, BATAK_MARGA, weight=15),
)
_POOL_WEIGHTS = tuple(pool.weight for pool in POOLS)


@dataclass(frozen=True, slots=True)
class Titles:
    """The academic titles a profession writes around a name, by level of education."""

    diploma: Sequence[str] = ("A.Md.", "A.Md.Kom.", "A.Md.Ak.")
    bachelor: Sequence[str] = ("S.Sos.", "S.E.", "S.H.", "S.Kom.", "S.AP.", "S.T.", "S.Ak.")
    master: Sequence[str] = ("M.Si.", "M.Si.", "M.M.", "M.AP.", "M.H.")
    # A professional title written before the name; it replaces the bachelor title.
    prefix: str = ""


GENERAL = Titles()
# Pamong praja officials (camat, lurah, kasi) are often IPDN graduates (S.STP.).
PAMONG = Titles(bachelor=("S.STP.", "S.STP.", "S.IP.", "S.Sos.", "S.H."))
TEACHER = Titles(diploma=("A.Ma.Pd.",), bachelor=("S.Pd.",), master=("M.Pd.",))
NURSE = Titles(diploma=("A.Md.Kep.",), bachelor=("S.Kep., Ners",), master=("M.Kep.",))
MIDWIFE = Titles(diploma=("A.Md.Keb.",), bachelor=("S.Keb., Bd.",), master=("M.Keb.",))
DOCTOR = Titles(bachelor=(), master=("M.Kes.",), prefix="dr.")
HEALTH = Titles(
    diploma=("A.Md.Kes.", "A.Md.Farm.", "A.Md.A.K."),
    bachelor=("S.K.M.", "S.Farm., Apt.", "S.Gz."),
    master=("M.K.M.", "M.Kes."),
)


def given_name(rng: random.Random, *, female: bool) -> str:
    """A person's name without titles, e.g. "Yulia Fitri" or "Hotman Simanjuntak"."""
    pool = rng.choices(POOLS, weights=_POOL_WEIGHTS)[0]
    first = rng.choice(pool.female if female else pool.male)
    second = rng.choice(pool.female_second if female else pool.male_second)
    while first in second or second in first:  # "Fitri Fitri", "Ningsih Setyaningsih"
        second = rng.choice(pool.female_second if female else pool.male_second)
    return f"{first} {second}"


def with_titles(name: str, *, prefix: str = "", suffixes: Sequence[str] = ()) -> str:
    """``"dr. Rina Lestari"``, ``"Hendra Gunawan, S.STP., M.Si."``."""
    titled = f"{prefix} {name}" if prefix else name
    return ", ".join([titled, *suffixes])


@lru_cache(maxsize=4096)  # names repeat across a large dataset
def email_local_part(name: str) -> str:
    """The ASCII ``first.second`` part of an e-mail address for an untitled name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = ["".join(ch for ch in word.lower() if ch.isalnum()) for word in ascii_name.split()[:2]]
    return ".".join(word for word in words if word) or "pegawai"
