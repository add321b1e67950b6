"""The checks an evidence file passes before anything is stored: size, type read from the
content, agreement of the name's extension, and names with folders in them. No database.

The sample builders at the top are shared with the service and view tests."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.utils import translation
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.plans.uploads import (
    DISPLAY_NAME_MAX_LENGTH,
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    UploadRefused,
    check_upload,
    detect_kind,
    display_name,
    megabytes,
)

MB = 1024 * 1024
LIMIT = 10 * MB

# -- sample files --------------------------------------------------------------------------


def pdf_bytes(padding: int = 0) -> bytes:
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        + b"%" * padding
        + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + (
        b"\x00" * 32
    )


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32


def _ooxml(main_part: str, main_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
            '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>',
        )
        package.writestr("_rels/.rels", "<Relationships/>")
        package.writestr(main_part, "<document/>")
        for name, content in (extra or {}).items():
            package.writestr(name, content)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _ooxml(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    )


def docm_bytes() -> bytes:
    """A macro-enabled Word document: a zip much like a DOCX, with another main type."""
    return _ooxml(
        "word/document.xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        {"word/vbaProject.bin": b"\x00" * 64},
    )


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet["A1"] = "Realisasi"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("catatan.txt", "bukan dokumen office")
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/')</script></body></html>"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 120


def check(content: bytes, name: str, *, max_bytes: int = LIMIT):
    return check_upload(io.BytesIO(content), name=name, max_bytes=max_bytes)


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


# -- accepted files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (pdf_bytes(), "Notulen rapat.pdf", PDF),
        (png_bytes(), "foto-kegiatan.PNG", PNG),
        (jpeg_bytes(), "foto.jpg", JPEG),
        (jpeg_bytes(), "foto.jpeg", JPEG),
        (docx_bytes(), "laporan.docx", DOCX),
        (xlsx_bytes(), "rekap.xlsx", XLSX),
    ],
)
def test_accepts_the_allowed_types_by_their_content(content, name, kind):
    checked = check(content, name)

    assert checked.kind == kind
    assert checked.content_type == kind.content_type
    assert checked.display_name == name
    assert checked.size == len(content)


def test_the_stored_name_is_random_and_keeps_nothing_of_the_given_name():
    checked = check(pdf_bytes(), "Laporan Rahasia Camat.pdf")

    first, second = checked.stored_name(), checked.stored_name()

    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", first)
    assert first != second


def test_a_jpeg_named_jpeg_is_stored_as_jpg():
    assert check(jpeg_bytes(), "foto.jpeg").stored_name().endswith(".jpg")


def test_detection_leaves_the_file_at_its_start():
    file = io.BytesIO(docx_bytes())
    file.seek(10)

    assert detect_kind(file) == DOCX
    assert file.tell() == 0


def test_a_file_exactly_at_the_limit_is_accepted():
    content = pdf_bytes()
    assert check(content, "a.pdf", max_bytes=len(content)).size == len(content)


# -- size ----------------------------------------------------------------------------------


def test_refuses_a_file_over_the_limit_naming_the_limit_in_mb():
    content = pdf_bytes(padding=MB + 200_000)

    with pytest.raises(UploadRefused) as refused:
        check(content, "besar.pdf", max_bytes=MB)

    assert "files up to 1 MB are accepted" in str(refused.value)
    assert "is 1.2 MB" in str(refused.value)
    assert refused.value.field == "upload"


def test_refuses_an_empty_file():
    with pytest.raises(UploadRefused, match="is empty"):
        check(b"", "kosong.pdf")


@pytest.mark.parametrize(
    ("size", "shown"),
    [(10 * MB, "10"), (MB, "1"), (MB + 1, "1.1"), (int(2.5 * MB), "2.5"), (1, "0.1")],
)
def test_sizes_are_shown_in_mb_rounded_up(size, shown):
    assert megabytes(size) == shown


# -- content that does not match the name --------------------------------------------------


@pytest.mark.parametrize(
    ("content", "what"),
    [(HTML, "an HTML page"), (ELF, "a Linux program"), (EXE, "a Windows program")],
)
def test_refuses_other_content_disguised_as_a_pdf(content, what):
    with pytest.raises(UploadRefused) as refused:
        check(content, "bukti.pdf")

    assert "named as PDF, but its content is not PDF" in str(refused.value), what


def test_refuses_a_png_named_pdf_and_says_what_it_really_is():
    with pytest.raises(UploadRefused) as refused:
        check(png_bytes(), "bukti.pdf")

    message = str(refused.value)
    assert "named as PDF, but its content is PNG" in message
    assert "Rename it to end in .png" in message


def test_refuses_a_pdf_named_as_an_image():
    with pytest.raises(UploadRefused, match="its content is PDF"):
        check(pdf_bytes(), "foto.jpg")


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (zip_bytes(), "laporan.docx"),  # any zip is not a Word document
        (docm_bytes(), "laporan.docx"),  # a macro-enabled document declares another type
        (HTML, "rekap.xlsx"),
    ],
)
def test_refuses_a_zip_that_is_not_the_office_document_it_claims(content, name):
    with pytest.raises(UploadRefused, match="but its content is not"):
        check(content, name)


def test_refuses_a_workbook_named_as_a_word_document():
    with pytest.raises(UploadRefused, match="its content is XLSX"):
        check(xlsx_bytes(), "laporan.docx")


def test_refuses_a_package_whose_content_types_part_is_oversized():
    bloated = _ooxml(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    )
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(bloated)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data + b" " * (300 * 1024)  # compresses to almost nothing
            target.writestr(info.filename, data)

    with pytest.raises(UploadRefused):
        check(buffer.getvalue(), "laporan.docx")


@pytest.mark.parametrize("name", ["program.exe", "halaman.html", "tanpa-ekstensi", "arsip.zip"])
def test_refuses_names_of_types_not_accepted(name):
    with pytest.raises(UploadRefused) as refused:
        check(pdf_bytes(), name)

    assert "is not a file type accepted as evidence" in str(refused.value)
    assert "PDF, PNG, JPEG, DOCX, XLSX" in str(refused.value)


# -- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "../../etc/passwd.pdf",
        "..\\x.pdf",
        "..\\..\\windows\\win.ini.pdf",
        "/etc/cron.d/bukti.pdf",
        "C:\\fakepath\\bukti.pdf",
        "laporan/../../bukti.pdf",
        "..",
        " .. ",
    ],
)
def test_refuses_names_with_folders_or_dots_before_reading_the_content(name):
    with pytest.raises(UploadRefused) as refused:
        check(pdf_bytes(), name)

    message = str(refused.value)
    assert "contains folder names or “..”" in message
    assert (
        "/" not in message.split("”", maxsplit=1)[0].split("“")[1]
    )  # the name shown is a base name


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("bukti.pdf", "bukti.pdf"),
        ("a/b/c/bukti.pdf", "bukti.pdf"),
        ("a\\b\\bukti.pdf", "bukti.pdf"),
        ("bu\x00kti\r\n.pdf", "bukti.pdf"),
        ("foto\u202egnp.exe", "fotognp.exe"),  # no right-to-left override
        ("...hidden.pdf", "hidden.pdf"),
        ("  laporan   bulanan .pdf", "laporan bulanan .pdf"),
    ],
)
def test_display_names_are_printable_base_names(raw, shown):
    assert display_name(raw) == shown


def test_long_display_names_keep_their_extension():
    shown = display_name("x" * 300 + ".docx")

    assert len(shown) == DISPLAY_NAME_MAX_LENGTH
    assert shown.endswith("x.docx")


def test_refuses_a_name_with_nothing_printable():
    with pytest.raises(UploadRefused, match="no usable name"):
        check(pdf_bytes(), "\x00\x01")
