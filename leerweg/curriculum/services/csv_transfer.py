"""Import and export of a school's curriculum as a CSV file (docs/curriculum-csv.md).

The import is all or nothing: every row is checked first, and only a file
without problems is written, in one transaction. Rows are matched to what is
there by code, so importing a changed export updates the curriculum in place.
Import never deletes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from leerweg.curriculum.csv_format import (
    CODE_SEPARATOR,
    COLUMNS,
    OPTIONAL_COLUMNS,
    CsvFileError,
    CsvRow,
    Problem,
    read_table,
    split_codes,
    write_table,
)
from leerweg.curriculum.models import Aim, CurriculumGoal, LearningDomain, LearningLine
from leerweg.curriculum.prerequisite_graph import find_cycle
from leerweg.curriculum.services.editing import prerequisite_edges
from leerweg.curriculum.years import year_errors
from leerweg.schools.models import School, Sector

# The aim column takes the stored values, their English labels and the Dutch words.
AIM_WORDS: dict[str, str] = {
    "qualification": Aim.QUALIFICATION,
    "kwalificatie": Aim.QUALIFICATION,
    "socialisation": Aim.SOCIALISATION,
    "socialization": Aim.SOCIALISATION,
    "socialisatie": Aim.SOCIALISATION,
    "personal_formation": Aim.PERSONAL_FORMATION,
    "persoonsvorming": Aim.PERSONAL_FORMATION,
}
# Which CSV column each model field is read from, to put a model's message in its cell.
DOMAIN_COLUMNS = {"code": "domain_code", "name": "domain"}
LINE_COLUMNS = {"code": "line_code", "name": "line"}
GOAL_COLUMNS = {
    "code": "goal_code",
    "title": "goal",
    "description": "description",
    "sector": "sector",
    "year_from": "year_from",
    "year_to": "year_to",
    "aim": "aim",
}
GOAL_FIELDS = ["line", "title", "description", "sector", "year_from", "year_to", "aim", "position"]


@dataclass(frozen=True)
class GoalRow:
    """One row of the file, checked and converted."""

    number: int
    domain_code: str
    domain: str
    line_code: str
    line: str
    goal_code: str
    title: str
    description: str
    sector: str
    year_from: int
    year_to: int
    aim: str
    prerequisites: tuple[str, ...]


@dataclass(frozen=True)
class CurriculumImport:
    """What an import found or did. With problems, nothing was stored."""

    problems: list[Problem] = field(default_factory=list)
    domains_created: int = 0
    lines_created: int = 0
    goals_created: int = 0
    goals_updated: int = 0
    goals_unchanged: int = 0

    @property
    def succeeded(self) -> bool:
        return not self.problems


@transaction.atomic
def curriculum_import(*, school: School, data: bytes) -> CurriculumImport:
    """Check every row of the CSV file ``data``; store the lot only if all are right."""
    try:
        table = read_table(data)
    except CsvFileError as error:
        return CurriculumImport(problems=[Problem(0, "", str(error))])
    rows: list[GoalRow] = []
    problems = list(table.problems)
    for csv_row in table.rows:
        row, row_problems = _parse_row(csv_row)
        problems += row_problems
        if row is not None:
            rows.append(row)
    problems += _consistency_problems(rows)
    codes_in_file = {csv_row.cells["goal_code"] for csv_row in table.rows}
    problems += _prerequisite_problems(school, rows, codes_in_file)
    if problems:
        order = {column: index for index, column in enumerate(COLUMNS)}
        problems.sort(key=lambda p: (p.row, order.get(p.column, -1)))
        return CurriculumImport(problems=problems)
    return _write(school, rows)


def curriculum_export(*, school: School, delimiter: str = ",") -> str:
    """The school's curriculum as a CSV file that ``curriculum_import`` reads back.

    A domain or line without goals has no row, so it is not in the file.
    """
    goals = (
        CurriculumGoal.objects.filter(school=school)
        .select_related("line__domain")
        .prefetch_related(Prefetch("prerequisites", queryset=CurriculumGoal.objects.only("code")))
        .order_by(
            *("line__domain__position", "line__domain__name", "line__position", "line__name"),
            *("position", "code"),
        )
    )
    rows = (
        (
            *(goal.line.domain.code, goal.line.domain.name, goal.line.code, goal.line.name),
            *(goal.code, goal.title, goal.description, goal.sector),
            *(str(goal.year_from), str(goal.year_to), goal.aim),
            CODE_SEPARATOR.join(sorted(p.code for p in goal.prerequisites.all())),
        )
        for goal in goals
    )
    return write_table(rows, delimiter=delimiter)


# --- Checking -------------------------------------------------------------------------------


def _parse_row(row: CsvRow) -> tuple[GoalRow | None, list[Problem]]:
    """The row converted, or None and what is wrong with it, cell by cell."""
    cells = row.cells
    errors = {
        column: _("This cell is empty.")
        for column in COLUMNS
        if column not in OPTIONAL_COLUMNS and not cells[column]
    }
    sector = cells["sector"].upper()
    if "sector" not in errors and sector not in Sector.values:
        errors["sector"] = _("Use PO, VO or MBO.")
    years: dict[str, int] = {}
    for column in ("year_from", "year_to"):
        try:
            years[column] = int(cells[column])
        except ValueError:
            errors.setdefault(column, _("Give a whole number, such as 3."))
    aim = AIM_WORDS.get(cells["aim"].lower().replace(" ", "_").replace("-", "_"))
    if "aim" not in errors and aim is None:
        errors["aim"] = _(
            "Use qualification, socialisation or personal_formation "
            "(or in Dutch: kwalificatie, socialisatie, persoonsvorming)."
        )
    if "sector" not in errors and len(years) == 2:
        for column, message in year_errors(sector, years["year_from"], years["year_to"]).items():
            errors.setdefault(column, message)
    _clean_fields(LearningDomain, DOMAIN_COLUMNS, cells, errors)
    _clean_fields(LearningLine, LINE_COLUMNS, cells, errors)
    _clean_fields(
        CurriculumGoal, GOAL_COLUMNS, {**cells, "sector": sector, "aim": aim, **years}, errors
    )
    if errors:
        return None, [Problem(row.number, column, text) for column, text in errors.items()]
    parsed = GoalRow(
        number=row.number,
        domain_code=cells["domain_code"],
        domain=cells["domain"],
        line_code=cells["line_code"],
        line=cells["line"],
        goal_code=cells["goal_code"],
        title=cells["goal"],
        description=cells["description"],
        sector=sector,
        year_from=years["year_from"],
        year_to=years["year_to"],
        aim=aim or "",
        prerequisites=tuple(split_codes(cells["prerequisites"])),
    )
    return parsed, []


def _clean_fields(
    model: type[models.Model],
    columns: dict[str, str],
    cells: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Run the model's own field checks (slug, length, choices) on cells not yet faulted.

    Field by field rather than ``Model.clean_fields``: building three model
    instances per row made a 5,000-row import several times slower.
    """
    for name, column in columns.items():
        if column in errors:
            continue
        try:
            model._meta.get_field(name).clean(cells[column], None)  # type: ignore[union-attr]
        except ValidationError as error:
            errors[column] = " ".join(error.messages)


