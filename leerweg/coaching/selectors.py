"""Reads for coaching: conversation timelines and pages, the caseload, the day-start board."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.coaching.access import visible_notes
from leerweg.coaching.models import (
    LOW_MOOD,
    Agreement,
    AgreementStatus,
    Conversation,
    DayStart,
    NoteVisibility,
    SchoolCoachingSettings,
)
from leerweg.schools.models import (
    Group,
    GroupMembership,
    GroupStaff,
    GroupStaffRole,
    School,
    Student,
)
from leerweg.schools.selectors import group_roster

# A student needs attention after this many low check-ins in a row, looking
# back no further than ATTENTION_WINDOW (a holiday breaks the streak).
LOW_STREAK = 3
ATTENTION_WINDOW = timedelta(days=14)


def coaching_settings_of(school: School) -> SchoolCoachingSettings:
    """The school's settings; the defaults (unsaved) when it never chose."""
    settings = SchoolCoachingSettings.objects.filter(school=school).first()
    return settings or SchoolCoachingSettings(school=school)


def conversations_of(student: Student) -> QuerySet[Conversation]:
    """The student's conversations, newest first, for the timeline."""
    return (
        Conversation.objects.filter(student=student)
        .select_related("coach")
        .annotate(
            agreement_count=Count("agreements", distinct=True),
            agenda_count=Count("agenda_items", distinct=True),
        )
        .order_by("-planned_at")
    )


def conversation_detail(conversation: Conversation, *, viewer: User, coach: bool) -> dict:
    """What the conversation page shows; private notes only to their author (``coach``)."""
    follow_up = (
        Agreement.objects.filter(
            student_id=conversation.student_id,
            conversation__planned_at__lt=conversation.planned_at,
        )
        .filter(Q(status=AgreementStatus.OPEN) | Q(reviewed_in=conversation))
        .select_related("conversation")
    )
    notes = visible_notes(viewer, conversation)
    return {
        "agenda_items": conversation.agenda_items.select_related("added_by"),
        "notes": notes if coach else notes.filter(visibility=NoteVisibility.SHARED),
        "agreements": conversation.agreements.all(),
        "follow_up": follow_up,
    }


def caseload_of(user: User, role: RoleContext) -> QuerySet[Student]:
    """The students of the groups ``user`` mentors or coaches this school year, with figures.

    One query: the last and next conversation and the open and overdue
    agreements are subqueries, so the page costs the same for 3 or 300 students.
    """
    if role.kind is not RoleKind.STAFF:
        return Student.objects.none()
    now, today = timezone.now(), timezone.localdate()
    groups = GroupStaff.objects.filter(
        user=user,
        role__in=[GroupStaffRole.MENTOR, GroupStaffRole.COACH],
        group__school_id=role.school_id,
        group__school_year__end_date__gte=today,
    ).values("group_id")
    in_groups = GroupMembership.objects.filter(student=OuterRef("pk"), group_id__in=groups)
    conversations = Conversation.objects.filter(student=OuterRef("pk"))
    last = conversations.filter(planned_at__lte=now).order_by("-planned_at").values("planned_at")
    upcoming = conversations.filter(planned_at__gt=now).order_by("planned_at").values("planned_at")
    return (
        Student.objects.filter(school_id=role.school_id)
        .filter(Exists(in_groups))
        .select_related("user", "school")
        .annotate(
            last_conversation_at=Subquery(last[:1]),
            next_conversation_at=Subquery(upcoming[:1]),
            open_agreements=_agreement_count(Q()),
            overdue_agreements=_agreement_count(Q(due_on__lt=today)),
        )
        .order_by("user__last_name", "user__first_name")
    )


def _agreement_count(condition: Q) -> Coalesce:
    counted = (
        Agreement.objects.filter(student=OuterRef("pk"), status=AgreementStatus.OPEN)
        .filter(condition)
        .order_by()
        .values("student")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def day_start_of(student: Student, day: date) -> DayStart | None:
    return DayStart.objects.filter(student=student, day=day).select_related("own_goal").first()


@dataclass(frozen=True)
class BoardRow:
    student: Student
    today: DayStart | None
    low_today: bool
    low_streak: bool

    @property
    def needs_attention(self) -> bool:
        return self.low_today or self.low_streak


def day_start_board(group: Group, day: date) -> list[BoardRow]:
    """Every student of the group with today's check-in and whether they need attention.

    Two queries whatever the group's size: the roster, and the check-ins of
    the last ``ATTENTION_WINDOW`` (newest first per student). A student needs
    attention when today's mood is low, or when their last ``LOW_STREAK``
    check-ins were all low (also when they did not check in today).
    """
    students = list(group_roster(group).select_related("school"))
    recent: dict[int, list[DayStart]] = defaultdict(list)
    for day_start in (
        DayStart.objects.filter(student__in=students, day__gt=day - ATTENTION_WINDOW, day__lte=day)
        .select_related("own_goal")
        .order_by("student_id", "-day")
    ):
        recent[day_start.student_id].append(day_start)
    rows = []
    for student in students:
        check_ins = recent[student.pk]
        today = check_ins[0] if check_ins and check_ins[0].day == day else None
        streak = check_ins[:LOW_STREAK]
        rows.append(
            BoardRow(
                student=student,
                today=today,
                low_today=today is not None and today.mood <= LOW_MOOD,
                low_streak=len(streak) == LOW_STREAK
                and all(item.mood <= LOW_MOOD for item in streak),
            )
        )
    return rows


def mentored_groups(user: User, role: RoleContext) -> QuerySet[Group]:
    """The groups ``user`` mentors or coaches this school year, for links to their boards."""
    if role.kind is not RoleKind.STAFF:
        return Group.objects.none()
    return (
        Group.objects.filter(
            school_id=role.school_id,
            school_year__end_date__gte=timezone.localdate(),
            staff__user=user,
            staff__role__in=[GroupStaffRole.MENTOR, GroupStaffRole.COACH],
        )
        .distinct()
        .order_by("year_level", "name")
    )


def day_starts_enabled_at(school_id: int) -> bool:
    enabled = SchoolCoachingSettings.objects.filter(school_id=school_id).values_list(
        "day_starts_enabled", flat=True
    )
    return next(iter(enabled), True)
