from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.audit.models import AuditEvent
from leerweg.coaching.access import PRIVATE_NOTE_DENIED
from leerweg.coaching.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    Conversation,
    ConversationNote,
)
from leerweg.coaching.tests.factories import conversation_for
from leerweg.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _log_conversation(client, personas: Personas) -> Conversation:
    """The mentor plans a conversation, writes a private and a shared note and an agreement."""
    login(client, personas.mentor)
    response = client.post(
        reverse("coaching:conversation-create", args=[personas.student_record.public_id]),
        {"planned_at": _local(timezone.now() + timedelta(days=1)), "topic": "Presenteren"},
    )
    conversation = Conversation.objects.get(topic="Presenteren")
    assert response["Location"] == reverse(
        "coaching:conversation-detail", args=[conversation.public_id]
    )
    notes_url = reverse("coaching:note-add", args=[conversation.public_id])
    client.post(notes_url, {"text": "Twijfelt thuis veel.", "visibility": "private"})
    client.post(notes_url, {"text": "Oefent wekelijks.", "visibility": "shared"})
    client.post(
        reverse("coaching:agreement-add", args=[conversation.public_id]),
        {"owner": "student", "description": "Twee keer oefenen", "due_on": ""},
    )
    return conversation


def test_a_mentor_logs_a_conversation_with_a_private_note_and_an_agreement(
    client, personas: Personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conversation = _log_conversation(client, personas)
    assert conversation.coach == personas.mentor
    assert conversation.notes.count() == 2
    assert conversation.agreements.get().status == AgreementStatus.OPEN
    page = client.get(reverse("coaching:conversation-detail", args=[conversation.public_id]))
    assert "Twijfelt thuis veel." in page.content.decode()
    assert "Twee keer oefenen" in page.content.decode()
    # Planning it told Sanne.
    notification = Notification.objects.get(recipient=personas.student)
    assert notification.kind == NotificationKind.CONVERSATION


def test_the_student_sees_only_the_shared_note(client, personas: Personas):
    conversation = _log_conversation(client, personas)
    login(client, personas.student)
    page = client.get(reverse("coaching:conversation-detail", args=[conversation.public_id]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Oefent wekelijks." in content
    assert "Twijfelt thuis veel." not in content


@pytest.mark.parametrize("persona", ["other_teacher", "leader", "school_admin", "student"])
def test_nobody_but_the_author_reads_a_private_note_and_the_attempt_is_audited(
    client, personas: Personas, persona: str
):
    conversation = _log_conversation(client, personas)
    note = ConversationNote.objects.get(conversation=conversation, visibility="private")
    login(client, personas.get(persona))
    response = client.get(reverse("coaching:note-detail", args=[note.public_id]))
    assert response.status_code == 404
    assert "Twijfelt thuis veel." not in response.content.decode()
    event = AuditEvent.objects.get(what=PRIVATE_NOTE_DENIED)
    assert event.actor == personas.get(persona)
    assert event.subject_public_id == personas.student_record.public_id


def test_the_author_reads_their_private_note_and_no_denial_is_recorded(client, personas: Personas):
    conversation = _log_conversation(client, personas)
    note = ConversationNote.objects.get(conversation=conversation, visibility="private")
    response = client.get(reverse("coaching:note-detail", args=[note.public_id]))
    assert response.status_code == 200
    assert "Twijfelt thuis veel." in response.content.decode()
    assert not AuditEvent.objects.filter(what=PRIVATE_NOTE_DENIED).exists()


@pytest.mark.parametrize("persona", ["other_teacher", "leader", "other_student"])
def test_others_do_not_see_the_conversation(client, personas: Personas, persona: str):
    conversation = _log_conversation(client, personas)
    login(client, personas.get(persona))
    url = reverse("coaching:conversation-detail", args=[conversation.public_id])
    assert client.get(url).status_code == 404


def test_the_student_adds_an_agenda_item_before_the_conversation(client, personas: Personas):
    conversation = conversation_for(personas.student_record, personas.mentor)
    login(client, personas.student)
    url = reverse("coaching:agenda-add", args=[conversation.public_id])
    client.post(url, {"text": "Mijn stage"})
    assert AgendaItem.objects.get(conversation=conversation).added_by == personas.student


def test_no_agenda_items_after_the_conversation(client, personas: Personas):
    conversation = conversation_for(personas.student_record, personas.mentor, days_ahead=-1)
    login(client, personas.student)
    client.post(reverse("coaching:agenda-add", args=[conversation.public_id]), {"text": "Te laat"})
    assert not AgendaItem.objects.exists()


def test_an_empty_agenda_item_is_a_field_error(client, personas: Personas):
    conversation = conversation_for(personas.student_record, personas.mentor)
    login(client, personas.student)
    response = client.post(
        reverse("coaching:agenda-add", args=[conversation.public_id]), {"text": " "}
    )
    assert response.status_code == 400
    assert "text" in response.context["agenda_form"].errors


def test_open_agreements_carry_over_to_the_next_conversation(client, personas: Personas):
    student, mentor = personas.student_record, personas.mentor
    first = conversation_for(student, mentor, days_ahead=-14, topic="Eerste")
    open_one = Agreement.objects.create(
        student=student, conversation=first, owner="student", description="Blijft open"
    )
    Agreement.objects.create(
        student=student, conversation=first, owner="coach", description="Al klaar", status="done"
    )
    second = conversation_for(student, mentor, days_ahead=1, topic="Tweede")
    login(client, mentor)
    page = client.get(reverse("coaching:conversation-detail", args=[second.public_id]))
    assert [a.description for a in page.context["follow_up"]] == ["Blijft open"]
    # Marked done in the second conversation, it stays on that one's follow-up.
    client.post(
        reverse("coaching:agreement-status", args=[open_one.public_id]),
        {"status": "done", "conversation": str(second.public_id)},
    )
    open_one.refresh_from_db()
    assert open_one.status == AgreementStatus.DONE
    assert open_one.reviewed_in == second
    page = client.get(reverse("coaching:conversation-detail", args=[second.public_id]))
    assert [a.description for a in page.context["follow_up"]] == ["Blijft open"]
    third = conversation_for(student, mentor, days_ahead=8, topic="Derde")
    page = client.get(reverse("coaching:conversation-detail", args=[third.public_id]))
    assert list(page.context["follow_up"]) == []


def test_the_student_changes_only_her_own_agreements(client, personas: Personas):
    conversation = conversation_for(personas.student_record, personas.mentor)
    hers = Agreement.objects.create(
        student=personas.student_record,
        conversation=conversation,
        owner="student",
        description="Oefenen",
    )
    coachs = Agreement.objects.create(
        student=personas.student_record,
        conversation=conversation,
        owner="coach",
        description="Mail sturen",
    )
    login(client, personas.student)
    client.post(reverse("coaching:agreement-status", args=[hers.public_id]), {"status": "done"})
    response = client.post(
        reverse("coaching:agreement-status", args=[coachs.public_id]), {"status": "done"}
    )
    assert response.status_code == 404
    hers.refresh_from_db()
    coachs.refresh_from_db()
    assert (hers.status, coachs.status) == ("done", "open")


def test_the_timeline_lists_the_conversations_newest_first(client, personas: Personas):
    conversation_for(personas.student_record, personas.mentor, days_ahead=-7, topic="Oud")
    conversation_for(personas.student_record, personas.mentor, days_ahead=3, topic="Nieuw")
    login(client, personas.student)
    page = client.get(
        reverse("coaching:conversation-list", args=[personas.student_record.public_id])
    )
    assert [c.topic for c in page.context["conversations"]] == ["Nieuw", "Oud"]


def test_a_guardian_has_no_coaching_pages(client, personas: Personas):
    login(client, personas.guardian)
    url = reverse("coaching:conversation-list", args=[personas.student_record.public_id])
    assert client.get(url).status_code == 403
