"""Criteria of the demo office: last year's rulebook, published and partly acknowledged,
and this year's version, copied from it and now in an open consultation round with
proposals, comments, votes and the first decisions of the evaluation team.

The story, for a demo year Y:

- Kriteria Kinerja Kecamatan Binawidya Y-1 was prepared by the evaluation team, adopted
  in December and published by the HR admin in January Y-1. Its results side measures
  the PATEN front desk on its service records (on-time and first-time-right rates) and
  everyone on the achievement of their SKP IKI and on verified innovation credit; the 21
  BerAKHLAK indicators make the behaviour side. About two thirds of the office have
  acknowledged it (the secretariat all of it, Seksi Trantib and Kelurahan Sungai Sibam
  well under half); ``staf.pelayanan`` has not yet. A few employees asked questions.
- Kriteria Kinerja Kecamatan Binawidya Y started as a copy and is in consultation: the
  round opened some three and a half weeks before "today" and closes ten days after it.
  Twelve proposals (three anonymous), comments and votes came from about forty people;
  the evaluation team has decided six, and the version already carries the changes the
  accepted ones asked for, each with its reason and the proposals behind it.
- Both versions carry the innovation panel's rubric (novelty, impact, replicability and
  sustainability, each 0–5 with equal weight), verify an innovation from an average
  score of 60 and cap anyone's innovation credit at 10 points a year.

The rows are written in bulk, as the rest of the demo office is, and no person is named
as the actor of an audit event: an account in the audit trail could never be deleted by
the next ``kinerja demo --reset`` (``kinerja.demo.builder``). People are named by unit,
jabatan and holder, not by name, because the names drawn depend on the year; everything
else is drawn from a fixed seed, so the same date gives the same data.
"""

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.criteria.berakhlak import BEHAVIOUR_LEVELS, CORE_VALUES, indicator_code
from kinerja.criteria.models import (
    Acknowledgement,
    Comment,
    ComprehensionQuestion,
    ConsultationRound,
    CriteriaQuestion,
    CriteriaVersion,
    EarlyWarningRule,
    Indicator,
    InnovationRubricCriterion,
    Proposal,
    RubricLevel,
    Vote,
)
from kinerja.criteria.selectors.socialisation import employees_in_scope
from kinerja.criteria.services.versions import DEFAULT_WARNING_RULES
from kinerja.notifications.models import Notification
from kinerja.organization.models import Employee, OrgUnit, Position

# A person of the demo office: a demo username, or (unit code, jabatan, holder) where
# holder 0 is the first holder of that jabatan in the unit.
Who = str | tuple[str, str, int]

TEAM: Who = "tim.evaluasi"
# The persona of the browser test that posts a proposal and acknowledges the criteria:
# the demo leaves both to them.
FRONT_DESK_PERSONA: Who = "staf.pelayanan"

ORGANIZATION_NAME = "Kecamatan Binawidya"
PATEN = "BINAWIDYA-PELAYANAN"
# Every unit but the PATEN desk holds the "other" pelaksana. A unit includes its
# sub-units, so the kelurahan front desks are among them: this year the service
# indicators apply to the PATEN desk only (a proposal asks to extend them).
OTHER_PELAKSANA_UNITS = (
    "BINAWIDYA-SEK",
    "BINAWIDYA-PEM",
    "BINAWIDYA-TRANTIB",
    "BINAWIDYA-PMD",
    "BINAWIDYA-KESOS",
    "KEL-BINAWIDYA",
    "KEL-DELIMA",
    "KEL-SIMPANGBARU",
    "KEL-SUNGAISIBAM",
    "KEL-TOBEKGODANG",
)
LEADERS_AND_FUNCTIONAL = (
    Position.Kind.JPT_PRATAMA,
    Position.Kind.ADMINISTRATOR,
    Position.Kind.PENGAWAS,
    Position.Kind.FUNGSIONAL,
)

# When the round opens and closes, around "today".
ROUND_OPENED_DAYS_AGO = 25
ROUND_CLOSES_IN_DAYS = 10
# Office hours in which the demo's people do things (local time).
DAY_STARTS, DAY_ENDS = time(8), time(15, 45)

# Share of each unit (with its sub-units, unless a sub-unit is listed itself) that has
# acknowledged last year's criteria.
ACKNOWLEDGED_SHARE = {
    "BINAWIDYA": 1.0,
    "BINAWIDYA-SEK": 1.0,
    "BINAWIDYA-UMPEG": 1.0,
    "BINAWIDYA-RENKEU": 1.0,
    "BINAWIDYA-PELAYANAN": 0.67,
    "BINAWIDYA-PEM": 0.75,
    "BINAWIDYA-TRANTIB": 0.4,
    "BINAWIDYA-PMD": 0.75,
    "BINAWIDYA-KESOS": 0.75,
    "KEL-BINAWIDYA": 0.8,
    "KEL-DELIMA": 0.6,
    "KEL-SIMPANGBARU": 0.7,
    "KEL-SUNGAISIBAM": 0.35,
    "KEL-TOBEKGODANG": 0.55,
}
ACKNOWLEDGED_MEAN_DAYS = 9  # after publication; most read it in the first weeks
ACKNOWLEDGED_LATEST_DAYS = 80
FAILED_ONCE, FAILED_TWICE, FAILED_AND_GAVE_UP = 6, 1, 2


# -- the rulebook ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Criterion:
    """A results-side indicator as the demo writes it."""

    code: str
    aspect: str
    name: str
    explanation: str
    source: str
    floor: Decimal
    target: Decimal
    ceiling: Decimal
    weight: Decimal
    order: int
    position_kinds: tuple[str, ...] = ()
    unit_codes: tuple[str, ...] = ()
    rationale: str = ""
    shaped_by: tuple[str, ...] = ()  # keys of the proposals behind a change


def _iki_explanation(who: str, *, example: bool) -> str:
    text = (
        "Rata-rata capaian Indikator Kinerja Individu (IKI) dalam SKP Anda, sebagaimana"
        " dinilai pejabat penilai di akhir periode. Capaian 50 % atau kurang memberi skor 0,"
        " capaian 100 % memberi skor 100, dan capaian 120 % atau lebih memberi skor 120."
    )
    if example:
        text += (
            " Contoh: capaian 80 % memberi skor 60, karena 80 % berada tiga perlima jalan"
            " dari 50 % ke 100 %; capaian 110 % memberi skor 110."
        )
    return f"{text} {who}"


