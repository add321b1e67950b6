import re
import tracemalloc
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from kinerja.core.tabular import RowError, UnreadableFile, open_table

COLUMNS = ("kode", "nama", "induk_kode", "jenis")


def read(path: Path, *, columns=COLUMNS, text_columns=()):
    """(rows, problems as text) of a whole file."""
    with open_table(path, columns=columns, text_columns=text_columns) as table:
        rows = list(table.rows())
        return rows, [str(error) for error in table.errors]


def write(tmp_path: Path, content: str | bytes, name: str = "unit.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def write_xlsx(tmp_path: Path, rows, name: str = "unit.xlsx", *, extra_sheet=None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if extra_sheet is not None:
        workbook.create_sheet("Lain").append(extra_sheet)
    path = tmp_path / name
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (
            RowError(1, "nip", "kolom wajib ini tidak ada"),
            "row 1, column nip: kolom wajib ini tidak ada",
        ),
        (RowError(1234, "-", "berkas kosong"), "row 1234, column -: berkas kosong"),
    ],
)
def test_a_problem_reads_row_then_column_then_message(error, text):
    assert str(error) == text


def test_reads_a_comma_separated_file_with_rows_numbered_as_a_spreadsheet_shows_them(tmp_path):
    path = write(
        tmp_path,
        "kode,nama,induk_kode,jenis\r\n"
        "KEC, Kecamatan ,,KECAMATAN\r\n"
        "SEK,Sekretariat,KEC,SEKRETARIAT\r\n",
    )

    rows, problems = read(path)

    assert problems == []
    assert rows == [
        (2, {"kode": "KEC", "nama": "Kecamatan", "induk_kode": "", "jenis": "KECAMATAN"}),
        (3, {"kode": "SEK", "nama": "Sekretariat", "induk_kode": "KEC", "jenis": "SEKRETARIAT"}),
    ]


def test_reads_a_file_with_a_byte_order_mark(tmp_path):
    path = write(tmp_path, "\ufeffkode,nama,induk_kode,jenis\nKEC,Kecamatan,,KECAMATAN\n")

    rows, problems = read(path)

    assert problems == []
    assert rows[0][1]["kode"] == "KEC"


def test_sniffs_a_semicolon_delimiter_from_the_header(tmp_path):
    path = write(tmp_path, "kode;nama;induk_kode;jenis\nKEL;Kelurahan, Utara;KEC;KELURAHAN\n")

    rows, problems = read(path)

    assert problems == []
    assert rows == [
        (2, {"kode": "KEL", "nama": "Kelurahan, Utara", "induk_kode": "KEC", "jenis": "KELURAHAN"})
    ]


def test_skips_blank_lines_but_keeps_counting_them(tmp_path):
    path = write(tmp_path, "kode,nama,induk_kode,jenis\n\nA,Satu,,SEKSI\n,,,\n   \nB,Dua,,SEKSI\n")

    rows, _problems = read(path)

    assert [number for number, _values in rows] == [3, 6]


def test_a_quoted_value_spanning_lines_is_one_row(tmp_path):
    path = write(tmp_path, 'kode,nama,induk_kode,jenis\nA,"Satu\nbaris dua",,SEKSI\nB,Dua,,SEKSI\n')

    rows, _problems = read(path)

    assert rows[0] == (
        2,
        {"kode": "A", "nama": "Satu\nbaris dua", "induk_kode": "", "jenis": "SEKSI"},
    )
    assert rows[1][0] == 3


def test_column_names_ignore_case_surrounding_spaces_and_order(tmp_path):
    path = write(tmp_path, " JENIS ,Kode,nama,induk_kode\nSEKSI,A,Satu,\n")

    rows, problems = read(path)

    assert problems == []
    assert rows == [(2, {"kode": "A", "nama": "Satu", "induk_kode": "", "jenis": "SEKSI"})]


def test_reports_every_wrong_column_of_the_header_and_reads_no_row(tmp_path):
    path = write(tmp_path, "kode,nama,nama,induk,jenis\nA,Satu,Satu,,SEKSI\n")

    rows, problems = read(path)

    assert rows == []
    assert problems == [
        "row 1, column nama: kolom ini muncul dua kali (kolom ke-2 dan ke-3)",
        "row 1, column induk: kolom tidak dikenal; kolom yang benar adalah"
        " kode, nama, induk_kode, jenis",
        "row 1, column induk_kode: kolom wajib ini tidak ada",
    ]


@pytest.mark.parametrize("content", ["", "\n\n", "\ufeff"])
def test_an_empty_file_is_a_problem_on_row_1(tmp_path, content):
    rows, problems = read(write(tmp_path, content))

    assert rows == []
    assert problems == [
        "row 1, column -: berkas kosong: baris pertamanya harus berisi nama kolom"
        " kode, nama, induk_kode, jenis"
    ]


def test_a_header_without_data_rows_is_a_problem(tmp_path):
    rows, problems = read(write(tmp_path, "kode,nama,induk_kode,jenis\n\n"))

    assert rows == []
    assert problems == [
        "row 2, column -: berkas berisi nama kolom tetapi tidak memiliki baris data"
    ]


def test_a_file_that_is_not_utf8_stops_at_the_row_holding_the_bad_byte(tmp_path):
    path = write(
        tmp_path, b"kode,nama,induk_kode,jenis\nA,Satu,,SEKSI\nB,Dua \xe9,,SEKSI\nC,Tiga,,SEKSI\n"
    )

    rows, problems = read(path)

    assert [number for number, _values in rows] == [2]
    assert problems == [
        "row 3, column -: berkas bukan teks UTF-8: simpan ulang sebagai “CSV UTF-8”"
    ]