def _consistency_problems(rows: list[GoalRow]) -> list[Problem]:
    """Codes used twice, and one code with two names in different rows."""
    problems = []
    goal_rows: dict[str, int] = {}
    domains: dict[str, GoalRow] = {}
    lines: dict[tuple[str, str], GoalRow] = {}
    for row in rows:
        first = goal_rows.setdefault(row.goal_code, row.number)
        if first != row.number:
            problems.append(
                Problem(
                    row.number,
                    "goal_code",
                    _("Row %(row)s already has the goal code %(code)s; each goal needs its own.")
                    % {"row": first, "code": row.goal_code},
                )
            )
        domain = domains.setdefault(row.domain_code, row)
        if domain.domain != row.domain:
            problems.append(_renamed(row, "domain", domain, domain.domain))
        line = lines.setdefault((row.domain_code, row.line_code), row)
        if line.line != row.line:
            problems.append(_renamed(row, "line", line, line.line))
    return problems


def _renamed(row: GoalRow, column: str, first: GoalRow, name: str) -> Problem:
    return Problem(
        row.number,
        column,
        _("Row %(row)s gives this code the name “%(name)s”; use one name in every row.")
        % {"row": first.number, "name": name},
    )


def _prerequisite_problems(
    school: School, rows: list[GoalRow], codes_in_file: set[str]
) -> list[Problem]:
    """Unknown codes, goals requiring themselves, and circles of prerequisites.

    Circles are looked for in the curriculum as it would be after the import:
    the file's goals with the file's prerequisites, the others as they are.
    """
    known = dict(CurriculumGoal.objects.filter(school=school).values_list("code", "pk"))
    problems = []
    for row in rows:
        for code in row.prerequisites:
            if code == row.goal_code:
                message = _("A goal cannot be a prerequisite of itself.")
            elif code not in codes_in_file and code not in known:
                message = _(
                    "There is no goal with the code %(code)s, in this file or in the curriculum."
                )
                message %= {"code": code}
            else:
                continue
            problems.append(Problem(row.number, "prerequisites", message))
    if problems:
        return problems
    in_file = {row.goal_code: row for row in rows}
    code_of = {pk: code for code, pk in known.items()}
    edges = {
        code_of[goal_id]: [code_of[pk] for pk in required]
        for goal_id, required in prerequisite_edges(school.pk).items()
        if code_of[goal_id] not in in_file
    }
    edges.update({row.goal_code: list(row.prerequisites) for row in rows})
    cycle = find_cycle(edges, starts=list(in_file))
    if cycle is None:
        return []
    row = next(in_file[code] for code in cycle if code in in_file)
    message = _("These prerequisites go round in a circle: %(cycle)s.")
    return [Problem(row.number, "prerequisites", message % {"cycle": " → ".join(cycle)})]


