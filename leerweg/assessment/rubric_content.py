"""The content of a rubric — level names, criteria and the text in each cell — as plain data.

Forms, the CSV file and the services all speak this shape, so a rubric
round-trips between them unchanged. The CSV file (docs/rubrics-csv.md) is one
header row ``criterion,<level>,<level>,…`` and one row per criterion.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

MIN_LEVELS, MAX_LEVELS = 2, 8
MAX_CRITERIA = 30
MAX_LEVEL_NAME, MAX_CRITERION, MAX_DESCRIPTOR = 60, 200, 1000
MAX_BYTES = 200 * 1024
HEADER_FIRST = "criterion"
BOM = "\ufeff"
# Spreadsheets run a cell that starts with one of these as a formula (CSV
# injection); export puts an apostrophe in front and import takes it off.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RubricFileError(ValueError):
    """The file cannot be read as a rubric; the message says why, for the person uploading."""


@dataclass(frozen=True)
class Criterion:
    title: str
    descriptors: tuple[str, ...]  # one per level, lowest level first


@dataclass(frozen=True)
class RubricContent:
    levels: tuple[str, ...]
    criteria: tuple[Criterion, ...]


def content_problems(content: RubricContent) -> list[str]:
    """What is wrong with ``content``, in sentences for the person editing; empty when usable."""
    problems = []
    if not MIN_LEVELS <= len(content.levels) <= MAX_LEVELS:
        problems.append(
            _("A rubric has %(min)s to %(max)s levels.") % {"min": MIN_LEVELS, "max": MAX_LEVELS}
        )
    if any(not name for name in content.levels):
        problems.append(_("Every level needs a name."))
    if len({name.casefold() for name in content.levels}) != len(content.levels):
        problems.append(_("Each level needs a different name."))
    if not 1 <= len(content.criteria) <= MAX_CRITERIA:
        problems.append(_("A rubric has 1 to %(max)s criteria.") % {"max": MAX_CRITERIA})
    if any(not criterion.title for criterion in content.criteria):
        problems.append(_("Every criterion needs a name."))
    too_long = (
        any(len(name) > MAX_LEVEL_NAME for name in content.levels)
        or any(len(criterion.title) > MAX_CRITERION for criterion in content.criteria)
        or any(len(text) > MAX_DESCRIPTOR for c in content.criteria for text in c.descriptors)
    )
    if too_long:
        problems.append(
            _(
                "Level names have at most %(level)s characters, criteria %(criterion)s "
                "and descriptions %(text)s."
            )
            % {"level": MAX_LEVEL_NAME, "criterion": MAX_CRITERION, "text": MAX_DESCRIPTOR}
        )
    if any(len(c.descriptors) != len(content.levels) for c in content.criteria):
        problems.append(_("Every criterion needs one description per level."))
    return problems


def read_csv(data: bytes) -> RubricContent:
    if len(data) > MAX_BYTES:
        raise RubricFileError(
            _("The file is larger than %(size)s KB.") % {"size": MAX_BYTES // 1024}
        )
    try:
        text = data.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError as error:
        raise RubricFileError(_("The file is not UTF-8 text.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = [
        [_unescape(cell.strip()) for cell in row]
        for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        if any(cell.strip() for cell in row)
    ]
    if not rows or rows[0][0].casefold() != HEADER_FIRST:
        raise RubricFileError(
            _("The first cell of the file must be “%(word)s”.") % {"word": HEADER_FIRST}
        )
    levels = tuple(rows[0][1:])
    while levels and not levels[-1]:
        levels = levels[:-1]
    criteria = []
    for row in rows[1:]:
        if len(row) > len(levels) + 1 and any(row[len(levels) + 1 :]):
            raise RubricFileError(
                _("The row “%(name)s” has more cells than there are levels.") % {"name": row[0]}
            )
        cells = (row[1:] + [""] * len(levels))[: len(levels)]
        criteria.append(Criterion(title=row[0], descriptors=tuple(cells)))
    return RubricContent(levels=levels, criteria=tuple(criteria))


def write_csv(content: RubricContent, *, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([HEADER_FIRST, *map(_escape, content.levels)])
    for criterion in content.criteria:
        writer.writerow([_escape(criterion.title), *map(_escape, criterion.descriptors)])
    return BOM + out.getvalue()


def _escape(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_STARTS else cell