LAST_YEAR_RESULTS: tuple[Criterion, ...] = (
    Criterion(
        code="tepat-waktu-layanan",
        aspect=Indicator.Aspect.EFISIENSI,
        name="Ketepatan waktu layanan",
        explanation=(
            "Bagian berkas layanan yang Anda selesaikan dalam standar waktu layanannya,"
            " dihitung dalam jam kerja kantor (hari libur dan cuti bersama tidak dihitung)."
            " Datanya dari catatan tugas layanan di loket. Tepat waktu 60 % atau kurang"
            " memberi skor 0, 90 % memberi skor 100, dan semua berkas tepat waktu memberi"
            " skor 120."
        ),
        source=Indicator.Source.SERVICE_ON_TIME,
        floor=Decimal("0.60"),
        target=Decimal("0.90"),
        ceiling=Decimal("1.00"),
        weight=Decimal(30),
        order=1,
        position_kinds=(Position.Kind.PELAKSANA,),
        unit_codes=(PATEN,),
    ),
    Criterion(
        code="tepat-pertama-layanan",
        aspect=Indicator.Aspect.EFEKTIVITAS,
        name="Layanan tepat sejak pertama",
        explanation=(
            "Bagian berkas layanan yang selesai tanpa dikembalikan untuk diperbaiki dan"
            " tanpa pengaduan warga. Datanya dari catatan tugas layanan di loket. 70 % atau"
            " kurang memberi skor 0, 95 % memberi skor 100, dan 100 % memberi skor 120."
        ),
        source=Indicator.Source.SERVICE_FIRST_TIME_RIGHT,
        floor=Decimal("0.70"),
        target=Decimal("0.95"),
        ceiling=Decimal("1.00"),
        weight=Decimal(20),
        order=2,
        position_kinds=(Position.Kind.PELAKSANA,),
        unit_codes=(PATEN,),
    ),
    Criterion(
        code="capaian-iki-loket",
        aspect=Indicator.Aspect.EFEKTIVITAS,
        name="Capaian IKI SKP (petugas loket PATEN)",
        explanation=_iki_explanation(
            "Bagi petugas loket PATEN bobotnya lebih kecil, karena sebagian hasil kerjanya"
            " sudah diukur dari catatan layanan.",
            example=False,
        ),
        source=Indicator.Source.IKI_ACHIEVEMENT,
        floor=Decimal(50),
        target=Decimal(100),
        ceiling=Decimal(120),
        weight=Decimal(40),
        order=3,
        position_kinds=(Position.Kind.PELAKSANA,),
        unit_codes=(PATEN,),
    ),
    Criterion(
        code="capaian-iki-pejabat",
        aspect=Indicator.Aspect.EFEKTIVITAS,
        name="Capaian IKI SKP (pejabat dan fungsional)",
        explanation=_iki_explanation(
            "Berlaku bagi camat, sekretaris, kepala seksi, kepala subbagian, lurah, dan"
            " pejabat fungsional.",
            example=False,
        ),
        source=Indicator.Source.IKI_ACHIEVEMENT,
        floor=Decimal(50),
        target=Decimal(100),
        ceiling=Decimal(120),
        weight=Decimal(90),
        order=4,
        position_kinds=LEADERS_AND_FUNCTIONAL,
    ),
    Criterion(
        code="capaian-iki-pelaksana",
        aspect=Indicator.Aspect.EFEKTIVITAS,
        name="Capaian IKI SKP (pelaksana)",
        explanation=_iki_explanation(
            "Berlaku bagi pelaksana di sekretariat, seksi, dan kelurahan, termasuk petugas"
            " loket kelurahan.",
            example=False,
        ),
        source=Indicator.Source.IKI_ACHIEVEMENT,
        floor=Decimal(50),
        target=Decimal(100),
        ceiling=Decimal(120),
        weight=Decimal(90),
        order=5,
        position_kinds=(Position.Kind.PELAKSANA,),
        unit_codes=OTHER_PELAKSANA_UNITS,
    ),
    Criterion(
        code="kredit-inovasi",
        aspect=Indicator.Aspect.INOVASI,
        name="Kredit inovasi terverifikasi",
        explanation=(
            "Poin kredit dari inovasi yang Anda ajukan dan sudah diverifikasi panel inovasi"
            " dalam tahun kinerja; usulan yang belum diverifikasi belum dihitung. 0 poin"
            " memberi skor 0, 5 poin memberi skor 100, dan 10 poin atau lebih memberi skor"
            " 120."
        ),
        source=Indicator.Source.INNOVATION_CREDIT,
        floor=Decimal(0),
        target=Decimal(5),
        ceiling=Decimal(10),
        weight=Decimal(10),
        order=6,
    ),
)
_BY_CODE = {criterion.code: criterion for criterion in LAST_YEAR_RESULTS}

# This year's version: last year's with the changes the decided proposals asked for.
THIS_YEAR_CHANGES: tuple[Criterion, ...] = (
    replace(
        _BY_CODE["tepat-waktu-layanan"],
        floor=Decimal("0.50"),
        explanation=_BY_CODE["tepat-waktu-layanan"].explanation.replace(
            "Tepat waktu 60 %", "Tepat waktu 50 %"
        ),
        rationale=(
            "Batas bawah turun dari 60 % menjadi 50 %, supaya lonjakan permohonan di musim"
            " PPDB tidak langsung membuat skor indikator ini nol. Target 90 % tetap; standar"
            " waktu tiap layanan diatur dalam Standar Pelayanan, bukan di sini."
        ),
        shaped_by=("ppdb",),
    ),
    replace(
        _BY_CODE["capaian-iki-loket"],
        weight=Decimal(35),
        explanation=_iki_explanation(
            "Bagi petugas loket PATEN bobotnya lebih kecil, karena sebagian hasil kerjanya"
            " sudah diukur dari catatan layanan.",
            example=True,
        ),
        rationale=(
            "Bobot turun dari 40 menjadi 35 untuk memberi ruang bagi bobot inovasi yang naik;"
            " penjelasan kini memuat contoh perhitungan."
        ),
        shaped_by=("inovasi", "contoh-iki"),
    ),
    replace(
        _BY_CODE["capaian-iki-pejabat"],
        weight=Decimal(85),
        explanation=_iki_explanation(
            "Berlaku bagi camat, sekretaris, kepala seksi, kepala subbagian, lurah, dan"
            " pejabat fungsional.",
            example=True,
        ),
        rationale=(
            "Bobot turun dari 90 menjadi 85 untuk memberi ruang bagi bobot inovasi yang naik;"
            " penjelasan kini memuat contoh perhitungan."
        ),
        shaped_by=("inovasi", "contoh-iki"),
    ),
    replace(
        _BY_CODE["capaian-iki-pelaksana"],
        weight=Decimal(85),
        explanation=_iki_explanation(
            "Berlaku bagi pelaksana di sekretariat, seksi, dan kelurahan, termasuk petugas"
            " loket kelurahan. Pekerjaan bertenggat seperti penyelesaian naskah dinas, SPJ,"
            " atau usulan kepegawaian sebaiknya dijadikan IKI dengan target waktu dalam SKP,"
            " sehingga ketepatan waktunya ikut dinilai di sini.",
            example=True,
        ),
        rationale=(
            "Bobot turun dari 90 menjadi 85 untuk memberi ruang bagi bobot inovasi yang naik."
            " Penjelasan kini memuat contoh perhitungan dan menganjurkan IKI ketepatan waktu"
            " bagi pekerjaan bertenggat, karena belum ada catatan tenggat naskah dinas yang"
            " dapat diukur sebagai indikator tersendiri."
        ),
        shaped_by=("inovasi", "contoh-iki", "naskah-dinas"),
    ),
    replace(
        _BY_CODE["kredit-inovasi"],
        weight=Decimal(15),
        rationale=(
            "Bobot naik dari 10 menjadi 15 agar inovasi pegawai lebih terasa dalam skor hasil"
            " kerja; kredit tetap hanya dari inovasi yang sudah diverifikasi panel."
        ),
        shaped_by=("inovasi",),
    ),
)


def this_year_results() -> tuple[Criterion, ...]:
    changed = {criterion.code: criterion for criterion in THIS_YEAR_CHANGES}
    return tuple(changed.get(criterion.code, criterion) for criterion in LAST_YEAR_RESULTS)


