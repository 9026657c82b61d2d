"""Creating, changing and deleting a school's domains, learning lines and goals.

Every service validates with ``full_clean`` and raises ``ValidationError``
keyed by field name, so a form can show each message beside its field. Codes
that are taken and years in the wrong order are checked first with a plain
message; the model's constraints then only guard the database.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from leerweg.curriculum.models import CurriculumGoal, LearningDomain, LearningLine
from leerweg.curriculum.prerequisite_graph import find_cycle
from leerweg.curriculum.years import year_errors
from leerweg.schools.models import School

Errors = dict[str, list[str]]


@transaction.atomic
def domain_create(*, school: School, code: str, name: str) -> LearningDomain:
    domain = LearningDomain(
        school=school, code=code, name=name, position=_next_position(school.learning_domains)
    )
    _save(domain, _domain_errors(domain))
    return domain


@transaction.atomic
def domain_update(*, domain: LearningDomain, code: str, name: str) -> LearningDomain:
    domain.code, domain.name = code, name
    _save(domain, _domain_errors(domain))
    return domain


@transaction.atomic
def domain_delete(*, domain: LearningDomain) -> None:
    """Delete a domain with its lines and goals (and every prerequisite link to them)."""
    domain.delete()


@transaction.atomic
def line_create(*, domain: LearningDomain, code: str, name: str) -> LearningLine:
    line = LearningLine(domain=domain, code=code, name=name, position=_next_position(domain.lines))
    _save(line, _line_errors(line))
    return line


@transaction.atomic
def line_update(
    *, line: LearningLine, domain: LearningDomain, code: str, name: str
) -> LearningLine:
    """Rename a line or move it to another domain of the same school."""
    if domain.school_id != line.domain.school_id:
        raise ValidationError({"domain": _("Choose a domain of this school's curriculum.")})
    if domain.pk != line.domain_id:
        line.position = _next_position(domain.lines)
    line.domain, line.code, line.name = domain, code, name
    _save(line, _line_errors(line))
    return line


@transaction.atomic
def line_delete(*, line: LearningLine) -> None:
    """Delete a line with its goals (and every prerequisite link to them)."""
    line.delete()


@transaction.atomic
def goal_create(
    *,
    line: LearningLine,
    code: str,
    title: str,
    description: str = "",
    sector: str,
    year_from: int,
    year_to: int,
    aim: str,
    prerequisites: Iterable[CurriculumGoal] = (),
) -> CurriculumGoal:
    goal = CurriculumGoal(
        line=line,
        school_id=line.domain.school_id,
        position=_next_position(line.goals),
        code=code,
        title=title,
        description=description,
        sector=sector,
        year_from=year_from,
        year_to=year_to,
        aim=aim,
    )
    _save(goal, _goal_errors(goal))
    goal_set_prerequisites(goal=goal, prerequisites=prerequisites)
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: CurriculumGoal,
    line: LearningLine,
    code: str,
    title: str,
    description: str,
    sector: str,
    year_from: int,
    year_to: int,
    aim: str,
    prerequisites: Iterable[CurriculumGoal] | None = None,
) -> CurriculumGoal:
    """Change a goal; ``prerequisites=None`` leaves them as they are."""
    if line.domain.school_id != goal.school_id:
        raise ValidationError({"line": _("Choose a learning line of this school's curriculum.")})
    if line.pk != goal.line_id:
        goal.position = _next_position(line.goals)
    goal.line = line
    goal.code, goal.title, goal.description = code, title, description
    goal.sector, goal.year_from, goal.year_to, goal.aim = sector, year_from, year_to, aim
    _save(goal, _goal_errors(goal))
    if prerequisites is not None:
        goal_set_prerequisites(goal=goal, prerequisites=prerequisites)
    return goal


@transaction.atomic
def goal_delete(*, goal: CurriculumGoal) -> None:
    """Delete a goal; goals that required it no longer do."""
    goal.delete()


@transaction.atomic
def goal_set_prerequisites(
    *, goal: CurriculumGoal, prerequisites: Iterable[CurriculumGoal]
) -> None:
    """Make ``prerequisites`` exactly the goals ``goal`` requires.

    Refused with a ``ValidationError`` on ``prerequisites`` when a goal would
    require itself, a goal of another school, or a goal that (through others)
    already requires it: prerequisites must never go round in a circle.
    """
    wanted = list(dict.fromkeys(prerequisites))
    problems = []
    if any(p.pk == goal.pk for p in wanted):
        problems.append(_("A goal cannot be a prerequisite of itself."))
    foreign = [p for p in wanted if p.school_id != goal.school_id]
    if foreign:
        problems.append(
            _("Prerequisites must come from this school's curriculum: %(codes)s is not.")
            % {"codes": ", ".join(p.code for p in foreign)}
        )
    if wanted and not problems:
        cycle = _cycle_with(goal, [p.pk for p in wanted])
        if cycle:
            problems.append(
                _("These prerequisites would go round in a circle: %(cycle)s.") % {"cycle": cycle}
            )
    if problems:
        raise ValidationError({"prerequisites": problems})
    goal.prerequisites.set(wanted)


def prerequisite_edges(school_id: int) -> dict[int, list[int]]:
    """Goal id → ids of the goals it requires, for every goal of a school that requires any."""
    through = CurriculumGoal.prerequisites.through
    edges: dict[int, list[int]] = {}
    pairs = through.objects.filter(from_curriculumgoal__school_id=school_id).values_list(
        "from_curriculumgoal_id", "to_curriculumgoal_id"
    )
    for goal_id, required_id in pairs.order_by("from_curriculumgoal_id", "to_curriculumgoal_id"):
        edges.setdefault(goal_id, []).append(required_id)
    return edges


def _cycle_with(goal: CurriculumGoal, required_ids: list[int]) -> str:
    """The circle ``goal`` would close with these prerequisites, as "A → B → A"; else ""."""
    edges = prerequisite_edges(goal.school_id)
    edges[goal.pk] = required_ids
    cycle = find_cycle(edges, starts=[goal.pk])
    if cycle is None:
        return ""
    codes = dict(CurriculumGoal.objects.filter(pk__in=cycle).values_list("pk", "code"))
    return " → ".join(codes[pk] for pk in cycle)


def _domain_errors(domain: LearningDomain) -> Errors:
    taken = LearningDomain.objects.filter(school_id=domain.school_id, code=domain.code)
    if taken.exclude(pk=domain.pk).exists():
        return {"code": [_("Another domain of this school already has this code.")]}
    return {}


def _line_errors(line: LearningLine) -> Errors:
    taken = LearningLine.objects.filter(domain_id=line.domain_id, code=line.code)
    if taken.exclude(pk=line.pk).exists():
        return {"code": [_("Another learning line in this domain already has this code.")]}
    return {}


def _goal_errors(goal: CurriculumGoal) -> Errors:
    errors = {field: [message] for field, message in goal_year_errors(goal).items()}
    taken = CurriculumGoal.objects.filter(school_id=goal.school_id, code=goal.code)
    if taken.exclude(pk=goal.pk).exists():
        errors["code"] = [_("Another goal of this school already has this code.")]
    return errors


def goal_year_errors(goal: CurriculumGoal) -> dict[str, str]:
    if isinstance(goal.year_from, int) and isinstance(goal.year_to, int):
        return year_errors(goal.sector, goal.year_from, goal.year_to)
    return {}


def _save(instance: models.Model, errors: Errors) -> None:
    """Validate with ``full_clean`` on top of ``errors`` found already, then save.

    Fields that already have an error are left out of ``full_clean``, and with
    them the constraints on those fields, so each problem is told once, in
    plain words.
    """
    try:
        instance.full_clean(exclude=set(errors))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    instance.save()


def _next_position(siblings: models.Manager) -> int:
    highest = siblings.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1