def test_a_row_with_more_values_than_columns_is_a_problem(tmp_path):
    path = write(tmp_path, "kode,nama,induk_kode,jenis\nA,Satu,,SEKSI,lebih\n")

    _rows, problems = read(path)

    assert problems == [
        "row 2, column -: baris ini berisi lebih banyak nilai daripada jumlah kolom pada judul"
        " (periksa koma atau titik koma yang berlebih)"
    ]


def test_a_nul_character_is_dropped(tmp_path):
    rows, _problems = read(write(tmp_path, "kode,nama,induk_kode,jenis\nA,Sa\x00tu,,SEKSI\n"))

    assert rows[0][1]["nama"] == "Satu"


@pytest.mark.parametrize("name", ["unit.txt", "unit.xls", "unit"])
def test_refuses_an_unsupported_file_type(tmp_path, name):
    path = write(tmp_path, "kode,nama,induk_kode,jenis\n", name=name)

    unsupported = re.escape("tidak didukung: unggah berkas .csv atau .xlsx")
    with pytest.raises(UnreadableFile, match=unsupported):
        open_table(path, columns=COLUMNS)


def test_refuses_a_file_named_xlsx_that_is_not_a_workbook(tmp_path):
    path = write(tmp_path, "kode,nama\n", name="unit.xlsx")

    with pytest.raises(UnreadableFile, match="bukan buku kerja Excel"):
        open_table(path, columns=COLUMNS)


def test_reads_the_first_sheet_of_a_workbook(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["kode", "nama", "induk_kode", "jenis"],
            ["KEC", " Kecamatan ", None, "KECAMATAN"],
            [None] * 4,
            ["SEK", "Sekretariat", "KEC", "SEKRETARIAT"],
        ],
        extra_sheet=["bukan", "ini"],
    )

    rows, problems = read(path)

    assert problems == []
    assert rows == [
        (2, {"kode": "KEC", "nama": "Kecamatan", "induk_kode": "", "jenis": "KECAMATAN"}),
        (4, {"kode": "SEK", "nama": "Sekretariat", "induk_kode": "KEC", "jenis": "SEKRETARIAT"}),
    ]


def test_turns_workbook_cells_into_text(tmp_path):
    columns = ("angka", "pecahan", "tanggal", "waktu", "jam", "benar")
    path = write_xlsx(
        tmp_path,
        [
            list(columns),
            [
                42.0,
                2.5,
                date(2026, 1, 5),
                datetime(2026, 1, 5, 8, 30),  # noqa: DTZ001 - Excel has no time zones
                time(16, 0),
                True,
            ],
        ],
    )

    rows, problems = read(path, columns=columns)

    assert problems == []
    assert rows == [
        (
            2,
            {
                "angka": "42",
                "pecahan": "2.5",
                "tanggal": "2026-01-05",
                "waktu": "2026-01-05T08:30:00",
                "jam": "16:00:00",
                "benar": "1",
            },
        )
    ]


def test_a_nip_stored_as_a_number_in_a_workbook_is_a_problem(tmp_path):
    columns = ("nip", "nama")
    path = write_xlsx(
        tmp_path, [list(columns), [198501012010011001, "Ani"], ["198501012010011002", "Budi"]]
    )

    rows, problems = read(path, columns=columns, text_columns=["nip"])

    assert len(rows) == 2
    assert problems == [
        "row 2, column nip: nilai disimpan sebagai angka, padahal Excel hanya menyimpan 15 digit"
        " sebuah angka: ubah format kolom menjadi Teks lalu ketik ulang nilainya"
    ]


def test_a_number_longer_than_excel_can_keep_is_a_problem_in_any_column(tmp_path):
    columns = ("nomor", "nama")
    path = write_xlsx(tmp_path, [list(columns), [1.98501012010011e17, "Ani"]])

    _rows, problems = read(path, columns=columns)

    assert problems == [
        "row 2, column nomor: angka 198501012010011008 lebih dari 15 digit sehingga tidak dapat"
        " disimpan Excel dengan tepat: ubah format kolom menjadi Teks lalu ketik ulang nilainya"
    ]


def test_a_workbook_with_a_wrong_header_is_reported_like_a_csv(tmp_path):
    path = write_xlsx(tmp_path, [["kode", "nama", "jenis"], ["A", "Satu", "SEKSI"]])

    _rows, problems = read(path)

    assert problems == ["row 1, column induk_kode: kolom wajib ini tidak ada"]


def _peak_while_reading(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        with open_table(path, columns=COLUMNS) as table:
            count = sum(1 for _row in table.rows())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak


def _big_csv(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / f"unit-{rows}.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("kode,nama,induk_kode,jenis\n")
        for number in range(rows):
            out.write(
                f"U{number:06d},Unit nomor {number} dengan nama yang cukup panjang,KEC,SEKSI\n"
            )
    return path


@pytest.mark.slow
def test_memory_does_not_grow_with_the_size_of_the_file(tmp_path):
    small, large = _big_csv(tmp_path, 5_000), _big_csv(tmp_path, 50_000)

    small_count, small_peak = _peak_while_reading(small)
    large_count, large_peak = _peak_while_reading(large)

    assert (small_count, large_count) == (5_000, 50_000)
    # Ten times the rows (3.8 MB of CSV) and the same memory: nothing is kept per row.
    assert large_peak < small_peak * 1.5 + 64 * 1024
    assert large_peak < large.stat().st_size / 20