# The innovation panel's rubric, the same in both years: the four criteria a fresh
# version starts with (``criteria.services.versions``), each scored 0–5 with equal weight;
# an average of 60 verifies an innovation, and nobody earns more than 10 points a year.
INNOVATION_RUBRIC: tuple[tuple[str, str, str], ...] = (
    (
        "kebaruan",
        "Kebaruan",
        "Seberapa baru perubahan ini bagi kantor: 0 bila mengulang cara yang sudah ada di"
        " sini, 5 bila belum pernah ada yang bekerja dengan cara ini di kantor.",
    ),
    (
        "dampak",
        "Dampak",
        "Seberapa besar efek terukurnya memperbaiki layanan atau pekerjaan, menurut bukti:"
        " 0 bila tidak ada efek yang ditunjukkan, 5 bila efeknya besar dan didukung angka.",
    ),
    (
        "replikasi",
        "Kemampuan direplikasi",
        "Seberapa mudah unit atau kelurahan lain melakukan hal yang sama: 0 bila bergantung"
        " pada satu orang atau sarana khusus, 5 bila dapat ditiru apa adanya.",
    ),
    (
        "keberlanjutan",
        "Keberlanjutan",
        "Apakah perubahan bertahan tanpa upaya atau anggaran tambahan: 0 bila hanya sekali"
        " jalan, 5 bila sudah menjadi rutinitas harian dan terus berjalan.",
    ),
)
INNOVATION_PASS_SCORE = Decimal(60)
INNOVATION_CREDIT_CAP = Decimal(10)

BEHAVIOUR_EXPLANATION = (
    "{value}: pejabat penilai menilai seberapa konsisten perilaku ini tampak dalam pekerjaan"
    " sehari-hari, menurut level di bawah."
)


@dataclass(frozen=True, slots=True)
class CheckQuestion:
    text: str
    choices: tuple[str, ...]
    correct_choice: int
    explanation: str


def comprehension_check(innovation_weight: int) -> tuple[CheckQuestion, ...]:
    """Three questions every employee can answer from the criteria page that applies to
    them: each has one IKI indicator and the innovation credit."""
    weights = ("5 %", "10 %", "15 %", "20 %")
    return (
        CheckQuestion(
            "Berapa bobot kredit inovasi terverifikasi dalam skor hasil kerja Anda?",
            weights,
            weights.index(f"{innovation_weight} %"),
            f"Kredit inovasi terverifikasi berbobot {innovation_weight} % bagi semua pegawai.",
        ),
        CheckQuestion(
            "Capaian IKI dalam SKP Anda 100 %. Berapa skor Anda untuk indikator capaian IKI?",
            ("50", "80", "100", "120"),
            2,
            "Capaian 100 % adalah target, dan target selalu memberi skor 100.",
        ),
        CheckQuestion(
            "Kredit inovasi dihitung dari apa?",
            (
                "Semua inovasi yang diusulkan, diverifikasi atau belum",
                "Inovasi yang sudah diverifikasi panel inovasi",
                "Penilaian atasan tentang kreativitas pegawai",
            ),
            1,
            "Hanya inovasi yang sudah diverifikasi panel inovasi yang memberi kredit.",
        ),
    )


# -- the consultation --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProposalStory:
    key: str
    kind: str
    author: Who
    title: str
    body: str
    day: int  # days after the round opened
    reach: float  # the share of participants who vote on it…
    support: float  # …and the share of those who support it
    indicator: str = ""
    is_anonymous: bool = False
    decision: str = ""
    decided_day: int = 0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CommentStory:
    proposal: str
    author: Who
    body: str
    day: int  # days after the proposal
    is_anonymous: bool = False


PATEN_DESK = "Pengelola Layanan Administrasi Terpadu"
PATEN_OPERATOR = "Penata Layanan Operasional"
KELURAHAN_DESK = "Pengelola Layanan Kelurahan"

