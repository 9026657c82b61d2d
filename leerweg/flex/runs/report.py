"""Reading runs, and the report of one run as its page shows it.

A run's stored report holds ids, never names: names of students, titles of
sessions and the wording of each rule are added here, in the reader's language.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerweg.flex.models import AllocationRun, FlexSession, FlexSlot, FlexWeek, Placement, RunState
from leerweg.flex.runs.wording import UNPLACED_REASONS, constraint_wording
from leerweg.flex.selectors import sessions_in_week
from leerweg.schools.models import Student

PERCENT_FIGURES = ("first choice", "top 3")
COMPARISON_LABELS = {
    "first choice": gettext_lazy("share of first choices"),
    "top 3": gettext_lazy("share in the top 3"),
    "unranked": gettext_lazy("placements not chosen"),
    "students short": gettext_lazy("students short of hours"),
    "hours short": gettext_lazy("flex hours short"),
    "worst regret": gettext_lazy("worst regret of one student"),
}


def runs_of_week(week: FlexWeek) -> QuerySet[AllocationRun]:
    return (
        AllocationRun.objects.filter(week=week)
        .select_related("started_by", "published_by")
        .annotate(placed=Count("placements"))
        .order_by("-created_at")
    )


def published_history(week: FlexWeek) -> list[AllocationRun]:
    """Published runs of the school year up to and including ``week``, oldest first."""
    return list(
        AllocationRun.objects.filter(
            week__school_year_id=week.school_year_id,
            week__monday__lte=week.monday,
            published_at__isnull=False,
        )
        .select_related("week")
        .order_by("week__monday")
    )


def session_counts(run: AllocationRun) -> dict[int, int]:
    return dict(
        run.placements.values("session_id").annotate(n=Count("pk")).values_list("session_id", "n")
    )


@dataclass
class Named:
    """A conflict or broken rule with the people and sessions in it, in words."""

    wording: str
    students: list[str]
    sessions: list[str]


@dataclass
class SlotPlacements:
    slot: FlexSlot
    placements: list[Placement]
    # Sessions of the slot with their places and how many were placed in them.
    sessions: list[tuple[FlexSession, int]]


@dataclass
class RunReport:
    students: list[Student] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    rank_rows: list[tuple[str, int]] = field(default_factory=list)
    unplaced: list[tuple[Student, float, str]] = field(default_factory=list)
    conflicts: list[Named] = field(default_factory=list)
    violations: list[Named] = field(default_factory=list)
    comparison: list[tuple[str, str, str]] = field(default_factory=list)
    comparison_bars: list[tuple[str, float, str]] = field(default_factory=list)
    fairness: list[tuple[FlexWeek, float, float]] = field(default_factory=list)
    slots: list[SlotPlacements] = field(default_factory=list)
    all_sessions: list[FlexSession] = field(default_factory=list)


def run_report(run: AllocationRun) -> RunReport:
    """Everything the run's page shows, with names of students and titles of sessions."""
    report = RunReport()
    data = run.report or {}
    placements = list(
        run.placements.select_related(
            "student__user", "student__school", "session", "slot"
        ).order_by("slot__weekday", "slot__start_time", "student__user__last_name", "pk")
    )
    students, sessions = _rows_named_in(run, data, placements)
    report.students = sorted(students.values(), key=lambda s: s.pk)
    report.conflicts = [
        _named(c, c["students"], c["sessions"], students, sessions)
        for c in data.get("conflicts", [])
    ]
    report.violations = [
        _named(
            v,
            [v["student"]] if v["student"] else [],
            [v["session"]] if v["session"] else [],
            students,
            sessions,
        )
        for v in data.get("violations", [])
    ]
    report.summary = data.get("summary", {})
    report.rank_rows = _rank_rows(report.summary.get("rank_profile", {}))
    report.unplaced = [
        (students[u["student"]], u["hours_short"], str(UNPLACED_REASONS.get(u["reason"], "")))
        for u in data.get("unplaced", [])
        if u["student"] in students
    ]
    report.comparison, report.comparison_bars = _comparison(data.get("comparison", {}))
    report.fairness = [
        (
            earlier.week,
            earlier.report.get("summary", {}).get("first_choice_share", 0.0),
            earlier.report.get("summary", {}).get("worst_regret", 0),
        )
        for earlier in published_history(run.week)
    ]
    if run.state == RunState.DONE:
        report.slots, report.all_sessions = _slots(run, placements)
    return report


