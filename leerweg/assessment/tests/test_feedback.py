"""Feedback, self-assessment and the inbox, through HTTP."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas
from leerweg.assessment.models import Feedback, SelfAssessment
from leerweg.assessment.selectors import INBOX_SIZE
from leerweg.assessment.services import criterion_field
from leerweg.assessment.tests.factories import make_rubric
from leerweg.curriculum.tests.factories import goal_for_urls
from leerweg.notifications.models import Notification
from leerweg.paths.models import Evidence, EvidenceKind

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def levels_of(rubric, *ranks: int) -> dict[str, str]:
    levels = list(rubric.levels.all())
    return {
        criterion_field(criterion.pk): str(levels[rank - 1].pk)
        for criterion, rank in zip(rubric.criteria.all(), ranks, strict=True)
    }


def add_evidence(personas: Personas, count: int) -> None:
    Evidence.objects.bulk_create(
        Evidence(
            student=personas.student_record,
            kind=EvidenceKind.TEXT,
            title=f"Verslag {n}",
            text="Ik heb geoefend.",
        )
        for n in range(count)
    )


def test_the_inbox_lists_evidence_without_my_feedback(login_as, personas: Personas):
    page = login_as(personas.mentor).get(reverse("assessment:inbox"))
    assert page.status_code == 200
    assert personas.evidence.title in page.content.decode()
    # Not shared with the teacher of another group: an empty inbox.
    other = login_as(personas.other_teacher).get(reverse("assessment:inbox"))
    assert personas.evidence.title not in other.content.decode()


def test_feedback_from_the_inbox_with_htmx_replaces_the_item(login_as, personas: Personas):
    goal = goal_for_urls(personas.school)
    personas.evidence.curriculum_goals.add(goal)
    rubric = make_rubric(personas.school, personas.leader, goal=goal)
    client = login_as(personas.mentor)
    inbox = client.get(reverse("assessment:inbox")).content.decode()
    assert f'name="{criterion_field(rubric.criteria.all()[0].pk)}"' in inbox  # offered inline

    url = reverse("assessment:evidence-feedback", args=[personas.evidence.public_id])
    data = {
        "from": "inbox",
        "rubric": rubric.pk,
        "feed_back": "Sterke opening!",
        "feed_forward": "Kijk vaker naar de klas.",
        **levels_of(rubric, 3, 2),
    }
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith("<li")
    assert "Sterke opening" not in response.content.decode()  # the item is thanked for
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.evidence, feedback.rubric) == (
        personas.mentor,
        personas.evidence,
        rubric,
    )
    assert sorted(row.level.rank for row in feedback.levels.all()) == [2, 3]
    notification = Notification.objects.get(recipient=personas.student)
    assert notification.link == reverse(
        "assessment:evidence-assessment", args=[personas.evidence.public_id]
    )
    # The piece has left the inbox.
    assert personas.evidence.title not in client.get(reverse("assessment:inbox")).content.decode()


def test_without_javascript_the_inbox_form_posts_and_returns_to_the_inbox(
    login_as, personas: Personas
):
    url = reverse("assessment:evidence-feedback", args=[personas.evidence.public_id])
    response = login_as(personas.mentor).post(url, {"from": "inbox", "feed_back": "Goed zo."})
    assert response["Location"] == reverse("assessment:inbox")
    assert Feedback.objects.get().feed_back == "Goed zo."


def test_a_level_outside_the_rubric_is_a_field_error_and_nothing_is_stored(
    login_as, personas: Personas
):
    rubric = make_rubric(personas.school, personas.mentor)
    other = make_rubric(personas.school, personas.mentor, title="Ander")
    first = rubric.criteria.all()[0]
    data = {
        "rubric": rubric.pk,
        "feed_back": "Prima.",
        criterion_field(first.pk): str(other.levels.all()[0].pk),
    }
    url = reverse("assessment:evidence-feedback", args=[personas.evidence.public_id])
    response = login_as(personas.mentor).post(url, data)
    assert response.status_code == 400
    assert criterion_field(first.pk) in response.context["form"].errors
    assert not Feedback.objects.exists()
    assert not Notification.objects.exists()


def test_a_teacher_who_may_not_see_the_evidence_gets_404(login_as, personas: Personas):
    url = reverse("assessment:evidence-feedback", args=[personas.evidence.public_id])
    client = login_as(personas.other_teacher)
    assert client.get(url).status_code == 404
    assert client.post(url, {"feed_back": "Hallo"}).status_code == 404
    assert not Feedback.objects.exists()


def test_the_student_sees_feedback_beside_their_self_assessment(login_as, personas: Personas):
    rubric = make_rubric(personas.school, personas.mentor)
    evidence_id = personas.evidence.public_id
    login_as(personas.mentor).post(
        reverse("assessment:evidence-feedback", args=[evidence_id]),
        {"rubric": rubric.pk, "feed_up": "Vijf minuten vrij spreken.", **levels_of(rubric, 3, 2)},
    )
    client = login_as(personas.student)
    self_url = reverse("assessment:evidence-self", args=[evidence_id])
    assert client.get(self_url, {"rubric": rubric.pk}).status_code == 200
    response = client.post(
        self_url, {"rubric": rubric.pk, "note": "Ik was zenuwachtig.", **levels_of(rubric, 2, 2)}
    )
    assert response["Location"] == reverse("assessment:evidence-assessment", args=[evidence_id])
    assert SelfAssessment.objects.get().levels.count() == 2

    page = client.get(response["Location"])
    comparison = page.context["comparisons"][0]
    # The student's own column first ("You"; the page is in Dutch), then each teacher.
    assert comparison.columns[1:] == ["Ahmed El Amrani"] and len(comparison.columns) == 2
    assert comparison.rows[0][1] == ["Op weg", "Op niveau"]
    assert comparison.rows[1][1] == ["Op weg", "Op weg"]
    assert "Vijf minuten vrij spreken." in page.content.decode()
    # No numbers: the student sees level names, not ranks or a grade.
    assert "3/4" not in page.content.decode()


def test_only_the_student_assesses_themself(login_as, personas: Personas):
    url = reverse("assessment:goal-self", args=[personas.own_goal.public_id])
    assert login_as(personas.mentor).get(url).status_code == 403
    assert login_as(personas.other_student).get(url).status_code == 404


def test_the_inbox_takes_the_same_number_of_queries_for_3_and_30_items(
    login_as, personas: Personas
):
    goal = goal_for_urls(personas.school)
    make_rubric(personas.school, personas.leader, goal=goal)
    client = login_as(personas.mentor)
    client.get(reverse("assessment:inbox"))  # warm up session and role caches

    def queries_for(total: int) -> int:
        add_evidence(personas, total - Evidence.objects.count())
        for evidence in Evidence.objects.all():
            evidence.curriculum_goals.add(goal)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("assessment:inbox"))
        assert len(response.context["rows"]) == min(total, INBOX_SIZE)
        return len(queries)

    assert queries_for(3) == queries_for(30)
