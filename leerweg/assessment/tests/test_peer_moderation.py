"""Peer feedback for the group's staff: the setting, the moderation page, hiding and showing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas
from leerweg.assessment.models import GroupPeerFeedback, PeerComment
from leerweg.assessment.services import (
    group_peer_feedback_set,
    peer_comment_add,
    peer_request_open,
)
from leerweg.audit.models import AuditEvent
from leerweg.paths.models import Evidence, EvidenceKind
from leerweg.schools.tests.factories import StudentFactory, add_to_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def comment(personas: Personas) -> PeerComment:
    group_peer_feedback_set(group=personas.group, enabled=True, changed_by=personas.mentor)
    peer_request = peer_request_open(evidence=personas.evidence, group=personas.group)
    return peer_comment_add(
        request=peer_request, author=personas.young_student_record, tips="Saai verhaal."
    )


def group_url(personas: Personas) -> str:
    return reverse("assessment:peer-group", args=[personas.group.pk])


def assessment_url(personas: Personas) -> str:
    return reverse("assessment:evidence-assessment", args=[personas.evidence.public_id])


def test_group_staff_switch_peer_feedback_on(login_as, personas: Personas):
    client = login_as(personas.mentor)
    group_page = client.get(reverse("schools:group-detail", args=[personas.group.pk]))
    assert group_page.content.decode().count(group_url(personas)) == 1  # mentor and teacher
    assert "Peer feedback is off" in client.get(group_url(personas)).content.decode()
    setting = reverse("assessment:peer-group-setting", args=[personas.group.pk])
    assert client.post(setting, {"enabled": "on"}).status_code == 302
    assert GroupPeerFeedback.objects.get(group=personas.group).enabled
    assert "Switch peer feedback off" in client.get(group_url(personas)).content.decode()


def test_leaders_and_other_teachers_do_not_moderate(login_as, personas: Personas, comment):
    leader = login_as(personas.leader)
    group_page = leader.get(reverse("schools:group-detail", args=[personas.group.pk]))
    assert group_url(personas) not in group_page.content.decode()
    assert leader.get(group_url(personas)).status_code == 404
    hide = reverse("assessment:peer-comment-hide", args=[comment.public_id])
    for person in (personas.leader, personas.other_teacher, personas.other_school_staff):
        assert login_as(person).post(hide).status_code == 404
    assert login_as(personas.student).post(hide).status_code == 403
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_the_moderation_page_lists_all_comments_and_is_recorded(
    login_as, personas: Personas, comment
):
    page = login_as(personas.mentor).get(group_url(personas))
    body = page.content.decode()
    assert "Saai verhaal." in body
    assert "Mila Jansen to Sanne de Vries" in body
    events = AuditEvent.objects.filter(what="assessment.peer.moderation")
    assert {e.subject_public_id for e in events} == {
        personas.student_record.public_id,
        personas.young_student_record.public_id,
    }


def test_a_hidden_comment_disappears_for_the_owner_and_the_author_sees_why(
    login_as, personas: Personas, comment
):
    hide = reverse("assessment:peer-comment-hide", args=[comment.public_id])
    response = login_as(personas.mentor).post(hide, {"reason": "Niet vriendelijk."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == personas.mentor
    assert AuditEvent.objects.filter(
        what="assessment.peer.hide", subject_public_id=personas.young_student_record.public_id
    ).exists()

    owner_page = login_as(personas.student).get(assessment_url(personas)).content.decode()
    assert "Saai verhaal." not in owner_page
    author_page = login_as(personas.young_student).get(reverse("assessment:peer-index"))
    body = author_page.content.decode()
    assert "Your teacher has hidden this feedback." in body
    assert "Niet vriendelijk." in body
    # Staff still see it, marked as hidden, and can show it again.
    moderation = login_as(personas.mentor).get(group_url(personas)).content.decode()
    assert "Saai verhaal." in moderation and "Show again" in moderation
    show = reverse("assessment:peer-comment-show", args=[comment.public_id])
    assert login_as(personas.mentor).post(show).status_code == 302
    assert (
        "Saai verhaal." in login_as(personas.student).get(assessment_url(personas)).content.decode()
    )


def test_a_too_long_reason_hides_nothing(login_as, personas: Personas, comment):
    hide = reverse("assessment:peer-comment-hide", args=[comment.public_id])
    login_as(personas.mentor).post(hide, {"reason": "x" * 301})
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_the_moderation_page_takes_a_fixed_number_of_queries(login_as, personas, comment):
    client = login_as(personas.mentor)

    def add_comments(count: int) -> None:
        for _n in range(count):
            classmate = StudentFactory.create(school=personas.school)
            add_to_group(classmate, personas.group)
            piece = Evidence.objects.create(
                student=classmate, kind=EvidenceKind.TEXT, title="Werkstuk", text="…"
            )
            peer_request = peer_request_open(evidence=piece, group=personas.group)
            peer_comment_add(request=peer_request, author=personas.young_student_record, tops="Ok")

    add_comments(1)
    with CaptureQueriesContext(connection) as few:
        client.get(group_url(personas))
    add_comments(4)
    with CaptureQueriesContext(connection) as many:
        page = client.get(group_url(personas))
    assert page.content.decode().count("Werkstuk") == 10  # open requests and comments
    assert len(many) == len(few)


def test_the_pages_speak_dutch_by_default(settings, login_as, personas: Personas, comment):
    settings.LANGUAGE_CODE = "nl"
    moderation = login_as(personas.mentor).get(group_url(personas)).content.decode()
    assert "Feedback van klasgenoten in 4H1" in moderation
    assert "Mila Jansen aan Sanne de Vries" in moderation
    assert "1 reactie" in moderation
    owner = login_as(personas.student).get(assessment_url(personas)).content.decode()
    assert "Van klasgenoten" in owner and "Stoppen met vragen aan 4H1" in owner
