"""Streaming reader for import files: ``.csv`` and ``.xlsx``.

Rows come out one at a time, numbered as a spreadsheet shows them (the header is row 1),
so that memory does not grow with the file. The reader checks the header and turns every
cell into a stripped string; what a value *means* is the importer's business.

- CSV: UTF-8 with or without a byte-order mark; the delimiter (comma or semicolon) is
  sniffed from the header line.
- XLSX: the first sheet, read with openpyxl in read-only mode. Whole numbers lose their
  ``.0``; dates become ISO strings. openpyxl keeps the workbook's shared-string table in
  memory, so for very large files CSV is the lighter format.

Problems are ``RowError`` values whose text is ``row N, column C: message`` (the English
words are part of the public contract; the message is translated).
"""

import codecs
import csv
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from kinerja.core.exceptions import DomainError

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
HEADER_ROW = 1
# The column of a problem that concerns a whole row (or the whole file).
WHOLE_ROW = "-"
# Excel keeps 15 significant digits of a number; an 18-digit NIP typed into a number
# cell comes back with its last digits replaced by zeros.
EXCEL_EXACT_DIGITS = 15


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in an import file, at a spreadsheet row and a column name."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class UnreadableFile(DomainError):  # noqa: N818
    """The file cannot be read as a table at all (wrong type, corrupt workbook)."""


def _decoded_lines(stream: IO[bytes]) -> Iterator[str]:
    """Lines of UTF-8 text without a byte-order mark. Decoding line by line (rather than
    through a buffered text stream) makes a bad byte fail on the row that holds it."""
    first = True
    for line in stream:
        if first and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]  # noqa: PLW2901
        first = False
        # PostgreSQL cannot store NUL characters; nobody types them on purpose.
        yield line.decode("utf-8").replace("\x00", "")


