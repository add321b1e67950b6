"""The synthetic city that ``generate_dataset`` writes out, described as data.

Pemerintah Kota Bandar Seri is fictional: the Sekda at the root; kecamatan (with their
kelurahan) alternating with the dinas and badan of a typical kota; then schools and
puskesmas without end, so that any number of employees fits. Each unit lists its
posts (``Slot``) and, for the units with a front desk, its service catalogue.

Pure: no Django. Kinds are spelled as the import format wants them (the values of
``OrgUnit.Kind`` and ``Position.Kind``).
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass

from kinerja.demo.names import DOCTOR, GENERAL, HEALTH, MIDWIFE, NURSE, PAMONG, TEACHER, Titles

CITY = "Bandar Seri"

# Jenis jabatan and satuan waktu as the import format spells them.
JPT_PRATAMA, ADMINISTRATOR, PENGAWAS, PELAKSANA, FUNGSIONAL = (
    "JPT_PRATAMA",
    "ADMINISTRATOR",
    "PENGAWAS",
    "PELAKSANA",
    "FUNGSIONAL",
)
JAM_KERJA, HARI_KERJA = "JAM_KERJA", "HARI_KERJA"


@dataclass(frozen=True, slots=True)
class Service:
    code: str
    name: str
    standard: int
    unit: str  # JAM_KERJA or HARI_KERJA
    weight: int  # how often it is asked for, relative to the others of its catalogue


# Service catalogues. Codes are short so that "<unit code>-<service code>" stays short.
KECAMATAN_SERVICES = (
    Service("DOMISILI", "Surat Keterangan Domisili", 4, JAM_KERJA, 30),
    Service("SKTM", "Surat Keterangan Tidak Mampu", 4, JAM_KERJA, 25),
    Service("KTP", "Pengantar Perekaman KTP-el", 2, JAM_KERJA, 25),
    Service("KK", "Pengantar Penerbitan Kartu Keluarga", 2, JAM_KERJA, 20),
    Service("LEGALISASI", "Legalisasi Dokumen", 2, JAM_KERJA, 20),
    Service("DOMUSAHA", "Surat Keterangan Domisili Usaha", 1, HARI_KERJA, 15),
    Service("SKCK", "Pengantar Surat Keterangan Catatan Kepolisian", 2, JAM_KERJA, 12),
    Service("PINDAH", "Surat Keterangan Pindah", 1, HARI_KERJA, 10),
    Service("AKTALAHIR", "Pengantar Akta Kelahiran", 2, JAM_KERJA, 10),
    Service("AKTAMATI", "Pengantar Akta Kematian", 2, JAM_KERJA, 5),
    Service("IUMK", "Izin Usaha Mikro dan Kecil", 3, HARI_KERJA, 8),
    Service("AHLIWARIS", "Surat Keterangan Ahli Waris", 5, HARI_KERJA, 6),
    Service("SKGR", "Registrasi Surat Keterangan Ganti Rugi", 10, HARI_KERJA, 5),
    Service("REKNIKAH", "Rekomendasi Nikah", 1, HARI_KERJA, 6),
    Service("DISPNIKAH", "Dispensasi Nikah", 2, HARI_KERJA, 2),
    Service("KERAMAIAN", "Rekomendasi Izin Keramaian", 2, HARI_KERJA, 4),
    Service("BANSOS", "Rekomendasi Bantuan Sosial", 3, HARI_KERJA, 5),
    Service("PROPOSAL", "Rekomendasi Proposal Kegiatan Masyarakat", 5, HARI_KERJA, 3),
    Service("REKLAME", "Rekomendasi Izin Reklame", 3, HARI_KERJA, 2),
    Service("PBG", "Rekomendasi Persetujuan Bangunan Gedung", 5, HARI_KERJA, 2),
)
KELURAHAN_SERVICES = (
    Service("DOMISILI", "Surat Keterangan Domisili", 2, JAM_KERJA, 30),
    Service("SKTM", "Surat Keterangan Tidak Mampu", 2, JAM_KERJA, 25),
    Service("PENGKTP", "Pengantar KTP-el", 1, JAM_KERJA, 25),
    Service("PENGKK", "Pengantar Kartu Keluarga", 1, JAM_KERJA, 20),
    Service("USAHA", "Surat Keterangan Usaha", 4, JAM_KERJA, 15),
    Service("BLMNIKAH", "Surat Keterangan Belum Menikah", 2, JAM_KERJA, 8),
    Service("NIKAH", "Surat Pengantar Nikah", 1, HARI_KERJA, 8),
    Service("LAHIR", "Surat Keterangan Kelahiran", 2, JAM_KERJA, 10),
    Service("KEMATIAN", "Surat Keterangan Kematian", 2, JAM_KERJA, 6),
    Service("PINDAH", "Surat Keterangan Pindah Datang", 1, HARI_KERJA, 8),
    Service("AHLIWARIS", "Surat Keterangan Ahli Waris", 3, HARI_KERJA, 5),
    Service("SKGR", "Surat Keterangan Ganti Rugi", 5, HARI_KERJA, 5),
    Service("PENGHASILAN", "Surat Keterangan Penghasilan", 2, JAM_KERJA, 8),
    Service("JANDA", "Surat Keterangan Janda/Duda", 2, JAM_KERJA, 3),
    Service("KEHILANGAN", "Surat Keterangan Kehilangan", 2, JAM_KERJA, 5),
    Service("SKCK", "Pengantar Surat Keterangan Catatan Kepolisian", 1, JAM_KERJA, 12),
    Service("BEDANAMA", "Surat Keterangan Beda Nama", 2, JAM_KERJA, 4),
    Service("BANSOS", "Rekomendasi Bantuan Sosial", 2, HARI_KERJA, 5),
    Service("LEGALISASI", "Legalisasi Dokumen", 1, JAM_KERJA, 10),
    Service("TANAH", "Surat Keterangan Riwayat Tanah", 5, HARI_KERJA, 3),
)
REGISTRATION_SERVICES = (
    Service("KTPEL", "Penerbitan KTP-el", 1, HARI_KERJA, 30),
    Service("KK", "Penerbitan Kartu Keluarga", 1, HARI_KERJA, 25),
    Service("KIA", "Penerbitan Kartu Identitas Anak", 1, HARI_KERJA, 10),
    Service("PINDAH", "Surat Keterangan Pindah (SKPWNI)", 1, HARI_KERJA, 10),
    Service("PERUBAHAN", "Perubahan Elemen Data Kependudukan", 2, HARI_KERJA, 8),
    Service("LEGALISIR", "Legalisasi Dokumen Kependudukan", 4, JAM_KERJA, 8),
)
CIVIL_RECORD_SERVICES = (
    Service("LAHIR", "Akta Kelahiran", 1, HARI_KERJA, 30),
    Service("MATI", "Akta Kematian", 1, HARI_KERJA, 10),
    Service("KAWIN", "Akta Perkawinan", 3, HARI_KERJA, 8),
    Service("CERAI", "Akta Perceraian", 3, HARI_KERJA, 3),
    Service("ANAK", "Pengakuan dan Pengesahan Anak", 5, HARI_KERJA, 2),
)
PERMIT_SERVICES = (
    Service("NIB", "Pendampingan Nomor Induk Berusaha", 2, JAM_KERJA, 30),
    Service("PBG", "Persetujuan Bangunan Gedung", 28, HARI_KERJA, 8),
    Service("REKLAME", "Izin Penyelenggaraan Reklame", 5, HARI_KERJA, 10),
    Service("SIP", "Surat Izin Praktik Tenaga Kesehatan", 5, HARI_KERJA, 12),
    Service("SLF", "Sertifikat Laik Fungsi", 14, HARI_KERJA, 4),
    Service("TDUP", "Tanda Daftar Usaha Pariwisata", 3, HARI_KERJA, 6),
    Service("PARKIR", "Izin Penyelenggaraan Parkir", 5, HARI_KERJA, 4),
)

HEALTH_CENTRE_SERVICES = (
    Service("DAFTAR", "Pendaftaran Pasien Rawat Jalan", 1, JAM_KERJA, 40),
    Service("SKSEHAT", "Surat Keterangan Sehat", 2, JAM_KERJA, 15),
    Service("RUJUKAN", "Surat Rujukan", 1, JAM_KERJA, 20),
    Service("RESUME", "Ringkasan Rekam Medis", 1, HARI_KERJA, 4),
    Service("SKMATI", "Surat Keterangan Kematian", 2, JAM_KERJA, 2),
)
SCHOOL_SERVICES = (
    Service("LEGALISIR", "Legalisasi Ijazah", 1, HARI_KERJA, 30),
    Service("AKTIF", "Surat Keterangan Aktif Sekolah", 4, JAM_KERJA, 30),
    Service("PINDAH", "Surat Keterangan Pindah Sekolah", 2, HARI_KERJA, 10),
    Service("MUTASI", "Penerimaan Siswa Mutasi", 3, HARI_KERJA, 5),
)


@dataclass(frozen=True, slots=True)
class Slot:
    """A jabatan in a unit. ``count`` is a range drawn per unit; ``pppk_share`` of the
    holders are PPPK. Non-heads report round-robin to the holders of ``reports_to``
    (titles of earlier slots in the unit), else to the unit head."""

    title: str
    kind: str
    golongan: tuple[str, ...]
    count: tuple[int, int] = (1, 1)
    heads_unit: bool = False
    pppk_share: float = 0.0
    pppk_golongan: tuple[str, ...] = ("IX",)
    reports_to: tuple[str, ...] = ()
    front_desk: bool = False
    titles: Titles = GENERAL


@dataclass(frozen=True, slots=True)
class UnitPlan:
    code: str
    name: str
    kind: str
    parent: str | None
    slots: tuple[Slot, ...]
    services: tuple[Service, ...] = ()


@dataclass(frozen=True, slots=True)
class Opd:
    """A dinas or badan: its code, name, kind, bidang, and the functional post its
    bidang staff mostly hold. ``service_bidang`` maps a bidang to its front desk's
    catalogue."""

    code: str
    name: str
    kind: str
    bidang: tuple[str, ...]
    functional: str
    service_bidang: tuple[tuple[str, tuple[Service, ...]], ...] = ()


OPDS = (
    Opd(
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "DINAS",
        (
            "Bidang Pelayanan Pendaftaran Penduduk",
            "Bidang Pelayanan Pencatatan Sipil",
            "Bidang Pengelolaan Informasi Administrasi Kependudukan",
        ),
        "Administrator Database Kependudukan",
        service_bidang=(
            ("Bidang Pelayanan Pendaftaran Penduduk", REGISTRATION_SERVICES),
            ("Bidang Pelayanan Pencatatan Sipil", CIVIL_RECORD_SERVICES),
        ),
    ),
    Opd(
        "DISDIK",
        "Dinas Pendidikan",
        "DINAS",
        (
            "Bidang Pembinaan Sekolah Dasar",
            "Bidang Pembinaan Sekolah Menengah Pertama",
            "Bidang Pendidikan Anak Usia Dini dan Nonformal",
            "Bidang Guru dan Tenaga Kependidikan",
        ),
        "Pengembang Teknologi Pembelajaran",
    ),
    Opd(
        "DINKES",
        "Dinas Kesehatan",
        "DINAS",
        (
            "Bidang Kesehatan Masyarakat",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "Bidang Pelayanan dan Sumber Daya Kesehatan",
        ),
        "Administrator Kesehatan",
    ),
    Opd(
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DINAS",
        (
            "Bidang Pelayanan Perizinan dan Nonperizinan",
            "Bidang Promosi dan Pengembangan Iklim Penanaman Modal",
            "Bidang Pengaduan, Kebijakan dan Pelaporan Layanan",
        ),
        "Penata Perizinan",
        service_bidang=(("Bidang Pelayanan Perizinan dan Nonperizinan", PERMIT_SERVICES),),
    ),
    Opd(
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BADAN",
        (
            "Bidang Pengadaan, Pemberhentian dan Informasi",
            "Bidang Mutasi dan Promosi",
            "Bidang Pengembangan Kompetensi Aparatur",
            "Bidang Penilaian Kinerja Aparatur dan Penghargaan",
        ),
        "Analis Sumber Daya Manusia Aparatur",
    ),
    Opd(
        "BAPPEDA",
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        "BADAN",
        (
            "Bidang Perencanaan, Pengendalian dan Evaluasi",
            "Bidang Pemerintahan dan Pembangunan Manusia",
            "Bidang Perekonomian, Infrastruktur dan Kewilayahan",
            "Bidang Riset dan Inovasi",
        ),
        "Perencana",
    ),
    Opd(
        "PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "DINAS",
        (
            "Bidang Bina Marga",
            "Bidang Sumber Daya Air",
            "Bidang Penataan Ruang",
            "Bidang Bina Konstruksi",
        ),
        "Teknik Jalan dan Jembatan",
    ),
    Opd(
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BADAN",
        ("Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Akuntansi", "Bidang Aset"),
        "Analis Keuangan Pusat dan Daerah",
    ),
    Opd(
        "DINSOS",
        "Dinas Sosial",
        "DINAS",
        (
            "Bidang Rehabilitasi Sosial",
            "Bidang Perlindungan dan Jaminan Sosial",
            "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin",
        ),
        "Pekerja Sosial",
    ),
    Opd(
        "DLHK",
        "Dinas Lingkungan Hidup dan Kebersihan",
        "DINAS",
        (
            "Bidang Tata Lingkungan",
            "Bidang Pengelolaan Sampah",
            "Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan",
        ),
        "Pengendali Dampak Lingkungan",
    ),
    Opd(
        "DISHUB",
        "Dinas Perhubungan",
        "DINAS",
        (
            "Bidang Lalu Lintas",
            "Bidang Angkutan",
            "Bidang Perparkiran",
            "Bidang Sarana dan Prasarana",
        ),
        "Penguji Kendaraan Bermotor",
    ),
    Opd(
        "DISKOMINFO",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "DINAS",
        (
            "Bidang Informasi dan Komunikasi Publik",
            "Bidang Aplikasi Informatika",
            "Bidang Statistik dan Persandian",
        ),
        "Pranata Komputer",
    ),
    Opd(
        "BAPENDA",
        "Badan Pendapatan Daerah",
        "BADAN",
        ("Bidang Pajak Daerah", "Bidang Retribusi", "Bidang Pengendalian dan Evaluasi Pendapatan"),
        "Analis Keuangan Pusat dan Daerah",
    ),
    Opd(
        "DISPERINDAG",
        "Dinas Perdagangan dan Perindustrian",
        "DINAS",
        ("Bidang Perdagangan", "Bidang Pengelolaan Pasar", "Bidang Perindustrian"),
        "Pengawas Perdagangan",
    ),
    Opd(
        "DISNAKER",
        "Dinas Tenaga Kerja",
        "DINAS",
        ("Bidang Penempatan dan Pelatihan Tenaga Kerja", "Bidang Hubungan Industrial"),
        "Mediator Hubungan Industrial",
    ),
    Opd(
        "DKPP",
        "Dinas Ketahanan Pangan dan Pertanian",
        "DINAS",
        ("Bidang Ketahanan Pangan", "Bidang Pertanian", "Bidang Peternakan dan Kesehatan Hewan"),
        "Penyuluh Pertanian",
    ),
    Opd(
        "DISPUSIP",
        "Dinas Perpustakaan dan Kearsipan",
        "DINAS",
        ("Bidang Perpustakaan", "Bidang Kearsipan"),
        "Pustakawan",
    ),
    Opd(
        "DAMKAR",
        "Dinas Pemadam Kebakaran dan Penyelamatan",
        "DINAS",
        ("Bidang Operasi dan Penyelamatan", "Bidang Pencegahan Kebakaran"),
        "Analis Kebakaran",
    ),
    Opd(
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "BADAN",
        (
            "Bidang Pencegahan dan Kesiapsiagaan",
            "Bidang Kedaruratan dan Logistik",
            "Bidang Rehabilitasi dan Rekonstruksi",
        ),
        "Analis Bencana",
    ),
    Opd(
        "DP3AP2KB",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk "
        "dan Keluarga Berencana",
        "DINAS",
        (
            "Bidang Perlindungan Perempuan dan Anak",
            "Bidang Pengendalian Penduduk dan Keluarga Berencana",
        ),
        "Penyuluh Keluarga Berencana",
    ),
)

SETDA_BAGIAN = (
    "Bagian Tata Pemerintahan",
    "Bagian Hukum",
    "Bagian Organisasi",
    "Bagian Kesejahteraan Rakyat",
    "Bagian Perekonomian dan Sumber Daya Alam",
    "Bagian Pengadaan Barang dan Jasa",
    "Bagian Umum",
    "Bagian Protokol dan Komunikasi Pimpinan",
)

# Fictional place names for kecamatan and kelurahan, Malay in shape.
PLACE_FIRST = (
    "Bukit",
    "Sungai",
    "Tanjung",
    "Teluk",
    "Padang",
    "Rantau",
    "Simpang",
    "Koto",
    "Labuh",
    "Pulau",
    "Air",
    "Kampung",
)
PLACE_SECOND = (
    "Jaya",
    "Indah",
    "Permai",
    "Makmur",
    "Sejahtera",
    "Harapan",
    "Damai",
    "Baru",
    "Mulia",
    "Sentosa",
    "Lestari",
    "Melati",
    "Kenanga",
    "Cempaka",
    "Seroja",
    "Tualang",
)
KECAMATAN_COUNT = 12
KELURAHAN_PER_KECAMATAN = (4, 8)
# After the first kecamatan, one kecamatan follows every two dinas or badan.
OPDS_PER_KECAMATAN = 2
SCHOOLS_PER_PUSKESMAS = 5
SMP_EVERY = 4  # every fourth school is a junior secondary school


def _kecamatan_units(rng: random.Random, number: int, places: Iterator[str]) -> Iterator[UnitPlan]:
    code = f"KEC{number:02d}"
    name = next(places)
    kasi = ("III/c", "III/d")
    yield UnitPlan(
        code,
        f"Kecamatan {name}",
        "KECAMATAN",
        "KOTA",
        (
            Slot("Camat", ADMINISTRATOR, ("IV/a", "IV/b"), heads_unit=True, titles=PAMONG),
            Slot("Analis Kebijakan Ahli Muda", FUNGSIONAL, ("III/c", "III/d"), count=(0, 1)),
        ),
    )
    yield UnitPlan(
        f"{code}-SEK",
        f"Sekretariat Kecamatan {name}",
        "SEKRETARIAT",
        code,
        (
            Slot(
                "Sekretaris Kecamatan",
                ADMINISTRATOR,
                ("III/d", "IV/a"),
                heads_unit=True,
                titles=PAMONG,
            ),
            Slot("Kepala Subbagian Umum dan Kepegawaian", PENGAWAS, kasi),
            Slot("Kepala Subbagian Perencanaan dan Keuangan", PENGAWAS, kasi),
            Slot(
                "Pengelola Kepegawaian",
                PELAKSANA,
                ("II/d", "III/a", "III/b"),
                count=(1, 2),
                reports_to=("Kepala Subbagian Umum dan Kepegawaian",),
            ),
            Slot(
                "Pengadministrasi Perkantoran",
                PELAKSANA,
                ("II/a", "II/b", "II/c", "II/d"),
                count=(1, 3),
                pppk_share=0.3,
                pppk_golongan=("V",),
                reports_to=("Kepala Subbagian Umum dan Kepegawaian",),
            ),
            Slot(
                "Pengelola Keuangan",
                PELAKSANA,
                ("II/d", "III/a", "III/b"),
                count=(1, 2),
                reports_to=("Kepala Subbagian Perencanaan dan Keuangan",),
            ),
        ),
    )
    sections = (
        ("PEM", "Seksi Pemerintahan", "Pengadministrasi Pemerintahan"),
        (
            "TRANTIB",
            "Seksi Ketenteraman dan Ketertiban Umum",
            "Pengelola Ketenteraman dan Ketertiban",
        ),
        ("PMD", "Seksi Pemberdayaan Masyarakat", "Fasilitator Pemberdayaan Masyarakat"),
        ("KESOS", "Seksi Kesejahteraan Sosial", "Pengelola Data Kesejahteraan Sosial"),
    )
    for suffix, section, staff in sections:
        yield UnitPlan(
            f"{code}-{suffix}",
            f"{section} Kecamatan {name}",
            "SEKSI",
            code,
            (
                Slot(f"Kepala {section}", PENGAWAS, kasi, heads_unit=True, titles=PAMONG),
                Slot(
                    staff,
                    PELAKSANA,
                    ("II/b", "II/c", "II/d", "III/a"),
                    count=(2, 5),
                    pppk_share=0.2,
                ),
            ),
        )
    yield UnitPlan(
        f"{code}-PELAYANAN",
        f"Seksi Pelayanan Umum Kecamatan {name}",
        "SEKSI",
        code,
        (
            Slot("Kepala Seksi Pelayanan Umum", PENGAWAS, kasi, heads_unit=True, titles=PAMONG),
            Slot(
                "Pengelola Layanan Administrasi Terpadu",
                PELAKSANA,
                ("II/c", "II/d", "III/a", "III/b"),
                count=(3, 7),
                pppk_share=0.3,
                front_desk=True,
            ),
        ),
        services=KECAMATAN_SERVICES,
    )
    for index in range(1, rng.randint(*KELURAHAN_PER_KECAMATAN) + 1):
        yield _kelurahan_unit(f"{code}-KEL{index:02d}", next(places), code)


def _kelurahan_unit(code: str, name: str, parent: str) -> UnitPlan:
    # The kelurahan's seksi are posts here, not sub-units: a kelurahan of fifteen people
    # split into four units would make the unit tree mostly one-person units.
    kasi = ("III/b", "III/c", "III/d")
    staff = ("II/b", "II/c", "II/d", "III/a")
    sections = (
        ("Kepala Seksi Pemerintahan", "Pengadministrasi Pemerintahan", False),
        (
            "Kepala Seksi Ketenteraman dan Ketertiban",
            "Pengelola Ketenteraman dan Ketertiban",
            False,
        ),
        (
            "Kepala Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
            "Fasilitator Pemberdayaan Masyarakat",
            False,
        ),
        ("Kepala Seksi Pelayanan Umum", "Pengelola Layanan Kelurahan", True),
    )
    return UnitPlan(
        code,
        f"Kelurahan {name}",
        "KELURAHAN",
        parent,
        (
            Slot("Lurah", PENGAWAS, ("III/d", "IV/a"), heads_unit=True, titles=PAMONG),
            Slot("Sekretaris Kelurahan", PENGAWAS, kasi, titles=PAMONG),
            *(Slot(head, PENGAWAS, kasi) for head, _staff, _desk in sections),
            Slot(
                "Pengadministrasi Umum",
                PELAKSANA,
                staff,
                count=(1, 2),
                pppk_share=0.3,
                pppk_golongan=("V", "VII"),
                reports_to=("Sekretaris Kelurahan",),
            ),
            *(
                Slot(
                    title,
                    PELAKSANA,
                    staff,
                    count=(2, 5) if desk else (1, 2),
                    pppk_share=0.3,
                    pppk_golongan=("VII", "IX"),
                    reports_to=(head,),
                    front_desk=desk,
                )
                for head, title, desk in sections
            ),
        ),
        services=KELURAHAN_SERVICES,
    )


def _opd_units(opd: Opd) -> Iterator[UnitPlan]:
    kind_word = "Badan" if opd.kind == "BADAN" else "Dinas"
    yield UnitPlan(
        opd.code,
        opd.name,
        opd.kind,
        "KOTA",
        (Slot(f"Kepala {kind_word}", JPT_PRATAMA, ("IV/b", "IV/c"), heads_unit=True),),
    )
    kasubbag = ("III/c", "III/d")
    yield UnitPlan(
        f"{opd.code}-SEK",
        f"Sekretariat {opd.name}",
        "SEKRETARIAT",
        opd.code,
        (
            Slot(f"Sekretaris {kind_word}", ADMINISTRATOR, ("IV/a", "IV/b"), heads_unit=True),
            Slot("Kepala Subbagian Umum dan Kepegawaian", PENGAWAS, kasubbag),
            Slot("Kepala Subbagian Keuangan dan Aset", PENGAWAS, kasubbag),
            Slot("Perencana Ahli Muda", FUNGSIONAL, ("III/c", "III/d"), count=(0, 1)),
            Slot("Perencana Ahli Pertama", FUNGSIONAL, ("III/a", "III/b"), count=(0, 2)),
            Slot(
                "Pengadministrasi Perkantoran",
                PELAKSANA,
                ("II/a", "II/b", "II/c", "II/d"),
                count=(2, 4),
                pppk_share=0.3,
                pppk_golongan=("V",),
                reports_to=("Kepala Subbagian Umum dan Kepegawaian",),
            ),
            Slot(
                "Pengelola Kepegawaian",
                PELAKSANA,
                ("II/d", "III/a", "III/b"),
                count=(1, 2),
                reports_to=("Kepala Subbagian Umum dan Kepegawaian",),
            ),
            Slot(
                "Bendahara Pengeluaran",
                PELAKSANA,
                ("III/a", "III/b", "III/c"),
                reports_to=("Kepala Subbagian Keuangan dan Aset",),
            ),
            Slot(
                "Pengelola Keuangan",
                PELAKSANA,
                ("II/d", "III/a", "III/b"),
                count=(1, 3),
                reports_to=("Kepala Subbagian Keuangan dan Aset",),
            ),
            Slot(
                "Pranata Komputer Ahli Pertama",
                FUNGSIONAL,
                ("III/a", "III/b"),
                count=(0, 2),
                pppk_share=0.5,
            ),
        ),
    )
    services = dict(opd.service_bidang)
    for index, bidang in enumerate(opd.bidang, start=1):
        front_desk = bidang in services
        yield UnitPlan(
            f"{opd.code}-B{index}",
            bidang,
            "BIDANG",
            opd.code,
            (
                Slot(f"Kepala {bidang}", ADMINISTRATOR, ("IV/a", "IV/b"), heads_unit=True),
                Slot(f"{opd.functional} Ahli Madya", FUNGSIONAL, ("IV/a", "IV/b"), count=(0, 1)),
                Slot(f"{opd.functional} Ahli Muda", FUNGSIONAL, ("III/c", "III/d"), count=(1, 3)),
                Slot(
                    f"{opd.functional} Ahli Pertama",
                    FUNGSIONAL,
                    ("III/a", "III/b"),
                    count=(2, 6),
                    pppk_share=0.3,
                ),
                Slot(
                    "Pengelola Layanan Operasional" if front_desk else "Penata Layanan Operasional",
                    PELAKSANA,
                    ("II/c", "II/d", "III/a", "III/b", "III/c"),
                    count=(6, 14) if front_desk else (2, 8),
                    pppk_share=0.4,
                    front_desk=front_desk,
                ),
                Slot(
                    "Pengadministrasi Perkantoran",
                    PELAKSANA,
                    ("II/a", "II/b", "II/c", "II/d"),
                    count=(1, 3),
                    pppk_share=0.3,
                    pppk_golongan=("V",),
                ),
            ),
            services=services.get(bidang, ()),
        )


def _setda_units() -> Iterator[UnitPlan]:
    yield UnitPlan(
        "SETDA",
        "Sekretariat Daerah",
        "SEKRETARIAT",
        "KOTA",
        (
            Slot("Asisten Administrasi Umum", JPT_PRATAMA, ("IV/b", "IV/c"), heads_unit=True),
            Slot("Asisten Pemerintahan dan Kesejahteraan Rakyat", JPT_PRATAMA, ("IV/b", "IV/c")),
            Slot("Asisten Perekonomian dan Pembangunan", JPT_PRATAMA, ("IV/b", "IV/c")),
        ),
    )
    for index, bagian in enumerate(SETDA_BAGIAN, start=1):
        yield UnitPlan(
            f"SETDA-B{index:02d}",
            bagian,
            "BAGIAN",
            "SETDA",
            (
                Slot(f"Kepala {bagian}", ADMINISTRATOR, ("IV/a", "IV/b"), heads_unit=True),
                Slot("Analis Kebijakan Ahli Muda", FUNGSIONAL, ("III/c", "III/d"), count=(1, 3)),
                Slot(
                    "Analis Kebijakan Ahli Pertama",
                    FUNGSIONAL,
                    ("III/a", "III/b"),
                    count=(1, 4),
                    pppk_share=0.3,
                ),
                Slot(
                    "Penata Layanan Operasional",
                    PELAKSANA,
                    ("II/c", "II/d", "III/a", "III/b"),
                    count=(2, 6),
                    pppk_share=0.3,
                ),
            ),
        )


def _school(number: int) -> UnitPlan:
    junior = number % SMP_EVERY == 0
    level = "SMP" if junior else "SD"
    return UnitPlan(
        f"DISDIK-{level}{number:04d}",
        f"UPT {level} Negeri {number:03d} {CITY}",
        "UPT",
        "DISDIK",
        (
            Slot("Kepala Sekolah", FUNGSIONAL, ("IV/a", "IV/b"), heads_unit=True, titles=TEACHER),
            Slot(
                "Guru Ahli Madya",
                FUNGSIONAL,
                ("IV/a", "IV/b", "IV/c"),
                count=(1, 4),
                titles=TEACHER,
            ),
            Slot("Guru Ahli Muda", FUNGSIONAL, ("III/c", "III/d"), count=(3, 8), titles=TEACHER),
            Slot(
                "Guru Ahli Pertama",
                FUNGSIONAL,
                ("III/a", "III/b"),
                count=(10, 22) if junior else (8, 18),
                pppk_share=0.55,
                titles=TEACHER,
            ),
            Slot(
                "Pengadministrasi Perkantoran",
                PELAKSANA,
                ("II/a", "II/b", "II/c", "II/d"),
                count=(1, 3),
                pppk_share=0.3,
                pppk_golongan=("V",),
                front_desk=True,
            ),
        ),
        services=SCHOOL_SERVICES,
    )


def _puskesmas(number: int) -> UnitPlan:
    return UnitPlan(
        f"DINKES-PKM{number:03d}",
        f"UPT Puskesmas {number:03d} {CITY}",
        "UPT",
        "DINKES",
        (
            Slot(
                "Kepala UPT Puskesmas", PENGAWAS, ("III/d", "IV/a"), heads_unit=True, titles=HEALTH
            ),
            Slot("Dokter Ahli Muda", FUNGSIONAL, ("III/c", "III/d"), count=(0, 2), titles=DOCTOR),
            Slot(
                "Dokter Ahli Pertama",
                FUNGSIONAL,
                ("III/b",),
                count=(1, 3),
                pppk_share=0.2,
                titles=DOCTOR,
            ),
            Slot(
                "Perawat Ahli Pertama", FUNGSIONAL, ("III/a", "III/b"), count=(1, 4), titles=NURSE
            ),
            Slot(
                "Perawat Terampil",
                FUNGSIONAL,
                ("II/c", "II/d", "III/a", "III/b"),
                count=(3, 8),
                pppk_share=0.5,
                pppk_golongan=("VII",),
                titles=NURSE,
            ),
            Slot(
                "Bidan Terampil",
                FUNGSIONAL,
                ("II/c", "II/d", "III/a", "III/b"),
                count=(3, 8),
                pppk_share=0.5,
                pppk_golongan=("VII",),
                titles=MIDWIFE,
            ),
            Slot("Apoteker Ahli Pertama", FUNGSIONAL, ("III/b",), count=(0, 1), titles=HEALTH),
            Slot(
                "Tenaga Teknis Kefarmasian Terampil",
                FUNGSIONAL,
                ("II/c", "II/d"),
                count=(1, 2),
                titles=HEALTH,
            ),
            Slot(
                "Pranata Laboratorium Kesehatan Terampil",
                FUNGSIONAL,
                ("II/c", "II/d", "III/a"),
                count=(1, 2),
                titles=HEALTH,
            ),
            Slot(
                "Perekam Medis Terampil",
                FUNGSIONAL,
                ("II/c", "II/d", "III/a"),
                count=(1, 3),
                pppk_share=0.4,
                pppk_golongan=("VII",),
                front_desk=True,
                titles=HEALTH,
            ),
            Slot("Nutrisionis Terampil", FUNGSIONAL, ("II/c", "II/d", "III/a"), titles=HEALTH),
            Slot("Sanitarian Terampil", FUNGSIONAL, ("II/c", "II/d", "III/a"), titles=HEALTH),
            Slot(
                "Pengadministrasi Perkantoran",
                PELAKSANA,
                ("II/a", "II/b", "II/c", "II/d"),
                count=(1, 3),
                pppk_share=0.3,
                pppk_golongan=("V",),
            ),
        ),
        services=HEALTH_CENTRE_SERVICES,
    )


def _place_names(rng: random.Random) -> Iterator[str]:
    names = [f"{first} {second}" for first in PLACE_FIRST for second in PLACE_SECOND]
    rng.shuffle(names)
    yield from names


def city_units(rng: random.Random) -> Iterator[UnitPlan]:
    """The city, parents before children, without end: after the fixed organisations
    come schools and puskesmas for as long as employees are wanted."""
    yield UnitPlan(
        "KOTA",
        f"Pemerintah Kota {CITY}",
        "PEMERINTAH_KOTA",
        None,
        # PP 30/2019: the Sekda appraises the heads of the city's agencies.
        (Slot("Sekretaris Daerah", JPT_PRATAMA, ("IV/c", "IV/d"), heads_unit=True),),
    )
    places = _place_names(rng)
    kecamatan_numbers = iter(range(1, KECAMATAN_COUNT + 1))
    # A kecamatan first (the product's home ground, so that even a small file has front
    # desks), then one after every OPDS_PER_KECAMATAN dinas or badan.
    yield from _kecamatan_units(rng, next(kecamatan_numbers), places)
    organisations = [_setda_units(), *(_opd_units(opd) for opd in OPDS)]
    for index, organisation in enumerate(organisations, start=1):
        yield from organisation
        if index % OPDS_PER_KECAMATAN == 0 and (number := next(kecamatan_numbers, None)):
            yield from _kecamatan_units(rng, number, places)
    for number in kecamatan_numbers:
        yield from _kecamatan_units(rng, number, places)
    number = 0
    while True:
        number += 1
        if number % (SCHOOLS_PER_PUSKESMAS + 1) == 0:
            yield _puskesmas(number // (SCHOOLS_PER_PUSKESMAS + 1))
        else:
            yield _school(number - number // (SCHOOLS_PER_PUSKESMAS + 1))