# --- Writing --------------------------------------------------------------------------------


def _write(school: School, rows: list[GoalRow]) -> CurriculumImport:
    domains, domains_created = _upsert_domains(school, rows)
    lines, lines_created = _upsert_lines(school, domains, rows)
    created, updated = _upsert_goals(school, lines, rows)
    return CurriculumImport(
        domains_created=domains_created,
        lines_created=lines_created,
        goals_created=created,
        goals_updated=updated,
        goals_unchanged=len(rows) - created - updated,
    )


def _upsert_domains(school: School, rows: list[GoalRow]) -> tuple[dict[str, LearningDomain], int]:
    """Domains by code. What exists keeps its place; new domains go last, in file order."""
    existing = {d.code: d for d in LearningDomain.objects.filter(school=school)}
    names: dict[str, str] = {}
    for row in rows:
        names.setdefault(row.domain_code, row.domain)
    position = _after(d.position for d in existing.values())
    new, renamed = [], []
    for code, name in names.items():
        domain = existing.get(code)
        if domain is None:
            new.append(LearningDomain(school=school, code=code, name=name, position=position))
            position += 1
        elif domain.name != name:
            domain.name, domain.updated_at = name, timezone.now()
            renamed.append(domain)
    LearningDomain.objects.bulk_create(new)
    LearningDomain.objects.bulk_update(renamed, ["name", "updated_at"])
    return {d.code: d for d in LearningDomain.objects.filter(school=school)}, len(new)