PROPOSALS: tuple[ProposalStory, ...] = (
    ProposalStory(
        key="ppdb",
        kind=Proposal.Kind.TARGET,
        author=(PATEN, PATEN_DESK, 2),
        indicator="tepat-waktu-layanan",
        title="Standar waktu legalisasi terlalu ketat saat musim PPDB",
        body=(
            "Setiap Juni–Juli permohonan legalisasi, surat keterangan domisili dan SKTM untuk"
            " pendaftaran sekolah (PPDB) hampir dua kali lipat, sedangkan petugas loket PATEN"
            " tetap lima orang. Di bulan-bulan itu berkas menumpuk dan ketepatan waktu kami"
            " turun walaupun kami bekerja sampai sore. Usul: target ketepatan waktu di musim"
            " PPDB diturunkan, atau batas bawah kurvanya dilonggarkan, supaya satu musim ramai"
            " tidak menjatuhkan skor setahun."
        ),
        day=1,
        reach=0.65,
        support=0.85,
        decision=Proposal.Decision.PARTLY_ACCEPTED,
        decided_day=15,
        reason=(
            "Diterima sebagian. Standar waktu tiap layanan ditetapkan dalam Standar Pelayanan"
            " kecamatan, bukan dalam kriteria ini, sehingga standar legalisasi tidak kami ubah"
            " di sini; usulan standar khusus musim PPDB kami teruskan ke Seksi Pelayanan Umum"
            " untuk revisi Standar Pelayanan. Yang kami ubah: batas bawah kurva ketepatan"
            " waktu turun dari 60 % menjadi 50 %, sehingga bulan-bulan puncak tidak langsung"
            " membuat skor indikator ini nol. Target 90 % tetap."
        ),
    ),
    ProposalStory(
        key="skm",
        kind=Proposal.Kind.ADD,
        author="kasi.pelayanan",
        title="Tambahkan indikator kepuasan masyarakat (SKM)",
        body=(
            "Tepat waktu belum tentu berarti warga puas. Kecamatan sudah melaksanakan Survei"
            " Kepuasan Masyarakat (SKM) setiap semester sesuai PermenPANRB 14/2017. Usul:"
            " indeks kepuasan masyarakat untuk layanan PATEN menjadi indikator efektivitas"
            " bagi petugas loket, dengan bobot 10 yang diambil dari capaian IKI."
        ),
        day=2,
        reach=0.75,
        support=0.9,
    ),
    ProposalStory(
        key="inovasi",
        kind=Proposal.Kind.WEIGHT,
        author=("BINAWIDYA", "Analis Kebijakan Ahli Muda", 0),
        indicator="kredit-inovasi",
        title="Bobot inovasi dinaikkan menjadi 15",
        body=(
            "Beberapa perbaikan layanan tahun ini lahir dari pegawai sendiri, misalnya"
            " pengingat berkas lewat WhatsApp dan formulir isian yang disederhanakan. Dengan"
            " bobot 10 %, kredit inovasi hampir tidak mengubah skor, sehingga tidak banyak"
            " yang mau repot mengajukannya. Usul: bobot inovasi menjadi 15 %, diambil dari"
            " bobot capaian IKI."
        ),
        day=3,
        reach=0.7,
        support=0.8,
        decision=Proposal.Decision.ACCEPTED,
        decided_day=14,
        reason=(
            "Diterima. Bobot kredit inovasi terverifikasi menjadi 15 bagi semua pegawai, dan"
            " bobot capaian IKI turun 5 (petugas loket PATEN dari 40 menjadi 35, pegawai lain"
            " dari 90 menjadi 85), sehingga jumlah bobot tetap 100. Kredit tetap hanya"
            " dihitung dari inovasi yang sudah diverifikasi panel inovasi."
        ),
    ),
    ProposalStory(
        key="loket-kelurahan",
        kind=Proposal.Kind.CHANGE,
        author=("KEL-SIMPANGBARU-PELAYANAN", KELURAHAN_DESK, 0),
        is_anonymous=True,
        indicator="tepat-waktu-layanan",
        title="Petugas loket kelurahan juga dinilai dari ketepatan waktu layanan",
        body=(
            "Loket kelurahan juga mencatat setiap berkas di aplikasi dan memakai standar waktu"
            " yang sama, tetapi indikator ketepatan waktu dan layanan tepat sejak pertama"
            " hanya berlaku bagi loket PATEN. Akibatnya kerja kami di loket tidak terlihat"
            " dalam penilaian. Usul: kedua indikator layanan juga berlaku bagi petugas loket"
            " di Seksi Pelayanan Umum kelurahan."
        ),
        day=4,
        reach=0.5,
        support=0.9,
    ),
    ProposalStory(
        key="rahasia-jabatan",
        kind=Proposal.Kind.REMOVE,
        author=("BINAWIDYA-TRANTIB", "Pengelola Ketenteraman dan Ketertiban", 0),
        indicator="loyal-c",
        title="Indikator 'Menjaga rahasia jabatan dan negara' sulit dinilai di lapangan",
        body=(
            "Sebagian besar pekerjaan kami di lapangan: patroli, penertiban, dan pengamanan"
            " kegiatan. Atasan hampir tidak punya bahan untuk menilai indikator ini, sehingga"
            " semua orang diberi nilai yang sama. Usul: indikator ini dihapus dari penilaian"
            " perilaku petugas trantib."
        ),
        day=5,
        reach=0.3,
        support=0.3,
        decision=Proposal.Decision.REJECTED,
        decided_day=12,
        reason=(
            "Ditolak. Ketujuh nilai BerAKHLAK beserta 21 indikatornya ditetapkan secara"
            " nasional (SE MenPANRB 20/2021) dan wajib ada dalam penilaian perilaku menurut"
            " PermenPANRB 6/2022, sehingga kecamatan tidak dapat menghapusnya. Bagi petugas"
            " lapangan, atasan dapat menilai dari hal yang teramati, misalnya tidak"
            " membagikan data pelanggar atau foto penertiban di media sosial. Contoh seperti"
            " ini akan kami masukkan dalam bahan sosialisasi."
        ),
    ),
    ProposalStory(
        key="tepat-pertama",
        kind=Proposal.Kind.TARGET,
        author=(PATEN, PATEN_OPERATOR, 0),
        is_anonymous=True,
        indicator="tepat-pertama-layanan",
        title="Berkas yang kurang lengkap dari pemohon jangan dihitung kesalahan petugas",
        body=(
            "Target layanan tepat sejak pertama 95 % sulit dicapai, karena banyak berkas"
            " dikembalikan bukan karena salah kami, tetapi karena pemohon lupa membawa"
            " dokumen atau persyaratannya berubah. Usul: target diturunkan menjadi 90 %, atau"
            " berkas yang dikembalikan karena persyaratan pemohon tidak dihitung."
        ),
        day=6,
        reach=0.4,
        support=0.55,
    ),
    ProposalStory(
        key="naskah-dinas",
        kind=Proposal.Kind.ADD,
        author=("BINAWIDYA-UMPEG", "Pengadministrasi Umum", 0),
        is_anonymous=True,
        title="Staf sekretariat juga perlu indikator ketepatan waktu",
        body=(
            "Pegawai di luar loket hanya dinilai dari capaian IKI. Padahal surat masuk, SPJ,"
            " dan usulan kepegawaian juga punya tenggat yang jelas. Usul: ada indikator"
            " ketepatan waktu penyelesaian naskah dinas bagi pelaksana di sekretariat dan"
            " seksi."
        ),
        day=7,
        reach=0.35,
        support=0.7,
        decision=Proposal.Decision.PARTLY_ACCEPTED,
        decided_day=17,
        reason=(
            "Diterima sebagian. Belum ada catatan tenggat naskah dinas yang dapat diukur"
            " seperti catatan layanan di loket, jadi usulan ini belum bisa menjadi indikator"
            " tersendiri tahun ini. Penjelasan indikator capaian IKI bagi pelaksana kami"
            " lengkapi: ketepatan waktu penyelesaian naskah dinas sebaiknya dijadikan IKI"
            " dalam SKP masing-masing, sehingga ikut dinilai lewat capaian IKI."
        ),
    ),
    ProposalStory(
        key="ambang",
        kind=Proposal.Kind.CHANGE,
        author="camat",
        title="Ambang 'di atas ekspektasi' perlu ditinjau",
        body=(
            "Dengan ambang 110, skor di atas ekspektasi cukup mudah dicapai oleh pegawai yang"
            " unggul di satu indikator saja. Mohon tim evaluasi menguji apakah ambang 112 atau"
            " 115 lebih sesuai dengan pola distribusi predikat yang harus kita penuhi"
            " (SE MenPANRB 3/2023)."
        ),
        day=8,
        reach=0.3,
        support=0.5,
    ),
    ProposalStory(
        key="contoh-iki",
        kind=Proposal.Kind.CHANGE,
        author=("BINAWIDYA-PEM", "Pengadministrasi Pemerintahan", 0),
        indicator="capaian-iki-pelaksana",
        title="Penjelasan capaian IKI perlu contoh perhitungan",
        body=(
            "Banyak rekan belum paham bagaimana capaian IKI menjadi skor: apakah capaian 80 %"
            " berarti skor 80? Mohon penjelasan indikator capaian IKI disertai contoh"
            " perhitungan yang sederhana."
        ),
        day=9,
        reach=0.45,
        support=0.95,
        decision=Proposal.Decision.ACCEPTED,
        decided_day=13,
        reason=(
            "Diterima. Penjelasan ketiga indikator capaian IKI kini memuat contoh: capaian"
            " 50 % atau kurang memberi skor 0, capaian 80 % memberi skor 60, capaian 100 %"
            " memberi skor 100, dan capaian 110 % memberi skor 110."
        ),
    ),
    ProposalStory(
        key="kredit-kelurahan",
        kind=Proposal.Kind.TARGET,
        author=("KEL-TOBEKGODANG", "Lurah", 0),
        indicator="kredit-inovasi",
        title="Target kredit inovasi 5 poin berat bagi kelurahan kecil",
        body=(
            "Di kelurahan dengan pegawai sedikit, inovasi biasanya dikerjakan bersama. Kalau"
            " kreditnya dibagi rata, target 5 poin per orang hampir tidak mungkin dicapai."
            " Usul: target kredit inovasi bagi pegawai kelurahan diturunkan menjadi 3 poin."
        ),
        day=10,
        reach=0.3,
        support=0.45,
        decision=Proposal.Decision.REJECTED,
        decided_day=16,
        reason=(
            "Ditolak. Target kredit berlaku sama bagi semua pegawai agar skor antarunit dapat"
            " dibandingkan. Pembagian kredit untuk inovasi yang dikerjakan bersama diatur"
            " dalam penilaian inovasi, bukan dalam kriteria ini; masalahnya kami bawa ke"
            " panel inovasi."
        ),
    ),
    ProposalStory(
        key="dtks",
        kind=Proposal.Kind.ADD,
        author=("BINAWIDYA-KESOS", "Penyuluh Sosial Ahli Pertama", 0),
        title="Ketepatan pemutakhiran data DTKS sebagai indikator Seksi Kesos",
        body=(
            "Pemutakhiran Data Terpadu Kesejahteraan Sosial (DTKS) punya tenggat bulanan dari"
            " Dinas Sosial dan sangat menentukan bantuan bagi warga. Usul: ketepatan waktu"
            " pemutakhiran DTKS menjadi indikator efisiensi bagi Seksi Kesejahteraan Sosial."
        ),
        day=11,
        reach=0.25,
        support=0.7,
    ),
    ProposalStory(
        key="pengaduan",
        kind=Proposal.Kind.ADD,
        author=("BINAWIDYA-TRANTIB", "Kepala Seksi Ketenteraman dan Ketertiban Umum", 0),
        title="Waktu tanggap pengaduan ketertiban sebagai indikator efisiensi",
        body=(
            "Seksi Trantib menerima pengaduan warga tentang pedagang kaki lima, kebisingan,"
            " dan bangunan tanpa izin. Usul: indikator waktu tanggap pengaduan (makin cepat"
            " makin baik), misalnya target ditangani dalam dua hari kerja."
        ),
        day=13,
        reach=0.25,
        support=0.6,
    ),
)

