"""The student portrait: one page with everything the viewer may see of one student."""

from datetime import timedelta

from django.db.models import Count, Prefetch
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.activities.access import activities_visible_to
from leerweg.insight.progress import LineProgress, progress_for
from leerweg.paths.models import Evidence, OwnGoal, PlanStep, RouteItem
from leerweg.profiles.access import is_owner, visible_parts
from leerweg.profiles.charts import skills_chart
from leerweg.profiles.models import ProfilePart
from leerweg.profiles.selectors import profile_of
from leerweg.schools.models import Group, Student
from leerweg.schools.selectors import student_portrait

RECENT_EVIDENCE = 6
TIMELINE_ITEMS = 15
ROUTE_WEEKS = 12


def portrait(*, user: User, role: RoleContext, student: Student) -> dict[str, object]:
    parts = visible_parts(user, role, student)
    context: dict[str, object] = {
        "student": student,
        "parts": parts,
        "owner": is_owner(user, role, student),
        "as_guardian": role.kind is RoleKind.GUARDIAN,
        "as_staff": role.kind is RoleKind.STAFF,
        **student_portrait(student),
    }
    if parts & {
        ProfilePart.ABOUT_ME,
        ProfilePart.INTERESTS,
        ProfilePart.TALENTS,
        ProfilePart.SKILLS,
    }:
        profile = profile_of(student)
        context["profile"] = profile
        context["skills_chart"] = skills_chart(profile["skills"])  # type: ignore[arg-type]
    if ProfilePart.GOALS in parts:
        context["goals"] = list(
            OwnGoal.objects.filter(student=student)
            .annotate(evidence_count=Count("evidence", distinct=True))
            .prefetch_related(Prefetch("steps", queryset=PlanStep.objects.order_by("position")))
            .order_by("status", "-updated_at")[:20]
        )
    if ProfilePart.EVIDENCE in parts:
        context["evidence"] = list(
            Evidence.objects.filter(student=student).order_by("-created_at")[:RECENT_EVIDENCE]
        )
    if ProfilePart.ACTIVITIES in parts:
        context["activities"] = list(
            # Not every shared activity: the student may hide single ones.
            activities_visible_to(user, role, student)
            .select_related("partner", "partner_validated_by")
            .order_by("-started_on", "-id")[:TIMELINE_ITEMS]
        )
    if ProfilePart.ROUTE in parts:
        today = timezone.localdate()
        context["route"] = list(
            RouteItem.objects.filter(
                student=student,
                ends_on__gte=today,
                starts_on__lte=today + timedelta(weeks=ROUTE_WEEKS),
            ).order_by("starts_on", "position")
        )
    if role.kind is RoleKind.STAFF or is_owner(user, role, student):
        context["progress"] = _progress(student, context["groups"])  # type: ignore[arg-type]
    return context


def _progress(student: Student, groups: list[Group]) -> list[LineProgress]:
    """Progress for the year of the student's highest current group."""
    years = [group.year_level for group in groups if group.year_level is not None]
    _lines, table = progress_for([student], student.school, max(years) if years else None)
    return [row for row in table[student.pk] if row.total]
