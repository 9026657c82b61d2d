"""Reading a school's curriculum: the tree for the overview, goals for pickers, search."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from leerweg.curriculum.models import CurriculumGoal, LearningDomain, LearningLine

MAX_SEARCH_WORDS = 8


@dataclass(frozen=True)
class GoalFilters:
    """What the overview shows: goals of a sector, for a year, serving an aim, matching words."""

    sector: str = ""
    year: int | None = None
    aim: str = ""
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.sector or self.year or self.aim or self.text.strip())


@dataclass
class LineNode:
    line: LearningLine
    goals: list[CurriculumGoal] = field(default_factory=list)


@dataclass
class DomainNode:
    domain: LearningDomain
    lines: list[LineNode] = field(default_factory=list)

    @property
    def goal_count(self) -> int:
        return sum(len(node.goals) for node in self.lines)


def curriculum_goals(
    *, school_id: int, sector: str = "", year: int | None = None
) -> QuerySet[CurriculumGoal]:
    """A school's goals, optionally for one sector and one year, with line and domain loaded.

    For pickers: a student choosing the goals their own goal works on, a
    teacher linking material. Ordered as in the curriculum.
    """
    goals = CurriculumGoal.objects.filter(school_id=school_id).select_related("line__domain")
    if sector:
        goals = goals.filter(sector=sector)
    if year is not None:
        goals = goals.filter(year_from__lte=year, year_to__gte=year)
    return goals


def curriculum_goal_search(goals: QuerySet[CurriculumGoal], text: str) -> QuerySet[CurriculumGoal]:
    """Goals matching every word of ``text`` in their code, title, description, line or domain."""
    for word in text.split()[:MAX_SEARCH_WORDS]:
        goals = goals.filter(
            Q(code__icontains=word)
            | Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(line__name__icontains=word)
            | Q(line__domain__name__icontains=word)
        )
    return goals


def curriculum_tree(*, school_id: int, filters: GoalFilters | None = None) -> list[DomainNode]:
    """The school's domains → lines → goals, each goal with its prerequisites.

    Four queries whatever the size: domains, lines, goals, prerequisites.
    Without filters every domain and line is there, also empty ones (an
    editor adds to them); with filters only those holding a matching goal.
    """
    filters = filters or GoalFilters()
    goals = curriculum_goals(school_id=school_id, sector=filters.sector, year=filters.year)
    if filters.aim:
        goals = goals.filter(aim=filters.aim)
    goals = curriculum_goal_search(goals, filters.text).prefetch_related(
        Prefetch("prerequisites", queryset=CurriculumGoal.objects.only("id", "code", "title"))
    )
    domains = {d.pk: DomainNode(d) for d in LearningDomain.objects.filter(school_id=school_id)}
    lines: dict[int, LineNode] = {}
    for line in LearningLine.objects.filter(domain__school_id=school_id).order_by(
        "position", "name"
    ):
        lines[line.pk] = node = LineNode(line)
        line.domain = domains[line.domain_id].domain  # known already; saves a query per line
        domains[line.domain_id].lines.append(node)
    for goal in goals:
        goal.line = lines[goal.line_id].line
        lines[goal.line_id].goals.append(goal)
    tree = list(domains.values())
    if filters.active:
        for domain_node in tree:
            domain_node.lines = [node for node in domain_node.lines if node.goals]
        tree = [node for node in tree if node.lines]
    return tree


def goal_prerequisites(goal: CurriculumGoal) -> QuerySet[CurriculumGoal]:
    """The goals ``goal`` builds on."""
    return goal.prerequisites.select_related("line__domain")


def goal_unlocks(goal: CurriculumGoal) -> QuerySet[CurriculumGoal]:
    """The goals that build on ``goal``."""
    return goal.unlocks.select_related("line__domain")


def curriculum_lines(*, school_id: int) -> QuerySet[LearningLine]:
    """A school's lines with their domain, in curriculum order, for a form's choice."""
    return LearningLine.objects.filter(domain__school_id=school_id).select_related("domain")


def curriculum_domains(*, school_id: int) -> QuerySet[LearningDomain]:
    return LearningDomain.objects.filter(school_id=school_id)


def domain_contents(domain: LearningDomain) -> dict[str, int]:
    """How much goes when a domain is deleted."""
    return {
        "lines": domain.lines.count(),
        "goals": CurriculumGoal.objects.filter(line__domain=domain).count(),
    }


def curriculum_sectors(*, school_id: int) -> list[str]:
    """The sectors a school's goals are written for (usually just the school's own)."""
    goals = CurriculumGoal.objects.filter(school_id=school_id).order_by("sector")
    return list(goals.values_list("sector", flat=True).distinct())