def _upsert_lines(
    school: School, domains: dict[str, LearningDomain], rows: list[GoalRow]
) -> tuple[dict[tuple[str, str], LearningLine], int]:
    """Lines by (domain code, line code), placed as ``_upsert_domains`` places domains."""
    existing = _lines_of(school)
    names: dict[tuple[str, str], str] = {}
    for row in rows:
        names.setdefault((row.domain_code, row.line_code), row.line)
    next_position: dict[int, int] = {}
    for known in existing.values():
        next_position[known.domain_id] = max(
            next_position.get(known.domain_id, 0), known.position + 1
        )
    new: list[LearningLine] = []
    renamed: list[LearningLine] = []
    for (domain_code, code), name in names.items():
        line = existing.get((domain_code, code))
        if line is None:
            domain = domains[domain_code]
            position = next_position.get(domain.pk, 0)
            next_position[domain.pk] = position + 1
            new.append(LearningLine(domain=domain, code=code, name=name, position=position))
        elif line.name != name:
            line.name, line.updated_at = name, timezone.now()
            renamed.append(line)
    LearningLine.objects.bulk_create(new)
    LearningLine.objects.bulk_update(renamed, ["name", "updated_at"])
    return _lines_of(school), len(new)


def _lines_of(school: School) -> dict[tuple[str, str], LearningLine]:
    lines = LearningLine.objects.filter(domain__school=school).select_related("domain")
    return {(line.domain.code, line.code): line for line in lines}


def _upsert_goals(
    school: School, lines: dict[tuple[str, str], LearningLine], rows: list[GoalRow]
) -> tuple[int, int]:
    """Create and update the file's goals and their prerequisites; (created, updated).

    A goal that stays in its line keeps its place; a new goal, or one that
    moves to another line, goes last in its line.
    """
    existing = {g.code: g for g in CurriculumGoal.objects.filter(school=school)}
    code_of = {goal.pk: code for code, goal in existing.items()}
    before = {
        code_of[goal_id]: {code_of[pk] for pk in required}
        for goal_id, required in prerequisite_edges(school.pk).items()
    }
    next_position: dict[int, int] = {}
    for known in existing.values():
        next_position[known.line_id] = max(next_position.get(known.line_id, 0), known.position + 1)
    new: list[CurriculumGoal] = []
    changed: list[CurriculumGoal] = []
    relinked: list[GoalRow] = []
    now = timezone.now()
    for row in rows:
        line_id = lines[(row.domain_code, row.line_code)].pk
        goal = existing.get(row.goal_code)
        if goal is None or goal.line_id != line_id:
            position = next_position.get(line_id, 0)
            next_position[line_id] = position + 1
        else:
            position = goal.position
        values = {
            "line_id": line_id,
            "title": row.title,
            "description": row.description,
            "sector": row.sector,
            "year_from": row.year_from,
            "year_to": row.year_to,
            "aim": row.aim,
            "position": position,
        }
        if goal is None:
            new.append(CurriculumGoal(school=school, code=row.goal_code, **values))
            relinked.append(row)
            continue
        fields_changed = any(getattr(goal, name) != value for name, value in values.items())
        prerequisites_changed = before.get(row.goal_code, set()) != set(row.prerequisites)
        if prerequisites_changed:
            relinked.append(row)
        if fields_changed or prerequisites_changed:
            for name, value in values.items():
                setattr(goal, name, value)
            goal.updated_at = now
            changed.append(goal)
    CurriculumGoal.objects.bulk_create(new)
    CurriculumGoal.objects.bulk_update(changed, [*GOAL_FIELDS, "updated_at"])
    _relink_prerequisites(school, relinked)
    return len(new), len(changed)


def _relink_prerequisites(school: School, rows: list[GoalRow]) -> None:
    through = CurriculumGoal.prerequisites.through
    ids = dict(CurriculumGoal.objects.filter(school=school).values_list("code", "pk"))
    through.objects.filter(from_curriculumgoal_id__in=[ids[row.goal_code] for row in rows]).delete()
    through.objects.bulk_create(
        through(from_curriculumgoal_id=ids[row.goal_code], to_curriculumgoal_id=ids[code])
        for row in rows
        for code in row.prerequisites
    )


def _after(positions: Iterable[int]) -> int:
    """The first free position after ``positions``."""
    return max(positions, default=-1) + 1