COMMENTS: tuple[CommentStory, ...] = (
    CommentStory(
        "ppdb",
        "kasi.pelayanan",
        "Benar, bulan Juli antrean legalisasi paling panjang sepanjang tahun. Saya dukung,"
        " asal target tahunan tetap 90 %.",
        1,
    ),
    CommentStory(
        "ppdb",
        ("KEL-BINAWIDYA-PELAYANAN", KELURAHAN_DESK, 0),
        "Di kelurahan juga sama, terutama surat domisili untuk zonasi sekolah.",
        2,
    ),
    CommentStory(
        "ppdb",
        TEAM,
        "Terima kasih. Tim sedang melihat ketepatan waktu per bulan untuk menguji seberapa"
        " besar penurunan di musim PPDB.",
        5,
    ),
    CommentStory(
        "skm",
        "camat",
        "Saya setuju. SKM kita sudah rutin; tinggal dipastikan hasilnya dapat dibaca per unit"
        " layanan.",
        1,
    ),
    CommentStory(
        "skm",
        (PATEN, PATEN_OPERATOR, 1),
        "Setuju, tetapi survei jangan hanya diisi di depan petugas yang sedang dinilai, nanti"
        " hasilnya tidak jujur.",
        2,
        is_anonymous=True,
    ),
    CommentStory(
        "skm",
        TEAM,
        "Catatan tim: hasil SKM saat ini dihitung per unit layanan, bukan per petugas. Kami"
        " menimbang apakah indikator ini lebih tepat sebagai indikator kinerja unit.",
        6,
    ),
    CommentStory(
        "inovasi",
        ("BINAWIDYA-UMPEG", "Pranata Komputer Ahli Pertama", 0),
        "Setuju. Asal verifikasi inovasi juga dipercepat, jangan sampai kredit baru keluar di"
        " akhir tahun.",
        1,
    ),
    CommentStory(
        "inovasi",
        ("BINAWIDYA-RENKEU", "Kepala Subbagian Perencanaan dan Keuangan", 0),
        "Kalau bobotnya naik, pastikan inovasi yang dihitung benar-benar dipakai, bukan hanya"
        " dilaporkan.",
        3,
    ),
    CommentStory(
        "loket-kelurahan",
        ("KEL-SIMPANGBARU", "Lurah", 0),
        "Sangat setuju. Loket kelurahan melayani warga setiap hari dengan standar yang sama.",
        1,
    ),
    CommentStory(
        "loket-kelurahan",
        ("KEL-DELIMA-PELAYANAN", "Operator Layanan Operasional", 0),
        "Kami juga ingin dinilai dari data layanan, karena datanya sudah ada di aplikasi.",
        2,
        is_anonymous=True,
    ),
    CommentStory(
        "rahasia-jabatan",
        ("BINAWIDYA-TRANTIB", "Kepala Seksi Ketenteraman dan Ketertiban Umum", 0),
        "Saya paham kesulitannya, tetapi petugas lapangan justru sering memegang data"
        " pelanggar. Indikator ini tetap penting.",
        1,
    ),
    CommentStory(
        "rahasia-jabatan",
        "sekcam",
        "BerAKHLAK ditetapkan secara nasional, jadi sepertinya tidak dapat dihapus. Mungkin"
        " deskripsi levelnya yang perlu diperjelas.",
        2,
    ),
    CommentStory(
        "tepat-pertama",
        "kasi.pelayanan",
        "Berkas yang dikembalikan karena persyaratan pemohon memang perlu dibedakan. Aplikasi"
        " loket perlu kolom alasan pengembalian.",
        1,
    ),
    CommentStory(
        "tepat-pertama",
        (PATEN, PATEN_DESK, 1),
        "Setuju soal kolom alasan. Tetapi kalau targetnya diturunkan, kita malah kurang"
        " terdorong memeriksa berkas sejak awal.",
        3,
    ),
    CommentStory(
        "naskah-dinas",
        ("BINAWIDYA-UMPEG", "Kepala Subbagian Umum dan Kepegawaian", 0),
        "Surat masuk sudah tercatat di buku agenda. Mungkin bisa dimulai dari situ.",
        1,
    ),
    CommentStory(
        "ambang",
        ("BINAWIDYA-RENKEU", "Bendahara Pengeluaran", 0),
        "Sebaiknya diuji dulu dengan skor tahun lalu sebelum diubah.",
        2,
        is_anonymous=True,
    ),
    CommentStory(
        "ambang",
        TEAM,
        "Tim akan menyimulasikan ambang 110, 112, dan 115 dengan skor tahun lalu dan"
        " melaporkan hasilnya sebelum konsultasi ditutup.",
        3,
    ),
    CommentStory(
        "contoh-iki",
        ("BINAWIDYA-PMD", "Fasilitator Pemberdayaan Masyarakat", 0),
        "Betul, saya juga baru tahu bahwa capaian di atas 100 % masih menambah skor.",
        1,
    ),
    CommentStory(
        "kredit-kelurahan",
        ("KEL-BINAWIDYA", "Lurah", 0),
        "Inovasi bersama seharusnya memberi kredit penuh kepada setiap anggota tim.",
        1,
    ),
    CommentStory(
        "dtks",
        ("BINAWIDYA-KESOS", "Kepala Seksi Kesejahteraan Sosial", 0),
        "Mendukung. Tenggat DTKS sering bersamaan dengan penyaluran bantuan.",
        1,
    ),
    CommentStory(
        "pengaduan",
        ("KEL-SIMPANGBARU-PELAYANAN", "Kepala Seksi Pelayanan Umum", 0),
        "Perlu dipastikan dulu semua pengaduan dicatat di satu tempat, supaya waktu"
        " tanggapnya dapat diukur.",
        2,
    ),
)

# Who else took part, by voting only. With the authors and commenters above they make
# five participants in the PATEN desk and six in Subbagian Umum dan Kepegawaian, enough
# for the breakdown by unit, and fewer than five in every other unit.
VOTERS: tuple[Who, ...] = (
    "admin",
    ("BINAWIDYA-UMPEG", "Arsiparis Terampil", 0),
    ("BINAWIDYA-UMPEG", "Pengadministrasi Umum", 1),
    ("BINAWIDYA-PEM", "Kepala Seksi Pemerintahan", 0),
    ("BINAWIDYA-PEM", "Pengolah Data Kependudukan", 0),
    ("BINAWIDYA-PMD", "Kepala Seksi Pemberdayaan Masyarakat", 0),
    ("BINAWIDYA-KESOS", "Pengelola Data Kesejahteraan Sosial", 0),
    ("KEL-SIMPANGBARU-PELAYANAN", KELURAHAN_DESK, 1),
    ("KEL-BINAWIDYA-TRANTIB", "Pengelola Ketenteraman dan Ketertiban", 0),
    ("KEL-DELIMA", "Sekretaris Kelurahan", 0),
    ("KEL-TOBEKGODANG-PELAYANAN", KELURAHAN_DESK, 0),
    ("KEL-SUNGAISIBAM-PELAYANAN", "Kepala Seksi Pelayanan Umum", 0),
)


@dataclass(frozen=True, slots=True)
class QuestionStory:
    asker: Who
    text: str
    answer: str = ""
    # Days after publication, or (when negative) days before "today".
    day: int = 0
    answered_after: int = 2


