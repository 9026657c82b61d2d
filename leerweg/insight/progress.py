"""Progress on the school's learning lines, as staff need it to teach.

Until rubric judgements exist (formative evaluation), a learning goal counts
as *worked on* when the student linked evidence to it or achieved an own goal
linked to it. Per learning line: worked-on goals / goals written for the
student's sector and year. Shown to the student's teachers whatever the
student shares, because teachers need it to teach (docs/permissions.md); the
own goals and evidence behind it stay private.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from leerweg.curriculum.models import CurriculumGoal, LearningLine
from leerweg.paths.models import Evidence, GoalStatus, OwnGoal
from leerweg.schools.models import School, Student


@dataclass(frozen=True)
class LineProgress:
    line: LearningLine
    worked_on: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.worked_on / self.total) if self.total else 0


def lines_for(
    school: School, year_level: int | None
) -> tuple[list[LearningLine], dict[int, set[int]]]:
    """The school's lines that have goals for this year, and those goals' ids per line."""
    goals = CurriculumGoal.objects.filter(school=school, sector=school.sector).select_related(
        "line__domain"
    )
    if year_level is not None:
        goals = goals.filter(year_from__lte=year_level, year_to__gte=year_level)
    goals_per_line: dict[int, set[int]] = defaultdict(set)
    lines: dict[int, LearningLine] = {}
    for goal in goals.only(
        "pk", "line__name", "line__position", "line__domain__name", "line__domain__position"
    ):
        goals_per_line[goal.line_id].add(goal.pk)
        lines[goal.line_id] = goal.line
    ordered = sorted(
        lines.values(),
        key=lambda line: (line.domain.position, line.domain.name, line.position, line.name),
    )
    return ordered, goals_per_line


def worked_on_goals(students: Iterable[Student], goal_ids: set[int]) -> dict[int, set[int]]:
    """Per student: the ids (among ``goal_ids``) of learning goals they worked on.

    The links are fetched per student and filtered to ``goal_ids`` here: most
    links point at goals of the student's year anyway, and filtering in SQL
    makes PostgreSQL scan the whole link table instead of using its index.
    """
    ids = [student.pk for student in students]
    evidence_links = (
        Evidence.curriculum_goals.through.objects.filter(evidence__student_id__in=ids)
        .values_list("evidence__student_id", "curriculumgoal_id")
        .order_by()
    )
    achieved_links = (
        OwnGoal.curriculum_goals.through.objects.filter(
            owngoal__student_id__in=ids, owngoal__status=GoalStatus.ACHIEVED
        )
        .values_list("owngoal__student_id", "curriculumgoal_id")
        .order_by()
    )
    result: dict[int, set[int]] = defaultdict(set)
    for student_id, goal_id in evidence_links.union(achieved_links, all=True).order_by():
        if goal_id in goal_ids:
            result[student_id].add(goal_id)
    return result


def progress_for(
    students: Iterable[Student], school: School, year_level: int | None
) -> tuple[list[LearningLine], dict[int, list[LineProgress]]]:
    students = list(students)
    lines, goals_per_line = lines_for(school, year_level)
    all_goals = set().union(*goals_per_line.values()) if goals_per_line else set()
    worked = worked_on_goals(students, all_goals)
    table = {
        student.pk: [
            LineProgress(
                line=line,
                worked_on=len(worked[student.pk] & goals_per_line[line.pk]),
                total=len(goals_per_line[line.pk]),
            )
            for line in lines
        ]
        for student in students
    }
    return lines, table
