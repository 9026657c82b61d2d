"""Formative evaluation, coaching and day starts in a real browser, in Dutch.

Sanne assesses herself on a rubric; her mentor gives feedback from the inbox;
Sanne sees both side by side. The mentor logs a coaching conversation with a
private note and an agreement, which another teacher cannot open. Sanne does
her day start and the mentor reads the group's board.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.assessment.tests.factories import make_rubric
from leerweg.coaching.models import Agreement, ConversationNote
from leerweg.curriculum.tests.factories import goal_for_urls
from tests.browser.test_learning_loop import log_in_dutch

pytestmark = pytest.mark.browser

FEEDBACK = "Je opening was sterk; oefen het slot nog eens hardop."
PRIVATE = "Sanne lijkt moe; volgende keer vragen hoe het thuis gaat."


def test_feedback_coaching_and_day_start_in_dutch(new_visitor, browser_personas):
    personas: Personas = browser_personas
    goal = goal_for_urls(personas.school)
    personas.evidence.curriculum_goals.add(goal)
    make_rubric(personas.school, personas.leader, goal=goal)
    evidence_id = personas.evidence.public_id

    # Sanne assesses herself first.
    student = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(student, "sanne")
    student.goto(reverse("assessment:evidence-self", args=[evidence_id]))
    student.page.get_by_label("Opbouw").select_option(label="Op niveau")
    student.submit("Mijn zelfbeoordeling opslaan")
    student.check()

    # The mentor gives feedback straight from the inbox.
    mentor = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(mentor, "mentor")
    mentor.goto(reverse("assessment:inbox"))
    mentor.check()
    item = mentor.page.locator(f"#inbox-{evidence_id}")
    item.get_by_label("Hoe gaat het?").fill(FEEDBACK)
    item.get_by_label("Opbouw").select_option(label="Op niveau")
    item.get_by_role("button", name="Feedback versturen").click()
    mentor.page.get_by_role("status").filter(has_text="Feedback").wait_for()
    mentor.screenshot("formative-inbox-dutch")

    # Sanne sees the feedback beside her own assessment.
    student.goto(reverse("assessment:evidence-assessment", args=[evidence_id]))
    student.check()
    seen = student.main_text()
    assert FEEDBACK in seen and "Op niveau" in seen
    student.screenshot("formative-self-and-feedback")

    # The mentor logs a coaching conversation with a private note and an agreement.
    sanne_id = personas.student_record.public_id
    mentor.goto(reverse("coaching:conversation-create", args=[sanne_id]))
    tomorrow = timezone.localtime() + timedelta(days=1)
    mentor.page.locator("#id_planned_at").fill(tomorrow.strftime("%Y-%m-%dT10:00"))
    mentor.page.locator("#id_topic").fill("Hoe gaat de presentatie?")
    mentor.submit("Opslaan")
    assert mentor.heading() == "Hoe gaat de presentatie?"
    notes = mentor.page.locator("form[action$='/notities/']")
    notes.locator("textarea").fill(PRIVATE)
    notes.locator("input[name=visibility][value=private]").check()
    mentor.submit("Notitie opslaan")
    agreements = mentor.page.locator("form[action$='/afspraken/']")
    agreements.locator("input[name=owner][value=student]").check()
    agreements.locator("[name=description]").fill("Sanne oefent haar slot voor haar zus.")
    agreements.locator("[name=due_on]").fill((tomorrow + timedelta(days=6)).strftime("%Y-%m-%d"))
    mentor.submit("Afspraak toevoegen")
    mentor.check()
    assert Agreement.objects.filter(description__startswith="Sanne oefent").exists()
    note = ConversationNote.objects.get(text=PRIVATE)

    # Another teacher cannot open the private note; neither can Sanne.
    other = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(other, "docent.4h2")
    other.goto(reverse("coaching:note-detail", args=[note.public_id]), status=404)
    student.goto(reverse("coaching:note-detail", args=[note.public_id]), status=404)

    # Day start: Sanne checks in, the mentor reads the board.
    student.goto(reverse("coaching:daystart"))
    student.page.get_by_label("Goed", exact=True).check()
    student.page.locator("#id_plan").fill("Mijn presentatie afmaken")
    student.page.locator("#id_with_whom").fill("Met Daan")
    student.submit("Inchecken")
    assert "Je dagstart is opgeslagen" in student.main_text()
    mentor.goto(reverse("coaching:daystart-board", args=[personas.group.pk]))
    mentor.check()
    board = mentor.main_text()
    assert "Mijn presentatie afmaken" in board and PRIVATE not in board
    mentor.screenshot("formative-day-start-board")