QUESTIONS: tuple[QuestionStory, ...] = (
    QuestionStory(
        ("KEL-BINAWIDYA-PELAYANAN", KELURAHAN_DESK, 1),
        "Indikator ketepatan waktu layanan hanya berlaku bagi loket PATEN. Apakah kerja kami"
        " di loket kelurahan tidak ikut dinilai?",
        "Tetap dinilai, lewat capaian IKI: layanan yang Anda selesaikan dapat dijadikan IKI"
        " dalam SKP, dan catatan layanan Anda tampil di halaman layanan. Tahun ini indikator"
        " layanan baru diterapkan di PATEN; perluasannya ke loket kelurahan akan dibahas pada"
        " konsultasi kriteria berikutnya.",
        day=9,
    ),
    QuestionStory(
        (PATEN, PATEN_OPERATOR, 1),
        "Kalau berkas dikembalikan karena pemohon kurang melengkapi persyaratan, apakah itu"
        " mengurangi nilai saya?",
        "Ya, pada indikator 'Layanan tepat sejak pertama': setiap berkas yang dikembalikan"
        " untuk diperbaiki atau mendapat pengaduan dihitung tidak tepat sejak pertama, apa pun"
        " sebabnya. Karena itu targetnya 95 %, bukan 100 %. Ketepatan waktu dihitung"
        " terpisah, dari lama penyelesaian berkas.",
        day=4,
        answered_after=1,
    ),
    QuestionStory(
        ("KEL-DELIMA-PMKS", "Penata Layanan Operasional", 0),
        "Apakah pegawai PPPK dinilai dengan kriteria yang sama dengan PNS?",
        "Ya. PPPK juga menyusun SKP dan dinilai menurut PermenPANRB 6/2022. Kriteria yang"
        " berlaku bagi Anda ditentukan oleh jenis jabatan dan unit kerja, bukan oleh status"
        " kepegawaian.",
        day=12,
        answered_after=3,
    ),
    QuestionStory(
        ("BINAWIDYA-PMD", "Fasilitator Pemberdayaan Masyarakat", 1),
        "Bagaimana kredit inovasi dihitung kalau inovasinya dikerjakan bersama satu tim?",
        day=-5,
    ),
)


# -- loading -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CriteriaData:
    """What the demo command reports; ``counts`` go into the DEMO_LOADED event."""

    published: str  # the label of last year's version
    acknowledged: int
    in_scope: int
    consulted: str  # the label of this year's version
    proposals: int
    comments: int
    votes: int
    decided: int
    participants: int
    counts: dict[str, int] = field(default_factory=dict)


class _People:
    """The office's employees, found by demo username or by (unit, jabatan, holder)."""

    def __init__(self, organization: OrgUnit) -> None:
        employees = (
            Employee.objects.filter(is_active=True, unit__path__startswith=organization.path)
            .select_related("unit", "position", "user")
            .order_by("pk")
        )
        self.by_username: dict[str, Employee] = {}
        # Holders of one jabatan in a unit were created in the order of the description.
        self.by_post: dict[tuple[str, str], list[Employee]] = defaultdict(list)
        for employee in employees:
            if employee.user is not None:
                self.by_username[employee.user.username] = employee
            self.by_post[(employee.unit.code, employee.position.name)].append(employee)

    def __call__(self, who: Who) -> Employee:
        if isinstance(who, str):
            return self.by_username[who]
        unit, title, holder = who
        return self.by_post[(unit, title)][holder]

    def user(self, who: Who) -> User:
        user = self(who).user
        if user is None:
            raise ValueError(f"{who} has no account")
        return user


SATURDAY = 5


