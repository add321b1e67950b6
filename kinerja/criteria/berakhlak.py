"""The ASN core values BerAKHLAK and their three indicators each, as the SKP format of
PermenPANRB 6/2022 lists them (values from the ASN core-values policy, SE MenPANRB 20/2021).

Pure data: every new criteria version starts its behaviour side from these rows, and the
SKP (``plans``) lists the same seven values.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CoreValue:
    code: str
    name: str
    indicators: tuple[str, str, str]


CORE_VALUES: tuple[CoreValue, ...] = (
    CoreValue(
        "BERORIENTASI_PELAYANAN",
        "Berorientasi Pelayanan",
        (
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ),
    ),
    CoreValue(
        "AKUNTABEL",
        "Akuntabel",
        (
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan"
            " berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif,"
            " dan efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ),
    ),
    CoreValue(
        "KOMPETEN",
        "Kompeten",
        (
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ),
    ),
    CoreValue(
        "HARMONIS",
        "Harmonis",
        (
            "Menghargai setiap orang apa pun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ),
    ),
    CoreValue(
        "LOYAL",
        "Loyal",
        (
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia"
            " Tahun 1945, setia kepada NKRI serta pemerintahan yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ),
    ),
    CoreValue(
        "ADAPTIF",
        "Adaptif",
        (
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ),
    ),
    CoreValue(
        "KOLABORATIF",
        "Kolaboratif",
        (
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ),
    ),
)

# Rubric levels a supervisor uses for a behaviour indicator (1 = far below, 5 = far above
# what the indicator describes); the default curve puts the target at level 3.
BEHAVIOUR_LEVELS: tuple[tuple[int, str], ...] = (
    (1, "Belum menunjukkan perilaku ini"),
    (2, "Kadang-kadang menunjukkan perilaku ini, perlu banyak arahan"),
    (3, "Konsisten menunjukkan perilaku ini sesuai harapan"),
    (4, "Menunjukkan perilaku ini melampaui harapan dan menjadi contoh di unitnya"),
    (5, "Menjadi teladan dan menggerakkan orang lain di seluruh kantor"),
)


def indicator_code(value: CoreValue, index: int) -> str:
    """``AKUNTABEL_B``: the stable code of a value's indicator (index 0, 1, 2)."""
    return f"{value.code}_{'ABC'[index]}"
