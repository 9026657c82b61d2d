"""The curriculum CSV file as rows of text: reading and writing (see docs/curriculum-csv.md).

This module knows the file's shape — encoding, separator, columns, size — and
nothing of the database; what the values mean is checked by the import service.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

COLUMNS = (
    "domain_code",
    "domain",
    "line_code",
    "line",
    "goal_code",
    "goal",
    "description",
    "sector",
    "year_from",
    "year_to",
    "aim",
    "prerequisites",
)
OPTIONAL_COLUMNS = frozenset({"description", "prerequisites"})
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
CODE_SEPARATOR = "|"
BOM = "\ufeff"
# A cell starting with one of these is run as a formula by spreadsheets (CSV
# injection, OWASP). Export puts an apostrophe in front, as Excel itself does
# to mean "text"; import takes it off again, so the file round-trips.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CsvFileError(ValueError):
    """The file as a whole cannot be read; the message says why, for the person uploading."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an uploaded file.

    ``row`` counts as a spreadsheet does: the header is row 1. Row 0 and no
    column: the problem is about the whole file.
    """

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class CsvRow:
    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class CsvTable:
    rows: list[CsvRow]
    problems: list[Problem]


def read_table(data: bytes) -> CsvTable:
    """The data rows of an uploaded file, with their cells trimmed.

    Raises ``CsvFileError`` when the file cannot be read at all: too big, not
    UTF-8, no usable header, too many rows. Rows with more cells than the
    header are reported as problems; wholly empty rows (Excel leaves them
    behind) are skipped but keep their number.
    """
    if len(data) > MAX_BYTES:
        raise CsvFileError(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    text = _decode(data)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))
    except csv.Error as error:
        message = _("The file is not a readable CSV file (%(error)s).") % {"error": error}
        raise CsvFileError(message) from error
    if not records:
        raise CsvFileError(_("The file is empty."))
    header = _read_header(records[0])
    rows, problems = [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if any(cell.strip() for cell in record[len(header) :]):
            problems.append(
                Problem(number, "", _("This row has more cells than the header has columns."))
            )
        cells = {
            column: _unescape(cell.strip()) for column, cell in zip(header, record, strict=False)
        }
        rows.append(CsvRow(number, {column: cells.get(column, "") for column in COLUMNS}))
    if len(rows) > MAX_ROWS:
        raise CsvFileError(
            _("The file has %(count)s rows; at most %(max)s fit in one import.")
            % {"count": len(rows), "max": MAX_ROWS}
        )
    return CsvTable(rows, problems)


def sniff_delimiter(text: str) -> str:
    """Semicolon or comma, whichever the header row uses more.

    Excel with Dutch settings writes ``;``, everything else ``,``. The header
    names hold neither, so counting them in the first line is enough — and
    unlike ``csv.Sniffer`` it cannot be fooled by commas in descriptions.
    """
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def split_codes(cell: str) -> list[str]:
    """Goal codes from a ``prerequisites`` cell, in order, without blanks or repeats."""
    codes = (code.strip() for code in cell.split(CODE_SEPARATOR))
    return list(dict.fromkeys(code for code in codes if code))


def write_table(rows: Iterable[Sequence[str]], *, delimiter: str = ",") -> str:
    """The CSV file for ``rows`` (in the order of ``COLUMNS``), with a BOM so Excel reads UTF-8."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([_escape(cell) for cell in row] for row in rows)
    return out.getvalue()


def _decode(data: bytes) -> str:
    try:
        # utf-8-sig drops the byte order mark Excel puts in front of "CSV UTF-8".
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFileError(
            _(
                "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma "
                "delimited)”; in LibreOffice, choose the character set Unicode (UTF-8)."
            )
        ) from None


def _read_header(record: list[str]) -> list[str]:
    header = [cell.strip().lower() for cell in record]
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL_COLUMNS]
    unknown = [c for c in header if c and c not in COLUMNS]
    doubled = sorted({c for c in header if c and header.count(c) > 1})
    problems = []
    if missing:
        problems.append(
            ngettext(
                "The header row lacks the column %(columns)s.",
                "The header row lacks the columns %(columns)s.",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
        )
    if unknown:
        problems.append(
            ngettext(
                "The column %(columns)s is unknown.",
                "The columns %(columns)s are unknown.",
                len(unknown),
            )
            % {"columns": ", ".join(unknown)}
        )
    if doubled:
        problems.append(
            _("These columns appear twice: %(columns)s.") % {"columns": ", ".join(doubled)}
        )
    if problems:
        expected = ",".join(COLUMNS)
        problems.append(
            _("The first row must name the columns: %(columns)s") % {"columns": expected}
        )
        raise CsvFileError(" ".join(problems))
    return header


def _escape(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