class _Story:
    """What every part of the story draws on: the people, the seeded draws, and office
    hours on working days (Monday to Friday; the demo ignores holidays here)."""

    def __init__(self, organization: OrgUnit, today: date, seed: int) -> None:
        self.people = _People(organization)
        self.team = self.people.user(TEAM)
        self.rng = random.Random(seed)  # noqa: S311 - a story, not a secret
        self.today = today
        # The latest day anything happened: the story stays in the past.
        self.latest = self.last_working_day_before(today)

    @staticmethod
    def working_day(day: date) -> date:
        while day.weekday() >= SATURDAY:
            day += timedelta(days=1)
        return day

    @staticmethod
    def last_working_day_before(day: date) -> date:
        day -= timedelta(days=1)
        while day.weekday() >= SATURDAY:
            day -= timedelta(days=1)
        return day

    def at(self, day: date, *, earliest: time = DAY_STARTS) -> datetime:
        """A drawn moment of office hours on ``day``, not before ``earliest``."""
        start = earliest.hour * 60 + earliest.minute
        end = DAY_ENDS.hour * 60 + DAY_ENDS.minute
        minute = self.rng.randrange(start, max(start + 1, end))
        return timezone.make_aware(datetime.combine(day, time(minute // 60, minute % 60)))

    @staticmethod
    def fixed(day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def within(self, day: date) -> date:
        """``day``, or the next working day, but never after the latest."""
        return min(self.working_day(day), self.latest)


def load_criteria_data(*, organization: OrgUnit, today: date, seed: int) -> CriteriaData:
    """Write last year's published version with its acknowledgements and questions, and
    this year's version in consultation with its round (see the module docstring).
    Expects the demo office of ``kinerja.demo.builder`` and no criteria yet."""
    story = _Story(organization, today, seed)
    year = today.year

    last, _indicators = _write_version(
        organization=organization,
        year=year - 1,
        results=LAST_YEAR_RESULTS,
        created_by=story.team,
        innovation_weight=10,
        rationale=(
            "Versi pertama kriteria kinerja kecamatan: indikator layanan bagi petugas loket"
            " PATEN, capaian IKI dan kredit inovasi bagi semua pegawai, dan 21 indikator"
            " BerAKHLAK untuk perilaku kerja."
        ),
    )
    published_at = story.fixed(story.working_day(date(year - 1, 1, 6)), 9, 30)
    history = {
        "status": CriteriaVersion.Status.PUBLISHED,
        "created_at": story.fixed(story.working_day(date(year - 2, 10, 14)), 10),
        "adopted_at": story.fixed(story.working_day(date(year - 2, 12, 18)), 14),
        "published_at": published_at,
        "updated_at": published_at,
    }
    # Through the query set: the version is published from here on and refuses save().
    CriteriaVersion.objects.filter(pk=last.pk).update(**history)
    for name, value in history.items():
        setattr(last, name, value)
    acknowledged, in_scope = _socialise(story, last, published_at=published_at)
    _ask_questions(story, last, published_on=published_at.date())

    opens_on = story.working_day(today - timedelta(days=ROUND_OPENED_DAYS_AGO))
    current, indicators = _write_version(
        organization=organization,
        year=year,
        results=this_year_results(),
        created_by=story.team,
        innovation_weight=15,
        based_on=last,
        rationale=(
            "Disalin dari kriteria tahun lalu dan dibahas dalam konsultasi. Sejauh ini:"
            " bobot kredit inovasi naik menjadi 15 dan bobot capaian IKI turun 5, batas"
            " bawah ketepatan waktu layanan turun menjadi 50 %, dan penjelasan capaian IKI"
            " kini memuat contoh perhitungan."
        ),
    )
    round_ = ConsultationRound.objects.create(
        version=current,
        title=f"Konsultasi kriteria kinerja {year}",
        question=(
            f"Kriteria apa yang perlu diubah untuk tahun {year}? Ceritakan dari pengalaman"
            " kerja Anda: indikator yang perlu ditambah, diubah, atau dihapus, dan bobot atau"
            " target yang menurut Anda kurang tepat. Usulan boleh dikirim tanpa nama."
        ),
        opens_on=opens_on,
        closes_on=today + timedelta(days=ROUND_CLOSES_IN_DAYS),
        opened_by=story.team,
    )
    consultation = _consult(story, round_, indicators)
    opened_at = story.fixed(opens_on, 8, 30)
    ConsultationRound.objects.filter(pk=round_.pk).update(
        created_at=opened_at, updated_at=opened_at
    )
    CriteriaVersion.objects.filter(pk=current.pk).update(
        status=CriteriaVersion.Status.CONSULTATION,
        created_at=story.fixed(story.last_working_day_before(opens_on - timedelta(days=7)), 10),
        updated_at=consultation.last_change or opened_at,
    )
    return CriteriaData(
        published=last.label,
        acknowledged=acknowledged,
        in_scope=in_scope,
        consulted=current.label,
        proposals=consultation.proposals,
        comments=consultation.comments,
        votes=consultation.votes,
        decided=consultation.decided,
        participants=consultation.participants,
        counts={
            "criteria_versions": 2,
            "criteria_acknowledged": acknowledged,
            "criteria_acknowledgements": in_scope,
            "criteria_proposals": consultation.proposals,
            "criteria_comments": consultation.comments,
            "criteria_votes": consultation.votes,
        },
    )


def _write_version(
    *,
    organization: OrgUnit,
    year: int,
    results: Sequence[Criterion],
    created_by: User,
    innovation_weight: int,
    rationale: str,
    based_on: CriteriaVersion | None = None,
) -> tuple[CriteriaVersion, dict[str, Indicator]]:
    """A draft with ``results``, the BerAKHLAK indicators, the comprehension check and the
    innovation rubric, and its indicators by code; the caller moves it on (the content is
    written first, while the version may change)."""
    version = CriteriaVersion.objects.create(
        organization=organization,
        year=year,
        number=1,
        title=f"Kriteria Kinerja {ORGANIZATION_NAME} {year}",
        rationale=rationale,
        based_on=based_on,
        created_by=created_by,
        above_threshold=Decimal(110),
        meets_threshold=Decimal(90),
        innovation_pass_score=INNOVATION_PASS_SCORE,
        innovation_credit_cap=INNOVATION_CREDIT_CAP,
    )
    InnovationRubricCriterion.objects.bulk_create(
        InnovationRubricCriterion(
            version=version,
            code=code,
            name=name,
            descriptor=descriptor,
            max_points=5,
            weight=Decimal(25),
            order=order,
        )
        for order, (code, name, descriptor) in enumerate(INNOVATION_RUBRIC, start=1)
    )
    # The office keeps the default early-warning rules.
    EarlyWarningRule.objects.bulk_create(
        EarlyWarningRule(version=version, order=order, **values)
        for order, values in enumerate(DEFAULT_WARNING_RULES, start=1)
    )
    indicators = [
        Indicator(
            version=version,
            code=criterion.code,
            aspect=criterion.aspect,
            name=criterion.name,
            explanation=criterion.explanation,
            position_kinds=sorted(criterion.position_kinds),
            unit_codes=sorted(criterion.unit_codes),
            source=criterion.source,
            floor=criterion.floor,
            target=criterion.target,
            ceiling=criterion.ceiling,
            weight=criterion.weight,
            order=criterion.order,
            rationale=criterion.rationale,
        )
        for criterion in results
    ]
    behaviour = [
        Indicator(
            version=version,
            # The codes create_version gives, so that any later version compares.
            code=indicator_code(value, index).lower().replace("_", "-"),
            aspect=value.code,
            name=text,
            explanation=BEHAVIOUR_EXPLANATION.format(value=value.name),
            source=Indicator.Source.SUPERVISOR_RUBRIC,
            floor=Decimal(1),
            target=Decimal(3),
            ceiling=Decimal(5),
            order=100 + 3 * number + index + 1,
        )
        for number, value in enumerate(CORE_VALUES)
        for index, text in enumerate(value.indicators)
    ]
    created = Indicator.objects.bulk_create([*indicators, *behaviour])
    RubricLevel.objects.bulk_create(
        RubricLevel(indicator=indicator, level=level, descriptor=descriptor)
        for indicator in created[len(indicators) :]
        for level, descriptor in BEHAVIOUR_LEVELS
    )
    ComprehensionQuestion.objects.bulk_create(
        ComprehensionQuestion(
            version=version,
            order=order,
            text=question.text,
            choices=list(question.choices),
            correct_choice=question.correct_choice,
            explanation=question.explanation,
        )
        for order, question in enumerate(comprehension_check(innovation_weight), start=1)
    )
    return version, {indicator.code: indicator for indicator in created}


def _group_of(unit_path: str) -> str:
    """The ACKNOWLEDGED_SHARE entry for a unit: itself, or its nearest listed ancestor."""
    for code in reversed(unit_path.strip("/").split("/")):
        if code in ACKNOWLEDGED_SHARE:
            return code
    raise ValueError(f"no acknowledgement share for {unit_path}")


def _socialise(
    story: _Story, version: CriteriaVersion, *, published_at: datetime
) -> tuple[int, int]:
    """Every employee in scope got the task at publication (and a notification); the
    shares of ACKNOWLEDGED_SHARE have done it. Returns (acknowledged, in scope)."""
    rng = story.rng
    employees = list(employees_in_scope(version).order_by("pk"))
    persona = story.people(FRONT_DESK_PERSONA)
    groups: dict[str, list[Employee]] = defaultdict(list)
    for employee in employees:
        groups[_group_of(employee.unit.path)].append(employee)
    done: dict[int, datetime] = {}
    for code, members in groups.items():
        count = round(ACKNOWLEDGED_SHARE[code] * len(members))
        candidates = [employee for employee in members if employee.pk != persona.pk]
        for employee in rng.sample(candidates, min(count, len(candidates))):
            days = min(int(rng.expovariate(1 / ACKNOWLEDGED_MEAN_DAYS)), ACKNOWLEDGED_LATEST_DAYS)
            day = story.working_day(published_at.date() + timedelta(days=days))
            done[employee.pk] = story.at(day, earliest=time(10) if days == 0 else DAY_STARTS)
    acknowledged_ids = sorted(done)
    open_ids = [employee.pk for employee in employees if employee.pk not in done]
    failed = dict.fromkeys(rng.sample(acknowledged_ids, FAILED_ONCE + FAILED_TWICE), 1)
    for pk in list(failed)[:FAILED_TWICE]:
        failed[pk] = 2
    failed |= dict.fromkeys(rng.sample(open_ids, FAILED_AND_GAVE_UP), 1)
    failed.pop(persona.pk, None)
    Acknowledgement.objects.bulk_create(
        Acknowledgement(
            version=version,
            employee=employee,
            unit_id=employee.unit_id,
            assigned_at=published_at,
            acknowledged_at=done.get(employee.pk),
            failed_attempts=failed.get(employee.pk, 0),
        )
        for employee in employees
    )
    # The task's notification, as publication sends it (in the demo's language), read
    # by those who have acknowledged.
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=employee.user,
            title=f"Kriteria baru untuk dibaca: {version.label}",
            body=(
                f"Kriteria tahun {version.year} telah diterbitkan. Baca kriteria yang berlaku"
                " bagi Anda dan berikan tanda terima."
            ),
            url=f"/kriteria/berlaku/{version.pk}/",
            read_at=done.get(employee.pk),
        )
        for employee in employees
        if employee.user is not None
    )
    Notification.objects.filter(pk__in=[row.pk for row in notifications]).update(
        created_at=published_at
    )
    return len(done), len(employees)


def _ask_questions(story: _Story, version: CriteriaVersion, *, published_on: date) -> None:
    questions, asked = [], []
    for told in QUESTIONS:
        if told.day >= 0:
            day = story.working_day(published_on + timedelta(days=told.day))
        else:
            day = story.within(story.today + timedelta(days=told.day))
        asked.append(story.at(day))
        answered_at = None
        if told.answer:
            answered_at = story.at(story.working_day(day + timedelta(days=told.answered_after)))
        questions.append(
            CriteriaQuestion(
                version=version,
                asked_by=story.people(told.asker),
                text=told.text,
                answer=told.answer,
                answered_by=story.team if told.answer else None,
                answered_at=answered_at,
            )
        )
    CriteriaQuestion.objects.bulk_create(questions)
    # Saving stamps the question with the clock; the story's moment is written afterwards.
    for question, at in zip(questions, asked, strict=True):
        question.asked_at = at
    CriteriaQuestion.objects.bulk_update(questions, ["asked_at"])


@dataclass(frozen=True, slots=True)
class _Consultation:
    proposals: int
    comments: int
    votes: int
    decided: int
    participants: int
    last_change: datetime | None


def _consult(
    story: _Story, round_: ConsultationRound, indicators: dict[str, Indicator]
) -> _Consultation:
    """Proposals, comments and votes, the decisions on them, and the links from this
    year's changed indicators to the proposals behind them."""
    proposals, posted = _propose(story, round_, indicators)
    comments = _comment(story, proposals, posted)
    votes = _vote(story, proposals, posted)
    Indicator.shaped_by.through.objects.bulk_create(
        Indicator.shaped_by.through(
            indicator_id=indicators[criterion.code].pk, proposal_id=proposals[key].pk
        )
        for criterion in THIS_YEAR_CHANGES
        for key in criterion.shaped_by
    )
    participants = {proposal.author_id for proposal in proposals.values()}
    participants |= {comment.author_id for comment in comments}
    participants |= {vote.voter_id for vote in votes}
    decisions = [proposal.decided_at for proposal in proposals.values() if proposal.decided_at]
    return _Consultation(
        proposals=len(proposals),
        comments=len(comments),
        votes=len(votes),
        decided=len(decisions),
        participants=len(participants),
        last_change=max(decisions, default=None),
    )


def _propose(
    story: _Story, round_: ConsultationRound, indicators: dict[str, Indicator]
) -> tuple[dict[str, Proposal], dict[str, datetime]]:
    """The proposals by key, and when each was posted."""
    proposals: dict[str, Proposal] = {}
    posted: dict[str, datetime] = {}
    for told in PROPOSALS:
        author = story.people(told.author)
        posted[told.key] = story.at(story.within(round_.opens_on + timedelta(days=told.day)))
        decided_at = None
        if told.decision:
            day = story.within(round_.opens_on + timedelta(days=told.decided_day))
            decided_at = story.at(day)
        proposals[told.key] = Proposal(
            round=round_,
            author=story.people.user(told.author),
            author_unit_id=author.unit_id,
            is_anonymous=told.is_anonymous,
            kind=told.kind,
            indicator=indicators[told.indicator] if told.indicator else None,
            title=told.title,
            body=told.body,
            decision=told.decision,
            decision_reason=told.reason,
            decided_by=story.team if told.decision else None,
            decided_at=decided_at,
        )
    Proposal.objects.bulk_create(proposals.values())
    for key, proposal in proposals.items():
        proposal.created_at = posted[key]
    Proposal.objects.bulk_update(proposals.values(), ["created_at"])
    return proposals, posted


def _comment(
    story: _Story, proposals: dict[str, Proposal], posted: dict[str, datetime]
) -> list[Comment]:
    comments, written = [], []
    for told in COMMENTS:
        author = story.people(told.author)
        comments.append(
            Comment(
                proposal=proposals[told.proposal],
                author=story.people.user(told.author),
                author_unit_id=author.unit_id,
                is_anonymous=told.is_anonymous,
                body=told.body,
            )
        )
        day = story.within(posted[told.proposal].date() + timedelta(days=told.day))
        written.append(story.at(day))
    Comment.objects.bulk_create(comments)
    for comment, at in zip(comments, written, strict=True):
        comment.created_at = at
    Comment.objects.bulk_update(comments, ["created_at"])
    return comments


def _vote(story: _Story, proposals: dict[str, Proposal], posted: dict[str, datetime]) -> list[Vote]:
    """Each participant votes on a proposal with the story's reach, for it with the story's
    support; whoever has not taken part otherwise supports the most popular proposal."""
    rng, people = story.rng, story.people
    cast: Iterable[Who] = (
        *(told.author for told in PROPOSALS),
        *(told.author for told in COMMENTS),
        *VOTERS,
    )
    # The evaluation team decides; it does not vote.
    voters = [who for who in dict.fromkeys(cast) if people(who) != people(TEAM)]
    authors = {key: proposal.author_id for key, proposal in proposals.items()}
    active = set(authors.values()) | {people.user(told.author).pk for told in COMMENTS}
    chosen: dict[tuple[str, int], tuple[Who, bool]] = {}
    for told in PROPOSALS:
        for who in voters:
            user = people.user(who)
            if user.pk != authors[told.key] and rng.random() < told.reach:
                chosen[(told.key, user.pk)] = (who, rng.random() < told.support)
    taken_part = active | {pk for _key, pk in chosen}
    by_reach = sorted(PROPOSALS, key=lambda told: -told.reach)
    for who in voters:
        user = people.user(who)
        if user.pk not in taken_part:
            told = next(told for told in by_reach if authors[told.key] != user.pk)
            chosen[(told.key, user.pk)] = (who, True)
    votes, cast_at = [], []
    zone = timezone.get_current_timezone()
    for (key, _pk), (who, supports) in chosen.items():
        first = posted[key].date()
        span = max((story.latest - first).days, 0)
        day = story.within(first + timedelta(days=rng.randint(0, span)))
        votes.append(
            Vote(
                proposal=proposals[key],
                voter=people.user(who),
                voter_unit_id=people(who).unit_id,
                stance=Vote.Stance.SUPPORT if supports else Vote.Stance.OPPOSE,
            )
        )
        after = (posted[key] + timedelta(minutes=20)).astimezone(zone).time()
        cast_at.append(story.at(day, earliest=after if day == first else DAY_STARTS))
    Vote.objects.bulk_create(votes)
    # Saving stamps the vote with the clock; the story's moment is written afterwards.
    for vote, at in zip(votes, cast_at, strict=True):
        vote.updated_at = at
    Vote.objects.bulk_update(votes, ["updated_at"])
    return votes


def clear_criteria_data() -> dict[str, int]:
    """Delete every criteria version with its consultation and socialisation (they
    protect the units, employees and accounts they name); return how many versions.

    Published versions refuse ``delete()``; the query sets delete them all the same,
    which only this wholesale reset of the demo may do."""
    removed = {"criteria_versions": CriteriaVersion.objects.count()}
    Vote.objects.all().delete()
    Comment.objects.all().delete()
    Indicator.shaped_by.through.objects.all().delete()
    Proposal.objects.all().delete()
    ConsultationRound.objects.all().delete()
    CriteriaQuestion.objects.all().delete()
    Acknowledgement.objects.all().delete()
    RubricLevel.objects.all().delete()
    InnovationRubricCriterion.objects.all().delete()
    EarlyWarningRule.objects.all().delete()
    ComprehensionQuestion.objects.all().delete()
    Indicator.objects.all().delete()
    CriteriaVersion.objects.update(based_on=None)
    CriteriaVersion.objects.all().delete()
    return removed
