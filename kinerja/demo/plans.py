"""SKP of the demo office for the performance year of "today": the plans, cascaded from
the camat down, and their execution so far (realisation with evidence, and the
appraisers' continuous feedback).

The story, for a demo year Y:

- The camat's four RHK come from the Perjanjian Kinerja Kecamatan Binawidya Y. The
  sekcam, the kasi and the lurah each intervene in them; the kasubbag, the sekretaris
  kelurahan and the kelurahan kasi in their own leader's RHK; every staff member in the
  RHK of their kasi, kasubbag, sekretaris or lurah (``ROLES``: one set of RHK per
  jabatan, so the matriks peran hasil reads like a real cascade). Plans were drafted in
  January and approved by the appraiser in the second half of the month, leaders first.
  A few functional officials chose the qualitative approach.
- Everyone has an approved SKP except ``staf.pelayanan`` (the browser test drafts and
  submits theirs), one PPPK operator of the Subbagian Umum dan Kepegawaian whose draft
  was never submitted, and (``REVISIONS``) a trantib officer of Kelurahan Sungai Sibam
  whose second revision, adding flood handling after the floods of late February,
  replaced the first in March; a clerk of Kelurahan Delima has just submitted a second
  revision that waits for the sekretaris kelurahan.
- Every month (or triwulan, as the year's periodic evaluation runs) that has ended has
  its realisation for most IKI. The front desks report what their service records show
  (tasks completed, the share on time and right the first time, from
  ``kinerja.demo.services``), so the officers whose service declines
  (``kinerja.demo.builder.DECLINING_OFFICERS``) fall short in the last months; the other
  IKI are drawn around their targets, with the odd miss and its reason. Most
  realisations carry a link to their evidence on the city's drive, a handful a small
  real file (a PDF report, a PNG photo) in the evidence storage.
- Appraisers gave feedback on some RHK and BerAKHLAK values in some months, praise when
  the month went well and corrections when it did not; some employees replied.

As in ``kinerja.demo.criteria`` the rows are written in bulk and no person is named as
the actor of an audit event: an account in the audit trail could never be deleted by the
next ``kinerja demo --reset`` (``kinerja.demo.builder``). People are named by unit,
jabatan and holder, because the names drawn depend on the year; everything else is drawn
from a fixed seed, so the same date gives the same data (the stored file names are
random, as the upload's are).
"""

import math
import random
import struct
import textwrap
import uuid
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.utils import timezone

from kinerja.appraisals.scoring import iki_achievement
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.demo.criteria import Who
from kinerja.demo.services import DECLINE_DAYS
from kinerja.organization.models import Employee, OrgUnit, PerformanceYear, Period
from kinerja.plans.models import (
    BehaviourExpectation,
    Evidence,
    Feedback,
    FeedbackReply,
    PerformancePlan,
    PlanAttachment,
    Realisation,
    ResultIndicator,
    WorkResult,
    evidence_storage,
)
from kinerja.plans.workflow import PlanStatus
from kinerja.service_metrics.models import ServiceMetric

M = TypeVar("M", bound=models.Model)

# The persona of the browser test that drafts and submits an SKP: the demo leaves it to them.
FRONT_DESK_PERSONA: Who = "staf.pelayanan"
# A PPPK operator whose draft of January was never submitted.
DRAFT_ONLY: Who = ("BINAWIDYA-UMPEG", "Operator Layanan Operasional", 0)

KUANTITAS = ResultIndicator.Aspect.QUANTITY
KUALITAS = ResultIndicator.Aspect.QUALITY
WAKTU = ResultIndicator.Aspect.TIME
BIAYA = ResultIndicator.Aspect.COST
MAIN = WorkResult.Kind.MAIN
ADDITIONAL = WorkResult.Kind.ADDITIONAL

# Where a front-desk IKI takes its realisation from: the service records of the month.
TASKS, ON_TIME, FIRST_TIME_RIGHT = "tasks", "on_time", "first_time_right"

# Kinds of work, for the ekspektasi khusus, the lampiran and the feedback.
LEADER, FRONT_DESK, FIELD, OFFICE = "leader", "front_desk", "field", "office"
ANY = "*"

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
QUARTERS = ("I", "II", "III", "IV")
DRIVE = "https://drive.pekanbaru.go.id/s/"
DEFAULT_EVIDENCE = "Laporan capaian {period}"


@dataclass(frozen=True, slots=True)
class Iki:
    """An IKI as the demo writes it. Quantitative: ``target`` (and ``upto`` for a range)
    in ``unit``; qualitative: ``target_text``, realised in words (``narratives``)."""

    text: str
    aspect: str = ""
    target: int | None = None
    upto: int | None = None
    unit: str = ""
    lower_is_better: bool = False
    target_text: str = ""
    # Realised every period; otherwise measured once a year (a survey, an evaluation).
    periodic: bool = True
    source: str = ""  # TASKS, ON_TIME or FIRST_TIME_RIGHT: from the service records
    evidence: str = DEFAULT_EVIDENCE
    narratives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rhk:
    text: str
    indicators: tuple[Iki, ...]
    key: str = ""  # how the RHK of the team name it
    intervenes: str = ""  # the key of the leader's RHK
    kind: str = MAIN


@dataclass(frozen=True, slots=True)
class Role:
    """What a jabatan plans: its RHK, and the kind of work it is."""

    results: tuple[Rhk, ...]
    work: str
    qualitative: bool = False


def _pct(
    text: str,
    aspect: str,
    target: int,
    *,
    source: str = "",
    periodic: bool = True,
    evidence: str = DEFAULT_EVIDENCE,
) -> Iki:
    """An IKI measured in per cent."""
    return Iki(text, aspect, target, unit="%", source=source, periodic=periodic, evidence=evidence)


# -- the cascade ---------------------------------------------------------------------------
# Keyed "<unit>/<jabatan>"; the kelurahan share theirs ("KEL", "KEL-PEM", …), with
# {kelurahan} standing for the name of the kelurahan.

PK = "Perjanjian Kinerja Kecamatan Binawidya {year}"
FRONT_DESK_TASKS = "Rekap berkas layanan {period} dari aplikasi loket"

