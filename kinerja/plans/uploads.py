"""Checking an uploaded evidence file (bukti dukung) before anything is stored.

- The size is at most the configured limit (the caller passes
  ``settings.KINERJA_EVIDENCE_MAX_BYTES``).
- The type is read from the content (its magic bytes, with the ``filetype`` library), never
  from the name or the content type the browser sent. PDF, PNG, JPEG and the Office Open
  XML documents DOCX and XLSX are accepted; for the last two the package's
  ``[Content_Types].xml`` must declare the main part of a Word document or an Excel
  workbook (a macro-enabled document declares another type and is refused).
- The name's extension must agree with the content: an HTML page or a program named
  ``bukti.pdf`` is refused, and so is a PNG image named ``.pdf``.
- A name with folders in it (``../../etc/passwd``, ``..\\x.pdf``) is refused. The file is
  stored under a generated name (``CheckedUpload.stored_name``); the name the person gave
  is kept for display only, reduced by ``display_name`` to a short, printable base name.

Nothing here touches the database or the storage: the service stores what this accepts.
"""

import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal
from typing import IO

import filetype  # type: ignore[import-untyped]  # the package ships no type information
from django.utils.translation import gettext as _

from kinerja.core.exceptions import DomainError

# How much of the head of a file the detection reads (what ``filetype`` itself reads).
HEAD_BYTES = 8192
# The longest name kept for display, extension included.
DISPLAY_NAME_MAX_LENGTH = 120
# A genuine [Content_Types].xml is a few kilobytes; refuse to inflate anything larger.
CONTENT_TYPES_MAX_BYTES = 256 * 1024
BYTES_PER_MB = 1024 * 1024

_ZIP_MIME = "application/zip"
_DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX_MAIN_PART = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
_XLSX_MAIN_PART = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CONTENT_TYPES = "[Content_Types].xml"


@dataclass(frozen=True, slots=True)
class FileKind:
    """An accepted kind of file: the extension it is stored under, the content type it is
    served with, the extensions a name may carry for it, and its name for people."""

    extension: str
    content_type: str
    label: str
    name_extensions: frozenset[str] = field(default_factory=frozenset)


PDF = FileKind("pdf", "application/pdf", "PDF", frozenset({"pdf"}))
PNG = FileKind("png", "image/png", "PNG", frozenset({"png"}))
JPEG = FileKind("jpg", "image/jpeg", "JPEG", frozenset({"jpg", "jpeg"}))
DOCX = FileKind("docx", _DOCX_MIME, "DOCX", frozenset({"docx"}))
XLSX = FileKind("xlsx", _XLSX_MIME, "XLSX", frozenset({"xlsx"}))
ACCEPTED_KINDS: tuple[FileKind, ...] = (PDF, PNG, JPEG, DOCX, XLSX)
_KIND_BY_NAME_EXTENSION = {ext: kind for kind in ACCEPTED_KINDS for ext in kind.name_extensions}
_KIND_BY_DETECTED_MIME = {"application/pdf": PDF, "image/png": PNG, "image/jpeg": JPEG}

# Folder separators of any system, or a name that is only dots ("..").
_PATH_PARTS = re.compile(r"[/\\]|^\s*\.+\s*$")


class UploadRefused(DomainError):  # noqa: N818 - reads as what happened
    """The file cannot be accepted as evidence; the message says why and what to do."""

    field = "upload"


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    """A file that passed the checks."""

    kind: FileKind
    display_name: str
    size: int

    @property
    def content_type(self) -> str:
        return self.kind.content_type

    def stored_name(self) -> str:
        """A new random name for the storage: nothing of the person's name reaches it."""
        return f"{uuid.uuid4().hex}.{self.kind.extension}"


def accepted_kinds_label() -> str:
    """ "PDF, PNG, JPEG, DOCX, XLSX" — for messages and help texts."""
    return ", ".join(kind.label for kind in ACCEPTED_KINDS)


def megabytes(size: int) -> str:
    """A size in MB for people: whole numbers without decimals, others to one place."""
    value = (Decimal(size) / BYTES_PER_MB).quantize(Decimal("0.1"), rounding=ROUND_UP)
    return str(value.to_integral_value()) if value == value.to_integral_value() else str(value)


