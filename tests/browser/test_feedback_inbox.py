"""The feedback inbox in a real browser: axe, CSP, htmx in place, keyboard, phone width."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from conftest import Personas
from leerweg.assessment.models import Feedback
from leerweg.assessment.tests.factories import make_rubric
from leerweg.curriculum.tests.factories import goal_for_urls
from tests.browser.conftest import PHONE, Visitor

pytestmark = pytest.mark.browser


def test_feedback_from_the_inbox_by_keyboard_without_leaving_the_page(
    browser_personas: Personas, new_visitor: Callable[..., Visitor]
):
    personas = browser_personas
    goal = goal_for_urls(personas.school)
    personas.evidence.curriculum_goals.add(goal)
    make_rubric(personas.school, personas.leader, goal=goal)
    visitor = new_visitor()
    visitor.log_in(personas.mentor.username)
    visitor.visit(reverse("assessment:inbox"), heading="Feedback")
    visitor.screenshot("assessment-inbox")
    phone = new_visitor(viewport=PHONE, phone=True)
    phone.log_in(personas.mentor.username)
    phone.visit(reverse("assessment:inbox"), heading="Feedback")
    phone.assert_no_horizontal_scroll()

    item = visitor.page.locator(f"#inbox-{personas.evidence.public_id}")
    item.get_by_label("How are you doing?").fill("Je opening was sterk.")
    item.get_by_label("Opbouw").select_option(label="Op niveau")
    url_before = visitor.page.url
    item.get_by_role("button", name="Send feedback").focus()
    visitor.page.keyboard.press("Enter")
    visitor.page.get_by_role("status").filter(has_text="Feedback on").wait_for()
    assert visitor.page.url == url_before  # replaced in place, no new page
    assert Feedback.objects.get().levels.get().level.name == "Op niveau"
    visitor.screenshot("assessment-inbox-after")
    visitor.check()


def test_feedback_straight_from_the_class_overview(
    browser_personas: Personas, new_visitor: Callable[..., Visitor]
):
    personas = browser_personas
    visitor = new_visitor()
    visitor.log_in(personas.mentor.username)
    overview = reverse("insight:class-overview", args=[personas.group.pk])
    visitor.visit(overview, heading=f"Class overview {personas.group.name}")
    visitor.page.get_by_role("link", name="Give feedback (1 new)").click()
    panel = visitor.page.locator("#overview-feedback")
    panel.get_by_role("heading", name="Feedback for Sanne de Vries").wait_for()
    assert visitor.page.url.endswith(overview)  # opened in place
    panel.get_by_label("Next step").fill("Oefen de slotzin hardop.")
    panel.get_by_role("button", name="Send feedback").click()
    panel.get_by_role("status").filter(has_text="Feedback on").wait_for()
    assert visitor.page.url.endswith(overview)
    assert Feedback.objects.get().feed_forward == "Oefen de slotzin hardop."
    visitor.screenshot("class-overview-feedback")
    visitor.check()