def check_suffix(name: str) -> str:
    """The lower-case suffix of ``name``; raise ``UnreadableFile`` unless it is supported."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(
            _("Unsupported file type “%(suffix)s”: upload a .csv or .xlsx file.")
            % {"suffix": suffix or name}
        )
    return suffix


class Table:
    """An open import file. Check ``errors`` after opening: when the header is wrong it
    already holds the problems and ``rows()`` yields nothing. Iterate ``rows()`` once;
    problems found in cells while reading are appended to ``errors``."""

    def __init__(
        self,
        path: Path,
        columns: Sequence[str],
        *,
        text_columns: Iterable[str] = (),
        suffix: str | None = None,
    ) -> None:
        self.path = path
        self.columns = tuple(columns)
        self.text_columns = frozenset(text_columns)
        self.errors: list[RowError] = []
        self.data_rows = 0
        self._suffix = suffix or check_suffix(path.name)
        self._csv_file: IO[bytes] | None = None
        self._workbook: Workbook | None = None
        self._raw: Iterator[tuple[int, Sequence[Any]]] = iter(())
        self._header: list[str | None] = []
        self._last_row = 0
        self._header_row = HEADER_ROW
        try:
            self._raw = self._open()
            self._read_header()
        except BaseException:
            self.close()
            raise

    # -- opening ---------------------------------------------------------------------

    def _open(self) -> Iterator[tuple[int, Sequence[Any]]]:
        if self._suffix == ".csv":
            self._csv_file = self.path.open("rb")
            return self._csv_records(_decoded_lines(self._csv_file))
        try:
            self._workbook = load_workbook(self.path, read_only=True, data_only=True)
        except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
            raise UnreadableFile(
                _("The file is not a valid Excel workbook (.xlsx); save it again as .xlsx or CSV.")
            ) from exc
        sheet = self._workbook.worksheets[0]
        if not isinstance(sheet, ReadOnlyWorksheet):
            raise UnreadableFile(_("The first sheet of the workbook holds no table."))
        # Some tools write a wrong sheet dimension; without it openpyxl reads every row.
        sheet.reset_dimensions()
        return zip(itertools.count(1), sheet.iter_rows(values_only=True), strict=False)

    def _csv_records(self, stream: Iterator[str]) -> Iterator[tuple[int, Sequence[Any]]]:
        number = 0
        first_line = ""
        for line in stream:
            number += 1
            if line.strip(" \t\r\n,;"):
                first_line = line
                break
            yield number, ()
        else:
            return
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        records = csv.reader(itertools.chain([first_line], stream), delimiter=delimiter)
        # Numbered by record, not by line: a quoted value may span several lines, and a
        # spreadsheet shows the record as one row.
        yield from zip(itertools.count(number), records, strict=False)

    def _next_raw(self) -> tuple[int, Sequence[Any]] | None:
        """The next raw record; a file that cannot be decoded ends with a problem."""
        try:
            return next(self._raw)
        except StopIteration:
            return None
        except UnicodeDecodeError:
            message = _("the file is not UTF-8 text: save it again as “CSV UTF-8”")
        except csv.Error as exc:
            message = _("the file is not valid CSV (%(reason)s)") % {"reason": exc}
        self.errors.append(RowError(self._last_row + 1, WHOLE_ROW, message))
        self._raw = iter(())
        return None

    def _read_header(self) -> None:
        while (record := self._next_raw()) is not None:
            self._last_row, cells = record
            names = [self._header_name(cell) for cell in cells]
            if any(names):
                self._header = names
                self._header_row = self._last_row
                self._check_header()
                return
        if not self.errors:
            self.errors.append(
                RowError(
                    HEADER_ROW,
                    WHOLE_ROW,
                    _("the file is empty: its first row must hold the column names %(columns)s")
                    % {"columns": ", ".join(self.columns)},
                )
            )

    @staticmethod
    def _header_name(cell: Any) -> str | None:
        name = str(cell).strip().lower() if cell is not None else ""
        return name or None

    def _check_header(self) -> None:
        row = self._last_row
        seen: dict[str, int] = {}
        for position, name in enumerate(self._header, start=1):
            if name is None:
                continue
            if name in seen:
                self.errors.append(
                    RowError(
                        row,
                        name,
                        _("the column appears twice (columns %(first)s and %(second)s)")
                        % {"first": seen[name], "second": position},
                    )
                )
            elif name not in self.columns:
                self.errors.append(
                    RowError(
                        row,
                        name,
                        _("unknown column; the columns are %(columns)s")
                        % {"columns": ", ".join(self.columns)},
                    )
                )
            seen.setdefault(name, position)
        for name in self.columns:
            if name not in seen:
                self.errors.append(RowError(row, name, _("this required column is missing")))

    # -- rows ------------------------------------------------------------------------

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """``(row_number, {column: stripped text})`` for every non-blank data row."""
        if self.errors:
            return
        header = self._header
        width = len(header)
        named = [(index, name) for index, name in enumerate(header) if name is not None]
        is_csv = self._csv_file is not None
        while (record := self._next_raw()) is not None:
            self._last_row, cells = record
            if is_csv:
                texts = [cell.strip() for cell in cells]
            else:
                texts = [
                    self._cell_text(cell, header[index] if index < width else None)
                    for index, cell in enumerate(cells)
                ]
            if not any(texts):
                continue
            if any(texts[width:]):
                self.errors.append(
                    RowError(
                        self._last_row,
                        WHOLE_ROW,
                        _(
                            "the row has more values than the header has columns"
                            " (check for a stray comma or semicolon)"
                        ),
                    )
                )
            count = len(texts)
            values = {name: texts[index] if index < count else "" for index, name in named}
            self.data_rows += 1
            yield self._last_row, values
        if self.data_rows == 0 and not self.errors:
            self.errors.append(
                RowError(
                    self._header_row + 1,
                    WHOLE_ROW,
                    _("the file has column names but no data rows"),
                )
            )

    def _cell_text(self, cell: Any, column: str | None) -> str:
        if cell is None:
            return ""
        if isinstance(cell, str):
            return cell.replace("\x00", "").strip()
        if isinstance(cell, bool):
            return "1" if cell else "0"
        if isinstance(cell, int | float):
            return self._number_text(cell, column)
        if isinstance(cell, datetime):
            if cell.time() == time(0) and cell.tzinfo is None:
                return cell.date().isoformat()
            return cell.isoformat()
        if isinstance(cell, date | time):
            return cell.isoformat()
        return str(cell).strip()

    def _number_text(self, number: float, column: str | None) -> str:
        whole = isinstance(number, int) or number.is_integer()
        text = str(int(number)) if whole else repr(number)
        if column is not None and column in self.text_columns:
            self.errors.append(
                RowError(
                    self._last_row,
                    column,
                    _(
                        "the value is stored as a number, and Excel keeps only 15 digits of a"
                        " number: format the column as Text and type the values again"
                    ),
                )
            )
        elif column is not None and whole and len(text.lstrip("-")) > EXCEL_EXACT_DIGITS:
            self.errors.append(
                RowError(
                    self._last_row,
                    column,
                    _(
                        "the number %(value)s has more than 15 digits, which Excel cannot keep"
                        " exactly: format the column as Text and type the values again"
                    )
                    % {"value": text},
                )
            )
        return text

    # -- lifetime --------------------------------------------------------------------

    def close(self) -> None:
        if self._csv_file is not None:
            self._csv_file.close()
            self._csv_file = None
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_table(
    path: Path,
    *,
    columns: Sequence[str],
    text_columns: Iterable[str] = (),
    suffix: str | None = None,
) -> Table:
    """Open ``path`` (``.csv`` or ``.xlsx``, or as ``suffix`` says) and check its header.

    ``text_columns`` are identifiers (NIPs) that an XLSX must hold as text: a number cell
    there is reported, because Excel has already rounded it. Raises ``UnreadableFile``
    for an unsupported type or a corrupt workbook. Use as a context manager.
    """
    return Table(path, columns, text_columns=text_columns, suffix=suffix)
