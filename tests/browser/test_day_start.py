"""Day starts in a real browser, on a phone: the student checks in, the mentor reads the board.

Uses the browser fixtures of tests/browser (axe-core,
CSP and script-error checks on every page); the board is saved as a screenshot.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Personas
from leerweg.coaching.models import DayStart
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


def test_a_student_checks_in_and_the_mentor_sees_the_board_on_a_phone(
    new_visitor, browser_personas: Personas
):
    # Mila was low the last three school days and has not checked in yet.
    today = timezone.localdate()
    for days_ago in (1, 2, 3):
        DayStart.objects.create(
            student=browser_personas.young_student_record,
            day=today - timedelta(days=days_ago),
            mood=2,
            plan="Wiskunde",
        )
    student = new_visitor(viewport=PHONE, phone=True)
    student.log_in("sanne")
    student.visit("/coaching/dagstart/", heading="Day start")
    student.assert_no_horizontal_scroll()
    student.page.get_by_label("Good", exact=True).check()
    student.page.get_by_label("What will you work on today?").fill("Mijn presentatie afmaken")
    student.page.get_by_label("With whom").fill("Met Daan")
    student.submit("Check in")
    assert "Your day start has been saved" in student.main_text()

    mentor = new_visitor(viewport=PHONE, phone=True)
    mentor.log_in("mentor")
    board = f"/coaching/groepen/{browser_personas.group.pk}/dagstart/"
    mentor.visit(board, heading="Day start 4H1")
    mentor.assert_no_horizontal_scroll()
    text = mentor.main_text()
    assert "Mijn presentatie afmaken" in text
    assert "Mila Jansen: low mood several check-ins in a row" in text
    mentor.screenshot("coaching-day-start-board-phone")
