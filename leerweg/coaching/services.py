"""Writes for coaching: conversations, their agenda, notes and agreements; day starts.

The student hears about a planned conversation and about an agreement that is
nearly due through ``leerweg.notifications`` (after the transaction commits).
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from leerweg.accounts.models import User
from leerweg.coaching.models import (
    AgendaItem,
    Agreement,
    AgreementOwner,
    AgreementStatus,
    Conversation,
    ConversationNote,
    DayStart,
    NoteVisibility,
    SchoolCoachingSettings,
)
from leerweg.notifications.models import NotificationKind
from leerweg.notifications.services import notification_send
from leerweg.paths.models import OwnGoal
from leerweg.schools.models import School, Student

DUE_SOON = timedelta(days=2)


class ConversationAlreadyHeldError(Exception):
    """Agenda items are added before a conversation, not after."""


@transaction.atomic
def conversation_plan(
    *, student: Student, coach: User, planned_at: datetime, topic: str
) -> Conversation:
    conversation = Conversation(
        student=student, coach=coach, planned_at=planned_at, topic=topic.strip()
    )
    conversation.full_clean()
    conversation.save()
    if planned_at > timezone.now():
        transaction.on_commit(lambda: _notify_planned(conversation))
    return conversation


def _notify_planned(conversation: Conversation) -> None:
    notification_send(
        recipient=conversation.student.user,
        kind=NotificationKind.CONVERSATION,
        title=gettext_noop("Coaching conversation on %(date)s: %(topic)s"),
        params={
            "date": timezone.localtime(conversation.planned_at).strftime("%d-%m-%Y %H:%M"),
            "topic": conversation.topic,
        },
        link=reverse("coaching:conversation-detail", args=[conversation.public_id]),
    )


@transaction.atomic
def conversation_update(
    *, conversation: Conversation, planned_at: datetime, topic: str
) -> Conversation:
    conversation.planned_at = planned_at
    conversation.topic = topic.strip()
    conversation.full_clean()
    conversation.save(update_fields=["planned_at", "topic", "updated_at"])
    return conversation


@transaction.atomic
def agenda_item_add(*, conversation: Conversation, added_by: User, text: str) -> AgendaItem:
    if conversation.planned_at <= timezone.now():
        raise ConversationAlreadyHeldError
    item = AgendaItem(conversation=conversation, added_by=added_by, text=text.strip())
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def conversation_note_add(
    *, conversation: Conversation, author: User, text: str, visibility: NoteVisibility
) -> ConversationNote:
    note = ConversationNote(
        conversation=conversation, author=author, text=text.strip(), visibility=visibility
    )
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def agreement_add(
    *,
    conversation: Conversation,
    owner: AgreementOwner,
    description: str,
    due_on: date | None = None,
) -> Agreement:
    agreement = Agreement(
        student_id=conversation.student_id,
        conversation=conversation,
        owner=owner,
        description=description.strip(),
        due_on=due_on,
    )
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_status_set(
    *,
    agreement: Agreement,
    status: AgreementStatus,
    in_conversation: Conversation | None = None,
) -> Agreement:
    """Change the status; changed in a later conversation, it stays on that one's follow-up."""
    if status not in AgreementStatus.values:
        raise ValidationError({"status": "Unknown status."})
    agreement.status = status
    fields = ["status", "updated_at"]
    if (
        in_conversation is not None
        and in_conversation.student_id == agreement.student_id
        and in_conversation.pk != agreement.conversation_id
    ):
        agreement.reviewed_in = in_conversation
        fields.append("reviewed_in")
    agreement.save(update_fields=fields)
    return agreement


def agreements_due_notify(*, today: date | None = None) -> int:
    """Remind each student once of their open agreements due within ``DUE_SOON``.

    Safe to run more than once a day: an agreement that was reminded of is
    marked and skipped. Returns the number of reminders sent.
    """
    today = today or timezone.localdate()
    due = (
        Agreement.objects.filter(
            status=AgreementStatus.OPEN,
            due_on__gte=today,
            due_on__lte=today + DUE_SOON,
            due_notified_at=None,
        )
        .select_related("student__user", "conversation")
        .order_by("pk")
    )
    sent = 0
    for agreement in due:
        with transaction.atomic():
            notification_send(
                recipient=agreement.student.user,
                kind=NotificationKind.AGREEMENT_DUE,
                title=gettext_noop("Agreement due on %(date)s: %(agreement)s"),
                params={
                    "date": agreement.due_on.strftime("%d-%m-%Y") if agreement.due_on else "",
                    "agreement": agreement.description,
                },
                link=reverse(
                    "coaching:conversation-detail", args=[agreement.conversation.public_id]
                ),
            )
            Agreement.objects.filter(pk=agreement.pk).update(due_notified_at=timezone.now())
        sent += 1
    return sent


@transaction.atomic
def day_start_save(
    *,
    student: Student,
    day: date,
    mood: int,
    plan: str,
    own_goal: OwnGoal | None = None,
    where: str = "",
    with_whom: str = "",
) -> DayStart:
    """The student's check-in for ``day``; a second one that day replaces the first."""
    if own_goal is not None and own_goal.student_id != student.pk:
        raise ValidationError({"own_goal": "Not one of this student's goals."})
    values = {
        "mood": mood,
        "plan": plan.strip(),
        "own_goal": own_goal,
        "where": where.strip(),
        "with_whom": with_whom.strip(),
    }
    day_start = DayStart.objects.filter(student=student, day=day).first() or DayStart(
        student=student, day=day
    )
    for field, value in values.items():
        setattr(day_start, field, value)
    day_start.full_clean()
    day_start.save()
    return day_start


@transaction.atomic
def coaching_settings_set(*, school: School, day_starts_enabled: bool) -> SchoolCoachingSettings:
    settings, _created = SchoolCoachingSettings.objects.update_or_create(
        school=school, defaults={"day_starts_enabled": day_starts_enabled}
    )
    return settings
