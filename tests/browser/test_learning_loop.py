"""The heart of Leerweg in a real browser, in Dutch.

Sanne (16) logs in, sets her interests, shares them with her parents, writes
a goal with a plan and adds evidence. Her mentor finds it in the class
overview and her portrait; her mother sees only what Sanne shares with her.
"""

import io

import pytest
from PIL import Image

from conftest import Personas
from leerweg.accounts.tests.factories import TEST_PASSWORD
from tests.browser.conftest import LOGIN_PATH, Visitor

pytestmark = pytest.mark.browser

GOAL_TITLE = "Ik wil een podcast maken over duurzaamheid"


def log_in_dutch(visitor: Visitor, username: str) -> None:
    visitor.goto(LOGIN_PATH)
    assert visitor.page.locator("html").get_attribute("lang") == "nl"
    visitor.page.locator("#id_username").fill(username)
    visitor.page.locator("#id_password").fill(TEST_PASSWORD)
    visitor.submit("Inloggen")


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_student_mentor_and_guardian_walk_the_learning_loop(new_visitor, browser_personas):
    personas: Personas = browser_personas
    sanne_id = personas.student_record.public_id

    student = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(student, "sanne")
    student.visit("/profiel/", heading="Mijn profiel")
    student.page.get_by_label("Muziek").check()
    student.page.get_by_label("Natuur en duurzaamheid").check()
    student.page.locator("#id_tags").fill("podcasts, fietsen")
    student.page.locator("form[action$='/interesses/'] button").click()
    student.page.wait_for_load_state()
    assert "Muziek" in student.main_text()

    # Share interests with her parents (and keep goals with her mentor).
    student.visit("/profiel/delen/", heading="Wie ziet wat")
    student.page.locator("#share-interests-guardians").check()
    student.submit("Keuzes opslaan")

    # A goal with a plan.
    student.visit(f"/leerweg/leerling/{sanne_id}/doelen/nieuw/", heading="Nieuw doel")
    student.page.locator("#id_title").fill(GOAL_TITLE)
    student.page.locator("#id_description").fill("Drie afleveringen van tien minuten.")
    student.page.locator("#id_plan_how").fill("Elke week een aflevering opnemen en laten horen.")
    student.page.locator("#id_plan_with_whom").fill("Met Daan")
    student.submit("Doel opslaan")
    assert student.heading() == GOAL_TITLE
    student.check()

    # Evidence: a photo linked to the goal.
    student.goto(f"/leerweg/leerling/{sanne_id}/bewijs/nieuw/?kind=image")
    student.page.locator("#id_title").fill("Opname-opstelling")
    student.page.locator("#id_upload").set_input_files(
        files=[{"name": "opname.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    student.page.get_by_label(GOAL_TITLE).check()
    student.page.locator("main form button[type=submit]").last.click()
    student.page.wait_for_load_state()
    assert "Opname-opstelling" in student.main_text()
    student.check()

    # The mentor finds her in the class overview and opens her portrait.
    mentor = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(mentor, "mentor")
    mentor.goto(f"/groep/{personas.group.pk}/overzicht/")
    mentor.check()
    assert "de Vries, Sanne" in mentor.main_text()
    mentor.screenshot("learning-loop-class-overview")
    mentor.page.get_by_role("link", name="de Vries, Sanne").click()
    mentor.page.wait_for_load_state()
    assert mentor.heading() == "Sanne de Vries"
    portrait = mentor.main_text()
    assert GOAL_TITLE in portrait and "Opname-opstelling" in portrait
    assert "Muziek" not in portrait  # interests are shared with her parents, not the mentor
    mentor.check()
    mentor.screenshot("learning-loop-portrait")

    # Her mother sees the interests Sanne shares with her, and nothing else.
    guardian = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(guardian, "ouder.devries")
    guardian.goto(f"/leerling/{sanne_id}/")
    guardian.check()
    seen = guardian.main_text()
    assert "Muziek" in seen and "podcasts" in seen
    assert GOAL_TITLE not in seen and "Opname-opstelling" not in seen
    guardian.screenshot("learning-loop-guardian")
