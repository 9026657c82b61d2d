"""Conversations, agreements and day starts through the API: the same answers as the pages,
and private notes never in any answer."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Personas, login
from leerweg.accounts.models import User
from leerweg.accounts.services import api_token_create
from leerweg.audit.models import AuditEvent
from leerweg.coaching.models import (
    Agreement,
    AgreementOwner,
    AgreementStatus,
    Conversation,
    ConversationNote,
    DayStart,
    NoteVisibility,
)
from leerweg.coaching.services import coaching_settings_set, day_start_save
from leerweg.coaching.tests.factories import conversation_for

pytestmark = pytest.mark.django_db

JSON = "application/json"
PRIVATE = "Alleen voor mij: thuis is het onrustig."
SHARED = "We spraken over de presentatie."


def bearer(user: User, kind: str, personas: Personas) -> dict[str, str]:
    """Headers with a new API token of ``user`` acting as ``kind`` at Het Baken."""
    role_key = f"{kind}:{personas.school.pk}"
    _token, secret = api_token_create(user=user, name="Test", role_key=role_key)
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def conversation(personas: Personas) -> Conversation:
    conversation = conversation_for(personas.student_record, personas.mentor)
    for visibility, text in ((NoteVisibility.PRIVATE, PRIVATE), (NoteVisibility.SHARED, SHARED)):
        ConversationNote.objects.create(
            conversation=conversation, author=personas.mentor, visibility=visibility, text=text
        )
    return conversation


@pytest.fixture
def agreement(conversation: Conversation) -> Agreement:
    return Agreement.objects.create(
        student=conversation.student,
        conversation=conversation,
        owner=AgreementOwner.STUDENT,
        description="Presentatie oefenen",
    )


def list_url(personas: Personas) -> str:
    return f"/api/v1/students/{personas.student_record.public_id}/conversations"


def detail_url(conversation: Conversation) -> str:
    return f"/api/v1/conversations/{conversation.public_id}"


def status_url(agreement: Agreement) -> str:
    return f"/api/v1/agreements/{agreement.public_id}/status"


# Conversations


@pytest.mark.parametrize(("persona", "kind"), [("student", "student"), ("mentor", "staff")])
def test_sanne_and_her_mentor_read_the_shared_notes_only(
    personas, conversation, agreement, persona: str, kind: str
):
    client = Client()
    user = personas.get(persona)
    assert user is not None
    headers = bearer(user, kind, personas)
    listed = client.get(list_url(personas), headers=headers)
    assert listed.status_code == 200
    assert [c["topic"] for c in listed.json()] == ["Hoe gaat het?"]
    assert listed.json()[0]["agreement_count"] == 1
    detail = client.get(detail_url(conversation), headers=headers)
    assert detail.status_code == 200
    assert [note["text"] for note in detail.json()["notes"]] == [SHARED]
    assert [a["description"] for a in detail.json()["agreements"]] == ["Presentatie oefenen"]
    for response in (listed, detail):
        assert PRIVATE not in response.content.decode()


def test_staff_reads_are_recorded(client, personas, conversation):
    login(client, personas.mentor)
    client.get(list_url(personas))
    client.get(detail_url(conversation))
    recorded = set(AuditEvent.objects.values_list("what", flat=True))
    assert {"api.coaching.conversations", "api.coaching.conversation"} <= recorded


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("other_teacher", 404),
        ("leader", 404),
        ("school_admin", 404),
        ("other_student", 404),
        ("guardian", 403),
        ("board_viewer", 403),
    ],
)
def test_who_does_not_see_the_conversations(
    client, personas, conversation, persona: str, status: int
):
    login(client, personas.get(persona))
    for url in (list_url(personas), detail_url(conversation)):
        response = client.get(url)
        assert response.status_code == status
        assert PRIVATE not in response.content.decode()


# Agreements


def test_sanne_marks_her_own_agreement_done(personas, agreement):
    response = Client().post(
        status_url(agreement),
        {"status": "done"},
        JSON,
        headers=bearer(personas.student, "student", personas),
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DONE


def test_sanne_does_not_change_her_coachs_agreement(client, personas, agreement):
    agreement.owner = AgreementOwner.COACH
    agreement.save()
    login(client, personas.student)
    assert client.post(status_url(agreement), {"status": "done"}, JSON).status_code == 404


def test_the_mentor_reviews_an_agreement_in_a_later_conversation(
    client, personas, agreement, conversation
):
    later = conversation_for(personas.student_record, personas.mentor, days_ahead=9)
    login(client, personas.mentor)
    response = client.post(
        status_url(agreement), {"status": "dropped", "conversation": str(later.public_id)}, JSON
    )
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert (agreement.status, agreement.reviewed_in) == (AgreementStatus.DROPPED, later)
    follow_up = client.get(detail_url(later)).json()["follow_up"]
    assert [a["status"] for a in follow_up] == ["dropped"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_teacher", 404), ("leader", 404), ("other_student", 404), ("guardian", 403)],
)
def test_who_may_not_change_an_agreement(client, personas, agreement, persona: str, status: int):
    login(client, personas.get(persona))
    assert client.post(status_url(agreement), {"status": "done"}, JSON).status_code == status
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.OPEN


def test_an_unknown_status_is_refused(client, personas, agreement):
    login(client, personas.mentor)
    assert client.post(status_url(agreement), {"status": "vergeten"}, JSON).status_code == 422
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.OPEN


# Day starts


def test_sanne_checks_in_and_reads_it_back(personas):
    client, headers = Client(), bearer(personas.student, "student", personas)
    before = client.get("/api/v1/me/day-start", headers=headers).json()
    assert (before["enabled"], before["day_start"]) == (True, None)
    body = {"mood": 4, "plan": "Rekenen", "own_goal": str(personas.own_goal.public_id)}
    response = client.put("/api/v1/me/day-start", body, JSON, headers=headers)
    assert response.status_code == 200, response.content
    assert response.json()["day_start"]["own_goal_title"] == personas.own_goal.title
    again = client.put("/api/v1/me/day-start", {"mood": 2, "plan": "Taal"}, JSON, headers=headers)
    assert again.json()["day_start"]["mood"] == 2
    assert DayStart.objects.filter(student=personas.student_record).count() == 1


def test_a_day_start_refuses_bad_input_and_stores_nothing(client, personas):
    login(client, personas.student)
    other_goal = str(uuid4())
    for body in (
        {"mood": 9, "plan": "Rekenen"},
        {"mood": 3, "plan": ""},
        {"mood": 3, "plan": "Rekenen", "own_goal": other_goal},
    ):
        assert client.put("/api/v1/me/day-start", body, JSON).status_code == 422
    assert not DayStart.objects.exists()


def test_a_school_with_day_starts_off(client, personas):
    coaching_settings_set(school=personas.school, day_starts_enabled=False)
    login(client, personas.student)
    assert client.get("/api/v1/me/day-start").json()["enabled"] is False
    response = client.put("/api/v1/me/day-start", {"mood": 4, "plan": "Rekenen"}, JSON)
    assert response.status_code == 409
    assert not DayStart.objects.exists()


@pytest.mark.parametrize("persona", ["mentor", "guardian", "leader"])
def test_only_students_check_in(client, personas, persona: str):
    login(client, personas.get(persona))
    assert client.get("/api/v1/me/day-start").status_code == 403


def test_the_mentor_reads_the_board_of_the_group(personas):
    today = timezone.localdate()
    for days_ago, mood in ((2, 2), (1, 1), (0, 2)):
        day_start_save(
            student=personas.student_record,
            day=today - timedelta(days=days_ago),
            mood=mood,
            plan="Rekenen",
        )
    response = Client().get(
        f"/api/v1/groups/{personas.group.pk}/day-starts",
        headers=bearer(personas.mentor, "staff", personas),
    )
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.json()["rows"]}
    sanne = rows[personas.student.get_full_name()]
    assert (sanne["day_start"]["mood"], sanne["needs_attention"]) == (2, True)
    assert rows[personas.young_student.get_full_name()]["day_start"] is None
    assert AuditEvent.objects.filter(what="api.daystart.board").count() == len(rows)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_teacher", 404), ("leader", 404), ("student", 403), ("guardian", 403)],
)
def test_who_does_not_see_the_board(client, personas, persona: str, status: int):
    login(client, personas.get(persona))
    assert client.get(f"/api/v1/groups/{personas.group.pk}/day-starts").status_code == status
