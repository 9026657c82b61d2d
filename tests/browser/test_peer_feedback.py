"""Peer feedback in a real browser: the teacher switches it on, Sanne asks her group,
Mila gives tops and tips, Sanne reads them, the teacher hides the comment."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from conftest import Personas
from leerweg.assessment.models import PeerComment
from tests.browser.conftest import PHONE, Visitor

pytestmark = pytest.mark.browser


def test_ask_classmates_answer_and_the_teacher_hides_a_comment(
    browser_personas: Personas, new_visitor: Callable[..., Visitor]
):
    personas = browser_personas
    group_page = reverse("assessment:peer-group", args=[personas.group.pk])
    teacher = new_visitor()
    teacher.log_in(personas.mentor.username)
    teacher.visit(group_page, heading=f"Peer feedback in {personas.group.name}")
    teacher.submit("Switch peer feedback on")

    sanne = new_visitor()
    sanne.log_in(personas.student.username)
    evidence_page = reverse("assessment:evidence-assessment", args=[personas.evidence.public_id])
    sanne.goto(evidence_page)
    sanne.submit("Ask classmates for feedback")
    sanne.page.get_by_text(f"You asked {personas.group.name} for feedback on this.").wait_for()

    mila = new_visitor(viewport=PHONE, phone=True)
    mila.log_in(personas.young_student.username)
    mila.visit(reverse("assessment:peer-index"), heading="Feedback for classmates")
    mila.page.get_by_role("link", name=personas.evidence.title).click()
    mila.page.get_by_label("Tops: what is good?").fill("De plaatjes zijn duidelijk.")
    mila.page.get_by_label("Tips: what could be better?").fill("Vertel meer over de koningin.")
    mila.submit("Send feedback")
    mila.page.get_by_text("Thank you! Your classmate gets a message.").wait_for()
    mila.assert_no_horizontal_scroll()
    mila.check()

    sanne.goto(evidence_page)
    sanne.page.get_by_text("Vertel meer over de koningin.").wait_for()
    sanne.screenshot("peer-feedback-owner")
    sanne.check()

    teacher.goto(group_page)
    teacher.page.get_by_label("Reason (for the author)").fill("Houd het bij het werk.")
    teacher.submit("Hide")
    teacher.page.get_by_role("button", name="Show again").wait_for()
    teacher.screenshot("peer-feedback-moderation")
    teacher.check()
    assert PeerComment.objects.get().hidden_at is not None

    sanne.goto(evidence_page)
    assert sanne.page.get_by_text("Vertel meer over de koningin.").count() == 0
