from datetime import timedelta
from uuid import UUID

from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.coaching.models import (
    Agreement,
    AgreementOwner,
    Conversation,
    ConversationNote,
    NoteVisibility,
)
from leerweg.schools.models import Student


def conversation_for(
    student: Student, coach: User, *, days_ahead: int = 2, topic: str = "Hoe gaat het?"
) -> Conversation:
    return Conversation.objects.create(
        student=student,
        coach=coach,
        planned_at=timezone.now() + timedelta(days=days_ahead),
        topic=topic,
    )


def coaching_url_arguments(student: Student, coach: User) -> dict[str, UUID]:
    """URL arguments for tests/test_url_matrix.py: an upcoming conversation of ``student``
    with ``coach``, a private note of the coach's in it, and an agreement the student owns."""
    conversation = Conversation.objects.filter(student=student, coach=coach).first()
    if conversation is None:
        conversation = conversation_for(student, coach)
        ConversationNote.objects.create(
            conversation=conversation,
            author=coach,
            visibility=NoteVisibility.PRIVATE,
            text="Alleen voor mij.",
        )
        Agreement.objects.create(
            student=student,
            conversation=conversation,
            owner=AgreementOwner.STUDENT,
            description="Presentatie oefenen",
        )
    note = ConversationNote.objects.filter(
        conversation=conversation, visibility=NoteVisibility.PRIVATE
    ).first()
    agreement = Agreement.objects.filter(conversation=conversation).first()
    assert note is not None and agreement is not None
    return {
        "conversation_id": conversation.public_id,
        "note_id": note.public_id,
        "agreement_id": agreement.public_id,
    }
