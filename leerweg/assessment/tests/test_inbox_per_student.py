"""Feedback straight from the class overview: one student's inbox, opened in place."""

import uuid

import pytest
from django.urls import reverse

from conftest import Personas
from leerweg.assessment.models import Feedback
from leerweg.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def inbox_of(student_id: object) -> str:
    return f"{reverse('assessment:inbox')}?student={student_id}"


def overview_url(personas: Personas) -> str:
    return reverse("insight:class-overview", args=[personas.group.pk])


def test_the_class_overview_offers_feedback_per_student(login_as, personas: Personas):
    client = login_as(personas.mentor)
    page = client.get(overview_url(personas)).content.decode()
    assert f'hx-get="{inbox_of(personas.student_record.public_id)}"' in page
    assert 'hx-target="#overview-feedback"' in page

    Feedback.objects.create(
        student=personas.student_record,
        evidence=personas.evidence,
        author=personas.mentor,
        feed_back="Mooi.",
    )
    page = client.get(overview_url(personas)).content.decode()
    assert inbox_of(personas.student_record.public_id) not in page


def test_htmx_gets_the_panel_of_one_student_and_the_read_is_recorded(login_as, personas: Personas):
    client = login_as(personas.mentor)
    response = client.get(inbox_of(personas.student_record.public_id), **HTMX)
    assert response.status_code == 200
    assert response.templates[0].name == "assessment/_inbox_panel.html"
    body = response.content.decode()
    assert personas.evidence.title in body
    assert f'name="student" value="{personas.student_record.public_id}"' in body
    assert AuditEvent.objects.filter(
        actor=personas.mentor,
        action="view",
        what="assessment.inbox",
        subject_public_id=personas.student_record.public_id,
    ).exists()


def test_without_javascript_the_page_of_one_student_and_back_to_it(login_as, personas: Personas):
    client = login_as(personas.mentor)
    page = client.get(inbox_of(personas.student_record.public_id))
    assert page.templates[0].name == "assessment/inbox.html"
    assert personas.evidence.title in page.content.decode()

    url = reverse("assessment:evidence-feedback", args=[personas.evidence.public_id])
    data = {"from": "inbox", "student": str(personas.student_record.public_id), "feed_back": "Ja"}
    response = client.post(url, data)
    assert response["Location"] == inbox_of(personas.student_record.public_id)
    done = client.get(inbox_of(personas.student_record.public_id)).content.decode()
    assert personas.evidence.title not in done


@pytest.mark.parametrize("value", ["nonsense", str(uuid.uuid4())])
def test_an_unknown_student_is_not_found(login_as, personas: Personas, value: str):
    assert login_as(personas.mentor).get(inbox_of(value)).status_code == 404


def test_a_student_whose_evidence_is_not_shared_with_me_is_not_found(login_as, personas: Personas):
    # The teacher of another group may not see Sanne's evidence (shared with mentor/coach only),
    # and the leader of another school may not see her at all.
    for user in (personas.other_teacher, personas.other_school_staff):
        response = login_as(user).get(inbox_of(personas.student_record.public_id), **HTMX)
        assert response.status_code == 404