def _rows_named_in(
    run: AllocationRun, data: Mapping, placements: list[Placement]
) -> tuple[dict[int, Student], dict[int, FlexSession]]:
    """The students and sessions the report or the placements name, by id."""
    wanted = _ids_in_report(data)
    students = {p.student_id: p.student for p in placements}
    missing = wanted["students"] - set(students)
    students |= {
        s.pk: s for s in Student.objects.filter(pk__in=missing).select_related("user", "school")
    }
    sessions = {
        s.pk: s
        for s in FlexSession.objects.filter(slot__school_id=run.week.school_id)
        .filter(Q(pk__in=wanted["sessions"]) | Q(placements__run=run))
        .distinct()
        .select_related("slot", "teacher")
    }
    return students, sessions


def _ids_in_report(data: Mapping) -> dict[str, set[int]]:
    students: set[int] = set()
    sessions: set[int] = set()
    for conflict in data.get("conflicts", []):
        students.update(conflict["students"])
        sessions.update(conflict["sessions"])
    for violation in data.get("violations", []):
        if violation["student"]:
            students.add(violation["student"])
        if violation["session"]:
            sessions.add(violation["session"])
    students.update(u["student"] for u in data.get("unplaced", []))
    return {"students": students, "sessions": sessions}


def _named(
    item: Mapping,
    student_ids: list[int],
    session_ids: list[int],
    students: Mapping[int, Student],
    sessions: Mapping[int, FlexSession],
) -> Named:
    return Named(
        wording=constraint_wording(item["constraint"]),
        students=[students[s].user.get_full_name() for s in student_ids if s in students],
        sessions=[sessions[s].title for s in session_ids if s in sessions],
    )


def _rank_rows(profile: Mapping[str, int]) -> list[tuple[str, int]]:
    rows = []
    for rank, count in sorted(profile.items(), key=lambda item: int(item[0])):
        if int(rank) <= 5:
            rows.append((_("choice %(rank)s") % {"rank": rank}, count))
        else:
            rows.append((_("not chosen"), count))
    return rows


def _comparison(data: Mapping) -> tuple[list[tuple[str, str, str]], list[tuple[str, float, str]]]:
    ours, theirs = data.get("allocation", {}), data.get("first come", {})
    rows, bars = [], []
    for key, label in COMPARISON_LABELS.items():
        if key not in ours or key not in theirs:
            continue
        if key in PERCENT_FIGURES:
            rows.append((str(label), f"{ours[key]:.0%}", f"{theirs[key]:.0%}"))
            bars.append(
                (_("%(figure)s, allocation") % {"figure": label}, ours[key], f"{ours[key]:.0%}")
            )
            bars.append(
                (_("%(figure)s, first come") % {"figure": label}, theirs[key], f"{theirs[key]:.0%}")
            )
        else:
            rows.append((str(label), f"{ours[key]:g}", f"{theirs[key]:g}"))
    return rows, bars


def _slots(
    run: AllocationRun, placements: list[Placement]
) -> tuple[list[SlotPlacements], list[FlexSession]]:
    counts = session_counts(run)
    offered = list(sessions_in_week(run.week))
    by_slot: dict[int, list[FlexSession]] = defaultdict(list)
    for session in offered:
        by_slot[session.slot_id].append(session)
    slots = []
    for slot in {s.slot_id: s.slot for s in offered}.values():
        slots.append(
            SlotPlacements(
                slot=slot,
                placements=[p for p in placements if p.slot_id == slot.pk],
                sessions=[(s, counts.get(s.pk, 0)) for s in by_slot[slot.pk]],
            )
        )
    return slots, offered