def display_name(raw: str) -> str:
    """The part of a name that is safe to show: the last path component, without control
    or formatting characters (a right-to-left override can make ``fdp.exe`` read as
    ``exe.pdf``), without leading dots and spaces, at most ``DISPLAY_NAME_MAX_LENGTH``
    characters with the extension kept."""
    base = re.split(r"[/\\]", raw)[-1]
    base = "".join(char for char in base if not unicodedata.category(char).startswith("C"))
    base = " ".join(base.split()).lstrip(". ")
    if len(base) > DISPLAY_NAME_MAX_LENGTH:
        stem, dot, extension = base.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            base = stem[: DISPLAY_NAME_MAX_LENGTH - len(extension) - 1] + "." + extension
        else:
            base = base[:DISPLAY_NAME_MAX_LENGTH]
    return base


def _name_extension(name: str) -> str:
    _stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot else ""


def _check_name(raw: str) -> str:
    if _PATH_PARTS.search(raw):
        raise UploadRefused(
            _(
                "The file name “%(name)s” contains folder names or “..”. Give the file a"
                " plain name (for example bukti.pdf) and upload it again."
            )
            % {"name": display_name(raw) or "?"}
        )
    name = display_name(raw)
    if not name:
        raise UploadRefused(_("The file has no usable name. Rename it and upload it again."))
    return name


def _size_of(file: IO[bytes]) -> int:
    position = file.tell()
    file.seek(0, 2)
    size = file.tell()
    file.seek(position)
    return size


def _office_kind(file: IO[bytes]) -> FileKind | None:
    """DOCX or XLSX when the zip package declares a Word document or an Excel workbook as
    its main part; None for any other zip (or a broken one)."""
    try:
        with zipfile.ZipFile(file) as package:
            info = package.getinfo(_CONTENT_TYPES)
            if info.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            declared = package.read(info)
    # zipfile raises NotImplementedError for a compression method it cannot read: such
    # a package is no Office document we accept, like a broken or oversized one.
    except (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError):
        return None
    except RuntimeError:  # an encrypted entry
        return None
    finally:
        file.seek(0)
    if _DOCX_MAIN_PART in declared:
        return DOCX
    if _XLSX_MAIN_PART in declared:
        return XLSX
    return None


def detect_kind(file: IO[bytes]) -> FileKind | None:
    """The accepted kind the content is, or None. Reads the file; leaves it at the start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    guess = filetype.guess(head) if head else None
    if guess is None:
        return None
    mime = str(guess.mime)
    if mime in _KIND_BY_DETECTED_MIME:
        return _KIND_BY_DETECTED_MIME[mime]
    if mime in {_ZIP_MIME, _DOCX_MIME, _XLSX_MIME}:
        return _office_kind(file)
    return None


def check_upload(file: IO[bytes], *, name: str, max_bytes: int) -> CheckedUpload:
    """Accept ``file`` as evidence or raise ``UploadRefused`` with a message that says
    what is wrong and what to do. ``name`` is the name the person's computer gave it."""
    shown_name = _check_name(name)
    size = _size_of(file)
    if size == 0:
        raise UploadRefused(_("The file “%(name)s” is empty.") % {"name": shown_name})
    if size > max_bytes:
        raise UploadRefused(
            _(
                "The file “%(name)s” is %(size)s MB; files up to %(limit)s MB are accepted."
                " Compress or split it, or share it as a link instead."
            )
            % {"name": shown_name, "size": megabytes(size), "limit": megabytes(max_bytes)}
        )
    claimed = _KIND_BY_NAME_EXTENSION.get(_name_extension(shown_name))
    if claimed is None:
        raise UploadRefused(
            _(
                "“%(name)s” is not a file type accepted as evidence (accepted: %(kinds)s)."
                " Share other documents as a link."
            )
            % {"name": shown_name, "kinds": accepted_kinds_label()}
        )
    actual = detect_kind(file)
    if actual is None:
        raise UploadRefused(
            _(
                "The file “%(name)s” is named as %(claimed)s, but its content is not"
                " %(claimed)s (nor any other accepted type: %(kinds)s). Upload the real"
                " document."
            )
            % {"name": shown_name, "claimed": claimed.label, "kinds": accepted_kinds_label()}
        )
    if actual != claimed:
        raise UploadRefused(
            _(
                "The file “%(name)s” is named as %(claimed)s, but its content is"
                " %(actual)s. Rename it to end in .%(extension)s and upload it again."
            )
            % {
                "name": shown_name,
                "claimed": claimed.label,
                "actual": actual.label,
                "extension": actual.extension,
            }
        )
    return CheckedUpload(kind=actual, display_name=shown_name, size=size)
