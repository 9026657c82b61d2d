"""A run's result in the database: its placements, the report's figures and each student's outcome.

Used when a run finishes and again after every move, so a changed allocation
is described exactly as a fresh one would be.
"""

from collections.abc import Iterator, Mapping

from leerweg.flex.allocator import Instance, summarise
from leerweg.flex.models import AllocationRun, PlacementSource, StudentOutcome

# (student id, slot id) → session id, as the allocator assigns.
Assignments = Mapping[tuple[int, int], int]


def run_assignments(run: AllocationRun) -> dict[tuple[int, int], int]:
    return {
        (student_id, slot_id): session_id
        for student_id, slot_id, session_id in run.placements.values_list(
            "student_id", "slot_id", "session_id"
        )
    }


def rank_of(instance: Instance, student_id: int, slot_id: int, session_id: int) -> int | None:
    """The rank the student gave the session in that slot; ``None`` when they did not choose it."""
    ranked = instance.choices.get((student_id, slot_id), [])
    return ranked.index(session_id) + 1 if session_id in ranked else None


def placement_rows(
    instance: Instance, assignments: Assignments
) -> Iterator[tuple[tuple[int, int], int, int | None, str]]:
    """Each assignment with its rank and why the student is there: mandatory, chosen or filled."""
    for key, session_id in sorted(assignments.items()):
        student_id, slot_id = key
        rank = rank_of(instance, student_id, slot_id, session_id)
        if (student_id, session_id) in instance.mandatory:
            source = PlacementSource.MANDATORY
        elif rank is not None:
            source = PlacementSource.CHOSEN
        else:
            source = PlacementSource.FILLED
        yield key, session_id, rank, source


def figures(instance: Instance, assignments: Assignments) -> dict:
    """The report's figures of one set of assignments (JSON-ready)."""
    summary = summarise(instance, assignments)
    return {
        "summary": {
            "placements": summary.placements,
            "rank_profile": {str(rank): n for rank, n in summary.rank_profile.items()},
            "first_choice_share": summary.first_choice_share,
            "top3_share": summary.top3_share,
            "unranked": summary.unranked,
            "students_short": len(summary.hours_short),
            "hours_short": sum(summary.hours_short.values()),
            "worst_regret": summary.worst_regret,
        },
        "unplaced": [
            {"student": u.student, "hours_short": u.hours_short, "reason": u.reason}
            for u in summary.unplaced
        ],
    }


def outcomes_store(
    run: AllocationRun,
    instance: Instance,
    assignments: Assignments,
    weights: Mapping[int, float],
) -> None:
    """Replace the run's outcome per student: the history the next weeks' weights come from."""
    summary = summarise(instance, assignments)
    StudentOutcome.objects.filter(run=run).delete()
    StudentOutcome.objects.bulk_create(
        StudentOutcome(
            run=run,
            student_id=student.id,
            regret=summary.regret.get(student.id, 0),
            hours_short=summary.hours_short.get(student.id, 0),
            weight=weights.get(student.id, 1.0),
        )
        for student in instance.students
    )
