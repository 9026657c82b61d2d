from django.db.models import Count, Prefetch, QuerySet

from leerweg.paths.models import Evidence, OwnGoal, PlanStep, Reflection
from leerweg.schools.models import Student


def own_goals_of(student: Student) -> QuerySet[OwnGoal]:
    """A student's goals with their steps and linked learning goals, for a list page."""
    return (
        OwnGoal.objects.filter(student=student)
        .annotate(evidence_count=Count("evidence", distinct=True))
        .prefetch_related(
            Prefetch("steps", queryset=PlanStep.objects.order_by("position", "id")),
            "curriculum_goals",
        )
        .order_by("status", "-updated_at")
    )


def own_goal_detail(goal: OwnGoal) -> dict[str, object]:
    steps = list(goal.steps.order_by("position", "id"))
    return {
        "steps": steps,
        "steps_done": sum(1 for step in steps if step.done_at),
        "reflections": list(
            Reflection.objects.filter(goal=goal).select_related("author").order_by("-created_at")
        ),
        "evidence": list(Evidence.objects.filter(own_goals=goal).order_by("-created_at")[:20]),
        "curriculum_goals": list(goal.curriculum_goals.select_related("line__domain")),
    }