ROLES: dict[str, Role] = {
    "BINAWIDYA/Camat": Role(
        work=LEADER,
        results=(
            Rhk(
                "Meningkatnya kualitas pelayanan publik di Kecamatan Binawidya",
                key="pelayanan",
                indicators=(
                    Iki(
                        "Indeks Kepuasan Masyarakat (IKM) terhadap layanan PATEN",
                        KUALITAS,
                        82,
                        upto=88,
                        unit="nilai IKM",
                        periodic=False,
                    ),
                    _pct(
                        "Persentase layanan administrasi di kecamatan dan kelurahan yang selesai"
                        " sesuai standar waktu",
                        WAKTU,
                        85,
                        source=ON_TIME,
                        evidence="Rekap kinerja layanan kecamatan dan kelurahan {period}",
                    ),
                ),
            ),
            Rhk(
                "Meningkatnya kualitas penyelenggaraan pemerintahan kecamatan dan kelurahan",
                key="pemerintahan",
                indicators=(
                    _pct(
                        "Persentase kelurahan yang menyampaikan laporan penyelenggaraan"
                        " pemerintahan tepat waktu",
                        WAKTU,
                        100,
                        evidence="Rekap laporan penyelenggaraan pemerintahan kelurahan {period}",
                    ),
                    Iki(
                        "Nilai evaluasi Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP)"
                        " Kecamatan Binawidya",
                        KUALITAS,
                        70,
                        upto=75,
                        unit="nilai",
                        periodic=False,
                    ),
                ),
            ),
            Rhk(
                "Terwujudnya ketenteraman, ketertiban umum, dan pelindungan masyarakat di"
                " wilayah kecamatan",
                key="trantib",
                indicators=(
                    _pct(
                        "Persentase pengaduan gangguan ketenteraman dan ketertiban umum yang"
                        " ditindaklanjuti",
                        KUANTITAS,
                        95,
                        evidence="Register pengaduan trantibum {period}",
                    ),
                    Iki(
                        "Rata-rata waktu tanggap pengaduan trantibum",
                        WAKTU,
                        2,
                        unit="hari kerja",
                        lower_is_better=True,
                        evidence="Register pengaduan trantibum {period}",
                    ),
                ),
            ),
            Rhk(
                "Meningkatnya keberdayaan masyarakat dan kesejahteraan sosial di wilayah kecamatan",
                key="pemberdayaan",
                indicators=(
                    Iki(
                        "Persentase usulan Musrenbang kelurahan yang terakomodasi dalam RKPD",
                        KUANTITAS,
                        30,
                        upto=40,
                        unit="%",
                        periodic=False,
                    ),
                    _pct(
                        "Persentase usulan perubahan DTKS yang diverifikasi dan divalidasi"
                        " tepat waktu",
                        WAKTU,
                        95,
                        evidence="Rekap verifikasi dan validasi DTKS {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA/Analis Kebijakan Ahli Muda": Role(
        work=OFFICE,
        qualitative=True,
        results=(
            Rhk(
                "Rekomendasi kebijakan penyelenggaraan pemerintahan kecamatan yang berbasis"
                " data dan dapat dilaksanakan",
                intervenes="pemerintahan",
                indicators=(
                    Iki(
                        "Kajian dan rekomendasi kebijakan diterima pimpinan sebagai dasar"
                        " keputusan",
                        target_text=(
                            "Dua kajian kebijakan (evaluasi layanan PATEN dan penataan pedagang"
                            " kaki lima di Jalan HR Soebrantas) diterima Camat, masing-masing"
                            " dengan telaahan staf dan rencana tindak lanjut."
                        ),
                        evidence="Draf kajian dan notulen pembahasan {period}",
                        narratives=(
                            "Pengumpulan data lapangan untuk kajian penataan PKL selesai di"
                            " tiga titik; draf bab analisis disusun.",
                            "Draf kajian evaluasi layanan PATEN dibahas dengan Kasi Pelayanan;"
                            " masukan sudah dimasukkan.",
                            "Telaahan staf disampaikan kepada Camat dan dibahas dalam rapat"
                            " pimpinan.",
                            "Rekomendasi yang disetujui dipantau pelaksanaannya bersama seksi"
                            " terkait.",
                        ),
                    ),
                ),
            ),
            Rhk(
                "Rekomendasi perbaikan layanan PATEN berbasis hasil survei kepuasan masyarakat",
                intervenes="pelayanan",
                indicators=(
                    Iki(
                        "Rencana tindak lanjut hasil SKM tersusun dan dipantau",
                        target_text=(
                            "Rencana tindak lanjut hasil SKM tersusun setiap semester, dengan"
                            " penanggung jawab dan tenggat tiap unsur layanan yang nilainya"
                            " terendah."
                        ),
                        evidence="Rencana tindak lanjut SKM dan laporan pemantauan {period}",
                        narratives=(
                            "Hasil SKM diolah per unsur layanan; unsur waktu penyelesaian dan"
                            " kejelasan persyaratan masih terendah.",
                            "Rencana tindak lanjut disepakati dengan Seksi Pelayanan Umum dan"
                            " ditetapkan Camat.",
                            "Pemantauan tindak lanjut: papan persyaratan baru terpasang,"
                            " antrean daring belum berjalan.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-SEK/Sekretaris Kecamatan": Role(
        work=LEADER,
        results=(
            Rhk(
                "Terwujudnya akuntabilitas kinerja dan keuangan Kecamatan Binawidya",
                key="akuntabilitas",
                intervenes="pemerintahan",
                indicators=(
                    _pct(
                        "Persentase dokumen perencanaan dan pelaporan kinerja (Renja, PK, LKjIP,"
                        " laporan triwulan) yang disampaikan tepat waktu",
                        WAKTU,
                        100,
                        evidence="Tanda terima dokumen perencanaan dan pelaporan {period}",
                    ),
                    Iki(
                        "Persentase realisasi anggaran terhadap rencana penarikan dana",
                        BIAYA,
                        90,
                        upto=100,
                        unit="%",
                        evidence="Laporan realisasi anggaran {period}",
                    ),
                ),
            ),
            Rhk(
                "Terselenggaranya dukungan administrasi umum, kepegawaian, dan sarana"
                " prasarana bagi pelayanan publik",
                key="umum",
                intervenes="pelayanan",
                indicators=(
                    _pct(
                        "Persentase layanan administrasi kepegawaian yang diselesaikan tepat waktu",
                        WAKTU,
                        95,
                        evidence="Rekap layanan kepegawaian {period}",
                    ),
                    _pct(
                        "Persentase sarana dan prasarana pelayanan dalam kondisi baik",
                        KUALITAS,
                        90,
                        evidence="Laporan pemeriksaan sarana prasarana {period}",
                    ),
                ),
            ),
            Rhk(
                "Terkoordinasinya laporan penyelenggaraan pemerintahan kecamatan",
                key="koordinasi",
                intervenes="pemerintahan",
                indicators=(
                    Iki(
                        "Jumlah laporan penyelenggaraan pemerintahan kecamatan yang disampaikan"
                        " kepada Wali Kota",
                        KUANTITAS,
                        1,
                        unit="laporan/bulan",
                        evidence="Laporan penyelenggaraan pemerintahan kecamatan {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-SEK/Pengadministrasi Perkantoran": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Naskah dinas dan surat masuk-keluar kecamatan teradministrasi tertib dan"
                " tepat waktu",
                intervenes="umum",
                indicators=(
                    _pct(
                        "Persentase surat masuk yang diagendakan dan didistribusikan pada hari"
                        " yang sama",
                        WAKTU,
                        95,
                        evidence="Buku agenda surat {period}",
                    ),
                    Iki(
                        "Jumlah naskah dinas keluar yang diadministrasikan",
                        KUANTITAS,
                        80,
                        upto=100,
                        unit="naskah/bulan",
                        evidence="Buku agenda surat keluar {period}",
                    ),
                ),
            ),
            Rhk(
                "Bahan dan notulen rapat pimpinan tersedia lengkap",
                intervenes="koordinasi",
                indicators=(
                    _pct(
                        "Persentase notulen rapat pimpinan yang selesai paling lambat dua hari"
                        " kerja",
                        WAKTU,
                        90,
                        evidence="Notulen rapat pimpinan {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-UMPEG/Kepala Subbagian Umum dan Kepegawaian": Role(
        work=LEADER,
        results=(
            Rhk(
                "Layanan administrasi kepegawaian kecamatan terselenggara tepat waktu dan akurat",
                key="kepegawaian",
                intervenes="umum",
                indicators=(
                    _pct(
                        "Persentase usulan layanan kepegawaian (kenaikan pangkat, cuti, KGB)"
                        " yang diproses tepat waktu",
                        WAKTU,
                        95,
                        evidence="Rekap usulan layanan kepegawaian {period}",
                    ),
                    _pct(
                        "Persentase data pegawai pada SIASN yang mutakhir",
                        KUALITAS,
                        100,
                        evidence="Laporan pemutakhiran data SIASN {period}",
                    ),
                ),
            ),
            Rhk(
                "Sarana, prasarana, dan barang milik daerah kecamatan terkelola dengan baik",
                key="sarpras",
                intervenes="umum",
                indicators=(
                    _pct(
                        "Persentase barang milik daerah yang tercatat dan berlabel",
                        KUANTITAS,
                        100,
                        evidence="Kartu inventaris barang {period}",
                    ),
                    Iki(
                        "Rata-rata waktu penanganan kerusakan sarana pelayanan",
                        WAKTU,
                        3,
                        unit="hari kerja",
                        lower_is_better=True,
                        evidence="Register perbaikan sarana {period}",
                    ),
                ),
            ),
            Rhk(
                "Tata naskah dinas dan kearsipan kecamatan tertib",
                key="persuratan",
                intervenes="umum",
                indicators=(
                    _pct(
                        "Persentase arsip aktif yang tertata sesuai klasifikasi arsip",
                        KUALITAS,
                        90,
                        evidence="Daftar arsip aktif {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-UMPEG/Pengelola Kepegawaian": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Usulan dan dokumen layanan kepegawaian pegawai kecamatan dan kelurahan selesai"
                " tepat waktu",
                intervenes="kepegawaian",
                indicators=(
                    _pct(
                        "Persentase usulan kenaikan pangkat, KGB, dan cuti yang diajukan sebelum"
                        " tenggat",
                        WAKTU,
                        100,
                        evidence="Tanda terima usulan kepegawaian {period}",
                    ),
                    Iki(
                        "Jumlah berkas layanan kepegawaian yang diproses",
                        KUANTITAS,
                        15,
                        upto=25,
                        unit="berkas/bulan",
                        evidence="Rekap berkas kepegawaian {period}",
                    ),
                ),
            ),
            Rhk(
                "Data kepegawaian pada SIASN dan aplikasi Kinerja mutakhir",
                intervenes="kepegawaian",
                indicators=(
                    _pct(
                        "Persentase pemutakhiran data pegawai yang selesai dalam lima hari kerja",
                        WAKTU,
                        95,
                        evidence="Log pemutakhiran data SIASN {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-UMPEG/Pranata Komputer Ahli Pertama": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Jaringan dan perangkat teknologi informasi kantor kecamatan berfungsi baik",
                intervenes="sarpras",
                indicators=(
                    _pct(
                        "Persentase waktu layanan internet kantor tersedia",
                        KUALITAS,
                        98,
                        evidence="Laporan pemantauan jaringan {period}",
                    ),
                    Iki(
                        "Rata-rata waktu penyelesaian gangguan perangkat TI",
                        WAKTU,
                        1,
                        unit="hari kerja",
                        lower_is_better=True,
                        evidence="Register gangguan perangkat TI {period}",
                    ),
                ),
            ),
            Rhk(
                "Aplikasi dan data layanan kepegawaian kecamatan terpelihara dan tercadangkan",
                intervenes="kepegawaian",
                indicators=(
                    Iki(
                        "Jumlah pencadangan data aplikasi yang terlaksana",
                        KUANTITAS,
                        4,
                        unit="kali/bulan",
                        evidence="Log pencadangan data {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-UMPEG/Arsiparis Terampil": Role(
        work=OFFICE,
        qualitative=True,
        results=(
            Rhk(
                "Arsip dinamis kecamatan tertata dan mudah ditemukan kembali",
                intervenes="persuratan",
                indicators=(
                    Iki(
                        "Arsip aktif tertata sesuai klasifikasi dan mudah ditemukan",
                        target_text=(
                            "Arsip aktif tahun berjalan ditata sesuai klasifikasi dan daftar"
                            " arsip; setiap arsip dapat ditemukan kembali dalam sepuluh menit."
                        ),
                        evidence="Daftar arsip aktif dan foto penataan {period}",
                        narratives=(
                            "Arsip surat masuk dan keluar bulan ini sudah diberkaskan sesuai"
                            " klasifikasi; daftar arsip diperbarui.",
                            "Uji temu kembali lima arsip acak: semua ditemukan dalam waktu"
                            " kurang dari sepuluh menit.",
                            "Penataan arsip kepegawaian selesai; masih ada arsip keuangan tahun"
                            " lalu yang menunggu diberkaskan.",
                        ),
                    ),
                ),
            ),
            Rhk(
                "Arsip inaktif kecamatan dipindahkan sesuai jadwal retensi arsip",
                intervenes="persuratan",
                indicators=(
                    Iki(
                        "Pemindahan arsip inaktif terlaksana sesuai JRA",
                        target_text=(
                            "Arsip inaktif tahun 2022 dan 2023 dipindahkan ke unit kearsipan"
                            " Pemerintah Kota Pekanbaru dengan daftar dan berita acara."
                        ),
                        evidence="Daftar arsip inaktif dan berita acara {period}",
                        narratives=(
                            "Penilaian arsip inaktif tahun 2022 selesai; daftar arsip usul"
                            " pindah disusun.",
                            "Koordinasi jadwal pemindahan dengan Dinas Perpustakaan dan Kearsipan.",
                            "Sebagian arsip inaktif dipindahkan; berita acara ditandatangani.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-UMPEG/Pengadministrasi Umum": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Surat masuk dan keluar teragenda dan terdistribusi tepat waktu",
                intervenes="persuratan",
                indicators=(
                    _pct(
                        "Persentase surat terdistribusi pada hari diterima",
                        WAKTU,
                        95,
                        evidence="Buku agenda surat {period}",
                    ),
                    Iki(
                        "Jumlah surat yang diagendakan",
                        KUANTITAS,
                        120,
                        upto=160,
                        unit="surat/bulan",
                        evidence="Buku agenda surat {period}",
                    ),
                ),
            ),
            Rhk(
                "Kebutuhan alat tulis dan perlengkapan kantor terpenuhi tepat waktu",
                intervenes="sarpras",
                indicators=(
                    _pct(
                        "Persentase permintaan ATK yang dipenuhi dalam dua hari kerja",
                        WAKTU,
                        90,
                        evidence="Kartu permintaan ATK {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-UMPEG/Operator Layanan Operasional": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Ruang pelayanan dan ruang kerja kantor bersih dan siap digunakan",
                intervenes="sarpras",
                indicators=(
                    _pct(
                        "Persentase hari kerja ruang pelayanan siap sebelum pukul 07.30",
                        WAKTU,
                        95,
                        evidence="Daftar periksa kebersihan {period}",
                    ),
                ),
            ),
            Rhk(
                "Kendaraan dinas operasional kecamatan terawat",
                intervenes="sarpras",
                indicators=(
                    Iki(
                        "Jumlah kendaraan dinas yang diperiksa dan tercatat kondisinya",
                        KUANTITAS,
                        4,
                        unit="unit/bulan",
                        evidence="Kartu pemeliharaan kendaraan {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-RENKEU/Kepala Subbagian Perencanaan dan Keuangan": Role(
        work=LEADER,
        results=(
            Rhk(
                "Dokumen perencanaan dan laporan kinerja kecamatan tersusun tepat waktu dan"
                " berkualitas",
                key="perencanaan",
                intervenes="akuntabilitas",
                indicators=(
                    _pct(
                        "Persentase dokumen perencanaan dan pelaporan yang disampaikan tepat waktu",
                        WAKTU,
                        100,
                        evidence="Tanda terima dokumen perencanaan {period}",
                    ),
                ),
            ),
            Rhk(
                "Pengelolaan keuangan kecamatan tertib dan akuntabel",
                key="keuangan",
                intervenes="akuntabilitas",
                indicators=(
                    _pct(
                        "Persentase SPJ yang lengkap dan terverifikasi paling lambat tanggal 10"
                        " bulan berikutnya",
                        WAKTU,
                        100,
                        evidence="Register verifikasi SPJ {period}",
                    ),
                    Iki(
                        "Persentase realisasi anggaran terhadap rencana penarikan dana",
                        BIAYA,
                        90,
                        upto=100,
                        unit="%",
                        evidence="Laporan realisasi anggaran {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-RENKEU/Perencana Ahli Pertama": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Laporan capaian kinerja kecamatan tersusun berbasis data",
                intervenes="perencanaan",
                indicators=(
                    _pct(
                        "Persentase laporan capaian kinerja bulanan yang disusun tepat waktu",
                        WAKTU,
                        100,
                        evidence="Laporan capaian kinerja {period}",
                    ),
                ),
            ),
            Rhk(
                "Kriteria kinerja kecamatan tersusun dan dipahami pegawai",
                intervenes="perencanaan",
                indicators=(
                    _pct(
                        "Persentase pegawai yang memberi tanda terima kriteria kinerja",
                        KUANTITAS,
                        90,
                        periodic=False,
                    ),
                    Iki(
                        "Jumlah usulan konsultasi kriteria yang diputuskan dengan alasan",
                        KUANTITAS,
                        10,
                        unit="usulan",
                        periodic=False,
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-RENKEU/Bendahara Pengeluaran": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Pembayaran belanja kecamatan tepat waktu dan sesuai ketentuan",
                intervenes="keuangan",
                indicators=(
                    _pct(
                        "Persentase tagihan yang dibayar paling lambat tiga hari kerja sejak"
                        " SPM lengkap",
                        WAKTU,
                        95,
                        evidence="Buku kas umum {period}",
                    ),
                    _pct(
                        "Persentase laporan pertanggungjawaban bendahara yang disampaikan tepat"
                        " waktu",
                        WAKTU,
                        100,
                        evidence="Laporan pertanggungjawaban bendahara {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-RENKEU/Pengelola Keuangan": Role(
        work=OFFICE,
        results=(
            Rhk(
                "SPJ belanja kecamatan lengkap dan terverifikasi",
                intervenes="keuangan",
                indicators=(
                    _pct(
                        "Persentase SPJ yang lengkap pada verifikasi pertama",
                        KUALITAS,
                        90,
                        evidence="Register verifikasi SPJ {period}",
                    ),
                    Iki(
                        "Jumlah SPJ yang diverifikasi",
                        KUANTITAS,
                        40,
                        upto=60,
                        unit="dokumen/bulan",
                        evidence="Register verifikasi SPJ {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-RENKEU/Penyusun Laporan Keuangan": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Laporan keuangan kecamatan tersusun tepat waktu dan andal",
                intervenes="keuangan",
                indicators=(
                    _pct(
                        "Persentase laporan realisasi anggaran bulanan yang disampaikan tepat"
                        " waktu",
                        WAKTU,
                        100,
                        evidence="Laporan realisasi anggaran {period}",
                    ),
                ),
            ),
            Rhk(
                "Data realisasi anggaran tersedia untuk laporan kinerja",
                intervenes="perencanaan",
                indicators=(
                    _pct(
                        "Persentase rekonsiliasi data keuangan dengan BPKAD yang selesai tepat"
                        " waktu",
                        WAKTU,
                        100,
                        evidence="Berita acara rekonsiliasi {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-PEM/Kepala Seksi Pemerintahan": Role(
        work=LEADER,
        results=(
            Rhk(
                "Terselenggaranya pembinaan administrasi pemerintahan kelurahan",
                key="adminpem",
                intervenes="pemerintahan",
                indicators=(
                    _pct(
                        "Persentase kelurahan yang dibina administrasi pemerintahannya setiap"
                        " bulan",
                        KUANTITAS,
                        100,
                        evidence="Laporan pembinaan administrasi kelurahan {period}",
                    ),
                    _pct(
                        "Persentase laporan penyelenggaraan pemerintahan kelurahan yang"
                        " direkap tepat waktu",
                        WAKTU,
                        100,
                        evidence="Rekap laporan kelurahan {period}",
                    ),
                ),
            ),
            Rhk(
                "Data kependudukan dan pertanahan wilayah kecamatan tertib dan mutakhir",
                key="kependudukan",
                intervenes="pelayanan",
                indicators=(
                    _pct(
                        "Persentase laporan mutasi penduduk kelurahan yang diverifikasi tepat"
                        " waktu",
                        WAKTU,
                        95,
                        evidence="Rekap mutasi penduduk {period}",
                    ),
                    _pct(
                        "Persentase register surat keterangan ganti rugi tanah yang tercatat"
                        " lengkap",
                        KUALITAS,
                        95,
                        evidence="Register SKGR {period}",
                    ),
                ),
            ),
            Rhk(
                "Kelembagaan RT dan RW di wilayah kecamatan tertata",
                key="rtrw",
                intervenes="pemerintahan",
                indicators=(
                    _pct(
                        "Persentase RT dan RW dengan surat keputusan pengurus yang masih berlaku",
                        KUANTITAS,
                        95,
                        periodic=False,
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-PEM/Pengadministrasi Pemerintahan": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Laporan penyelenggaraan pemerintahan kelurahan terhimpun dan terverifikasi",
                intervenes="adminpem",
                indicators=(
                    _pct(
                        "Persentase laporan kelurahan yang diverifikasi dalam tiga hari kerja",
                        WAKTU,
                        95,
                        evidence="Lembar verifikasi laporan kelurahan {period}",
                    ),
                ),
            ),
            Rhk(
                "Data kelembagaan RT dan RW mutakhir",
                intervenes="rtrw",
                indicators=(
                    Iki(
                        "Jumlah data pengurus RT dan RW yang dimutakhirkan",
                        KUANTITAS,
                        20,
                        upto=30,
                        unit="data/bulan",
                        evidence="Rekap data pengurus RT/RW {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-PEM/Pengolah Data Kependudukan": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Data mutasi penduduk dan register pertanahan kecamatan tersaji akurat",
                intervenes="kependudukan",
                indicators=(
                    _pct(
                        "Persentase data mutasi penduduk kelurahan yang tervalidasi",
                        KUALITAS,
                        95,
                        evidence="Rekap validasi mutasi penduduk {period}",
                    ),
                    Iki(
                        "Jumlah register SKGR yang diinput ke basis data",
                        KUANTITAS,
                        10,
                        upto=15,
                        unit="register/bulan",
                        evidence="Register SKGR {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-TRANTIB/Kepala Seksi Ketenteraman dan Ketertiban Umum": Role(
        work=LEADER,
        results=(
            Rhk(
                "Pengaduan gangguan ketenteraman dan ketertiban umum tertangani dengan cepat",
                key="pengaduan",
                intervenes="trantib",
                indicators=(
                    _pct(
                        "Persentase pengaduan trantibum yang ditindaklanjuti",
                        KUANTITAS,
                        95,
                        evidence="Register pengaduan trantibum {period}",
                    ),
                    Iki(
                        "Rata-rata waktu tanggap pengaduan",
                        WAKTU,
                        2,
                        unit="hari kerja",
                        lower_is_better=True,
                        evidence="Register pengaduan trantibum {period}",
                    ),
                ),
            ),
            Rhk(
                "Ketertiban pedagang kaki lima dan reklame liar di ruas jalan utama terjaga",
                key="penertiban",
                intervenes="trantib",
                indicators=(
                    Iki(
                        "Jumlah patroli dan penertiban terpadu yang terlaksana",
                        KUANTITAS,
                        8,
                        unit="kegiatan/bulan",
                        evidence="Laporan dan dokumentasi patroli {period}",
                    ),
                    Iki(
                        "Persentase ruas jalan prioritas yang bebas PKL liar pada pemantauan",
                        KUALITAS,
                        80,
                        upto=90,
                        unit="%",
                        evidence="Lembar pemantauan ruas jalan {period}",
                    ),
                ),
            ),
            Rhk(
                "Kesiapsiagaan Satlinmas dan masyarakat menghadapi bencana meningkat",
                key="linmas",
                intervenes="trantib",
                indicators=(
                    Iki(
                        "Jumlah kelurahan yang Satlinmasnya mengikuti pembinaan",
                        KUANTITAS,
                        5,
                        unit="kelurahan",
                        periodic=False,
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-TRANTIB/Pengelola Ketenteraman dan Ketertiban": Role(
        work=FIELD,
        results=(
            Rhk(
                "Pengaduan masyarakat tentang gangguan trantibum ditindaklanjuti di lapangan",
                intervenes="pengaduan",
                indicators=(
                    _pct(
                        "Persentase pengaduan yang ditinjau ke lapangan dalam dua hari kerja",
                        WAKTU,
                        90,
                        evidence="Laporan peninjauan lapangan {period}",
                    ),
                ),
            ),
            Rhk(
                "Patroli ketertiban wilayah terlaksana sesuai jadwal",
                intervenes="penertiban",
                indicators=(
                    Iki(
                        "Jumlah patroli wilayah yang diikuti dan dilaporkan",
                        KUANTITAS,
                        8,
                        upto=10,
                        unit="kali/bulan",
                        evidence="Laporan dan dokumentasi patroli {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-TRANTIB/Operator Layanan Operasional": Role(
        work=FIELD,
        results=(
            Rhk(
                "Sarana operasional patroli trantib siap digunakan",
                intervenes="penertiban",
                indicators=(
                    _pct(
                        "Persentase jadwal patroli yang didukung kendaraan dan perlengkapan siap"
                        " pakai",
                        KUALITAS,
                        95,
                        evidence="Daftar periksa kendaraan patroli {period}",
                    ),
                ),
            ),
            Rhk(
                "Pengaduan trantibum yang masuk tercatat lengkap dalam register",
                intervenes="pengaduan",
                indicators=(
                    _pct(
                        "Persentase pengaduan yang dicatat pada hari diterima",
                        WAKTU,
                        100,
                        evidence="Register pengaduan trantibum {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-PELAYANAN/Kepala Seksi Pelayanan Umum": Role(
        work=LEADER,
        results=(
            Rhk(
                "Layanan administrasi terpadu kecamatan (PATEN) diselesaikan sesuai standar"
                " pelayanan",
                key="paten",
                intervenes="pelayanan",
                indicators=(
                    _pct(
                        "Persentase berkas layanan PATEN yang selesai sesuai standar waktu",
                        WAKTU,
                        85,
                        source=ON_TIME,
                        evidence="Laporan bulanan layanan PATEN {period}",
                    ),
                    _pct(
                        "Persentase berkas yang selesai tanpa dikembalikan untuk perbaikan",
                        KUALITAS,
                        92,
                        source=FIRST_TIME_RIGHT,
                        evidence="Laporan bulanan layanan PATEN {period}",
                    ),
                ),
            ),
            Rhk(
                "Kepuasan masyarakat terhadap layanan PATEN meningkat",
                key="kepuasan",
                intervenes="pelayanan",
                indicators=(
                    Iki(
                        "Nilai Indeks Kepuasan Masyarakat layanan PATEN",
                        KUALITAS,
                        82,
                        upto=88,
                        unit="nilai IKM",
                        periodic=False,
                    ),
                    _pct(
                        "Persentase pengaduan layanan yang dijawab dalam tiga hari kerja",
                        WAKTU,
                        100,
                        evidence="Register pengaduan layanan {period}",
                    ),
                ),
            ),
            Rhk(
                "Standar pelayanan dan informasi persyaratan layanan PATEN mutakhir dan"
                " terpublikasi",
                key="standar",
                intervenes="pelayanan",
                indicators=(
                    Iki(
                        "Jumlah standar pelayanan yang ditinjau dan dipublikasikan",
                        KUANTITAS,
                        20,
                        unit="jenis layanan",
                        periodic=False,
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-PELAYANAN/Pengelola Layanan Administrasi Terpadu": Role(
        work=FRONT_DESK,
        results=(
            Rhk(
                "Layanan administrasi kependudukan dan nonperizinan di loket PATEN selesai"
                " sesuai standar pelayanan",
                intervenes="paten",
                indicators=(
                    Iki(
                        "Jumlah berkas layanan yang diselesaikan",
                        KUANTITAS,
                        150,
                        upto=200,
                        unit="berkas/bulan",
                        source=TASKS,
                        evidence=FRONT_DESK_TASKS,
                    ),
                    _pct(
                        "Persentase berkas yang selesai sesuai standar waktu",
                        WAKTU,
                        85,
                        source=ON_TIME,
                        evidence=FRONT_DESK_TASKS,
                    ),
                ),
            ),
            Rhk(
                "Pemohon layanan memperoleh informasi persyaratan yang jelas dan lengkap",
                intervenes="kepuasan",
                indicators=(
                    _pct(
                        "Persentase berkas yang selesai tanpa dikembalikan untuk perbaikan",
                        KUALITAS,
                        92,
                        source=FIRST_TIME_RIGHT,
                        evidence=FRONT_DESK_TASKS,
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-PELAYANAN/Penata Layanan Operasional": Role(
        work=FRONT_DESK,
        results=(
            Rhk(
                "Berkas permohonan layanan PATEN tercatat, terverifikasi, dan selesai sesuai"
                " standar",
                intervenes="paten",
                indicators=(
                    Iki(
                        "Jumlah berkas layanan yang diselesaikan",
                        KUANTITAS,
                        120,
                        upto=160,
                        unit="berkas/bulan",
                        source=TASKS,
                        evidence=FRONT_DESK_TASKS,
                    ),
                    _pct(
                        "Persentase berkas yang selesai sesuai standar waktu",
                        WAKTU,
                        85,
                        source=ON_TIME,
                        evidence=FRONT_DESK_TASKS,
                    ),
                ),
            ),
            Rhk(
                "Survei kepuasan masyarakat di loket PATEN terlaksana",
                intervenes="kepuasan",
                indicators=(
                    Iki(
                        "Jumlah responden SKM yang dihimpun",
                        KUANTITAS,
                        30,
                        unit="responden/bulan",
                        evidence="Rekap kuesioner SKM {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-PMD/Kepala Seksi Pemberdayaan Masyarakat": Role(
        work=LEADER,
        results=(
            Rhk(
                "Perencanaan pembangunan partisipatif kelurahan dan kecamatan berkualitas",
                key="musrenbang",
                intervenes="pemberdayaan",
                indicators=(
                    _pct(
                        "Persentase kegiatan pembangunan di kelurahan yang dipantau setiap bulan",
                        KUANTITAS,
                        100,
                        evidence="Laporan pemantauan pembangunan {period}",
                    ),
                    Iki(
                        "Jumlah kelurahan yang didampingi dalam Musrenbang",
                        KUANTITAS,
                        5,
                        unit="kelurahan",
                        periodic=False,
                    ),
                ),
            ),
            Rhk(
                "Lembaga kemasyarakatan (LPM, PKK, Posyandu) aktif dan terbina",
                key="lembaga",
                intervenes="pemberdayaan",
                indicators=(
                    Iki(
                        "Jumlah pembinaan lembaga kemasyarakatan yang terlaksana",
                        KUANTITAS,
                        4,
                        unit="kegiatan/bulan",
                        evidence="Laporan pembinaan lembaga kemasyarakatan {period}",
                    ),
                    _pct(
                        "Persentase Posyandu yang aktif",
                        KUALITAS,
                        90,
                        evidence="Rekap laporan Posyandu {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-PMD/Fasilitator Pemberdayaan Masyarakat": Role(
        work=FIELD,
        results=(
            Rhk(
                "Lembaga kemasyarakatan kelurahan mendapat pendampingan",
                intervenes="lembaga",
                indicators=(
                    Iki(
                        "Jumlah pendampingan LPM, PKK, dan Posyandu yang dilaporkan",
                        KUANTITAS,
                        6,
                        upto=8,
                        unit="kegiatan/bulan",
                        evidence="Laporan pendampingan dan daftar hadir {period}",
                    ),
                ),
            ),
            Rhk(
                "Usulan pembangunan kelurahan terdokumentasi dan terpantau",
                intervenes="musrenbang",
                indicators=(
                    _pct(
                        "Persentase kegiatan pembangunan yang dipantau dan dilaporkan",
                        KUANTITAS,
                        100,
                        evidence="Laporan pemantauan pembangunan {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-PMD/Pengadministrasi Umum": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Administrasi pembinaan lembaga kemasyarakatan tertib",
                intervenes="lembaga",
                indicators=(
                    _pct(
                        "Persentase laporan kegiatan pemberdayaan yang diarsipkan dalam tiga"
                        " hari kerja",
                        WAKTU,
                        95,
                        evidence="Daftar arsip laporan kegiatan {period}",
                    ),
                    Iki(
                        "Jumlah undangan dan notulen kegiatan yang disiapkan",
                        KUANTITAS,
                        10,
                        upto=15,
                        unit="dokumen/bulan",
                        evidence="Buku agenda surat seksi {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-KESOS/Kepala Seksi Kesejahteraan Sosial": Role(
        work=LEADER,
        results=(
            Rhk(
                "Data Terpadu Kesejahteraan Sosial (DTKS) wilayah kecamatan mutakhir dan valid",
                key="dtks",
                intervenes="pemberdayaan",
                indicators=(
                    _pct(
                        "Persentase usulan perubahan DTKS yang diverifikasi tepat waktu",
                        WAKTU,
                        95,
                        evidence="Rekap verifikasi DTKS {period}",
                    ),
                    _pct(
                        "Persentase data DTKS yang padan dengan NIK",
                        KUALITAS,
                        98,
                        evidence="Laporan padanan data DTKS {period}",
                    ),
                ),
            ),
            Rhk(
                "Penyaluran bantuan sosial di wilayah kecamatan tepat sasaran",
                key="bansos",
                intervenes="pemberdayaan",
                indicators=(
                    _pct(
                        "Persentase pengaduan bantuan sosial yang ditindaklanjuti",
                        KUANTITAS,
                        100,
                        evidence="Register pengaduan bansos {period}",
                    ),
                ),
            ),
            Rhk(
                "Penyandang masalah kesejahteraan sosial (PMKS) tertangani dan terujuk",
                key="pmks",
                intervenes="pemberdayaan",
                indicators=(
                    _pct(
                        "Persentase PMKS terlapor yang dirujuk ke Dinas Sosial dalam tiga hari"
                        " kerja",
                        WAKTU,
                        90,
                        evidence="Register rujukan PMKS {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-KESOS/Pengelola Data Kesejahteraan Sosial": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Usulan pemutakhiran DTKS dari kelurahan terverifikasi dan terinput tepat waktu",
                intervenes="dtks",
                indicators=(
                    Iki(
                        "Jumlah data usulan DTKS yang diverifikasi",
                        KUANTITAS,
                        150,
                        upto=250,
                        unit="data/bulan",
                        evidence="Rekap verifikasi DTKS {period}",
                    ),
                    _pct(
                        "Persentase usulan yang diinput ke SIKS-NG sebelum tenggat Dinas Sosial",
                        WAKTU,
                        100,
                        evidence="Tangkapan layar SIKS-NG dan rekap input {period}",
                    ),
                ),
            ),
            Rhk(
                "Data penerima bantuan sosial tersaji akurat",
                intervenes="bansos",
                indicators=(
                    _pct(
                        "Persentase data penerima bantuan yang padan dengan NIK",
                        KUALITAS,
                        98,
                        evidence="Laporan padanan data penerima {period}",
                    ),
                ),
            ),
        ),
    ),
    "BINAWIDYA-KESOS/Penyuluh Sosial Ahli Pertama": Role(
        work=FIELD,
        qualitative=True,
        results=(
            Rhk(
                "PMKS yang dilaporkan kelurahan terjangkau penyuluhan dan rujukan",
                intervenes="pmks",
                indicators=(
                    Iki(
                        "PMKS terlapor dikunjungi, dicatat kebutuhannya, dan dirujuk",
                        target_text=(
                            "Setiap PMKS yang dilaporkan kelurahan dikunjungi dalam seminggu,"
                            " kebutuhannya dicatat, dan dirujuk ke layanan yang tepat; laporan"
                            " disampaikan setiap bulan."
                        ),
                        evidence="Laporan kunjungan dan rujukan PMKS {period}",
                        narratives=(
                            "Tiga PMKS terlapor dikunjungi; dua dirujuk ke Dinas Sosial, satu"
                            " ke puskesmas.",
                            "Kunjungan ke lansia terlantar di Kelurahan Sungai Sibam bersama"
                            " PSM; rujukan ke panti sedang diproses.",
                            "Semua laporan kelurahan bulan ini ditindaklanjuti dalam seminggu.",
                            "Dua laporan baru dari Kelurahan Simpang Baru; satu belum dapat"
                            " dikunjungi karena alamat tidak ditemukan.",
                        ),
                    ),
                ),
            ),
            Rhk(
                "Masyarakat memahami hak dan mekanisme bantuan sosial",
                intervenes="bansos",
                indicators=(
                    Iki(
                        "Penyuluhan bantuan sosial terlaksana di setiap kelurahan",
                        target_text=(
                            "Penyuluhan bantuan sosial terlaksana di lima kelurahan; peserta"
                            " mengetahui syarat, jadwal penyaluran, dan cara menyampaikan"
                            " pengaduan."
                        ),
                        evidence="Daftar hadir dan dokumentasi penyuluhan {period}",
                        narratives=(
                            "Penyuluhan di Kelurahan Delima bersama PKK, 45 peserta.",
                            "Materi penyuluhan diperbarui mengikuti jadwal penyaluran PKH"
                            " tahap berikutnya.",
                            "Penyuluhan di Kelurahan Tobek Godang; banyak pertanyaan tentang"
                            " cara mendaftar DTKS.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    # -- kelurahan ------------------------------------------------------------------------
    "KEL/Lurah": Role(
        work=LEADER,
        results=(
            Rhk(
                "Pelayanan administrasi di {kelurahan} selesai sesuai standar pelayanan",
                key="pelayanan",
                intervenes="pelayanan",
                indicators=(
                    _pct(
                        "Persentase berkas layanan kelurahan yang selesai sesuai standar waktu",
                        WAKTU,
                        85,
                        source=ON_TIME,
                        evidence="Rekap layanan kelurahan {period}",
                    ),
                ),
            ),
            Rhk(
                "Penyelenggaraan pemerintahan {kelurahan} tertib dan terlaporkan",
                key="pemerintahan",
                intervenes="pemerintahan",
                indicators=(
                    _pct(
                        "Persentase laporan penyelenggaraan pemerintahan kelurahan yang"
                        " disampaikan tepat waktu",
                        WAKTU,
                        100,
                        evidence="Laporan penyelenggaraan pemerintahan kelurahan {period}",
                    ),
                ),
            ),
            Rhk(
                "Ketenteraman dan ketertiban lingkungan di {kelurahan} terjaga",
                key="trantib",
                intervenes="trantib",
                indicators=(
                    _pct(
                        "Persentase pengaduan trantib lingkungan yang ditindaklanjuti dalam dua"
                        " hari kerja",
                        WAKTU,
                        90,
                        evidence="Register pengaduan kelurahan {period}",
                    ),
                ),
            ),
            Rhk(
                "Masyarakat {kelurahan} berdaya dan data kesejahteraan sosialnya mutakhir",
                key="pemberdayaan",
                intervenes="pemberdayaan",
                indicators=(
                    _pct(
                        "Persentase usulan DTKS kelurahan yang diverifikasi tepat waktu",
                        WAKTU,
                        95,
                        evidence="Rekap verifikasi DTKS kelurahan {period}",
                    ),
                    Iki(
                        "Jumlah kegiatan pemberdayaan masyarakat yang difasilitasi",
                        KUANTITAS,
                        3,
                        upto=5,
                        unit="kegiatan/bulan",
                        evidence="Laporan kegiatan pemberdayaan {period}",
                    ),
                ),
            ),
        ),
    ),
    "KEL/Sekretaris Kelurahan": Role(
        work=LEADER,
        results=(
            Rhk(
                "Administrasi umum, kepegawaian, dan keuangan {kelurahan} tertib",
                key="administrasi",
                intervenes="pemerintahan",
                indicators=(
                    _pct(
                        "Persentase SPJ kelurahan yang lengkap dan disampaikan tepat waktu",
                        WAKTU,
                        100,
                        evidence="Register SPJ kelurahan {period}",
                    ),
                    _pct(
                        "Persentase surat masuk yang didisposisikan pada hari yang sama",
                        WAKTU,
                        95,
                        evidence="Buku agenda surat kelurahan {period}",
                    ),
                ),
            ),
            Rhk(
                "Laporan penyelenggaraan pemerintahan {kelurahan} tersusun tepat waktu",
                key="laporan",
                intervenes="pemerintahan",
                indicators=(
                    Iki(
                        "Jumlah laporan bulanan kelurahan yang disampaikan ke kecamatan",
                        KUANTITAS,
                        1,
                        unit="laporan/bulan",
                        evidence="Laporan bulanan kelurahan {period}",
                    ),
                ),
            ),
        ),
    ),
    "KEL/Pengadministrasi Umum": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Surat-menyurat dan arsip {kelurahan} teradministrasi tertib",
                intervenes="administrasi",
                indicators=(
                    Iki(
                        "Jumlah surat masuk dan keluar yang diagendakan",
                        KUANTITAS,
                        60,
                        upto=90,
                        unit="surat/bulan",
                        evidence="Buku agenda surat kelurahan {period}",
                    ),
                    _pct(
                        "Persentase surat yang terdistribusi pada hari diterima",
                        WAKTU,
                        95,
                        evidence="Buku agenda surat kelurahan {period}",
                    ),
                ),
            ),
            Rhk(
                "Bahan laporan bulanan kelurahan terhimpun tepat waktu",
                intervenes="laporan",
                indicators=(
                    _pct(
                        "Persentase bahan laporan dari seksi yang terhimpun sebelum tanggal 5",
                        WAKTU,
                        90,
                        evidence="Daftar periksa bahan laporan {period}",
                    ),
                ),
            ),
        ),
    ),
    "KEL-PEM/Kepala Seksi Pemerintahan": Role(
        work=LEADER,
        results=(
            Rhk(
                "Administrasi pemerintahan, kependudukan, dan pertanahan {kelurahan} tertib",
                key="adminpem",
                intervenes="pemerintahan",
                indicators=(
                    _pct(
                        "Persentase surat keterangan tanah yang diregister lengkap",
                        KUALITAS,
                        100,
                        evidence="Register surat keterangan tanah {period}",
                    ),
                    _pct(
                        "Persentase laporan mutasi penduduk RT/RW yang direkap tepat waktu",
                        WAKTU,
                        95,
                        evidence="Rekap mutasi penduduk {period}",
                    ),
                ),
            ),
            Rhk(
                "Kelembagaan RT dan RW di {kelurahan} terbina",
                key="rtrw",
                intervenes="pemerintahan",
                indicators=(
                    Iki(
                        "Jumlah rapat koordinasi RT dan RW yang terlaksana",
                        KUANTITAS,
                        1,
                        unit="kegiatan/bulan",
                        evidence="Notulen dan daftar hadir rapat RT/RW {period}",
                    ),
                ),
            ),
        ),
    ),
    "KEL-PEM/Pengadministrasi Pemerintahan": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Register kependudukan dan pertanahan kelurahan mutakhir",
                intervenes="adminpem",
                indicators=(
                    Iki(
                        "Jumlah data mutasi penduduk yang dicatat",
                        KUANTITAS,
                        30,
                        upto=50,
                        unit="data/bulan",
                        evidence="Buku mutasi penduduk {period}",
                    ),
                    _pct(
                        "Persentase register yang diinput pada hari diterima",
                        WAKTU,
                        90,
                        evidence="Buku mutasi penduduk {period}",
                    ),
                ),
            ),
            Rhk(
                "Data pengurus RT dan RW kelurahan lengkap",
                intervenes="rtrw",
                indicators=(
                    _pct(
                        "Persentase data pengurus RT dan RW yang dimutakhirkan",
                        KUANTITAS,
                        100,
                        periodic=False,
                    ),
                ),
            ),
        ),
    ),
    "KEL-TRANTIB/Kepala Seksi Ketenteraman dan Ketertiban": Role(
        work=LEADER,
        results=(
            Rhk(
                "Gangguan ketenteraman dan ketertiban lingkungan {kelurahan} tertangani",
                key="pengaduan",
                intervenes="trantib",
                indicators=(
                    _pct(
                        "Persentase pengaduan yang ditindaklanjuti dalam dua hari kerja",
                        WAKTU,
                        90,
                        evidence="Register pengaduan kelurahan {period}",
                    ),
                    Iki(
                        "Jumlah patroli lingkungan bersama Linmas dan Bhabinkamtibmas",
                        KUANTITAS,
                        4,
                        unit="kali/bulan",
                        evidence="Laporan patroli lingkungan {period}",
                    ),
                ),
            ),
            Rhk(
                "Satlinmas {kelurahan} siap siaga",
                key="linmas",
                intervenes="trantib",
                indicators=(
                    Iki(
                        "Jumlah anggota Linmas yang mengikuti apel dan pembinaan",
                        KUANTITAS,
                        20,
                        upto=30,
                        unit="orang/bulan",
                        evidence="Daftar hadir apel Linmas {period}",
                    ),
                ),
            ),
        ),
    ),
    "KEL-TRANTIB/Pengelola Ketenteraman dan Ketertiban": Role(
        work=FIELD,
        results=(
            Rhk(
                "Pengaduan gangguan trantib lingkungan ditinjau dan dilaporkan",
                intervenes="pengaduan",
                indicators=(
                    _pct(
                        "Persentase pengaduan yang ditinjau ke lokasi dalam dua hari kerja",
                        WAKTU,
                        90,
                        evidence="Laporan peninjauan lokasi {period}",
                    ),
                    Iki(
                        "Jumlah laporan patroli lingkungan",
                        KUANTITAS,
                        4,
                        upto=6,
                        unit="laporan/bulan",
                        evidence="Laporan patroli lingkungan {period}",
                    ),
                ),
            ),
            Rhk(
                "Administrasi kegiatan Satlinmas tertib",
                intervenes="linmas",
                indicators=(
                    _pct(
                        "Persentase kegiatan Linmas dengan daftar hadir dan laporan",
                        KUALITAS,
                        100,
                        evidence="Daftar hadir dan laporan kegiatan Linmas {period}",
                    ),
                ),
            ),
        ),
    ),
    "KEL-PMKS/Kepala Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial": Role(
        work=LEADER,
        results=(
            Rhk(
                "Data kesejahteraan sosial {kelurahan} mutakhir",
                key="dtks",
                intervenes="pemberdayaan",
                indicators=(
                    Iki(
                        "Jumlah usulan DTKS yang diverifikasi melalui kunjungan rumah",
                        KUANTITAS,
                        20,
                        upto=40,
                        unit="rumah tangga/bulan",
                        evidence="Berita acara verifikasi lapangan DTKS {period}",
                    ),
                    _pct(
                        "Persentase usulan DTKS yang disampaikan ke kecamatan tepat waktu",
                        WAKTU,
                        100,
                        evidence="Tanda terima usulan DTKS {period}",
                    ),
                ),
            ),
            Rhk(
                "Lembaga kemasyarakatan {kelurahan} (LPM, PKK, Posyandu) aktif",
                key="lembaga",
                intervenes="pemberdayaan",
                indicators=(
                    Iki(
                        "Jumlah kegiatan LPM, PKK, dan Posyandu yang didampingi",
                        KUANTITAS,
                        4,
                        upto=6,
                        unit="kegiatan/bulan",
                        evidence="Laporan pendampingan lembaga {period}",
                    ),
                ),
            ),
        ),
    ),
    "KEL-PMKS/Penata Layanan Operasional": Role(
        work=OFFICE,
        results=(
            Rhk(
                "Data usulan DTKS dan penerima bantuan sosial terinput akurat",
                intervenes="dtks",
                indicators=(
                    Iki(
                        "Jumlah data usulan DTKS yang diinput",
                        KUANTITAS,
                        20,
                        upto=40,
                        unit="data/bulan",
                        evidence="Rekap input DTKS {period}",
                    ),
                    _pct(
                        "Persentase data yang padan dengan NIK",
                        KUALITAS,
                        98,
                        evidence="Laporan padanan data {period}",
                    ),
                ),
            ),
            Rhk(
                "Laporan kegiatan Posyandu dan PKK terhimpun",
                intervenes="lembaga",
                indicators=(
                    _pct(
                        "Persentase laporan Posyandu yang terhimpun sebelum tanggal 10",
                        WAKTU,
                        90,
                        evidence="Rekap laporan Posyandu {period}",
                    ),
                ),
            ),
        ),
    ),
    "KEL-PELAYANAN/Kepala Seksi Pelayanan Umum": Role(
        work=LEADER,
        results=(
            Rhk(
                "Layanan administrasi di loket {kelurahan} selesai sesuai standar pelayanan",
                key="layanan",
                intervenes="pelayanan",
                indicators=(
                    _pct(
                        "Persentase berkas layanan yang selesai sesuai standar waktu",
                        WAKTU,
                        85,
                        source=ON_TIME,
                        evidence="Laporan bulanan layanan kelurahan {period}",
                    ),
                    _pct(
                        "Persentase berkas yang selesai tanpa dikembalikan untuk perbaikan",
                        KUALITAS,
                        92,
                        source=FIRST_TIME_RIGHT,
                        evidence="Laporan bulanan layanan kelurahan {period}",
                    ),
                ),
            ),
            Rhk(
                "Informasi persyaratan layanan {kelurahan} jelas dan mudah diakses",
                key="informasi",
                intervenes="pelayanan",
                indicators=(
                    Iki(
                        "Jumlah jenis layanan yang persyaratannya dipajang dan diperbarui",
                        KUANTITAS,
                        20,
                        unit="jenis layanan",
                        periodic=False,
                    ),
                    _pct(
                        "Persentase pengaduan layanan yang dijawab dalam tiga hari kerja",
                        WAKTU,
                        100,
                        evidence="Register pengaduan layanan {period}",
                    ),
                ),
            ),
        ),
    ),
    "KEL-PELAYANAN/Pengelola Layanan Kelurahan": Role(
        work=FRONT_DESK,
        results=(
            Rhk(
                "Layanan administrasi kependudukan selesai sesuai standar",
                intervenes="layanan",
                indicators=(
                    Iki(
                        "Jumlah berkas layanan yang diselesaikan",
                        KUANTITAS,
                        80,
                        upto=120,
                        unit="berkas/bulan",
                        source=TASKS,
                        evidence=FRONT_DESK_TASKS,
                    ),
                    _pct(
                        "Persentase berkas yang selesai sesuai standar waktu",
                        WAKTU,
                        85,
                        source=ON_TIME,
                        evidence=FRONT_DESK_TASKS,
                    ),
                ),
            ),
            Rhk(
                "Pemohon menerima penjelasan persyaratan yang lengkap",
                intervenes="informasi",
                indicators=(
                    _pct(
                        "Persentase berkas yang selesai tanpa dikembalikan untuk perbaikan",
                        KUALITAS,
                        92,
                        source=FIRST_TIME_RIGHT,
                        evidence=FRONT_DESK_TASKS,
                    ),
                ),
            ),
        ),
    ),
    "KEL-PELAYANAN/Operator Layanan Operasional": Role(
        work=FRONT_DESK,
        results=(
            Rhk(
                "Berkas permohonan layanan kelurahan tercatat dan selesai sesuai standar",
                intervenes="layanan",
                indicators=(
                    Iki(
                        "Jumlah berkas layanan yang diselesaikan",
                        KUANTITAS,
                        60,
                        upto=100,
                        unit="berkas/bulan",
                        source=TASKS,
                        evidence=FRONT_DESK_TASKS,
                    ),
                    _pct(
                        "Persentase berkas yang selesai sesuai standar waktu",
                        WAKTU,
                        85,
                        source=ON_TIME,
                        evidence=FRONT_DESK_TASKS,
                    ),
                ),
            ),
            Rhk(
                "Berkas layanan kelurahan terarsip rapi",
                intervenes="informasi",
                indicators=(
                    _pct(
                        "Persentase berkas selesai yang diarsipkan pada hari yang sama",
                        KUALITAS,
                        95,
                        evidence="Daftar arsip berkas layanan {period}",
                    ),
                ),
            ),
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class RevisionStory:
    """A second revision of someone's SKP: what it adds, why, and how far it got."""

    who: Who
    reason: str
    added: tuple[Rhk, ...]
    status: PlanStatus  # APPROVED (it replaced the first) or SUBMITTED (it waits)
    submitted_on: tuple[int, int] | None = None  # (month, day) of the year…
    submitted_days_ago: int = 0  # …or working days before "today"


REVISIONS: tuple[RevisionStory, ...] = (
    RevisionStory(
        who=("KEL-SUNGAISIBAM-TRANTIB", "Pengelola Ketenteraman dan Ketertiban", 0),
        reason=(
            "Penambahan RHK tambahan penanganan banjir: setelah banjir akhir Februari di"
            " permukiman tepi Sungai Siak, Lurah menugaskan pemantauan titik rawan genangan"
            " dan koordinasi dengan BPBD selama musim hujan."
        ),
        added=(
            Rhk(
                "Penanganan genangan dan banjir di permukiman rawan terkoordinasi dengan BPBD"
                " dan Linmas",
                kind=ADDITIONAL,
                intervenes="pengaduan",
                indicators=(
                    _pct(
                        "Persentase laporan genangan warga yang ditinjau dan diteruskan ke BPBD"
                        " dalam 24 jam",
                        WAKTU,
                        90,
                        evidence="Laporan peninjauan genangan {period}",
                    ),
                    Iki(
                        "Jumlah titik rawan genangan yang dipantau saat hujan lebat",
                        KUANTITAS,
                        6,
                        unit="titik/bulan",
                        evidence="Lembar pantau titik rawan genangan {period}",
                    ),
                ),
            ),
        ),
        status=PlanStatus.APPROVED,
        submitted_on=(3, 4),
    ),
    RevisionStory(
        who=("KEL-DELIMA", "Pengadministrasi Umum", 0),
        reason=(
            "Penambahan RHK registrasi naskah dinas elektronik: mulai bulan ini seluruh naskah"
            " dinas kelurahan wajib melalui aplikasi Srikandi."
        ),
        added=(
            Rhk(
                "Naskah dinas elektronik {kelurahan} teregistrasi melalui Srikandi",
                intervenes="administrasi",
                indicators=(
                    _pct(
                        "Persentase naskah dinas keluar yang diregistrasi melalui Srikandi",
                        KUANTITAS,
                        100,
                        evidence="Laporan registrasi naskah Srikandi {period}",
                    ),
                ),
            ),
        ),
        status=PlanStatus.SUBMITTED,
        submitted_days_ago=2,
    ),
)

# -- ekspektasi khusus, lampiran, feedback ------------------------------------------------

# Per BerAKHLAK value: (kinds of work it suits, the ekspektasi khusus pimpinan).
EXPECTATIONS: dict[str, tuple[tuple[frozenset[str], str], ...]] = {
    "BERORIENTASI_PELAYANAN": (
        (
            frozenset({FRONT_DESK}),
            "Melayani setiap pemohon dengan ramah dan menjelaskan seluruh persyaratan sejak"
            " kedatangan pertama, sehingga pemohon tidak perlu bolak-balik.",
        ),
        (
            frozenset({FRONT_DESK}),
            "Menyelesaikan berkas yang lengkap pada hari yang sama bila standar waktunya"
            " memungkinkan.",
        ),
        (
            frozenset({LEADER}),
            "Memastikan loket dan pengaduan di unit yang dipimpin ditangani dalam standar"
            " waktu, dan turun langsung saat antrean menumpuk.",
        ),
        (
            frozenset({FIELD}),
            "Menanggapi pengaduan warga dengan cepat dan sopan, dan memberi kabar tindak"
            " lanjutnya kepada pelapor.",
        ),
        (
            frozenset({OFFICE}),
            "Melayani permintaan rekan dan unit lain dengan cepat tanpa menunggu diingatkan.",
        ),
    ),
    "AKUNTABEL": (
        (
            frozenset({ANY}),
            "Mencatat realisasi dan mengunggah bukti dukung setiap bulan paling lambat tanggal"
            " 5 bulan berikutnya.",
        ),
        (
            frozenset({OFFICE}),
            "Mencatat setiap penggunaan anggaran dan barang milik daerah dengan tertib dan"
            " dapat ditelusuri.",
        ),
        (
            frozenset({FRONT_DESK}),
            "Tidak menerima imbalan dalam bentuk apa pun dari pemohon layanan.",
        ),
        (
            frozenset({LEADER}),
            "Melaporkan capaian unit secara jujur, termasuk target yang belum tercapai beserta"
            " penyebabnya.",
        ),
    ),
    "KOMPETEN": (
        (
            frozenset({FRONT_DESK}),
            "Menguasai persyaratan dan alur semua jenis layanan di loket sehingga dapat"
            " menggantikan rekan yang berhalangan.",
        ),
        (
            frozenset({OFFICE}),
            "Menguasai aplikasi kerja yang menjadi tugasnya (SIPD, SIASN, Srikandi) dan"
            " membantu rekan yang belum terbiasa.",
        ),
        (
            frozenset({LEADER}),
            "Membimbing staf baru sampai mampu bekerja mandiri dalam tiga bulan.",
        ),
        (
            frozenset({FIELD}),
            "Mengikuti pelatihan penanganan bencana dan pertolongan pertama, lalu membagikan"
            " materinya kepada Linmas kelurahan.",
        ),
    ),
    "HARMONIS": (
        (
            frozenset({ANY}),
            "Menjaga suasana kerja yang saling menghargai dan tidak membeda-bedakan rekan"
            " maupun warga.",
        ),
        (
            frozenset({ANY}),
            "Bersedia membantu unit lain saat beban kerja memuncak, misalnya pada musim"
            " pendaftaran sekolah.",
        ),
    ),
    "LOYAL": (
        (
            frozenset({FRONT_DESK, OFFICE}),
            "Menjaga kerahasiaan data kependudukan pemohon dan tidak membagikannya di luar"
            " keperluan layanan.",
        ),
        (
            frozenset({FIELD}),
            "Tidak menyebarkan foto atau data pelanggar ketertiban di media sosial.",
        ),
        (
            frozenset({LEADER}),
            "Menjaga nama baik kecamatan dengan menyampaikan informasi resmi hanya melalui"
            " kanal yang ditetapkan.",
        ),
    ),
    "ADAPTIF": (
        (
            frozenset({ANY}),
            "Mengusulkan sedikitnya satu perbaikan cara kerja dalam setahun, misalnya"
            " penyederhanaan formulir atau alur berkas.",
        ),
        (
            frozenset({LEADER}),
            "Cepat menyesuaikan rencana kerja unit ketika ada arahan baru dari Wali Kota atau"
            " Camat.",
        ),
        (
            frozenset({FRONT_DESK}),
            "Cepat menyesuaikan diri dengan perubahan aplikasi dan persyaratan layanan.",
        ),
    ),
    "KOLABORATIF": (
        (
            frozenset({LEADER}),
            "Melibatkan RT/RW, LPM, dan tokoh masyarakat dalam kegiatan unit sejak tahap"
            " persiapan.",
        ),
        (
            frozenset({FIELD}),
            "Berkoordinasi dengan Bhabinkamtibmas, Babinsa, dan Satpol PP dalam penanganan"
            " gangguan ketertiban.",
        ),
        (
            frozenset({ANY}),
            "Berbagi data dan informasi dengan seksi lain tanpa menunggu diminta.",
        ),
    ),
}

LAMPIRAN: dict[str, tuple[tuple[frozenset[str], str], ...]] = {
    PlanAttachment.Kind.RESOURCES: (
        (frozenset({FRONT_DESK}), "Komputer, printer, dan pemindai di loket pelayanan"),
        (frozenset({FRONT_DESK}), "Akses aplikasi layanan dan SIAK Terpusat"),
        (frozenset({FRONT_DESK}), "Formulir layanan dan alat tulis loket"),
        (frozenset({OFFICE}), "Komputer dan jaringan internet kantor"),
        (frozenset({OFFICE}), "Akses aplikasi kerja (SIPD, SIASN, Srikandi) sesuai tugas"),
        (frozenset({FIELD}), "Kendaraan operasional dan perlengkapan lapangan"),
        (frozenset({FIELD}), "Alat komunikasi (HT) dan perlengkapan Linmas"),
        (frozenset({LEADER}), "Anggaran kegiatan dalam DPA Kecamatan Binawidya Tahun {year}"),
        (frozenset({LEADER}), "Staf pelaksana di unit kerja"),
        (frozenset({LEADER}), "Ruang rapat dan sarana koordinasi"),
    ),
    PlanAttachment.Kind.ACCOUNTABILITY: (
        (
            frozenset({ANY}),
            "Realisasi dan bukti dukung dicatat setiap bulan dalam aplikasi Kinerja paling"
            " lambat tanggal 5 bulan berikutnya.",
        ),
        (
            frozenset({FRONT_DESK}),
            "Rekap berkas layanan diekspor dari aplikasi loket dan diperiksa Kepala Seksi"
            " setiap minggu.",
        ),
        (
            frozenset({FIELD}),
            "Laporan patroli dan tindak lanjut pengaduan disampaikan kepada atasan setiap minggu.",
        ),
        (frozenset({OFFICE}), "Laporan pekerjaan disampaikan dalam rapat staf setiap Senin."),
        (
            frozenset({LEADER}),
            "Capaian unit dilaporkan kepada Camat dalam rapat pimpinan bulanan dan laporan"
            " triwulan.",
        ),
    ),
    PlanAttachment.Kind.CONSEQUENCES: (
        (
            frozenset({ANY}),
            "Predikat kinerja menjadi dasar pembayaran tambahan penghasilan pegawai (TPP)"
            " sesuai Peraturan Wali Kota Pekanbaru.",
        ),
        (
            frozenset({ANY}),
            "Capaian di atas ekspektasi menjadi pertimbangan penghargaan dan pengembangan karier.",
        ),
        (
            frozenset({ANY}),
            "Capaian di bawah ekspektasi ditindaklanjuti dengan pembinaan kinerja oleh atasan"
            " langsung.",
        ),
    ),
}

# Why a month fell short, as employees write it.
SHORTFALLS = (
    "Dua hari kerja terpakai untuk bimbingan teknis di Kantor Wali Kota.",
    "Gangguan jaringan aplikasi beberapa hari; pekerjaan diselesaikan setelah jaringan pulih.",
    "Beban kerja bertambah karena rekan satu seksi cuti.",
    "Sebagian bahan baru diterima dari kelurahan setelah tenggat.",
)

# Feedback on an RHK: {period}, {rhk} and {achievement} are filled in.
PRAISE = (
    "Capaian {period} untuk “{rhk}” sudah sesuai target. Terima kasih, pertahankan.",
    "Bagus, realisasi {period} melampaui target dan bukti dukungnya lengkap. Tolong bagikan"
    " cara kerja Anda kepada rekan satu tim.",
    "Laporan {period} rapi dan tepat waktu. Lanjutkan seperti ini.",
)
NUDGES = (
    "Capaian {period} sedikit di bawah target (capaian {achievement} %). Belum"
    " mengkhawatirkan, tetapi tolong periksa penyebabnya supaya bulan depan kembali ke target.",
    "Untuk {period} hampir tercapai. Bukti dukungnya tolong dilengkapi dengan rekap, bukan"
    " hanya foto.",
)
CORRECTIONS = (
    "Capaian {period} untuk “{rhk}” baru {achievement} % dari target. Mohon tuliskan"
    " penyebabnya dan usulan perbaikan; kita bahas di rapat seksi minggu ini.",
    "Realisasi {period} turun cukup jauh. Apa kendalanya? Kalau perlu tambahan tenaga atau"
    " sarana, sampaikan kepada saya.",
    "Target {period} belum tercapai. Mari susun langkah perbaikan bersama: pekerjaan yang"
    " tertunda diselesaikan lebih dulu setiap pagi.",
)
SERVICE_CORRECTION = (
    "Ketepatan waktu berkas pada {period} hanya {value} %, di bawah target {target} %. Banyak"
    " berkas melewati standar waktu; mulailah hari dengan berkas yang paling lama menunggu,"
    " dan beri tahu saya kalau antrean tidak terkejar."
)
# Feedback on a BerAKHLAK value: (praise, correction).
BEHAVIOUR_FEEDBACK: dict[str, tuple[str, str]] = {
    "BERORIENTASI_PELAYANAN": (
        "Beberapa warga dan rekan menyampaikan terima kasih atas bantuan Anda bulan ini."
        " Sikap ramah dan sigap seperti itu yang kita harapkan.",
        "Ada keluhan bahwa permintaan warga baru ditanggapi setelah diingatkan. Tolong"
        " tanggapi setiap permintaan pada hari yang sama, atau beri kabar kapan selesainya.",
    ),
    "AKUNTABEL": (
        "Bukti dukung bulan ini lengkap dan diunggah tepat waktu. Terima kasih atas ketertibannya.",
        "Bukti dukung {period} terlambat diunggah. Mohon diunggah paling lambat tanggal 5"
        " setiap bulan.",
    ),
    "KOMPETEN": (
        "Terima kasih sudah membantu rekan baru memahami alur kerja. Itu sangat membantu tim.",
        "Masih ada kekeliruan pengisian data di aplikasi. Tolong pelajari kembali panduannya;"
        " saya bisa minta rekan mendampingi.",
    ),
    "HARMONIS": (
        "Terima kasih sudah membantu seksi lain saat beban kerja memuncak bulan ini.",
        "Ada ketegangan di ruang kerja minggu lalu. Mari diselesaikan dengan bicara langsung;"
        " saya siap memfasilitasi.",
    ),
    "LOYAL": (
        "Kerahasiaan data warga terjaga dengan baik. Pertahankan.",
        "Tolong jangan membagikan tangkapan layar data warga di grup WhatsApp umum; gunakan"
        " grup kedinasan.",
    ),
    "ADAPTIF": (
        "Usulan Anda menyederhanakan alur kerja bagus. Silakan dicoba sebulan, lalu kita evaluasi.",
        "Perubahan aplikasi bulan ini sempat membuat pekerjaan tertunda. Ikuti sesi"
        " pendampingan berikutnya supaya tidak tertinggal.",
    ),
    "KOLABORATIF": (
        "Kerja sama Anda dengan rekan dan unit lain bulan ini berjalan baik. Lanjutkan.",
        "Beberapa pekerjaan bulan ini tertunda karena menunggu data dari unit lain. Hubungi"
        " mereka langsung, dan libatkan rekan sejak awal.",
    ),
}
REPLIES_TO_CORRECTIONS: tuple[str, ...] = (
    "Baik, terima kasih arahannya. Bulan itu dua hari saya ikut bimtek sehingga pekerjaan"
    " menumpuk; mulai minggu ini yang lama saya selesaikan lebih dulu.",
    "Siap. Saya sudah membuat daftar pekerjaan yang tertunda dan akan melaporkan"
    " perkembangannya setiap Jumat.",
    "Terima kasih masukannya. Kendala utamanya gangguan jaringan aplikasi; sudah saya"
    " laporkan ke pranata komputer.",
    "Baik, akan saya perbaiki. Mohon izin didampingi rekan untuk beberapa pekerjaan yang rumit.",
)
REPLIES_ON_BEHAVIOUR: tuple[str, ...] = (
    "Baik, terima kasih atas masukannya. Akan saya perbaiki mulai minggu ini.",
    "Mohon maaf, itu kelalaian saya. Tidak akan terulang.",
)
REPLIES_TO_PRAISE: tuple[str, ...] = (
    "Terima kasih atas apresiasinya.",
    "Terima kasih, akan saya pertahankan.",
)


@dataclass(frozen=True, slots=True)
class FileStory:
    """A piece of evidence kept as a real file: whose, on which IKI (by position in their
    role), and what it shows."""

    who: Who
    rhk: int
    iki: int
    kind: str  # "pdf" or "png"
    title: str


FILES: tuple[FileStory, ...] = (
    FileStory("kasi.pelayanan", 0, 0, "pdf", "Laporan Bulanan Layanan PATEN {period}"),
    FileStory(
        ("BINAWIDYA-PELAYANAN", "Pengelola Layanan Administrasi Terpadu", 1),
        0,
        1,
        "pdf",
        "Rekap Berkas Layanan Loket PATEN {period}",
    ),
    FileStory(
        ("BINAWIDYA-TRANTIB", "Kepala Seksi Ketenteraman dan Ketertiban Umum", 0),
        1,
        0,
        "png",
        "Dokumentasi patroli penertiban {period}",
    ),
    FileStory(
        ("BINAWIDYA-TRANTIB", "Pengelola Ketenteraman dan Ketertiban", 0),
        0,
        0,
        "png",
        "Foto peninjauan lokasi pengaduan {period}",
    ),
    FileStory(
        ("BINAWIDYA-RENKEU", "Bendahara Pengeluaran", 0),
        0,
        1,
        "pdf",
        "Laporan Pertanggungjawaban Bendahara Pengeluaran {period}",
    ),
    FileStory(
        ("KEL-SIMPANGBARU-PELAYANAN", "Pengelola Layanan Kelurahan", 0),
        0,
        0,
        "pdf",
        "Rekap Layanan Loket Kelurahan Simpang Baru {period}",
    ),
)
FILE_TYPES = {"pdf": "application/pdf", "png": "image/png"}

# Share of appraiser–employee pairs that get feedback in a given period, unless the
# period went badly (then the appraiser nearly always says something).
FEEDBACK_SHARE = 0.3
FEEDBACK_SHARE_WHEN_SHORT = 0.8
BEHAVIOUR_FEEDBACK_SHARE = 0.3
BEHAVIOUR_FEEDBACK_SHARE_WHEN_SHORT = 0.15
REPLY_SHARE_TO_CORRECTION = 0.55
REPLY_SHARE_TO_PRAISE = 0.12
SHORTFALL_NARRATIVE_SHARE = 0.6
EVIDENCE_SHARE = 0.85  # realisations with a link
SECOND_LINK_SHARE = 0.1
# Whoever has not yet recorded the last period: more of them early in the month.
LATE_SHARE_FIRST_WEEK, LATE_SHARE = 0.35, 0.04

# The moments rewritten by one UPDATE (about seven parameters each: SQLite takes 999).
MOMENTS_PER_UPDATE = 120
SATURDAY = 5
DAY_STARTS, DAY_ENDS = time(8), time(15, 45)


# -- loading -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlansData:
    """What the demo command reports; ``counts`` go into the DEMO_LOADED event."""

    year: int
    employees: int
    approved: int
    realisations: int
    evidence: int
    files: int
    feedback: int
    counts: dict[str, int] = field(default_factory=dict)


def role_key(unit_code: str, title: str) -> str:
    """The ``ROLES`` key of a jabatan: the kelurahan share theirs (``KEL-PEM/…``)."""
    if unit_code.startswith("KEL-"):
        parts = unit_code.split("-")
        scope = "KEL" if len(parts) == 2 else f"KEL-{parts[-1]}"
    else:
        scope = unit_code
    return f"{scope}/{title}"


class _Office:
    """The active employees of the office, found by demo username or by (unit, jabatan,
    holder), with their depth in the reporting line (the camat at 0)."""

    def __init__(self, organization: OrgUnit) -> None:
        self.employees = list(
            Employee.objects.filter(is_active=True, unit__path__startswith=organization.path)
            .select_related("unit", "position", "user")
            .order_by("pk")
        )
        self.by_pk = {employee.pk: employee for employee in self.employees}
        self.by_username = {e.user.username: e for e in self.employees if e.user is not None}
        # Holders of one jabatan in a unit were created in the order of the description.
        self.by_post: dict[tuple[str, str], list[Employee]] = defaultdict(list)
        for employee in self.employees:
            self.by_post[(employee.unit.code, employee.position.name)].append(employee)
        self.unit_names = dict(
            OrgUnit.objects.filter(path__startswith=organization.path).values_list("code", "name")
        )
        self.depth = {employee.pk: self._depth(employee) for employee in self.employees}

    def _depth(self, employee: Employee) -> int:
        depth, above = 0, employee.supervisor_id
        while above is not None and above in self.by_pk:
            depth += 1
            above = self.by_pk[above].supervisor_id
        return depth

    def find(self, who: Who) -> Employee | None:
        if isinstance(who, str):
            return self.by_username.get(who)
        unit, title, holder = who
        holders = self.by_post.get((unit, title), [])
        return holders[holder] if holder < len(holders) else None

    def supervisor(self, employee: Employee) -> Employee | None:
        return self.by_pk.get(employee.supervisor_id or 0)

    def kelurahan(self, employee: Employee) -> str:
        """The name of the kelurahan the employee works in, or ""."""
        code = employee.unit.code
        if not code.startswith("KEL-"):
            return ""
        return self.unit_names.get("-".join(code.split("-")[:2]), "")


class _Clock:
    """Drawn moments of office hours on working days (Monday to Friday; holidays are
    ignored here), never after the last working day before "today"."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.latest = self.working_days_before(today, 1)

    def day(self, day: date) -> date:
        """``day``, or the next working day, but never after the latest."""
        while day.weekday() >= SATURDAY:
            day += timedelta(days=1)
        return min(day, self.latest)

    @staticmethod
    def working_days_before(day: date, count: int) -> date:
        while count > 0:
            day -= timedelta(days=1)
            if day.weekday() < SATURDAY:
                count -= 1
        return day

    def at(self, day: date, *, after: datetime | None = None) -> datetime:
        """A moment of office hours on ``day``; shortly after ``after`` if that is later."""
        start = DAY_STARTS.hour * 60 + DAY_STARTS.minute
        minute = self.rng.randrange(start, DAY_ENDS.hour * 60 + DAY_ENDS.minute)
        moment = timezone.make_aware(datetime.combine(day, time(minute // 60, minute % 60)))
        if after is not None and moment <= after:
            moment = after + timedelta(minutes=self.rng.randrange(20, 180))
        return moment


@dataclass(slots=True)
class _Indicator:
    spec: Iki
    row: ResultIndicator


@dataclass(slots=True)
class _Result:
    spec: Rhk
    row: WorkResult
    indicators: list[_Indicator] = field(default_factory=list)


@dataclass(slots=True)
class _Plan:
    """A plan being written: its row, whose it is, the moments of its history (saving
    stamps the row with the clock, so they are written afterwards), and the periods in
    which it was in force."""

    row: PerformancePlan
    employee: Employee
    role: Role
    created_at: datetime
    updated_at: datetime
    added: tuple[Rhk, ...] = ()
    results: list[_Result] = field(default_factory=list)
    in_force: list[Period] = field(default_factory=list)


@dataclass(slots=True)
class _Realised:
    plan: _Plan
    result: _Result
    indicator: _Indicator
    period: Period
    row: Realisation
    achievement: Decimal | None


class _Loader:
    def __init__(
        self, organization: OrgUnit, today: date, seed: int, declining: Sequence[Who]
    ) -> None:
        self.office = _Office(organization)
        self.rng = random.Random(f"kinerja-demo-plans:{seed}")  # noqa: S311 - a story
        self.clock = _Clock(self.rng, today)
        self.today = today
        self.year = PerformanceYear.objects.get(year=today.year)
        kind = (
            Period.Kind.QUARTER
            if self.year.periodicity == PerformanceYear.Periodicity.QUARTERLY
            else Period.Kind.MONTH
        )
        # Realisation is recorded for the periods that have ended.
        self.periods = list(
            Period.objects.filter(performance_year=self.year, kind=kind, ends_on__lt=today)
        )
        self.declining = {e.pk for e in map(self.office.find, declining) if e is not None}
        self.decline_from = today - timedelta(days=DECLINE_DAYS)
        self.figures = self._service_figures()
        self.officers = {employee_id for employee_id, _code in self.figures}
        self.expectations: dict[int, dict[str, str]] = {}
        self.lampiran: dict[int, list[tuple[str, str]]] = {}
        self.approved_at: dict[int, datetime] = {}
        self.storage = evidence_storage()
        self.written_files: list[str] = []

    def load(self) -> PlansData:
        office = self.office
        persona = office.find(FRONT_DESK_PERSONA)
        draft_only = office.find(DRAFT_ONLY)
        stories = {e.pk: story for story in REVISIONS if (e := office.find(story.who))}
        first: list[_Plan] = []
        for employee in sorted(office.employees, key=lambda e: (office.depth[e.pk], e.pk)):
            if employee == persona:
                continue
            key = role_key(employee.unit.code, employee.position.name)
            if key not in ROLES:
                raise ValueError(f"the demo has no SKP for {key}")
            story = stories.get(employee.pk)
            if employee == draft_only:
                status = PlanStatus.DRAFT
            elif story is not None and story.status == PlanStatus.APPROVED:
                status = PlanStatus.SUPERSEDED
            else:
                status = PlanStatus.APPROVED
            first.append(self._first_revision(employee, ROLES[key], status))
        PerformancePlan.objects.bulk_create([plan.row for plan in first])
        second = [
            self._second_revision(plan, stories[plan.employee.pk])
            for plan in first
            if plan.employee.pk in stories
        ]
        PerformancePlan.objects.bulk_create([plan.row for plan in second])
        plans = first + second
        self._write_results(plans)
        self._write_behaviours(plans)
        self._write_attachments(plans)
        realised = self._write_realisations(plans)
        evidence, files = self._write_evidence(realised)
        feedback, replies = self._write_feedback(plans, realised)
        for plan in plans:
            plan.row.created_at, plan.row.updated_at = plan.created_at, plan.updated_at
        PerformancePlan.objects.bulk_update([p.row for p in plans], ["created_at", "updated_at"])
        approved = sum(plan.row.status == PlanStatus.APPROVED for plan in plans)
        return PlansData(
            year=self.year.year,
            employees=len(office.employees),
            approved=approved,
            realisations=len(realised),
            evidence=evidence,
            files=files,
            feedback=feedback,
            counts={
                "plans": len(plans),
                "plans_approved": approved,
                "work_results": sum(len(plan.results) for plan in plans),
                "indicators": sum(len(r.indicators) for plan in plans for r in plan.results),
                "realisations": len(realised),
                "evidence": evidence,
                "evidence_files": files,
                "feedback": feedback,
                "feedback_replies": replies,
            },
        )

    # -- plans ----------------------------------------------------------------------------

    def _first_revision(self, employee: Employee, role: Role, status: PlanStatus) -> _Plan:
        """Revision 1: drafted in January and approved by the appraiser in the second half
        of the month, the leaders first (their team intervenes in their RHK)."""
        clock, rng = self.clock, self.rng
        depth = min(self.office.depth[employee.pk], 3)
        approved_on = clock.day(date(self.year.year, 1, 12 + 4 * depth + rng.randint(0, 3)))
        submitted_on = clock.working_days_before(approved_on, rng.randint(1, 3))
        created_at = clock.at(clock.working_days_before(submitted_on, rng.randint(3, 7)))
        supervisor = self.office.supervisor(employee)
        approach = (
            PerformancePlan.Approach.QUALITATIVE
            if role.qualitative
            else PerformancePlan.Approach.QUANTITATIVE
        )
        row = PerformancePlan(
            employee=employee,
            performance_year=self.year,
            revision=1,
            approach=approach,
            status=status,
            appraiser=supervisor,
        )
        plan = _Plan(row, employee, role, created_at=created_at, updated_at=created_at)
        if status == PlanStatus.DRAFT:
            plan.updated_at = clock.at(clock.day(created_at.date() + timedelta(days=6)))
            return plan
        row.employee_snapshot = _snapshot(employee)
        row.appraiser_snapshot = _snapshot(supervisor)
        # Submitting waits for the leader's approved plan (its RHK are intervened in).
        leader_approved = self.approved_at.get(employee.supervisor_id or 0, created_at)
        row.submitted_at = clock.at(submitted_on, after=max(created_at, leader_approved))
        approved_on = max(approved_on, row.submitted_at.date())
        row.approved_at = clock.at(approved_on, after=row.submitted_at)
        self.approved_at[employee.pk] = row.approved_at
        # The camat's appraiser works outside the system: the HR admin records the decision.
        approver = supervisor or self.office.find("admin")
        row.approved_by = approver.user if approver is not None else None
        plan.updated_at = row.approved_at
        plan.in_force = list(self.periods)
        return plan

    def _second_revision(self, first: _Plan, story: RevisionStory) -> _Plan:
        """A revision that adds RHK; once approved it replaces the first from the month
        of its approval on."""
        clock, first_row = self.clock, first.row
        if story.submitted_on is not None:
            month, day = story.submitted_on
            submitted_on = clock.day(date(self.year.year, month, day))
        else:
            submitted_on = clock.working_days_before(self.today, story.submitted_days_ago)
        started = first.updated_at + timedelta(hours=1)
        created_at = max(clock.at(clock.working_days_before(submitted_on, 1)), started)
        row = PerformancePlan(
            employee=first.employee,
            performance_year=self.year,
            revision=2,
            supersedes=first_row,
            revision_reason=story.reason,
            approach=first_row.approach,
            status=story.status,
            appraiser=first_row.appraiser,
            employee_snapshot=_snapshot(first.employee),
            appraiser_snapshot=_snapshot(self.office.supervisor(first.employee)),
        )
        row.submitted_at = clock.at(submitted_on, after=created_at)
        revision = _Plan(
            row,
            first.employee,
            first.role,
            created_at=created_at,
            updated_at=row.submitted_at,
            added=story.added,
        )
        if story.status == PlanStatus.APPROVED:
            approved_on = clock.day(submitted_on + timedelta(days=self.rng.randint(1, 3)))
            row.approved_at = clock.at(approved_on, after=row.submitted_at)
            row.approved_by = first_row.approved_by
            revision.updated_at = first.updated_at = row.approved_at
            replaced_on = row.approved_at.date()
            first.in_force = [p for p in self.periods if p.ends_on < replaced_on]
            revision.in_force = [p for p in self.periods if p.ends_on >= replaced_on]
        return revision

    def _write_results(self, plans: list[_Plan]) -> None:
        """RHK level by level of the reporting line, so that an RHK can name its leader's;
        the team links to the leader's revision in force. Then every IKI at once."""
        leaders: dict[int, dict[str, WorkResult]] = {}
        levels: dict[int, list[_Plan]] = defaultdict(list)
        for plan in plans:
            levels[self.office.depth[plan.employee.pk]].append(plan)
        assigned_by = PK.format(year=self.year.year)
        for depth in sorted(levels):
            for plan in levels[depth]:
                employee = plan.employee
                leader = leaders.get(employee.supervisor_id or 0, {})
                place = self.office.kelurahan(employee)
                for order, spec in enumerate(plan.role.results + plan.added, start=1):
                    if spec.intervenes and spec.intervenes not in leader:
                        raise ValueError(
                            f"{role_key(employee.unit.code, employee.position.name)} intervenes"
                            f" in {spec.intervenes!r}, which their leader does not plan"
                        )
                    row = WorkResult(
                        plan=plan.row,
                        kind=spec.kind,
                        text=spec.text.replace("{kelurahan}", place),
                        intervenes=leader.get(spec.intervenes) if spec.intervenes else None,
                        # Whoever leads the office takes their RHK from the PK.
                        assigned_by=assigned_by if plan.row.appraiser is None else "",
                        order=order,
                    )
                    plan.results.append(_Result(spec, row))
            WorkResult.objects.bulk_create([r.row for p in levels[depth] for r in p.results])
            for plan in levels[depth]:
                if plan.row.status == PlanStatus.APPROVED:
                    leaders[plan.employee.pk] = {
                        r.spec.key: r.row for r in plan.results if r.spec.key
                    }
        indicators: list[ResultIndicator] = []
        for plan in plans:
            for result in plan.results:
                for order, iki in enumerate(result.spec.indicators, start=1):
                    indicator = self._indicator(plan, result.row, iki, order)
                    result.indicators.append(_Indicator(iki, indicator))
                    indicators.append(indicator)
        ResultIndicator.objects.bulk_create(indicators)

    def _indicator(self, plan: _Plan, result: WorkResult, spec: Iki, order: int) -> ResultIndicator:
        if plan.role.qualitative:
            return ResultIndicator(
                work_result=result, text=spec.text, target_text=spec.target_text, order=order
            )
        low, high = spec.target, spec.upto
        if spec.source == TASKS:
            # Set in January from the desk's usual volume.
            low, high = self._usual_volume(plan.employee) or (low, high)
        return ResultIndicator(
            work_result=result,
            text=spec.text,
            aspect=spec.aspect,
            target_min=None if low is None else Decimal(low),
            target_max=None if high is None else Decimal(high),
            unit=spec.unit,
            lower_is_better=spec.lower_is_better,
            order=order,
        )

    def _write_behaviours(self, plans: list[_Plan]) -> None:
        """The seven values on every plan; when approving, the appraiser wrote ekspektasi
        khusus on two to four of them (the camat's too, recorded with the decision; a draft
        has none yet; a revision keeps them)."""
        rows = []
        for plan in plans:
            expected: dict[str, str] = {}
            if plan.row.status != PlanStatus.DRAFT:
                if plan.employee.pk not in self.expectations:
                    self.expectations[plan.employee.pk] = self._expect(plan.role.work)
                expected = self.expectations[plan.employee.pk]
            rows += [
                BehaviourExpectation(
                    plan=plan.row,
                    value=value.code,
                    special_expectation=expected.get(value.code, ""),
                )
                for value in CORE_VALUES
            ]
        BehaviourExpectation.objects.bulk_create(rows)

    def _expect(self, work: str) -> dict[str, str]:
        rng = self.rng
        expected = {}
        for value in rng.sample(CORE_VALUES, rng.choice((2, 3, 3, 4))):
            texts = [text for kinds, text in EXPECTATIONS[value.code] if kinds & {work, ANY}]
            if texts:
                expected[value.code] = rng.choice(texts)
        return expected

    def _write_attachments(self, plans: list[_Plan]) -> None:
        """The lampiran: one to three lines of each part (a revision keeps them; a draft
        has none yet)."""
        rows = []
        for plan in plans:
            if plan.row.status == PlanStatus.DRAFT:
                continue
            if plan.employee.pk not in self.lampiran:
                self.lampiran[plan.employee.pk] = self._lampiran(plan.role.work)
            rows += [
                PlanAttachment(plan=plan.row, kind=kind, text=text, order=order)
                for order, (kind, text) in enumerate(self.lampiran[plan.employee.pk], start=1)
            ]
        PlanAttachment.objects.bulk_create(rows)

    def _lampiran(self, work: str) -> list[tuple[str, str]]:
        rng, year = self.rng, str(self.year.year)
        lines = []
        for kind, options in LAMPIRAN.items():
            texts = [text for kinds, text in options if kinds & {work, ANY}]
            for text in rng.sample(texts, rng.randint(1, min(3, len(texts)))):
                lines.append((kind, text.replace("{year}", year)))
        return lines

    # -- execution --------------------------------------------------------------------------

    def _service_figures(self) -> dict[tuple[int, str], tuple[int, int, int]]:
        """Each front-desk officer's (tasks completed, on time, right the first time) per
        period, from the service records."""
        rows = ServiceMetric.objects.filter(
            period__in=[period.code for period in self.periods],
            employee__in=[employee.pk for employee in self.office.employees],
        ).values_list("employee_id", "period", "tasks_completed", "on_time", "first_time_right")
        return {(pk, code): (tasks, on_time, right) for pk, code, tasks, on_time, right in rows}

    def _figures(self, employee: Employee, period: Period) -> tuple[int, int, int]:
        """The service figures an IKI of ``employee`` reads: their own at the desk, or the
        desks' in the units they lead."""
        if employee.pk in self.officers:
            desk = [employee.pk]
        else:
            path = employee.unit.path
            desk = [pk for pk in self.officers if self.office.by_pk[pk].unit.path.startswith(path)]
        tasks = on_time = right = 0
        for pk in desk:
            figures = self.figures.get((pk, period.code), (0, 0, 0))
            tasks, on_time, right = tasks + figures[0], on_time + figures[1], right + figures[2]
        return tasks, on_time, right

    def _usual_volume(self, employee: Employee) -> tuple[int, int] | None:
        volumes = [self._figures(employee, period)[0] for period in self.periods]
        volumes = [volume for volume in volumes if volume]
        if not volumes:
            return None
        usual = sum(volumes) / len(volumes)
        low = max(5, 5 * round(usual * 0.85 / 5))
        return low, max(low + 5, 5 * round(usual * 1.1 / 5))

    def _write_realisations(self, plans: list[_Plan]) -> list[_Realised]:
        """Every periodic IKI of every plan in force, period by period, recorded in the
        first days after the period; some have not yet recorded the last one."""
        rng, clock = self.rng, self.clock
        realised: list[_Realised] = []
        last = self.periods[-1] if self.periods else None
        for plan in plans:
            if plan.employee.user is None or not plan.in_force:
                continue
            form = min(max(rng.gauss(1.0, 0.04), 0.9), 1.08)
            for period in plan.in_force:
                if period == last:
                    first_week = (self.today - period.ends_on).days <= 7
                    if rng.random() < (LATE_SHARE_FIRST_WEEK if first_week else LATE_SHARE):
                        continue
                updated_at = clock.at(clock.day(period.ends_on + timedelta(rng.randint(1, 6))))
                decline = self._decline(plan.employee, period)
                for result in plan.results:
                    for indicator in result.indicators:
                        recorded = self._realise(plan, indicator, period, form, decline)
                        if recorded is None:
                            continue
                        value, narrative = recorded
                        achievement = _achievement(indicator.row, value)
                        short = achievement is not None and achievement < 90
                        if short and not narrative and rng.random() < SHORTFALL_NARRATIVE_SHARE:
                            narrative = rng.choice(SHORTFALLS)
                        row = Realisation(
                            indicator=indicator.row,
                            period=period,
                            value=value,
                            narrative=narrative,
                            updated_by=plan.employee.user,
                            updated_at=updated_at,
                        )
                        realised.append(
                            _Realised(plan, result, indicator, period, row, achievement)
                        )
        _create(Realisation, [entry.row for entry in realised], "updated_at")
        return realised

    def _decline(self, employee: Employee, period: Period) -> float:
        """How far a declining officer has slipped by the middle of ``period`` (0 to 1)."""
        if employee.pk not in self.declining:
            return 0.0
        middle = period.starts_on + (period.ends_on - period.starts_on) / 2
        return min(max((middle - self.decline_from).days / DECLINE_DAYS, 0.0), 1.0)

    def _realise(
        self, plan: _Plan, indicator: _Indicator, period: Period, form: float, decline: float
    ) -> tuple[Decimal | None, str] | None:
        """(value, narrative) of one IKI in one period, or None when nothing is recorded."""
        spec = indicator.spec
        if not spec.periodic:
            return None
        if plan.role.qualitative:
            # The work moves on through the year: one step of the story per stretch of it.
            steps = spec.narratives or ("Kegiatan terlaksana sesuai rencana.",)
            return None, steps[(period.starts_on.month - 1) * len(steps) // 12]
        if spec.source:
            tasks, on_time, right = self._figures(plan.employee, period)
            if not tasks:
                return None
            if spec.source == TASKS:
                return Decimal(tasks), ""
            return _percent(on_time if spec.source == ON_TIME else right, tasks), ""
        return self._draw(indicator.row, form, decline), ""

    def _draw(self, indicator: ResultIndicator, form: float, decline: float) -> Decimal:
        """A realisation around the target: most meet it, some fall short; a declining
        officer slips further every period."""
        rng = self.rng
        low = float(indicator.target_min or 1)
        high = float(indicator.target_max) if indicator.target_max is not None else low
        if indicator.lower_is_better:
            value = low * math.exp(rng.gauss(-0.1, 0.25)) / form * (1 + 0.6 * decline)
            return Decimal(str(max(round(value, 1), 0.1)))
        if indicator.unit == "%":
            if low >= 100:
                value = 100.0 if rng.random() < 0.8 * form else rng.uniform(82, 99)
            else:
                value = rng.gauss((low + high) / 2 * form, 3)
            return Decimal(round(min(max(value - 25 * decline, 0.0), 100.0)))
        middle = (low + high) / 2
        if middle <= 2:
            value = middle if rng.random() < 0.9 * form else middle - 1
        else:
            value = rng.gauss(middle * form, max(1.0, middle * 0.12))
        return Decimal(max(round(value * (1 - 0.3 * decline)), 0))

    def _write_evidence(self, realised: list[_Realised]) -> tuple[int, int]:
        """A link on most realisations (now and then two), and a handful of real files.
        Returns (evidence, files)."""
        rng = self.rng
        rows: list[Evidence] = []
        for entry in realised:
            if rng.random() >= EVIDENCE_SHARE:
                continue
            label = period_label(entry.period)
            description = entry.indicator.spec.evidence.replace("{period}", label)
            for number in range(2 if rng.random() < SECOND_LINK_SHARE else 1):
                rows.append(
                    Evidence(
                        realisation=entry.row,
                        description=f"{description} (lanjutan)" if number else description,
                        url=f"{DRIVE}{_token(rng)}",
                        uploaded_by=entry.row.updated_by,
                    )
                )
        files = [self._file(story, realised) for story in FILES]
        rows += [row for row in files if row is not None]
        Evidence.objects.bulk_create(rows)
        # Uploaded as the realisation was recorded: one UPDATE, whatever the number.
        Evidence.objects.filter(realisation__period__performance_year=self.year).update(
            uploaded_at=Subquery(
                Realisation.objects.filter(pk=OuterRef("realisation_id")).values("updated_at")
            )
        )
        return len(rows), sum(row is not None for row in files)

    def _file(self, story: FileStory, realised: list[_Realised]) -> Evidence | None:
        """The file of ``story`` on the latest realisation of its IKI, stored under a
        generated name as an upload is."""
        employee = self.office.find(story.who)
        entries = [
            entry
            for entry in realised
            if entry.plan.employee == employee
            and entry.result.row.order == story.rhk + 1
            and entry.indicator.row.order == story.iki + 1
        ]
        if employee is None or not entries:
            return None
        entry = max(entries, key=lambda candidate: candidate.period.starts_on)
        title = story.title.replace("{period}", period_label(entry.period))
        if story.kind == "pdf":
            content = _pdf(_report_lines(title, employee, entry))
        else:
            content = _png(160, 120, self.rng)
        name = self.storage.save(f"{uuid.uuid4().hex}.{story.kind}", ContentFile(content))
        self.written_files.append(name)
        return Evidence(
            realisation=entry.row,
            description=title,
            file=name,
            original_name=_file_name(title, story.kind),
            content_type=FILE_TYPES[story.kind],
            size=len(content),
            uploaded_by=entry.row.updated_by,
        )

    def _write_feedback(self, plans: list[_Plan], realised: list[_Realised]) -> tuple[int, int]:
        """The appraisers' notes, period by period: on the RHK that went worst (or on one
        that went well), now and then on a BerAKHLAK value; some employees replied.
        Returns (feedback, replies)."""
        rng, clock = self.rng, self.clock
        by_result: dict[tuple[int, int], list[_Realised]] = defaultdict(list)
        for entry in realised:
            by_result[(id(entry.result), entry.period.pk)].append(entry)
        notes: list[Feedback] = []
        answers: list[FeedbackReply] = []
        for plan in plans:
            appraiser, approved_at = plan.row.appraiser, plan.row.approved_at
            if appraiser is None or appraiser.user is None or approved_at is None:
                continue
            for period in plan.in_force:
                scored = [(r, by_result[(id(r), period.pk)]) for r in plan.results]
                worst = min(scored, key=lambda pair: _weakest(pair[1]))
                short = _weakest(worst[1]) < 90
                share = FEEDBACK_SHARE_WHEN_SHORT if short else FEEDBACK_SHARE
                if plan.employee.pk in self.declining and short:
                    share = 1.0
                if rng.random() >= share:
                    continue
                start = max(period.ends_on - timedelta(days=5), approved_at.date())
                written = clock.at(clock.day(start + timedelta(rng.randint(0, 12))))
                written = max(written, approved_at + timedelta(hours=2))
                if written.date() >= self.today:
                    continue
                note = Feedback(
                    plan=plan.row, period=period, author=appraiser.user, created_at=written
                )
                on_behaviour = rng.random() < (
                    BEHAVIOUR_FEEDBACK_SHARE_WHEN_SHORT if short else BEHAVIOUR_FEEDBACK_SHARE
                )
                if on_behaviour:
                    note.behaviour_value = rng.choice(CORE_VALUES).code
                    praise, correction = BEHAVIOUR_FEEDBACK[note.behaviour_value]
                    corrective = short
                    text = correction if corrective else praise
                    note.text = text.replace("{period}", period_label(period))
                    replies = REPLIES_ON_BEHAVIOUR if corrective else REPLIES_TO_PRAISE
                else:
                    result, entries = worst if short or rng.random() < 0.5 else rng.choice(scored)
                    note.work_result = result.row
                    note.text, corrective = self._note(result, entries, period)
                    replies = REPLIES_TO_CORRECTIONS if corrective else REPLIES_TO_PRAISE
                notes.append(note)
                share = REPLY_SHARE_TO_CORRECTION if corrective else REPLY_SHARE_TO_PRAISE
                if rng.random() < share and plan.employee.user is not None:
                    answered = clock.at(clock.day(written.date() + timedelta(rng.randint(0, 2))))
                    if answered > written and answered.date() < self.today:
                        answers.append(
                            FeedbackReply(
                                feedback=note,
                                author=plan.employee.user,
                                text=rng.choice(replies),
                                created_at=answered,
                            )
                        )
        _create(Feedback, notes, "created_at")
        _create(FeedbackReply, answers, "created_at")
        return len(notes), len(answers)

    def _note(self, result: _Result, entries: list[_Realised], period: Period) -> tuple[str, bool]:
        """Feedback on an RHK from how its IKI went in ``period``: (text, corrective)."""
        label = period_label(period)
        for entry in entries:
            value, target = entry.row.value, entry.indicator.row.target_min
            late = entry.achievement is not None and entry.achievement < 90
            if entry.indicator.spec.source == ON_TIME and late and value and target:
                text = SERVICE_CORRECTION.format(
                    period=label, value=_number(value), target=_number(target)
                )
                return text, True
        standing = _weakest(entries)
        if standing >= 100:
            template, corrective = self.rng.choice(PRAISE), False
        elif standing >= 90:
            template, corrective = self.rng.choice(NUDGES), False
        else:
            template, corrective = self.rng.choice(CORRECTIONS), True
        text = (
            template.replace("{period}", label)
            .replace("{rhk}", result.row.text)
            .replace("{achievement}", _number(standing))
        )
        return text, corrective


def load_plans_data(
    *, organization: OrgUnit, today: date, seed: int, declining: Sequence[Who] = ()
) -> PlansData:
    """Write the SKP of every active employee of ``organization`` for the performance year
    of ``today``, with their realisation, evidence and feedback so far (see the module
    docstring). Expects the demo office of ``kinerja.demo.builder`` with its year and
    service history, and no plans yet; ``declining`` names the front-desk officers whose
    service declines. Raises ValueError when a jabatan has no RHK in ``ROLES`` or names a
    leader's RHK that does not exist."""
    loader = _Loader(organization, today, seed, declining)
    try:
        return loader.load()
    except BaseException:
        # The rows roll back with the transaction; the files would stay behind.
        for name in loader.written_files:
            loader.storage.delete(name)
        raise


def clear_plans_data() -> dict[str, int]:
    """Delete every SKP with its RHK, IKI, realisation, evidence and feedback (they
    protect the employees, periods and accounts they name); return how many plans and
    evidence files. The files leave the evidence storage once the deletion is committed."""
    names = list(Evidence.objects.exclude(file="").values_list("file", flat=True))
    removed = {"plans": PerformancePlan.objects.count(), "evidence_files": len(names)}
    FeedbackReply.objects.all().delete()
    Feedback.objects.all().delete()
    Evidence.objects.all().delete()
    Realisation.objects.all().delete()
    ResultIndicator.objects.all().delete()
    # An RHK protects the team's RHK that intervene in it, a revision the one it replaced.
    WorkResult.objects.update(intervenes=None)
    WorkResult.objects.all().delete()
    BehaviourExpectation.objects.all().delete()
    PlanAttachment.objects.all().delete()
    PerformancePlan.objects.update(supersedes=None)
    PerformancePlan.objects.all().delete()
    if names:
        storage = evidence_storage()
        transaction.on_commit(lambda: _delete_files(storage, names))
    return removed


def _delete_files(storage: Storage, names: Sequence[str]) -> None:
    for name in names:
        storage.delete(name)


def _create(model: type[M], rows: list[M], stamp: str) -> None:
    """Insert ``rows`` in bulk, then write back the story's moment in ``stamp``, which
    saving replaced with the clock (auto_now / auto_now_add).

    Rows that share a moment are updated together (all the IKI one person recorded at
    one sitting), so the UPDATEs grow with the moments, not with the rows: rewriting
    each row on its own (``bulk_update``) took seconds for the demo's realisations."""
    moments = [getattr(row, stamp) for row in rows]
    model._default_manager.bulk_create(rows)
    together: dict[datetime, list[int]] = defaultdict(list)
    for row, moment in zip(rows, moments, strict=True):
        setattr(row, stamp, moment)
        together[moment].append(row.pk)
    groups = list(together.items())
    for start in range(0, len(groups), MOMENTS_PER_UPDATE):
        batch = groups[start : start + MOMENTS_PER_UPDATE]
        moment_of = Case(
            *(When(pk__in=pks, then=Value(moment)) for moment, pks in batch),
            output_field=models.DateTimeField(),
        )
        pks = [pk for _moment, group in batch for pk in group]
        model._default_manager.filter(pk__in=pks).update(**{stamp: moment_of})


# -- small helpers ------------------------------------------------------------------------


def period_label(period: Period) -> str:
    """ "Maret 2026" for a month, "Triwulan I 2026" for a triwulan."""
    if period.kind == Period.Kind.QUARTER:
        return f"Triwulan {QUARTERS[(period.starts_on.month - 1) // 3]} {period.starts_on.year}"
    return f"{MONTHS[period.starts_on.month - 1]} {period.starts_on.year}"


def _snapshot(employee: Employee | None) -> dict[str, str]:
    """The employee as the SKP document prints them (what submitting a plan records)."""
    if employee is None:
        return {}
    return {
        "name": employee.name,
        "nip": employee.nip,
        "rank": employee.rank,
        "position": employee.position.name,
        "position_kind": employee.position.kind,
        "unit": employee.unit.name,
    }


def _achievement(indicator: ResultIndicator, value: Decimal | None) -> Decimal | None:
    if value is None or indicator.target_min is None:
        return None
    return iki_achievement(
        value, indicator.target_min, indicator.target_max, lower_is_better=indicator.lower_is_better
    )


def _weakest(entries: Sequence[_Realised]) -> Decimal:
    """The lowest achievement among an RHK's IKI in a period; 100 when nothing was
    measured."""
    return min((e.achievement for e in entries if e.achievement is not None), default=Decimal(100))


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"))


def _number(value: Decimal) -> str:
    """Indonesian notation: a decimal comma, no trailing zeros."""
    return f"{value.normalize():f}".replace(".", ",")


def _token(rng: random.Random) -> str:
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(12))


def _file_name(title: str, extension: str) -> str:
    words = "".join(char if char.isalnum() else " " for char in title.lower()).split()
    return f"{'-'.join(words)}.{extension}"


def _report_lines(title: str, employee: Employee, entry: _Realised) -> list[str]:
    indicator = entry.indicator.row
    value = "-" if entry.row.value is None else _number(entry.row.value)
    target = "-" if indicator.target_min is None else _number(indicator.target_min)
    if indicator.target_max is not None:
        target = f"{target} - {_number(indicator.target_max)}"
    return [
        title,
        "Pemerintah Kota Pekanbaru - Kecamatan Binawidya",
        "",
        f"Nama: {employee.name}",
        f"NIP: {employee.nip}",
        f"Jabatan: {employee.position.name}",
        "",
        *textwrap.wrap(f"IKI: {indicator.text}", 88),
        f"Target: {target} {indicator.unit}".rstrip(),
        f"Realisasi {period_label(entry.period)}: {value} {indicator.unit}".rstrip(),
    ]


def _pdf(lines: Sequence[str]) -> bytes:
    """A one-page A4 PDF with ``lines`` of text in Helvetica: tiny, but a real PDF that
    viewers open and the upload's content check accepts."""

    def literal(text: str) -> bytes:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("cp1252", errors="replace") + b")"

    content = b"BT /F1 14 Tf 16 TL 56 780 Td " + literal(lines[0]) + b" Tj /F1 10 Tf"
    content += b"".join(b" T* " + literal(line) + b" Tj" for line in lines[1:]) + b" ET"
    objects = (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png(width: int, height: int, rng: random.Random) -> bytes:
    """A small RGB PNG standing in for a field photo: sky, a row of buildings, a verge
    and a road."""
    horizon = height * 3 // 5
    buildings = []
    left = 0
    while left < width:
        span = rng.randint(12, 30)
        buildings.append((left, left + span, horizon - rng.randint(10, horizon - 10)))
        left += span + rng.randint(2, 6)
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # each scanline starts with its filter type (none)
        for x in range(width):
            if y >= horizon:
                pixel = (90, 90, 95) if y > horizon + 8 else (60, 130, 60)
            else:
                pixel = (135 + y // 3, 180 + y // 4, 235)
                for start, end, top in buildings:
                    if start <= x < end and y >= top:
                        shade = 150 + (start * 7) % 80
                        pixel = (shade, shade - 30, shade - 60)
                        break
            raw += bytes(pixel)

    def chunk(tag: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )
