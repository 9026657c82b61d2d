"""Every role in a real browser: log in, see one's own start page, use the pages.

Each page is checked with axe-core (no serious or critical WCAG 2.1 A/AA
violation) and for Content Security Policy violations; start pages are saved
as screenshots in test-artifacts/screenshots/.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from conftest import Personas
from leerweg.accounts.models import User
from leerweg.accounts.tests.factories import UserFactory
from leerweg.schools.tests.factories import link_guardian, link_staff
from tests.browser.conftest import LOGIN_PATH, PHONE, Visitor

pytestmark = pytest.mark.browser

MULTI_ROLE = "teacher_and_guardian"


@dataclass(frozen=True)
class Home:
    heading: str
    text: str  # something only this role's start page says


HOMES = {
    "student": Home("Hello Sanne", "What your school has recorded about you"),
    "guardian": Home("Hello Petra", "What the school has recorded about Sanne"),
    "mentor": Home("Good to see you, Ahmed", "4H1"),
    "other_teacher": Home("Good to see you, Lotte", "4H2"),
    "leader": Home("Good to see you, Marieke", "School leader · Het Baken"),
    "school_admin": Home("Good to see you, Johan", "School administrator · Het Baken"),
    "board_viewer": Home("Overview of the schools", "Aggregated figures only"),
    "partner_with_consent": Home("VV De Toekomst", "People with access"),
    MULTI_ROLE: Home("Good to see you, Eva", "4H2"),
}


def make_teacher_and_guardian(personas: Personas) -> User:
    """Eva teaches 4H2 at Het Baken and is the mother of Daan, who is in 4H2."""
    eva = UserFactory.create(username="docent.ouder", first_name="Eva", last_name="Bakker")
    link_staff(eva, personas.other_group, "teacher", subject="Engels")
    link_guardian(eva, personas.other_student_record)
    return eva


def username_for(personas: Personas, role: str) -> str:
    if role == MULTI_ROLE:
        return make_teacher_and_guardian(personas).username
    user = personas.get(role)
    assert user is not None
    return user.username


def student_url(personas: Personas) -> str:
    return reverse("schools:student-detail", args=[personas.student_record.public_id])


@pytest.mark.parametrize("role", HOMES)
def test_each_role_logs_in_and_sees_its_own_start_page(
    browser_personas: Personas, visitor: Visitor, role: str
) -> None:
    visitor.log_in(username_for(browser_personas, role))

    assert visitor.page.url == visitor.base_url + reverse("insight:home")
    assert visitor.heading() == HOMES[role].heading
    assert HOMES[role].text in visitor.main_text()
    visitor.check()
    visitor.screenshot(f"{role}-home")


@pytest.mark.parametrize("role", ["student", "mentor"])
def test_start_page_fits_a_phone(
    browser_personas: Personas, new_visitor: Callable[..., Visitor], role: str
) -> None:
    visitor = new_visitor(viewport=PHONE, phone=True)
    visitor.log_in(username_for(browser_personas, role))

    assert visitor.heading() == HOMES[role].heading
    visitor.assert_no_horizontal_scroll()
    visitor.check()
    visitor.screenshot(f"{role}-home-phone")


def test_mentor_pages(browser_personas: Personas, visitor: Visitor) -> None:
    group, other_group = browser_personas.group, browser_personas.other_group
    visitor.log_in("mentor")

    visitor.visit(reverse("schools:group-list"), heading="Groups")
    visitor.visit(reverse("schools:group-detail", args=[group.pk]), heading="4H1")
    visitor.visit(student_url(browser_personas), heading="Sanne de Vries")
    visitor.visit(reverse("accounts:settings"), heading="My account")
    visitor.visit(reverse("accounts:password-change"), heading="Change password")
    visitor.visit(reverse("insight:privacy"), heading="Privacy in Leerweg")
    # Another teacher's group: "not yours" looks exactly like "does not exist".
    visitor.visit(
        reverse("schools:group-detail", args=[other_group.pk]), heading="Not found", status=404
    )


def test_leader_pages(browser_personas: Personas, visitor: Visitor) -> None:
    visitor.log_in("leider")

    visitor.visit(reverse("schools:group-list"), heading="Groups")
    assert "4H1" in visitor.main_text() and "4H2" in visitor.main_text()
    visitor.visit(
        reverse("schools:group-detail", args=[browser_personas.other_group.pk]), heading="4H2"
    )


def test_a_mentors_visit_shows_in_the_audit_log_and_to_the_student(
    browser_personas: Personas, new_visitor: Callable[..., Visitor]
) -> None:
    mentor = new_visitor()
    mentor.log_in("mentor")
    mentor.visit(student_url(browser_personas), heading="Sanne de Vries")

    leader = new_visitor()
    leader.log_in("leider")
    leader.visit(reverse("insight:audit-school"), heading="Audit log")
    assert leader.page.locator("nav [aria-current=page]").inner_text() == "Audit log"
    events = leader.page.get_by_role("table").inner_text()
    assert "Ahmed El Amrani" in events and "Sanne de Vries" in events
    leader.screenshot("leader-audit-log")

    sanne = new_visitor()
    sanne.log_in("sanne")
    sanne.visit(
        reverse("insight:audit-student", args=[browser_personas.student_record.public_id]),
        heading="Who looked at the data of Sanne",
    )
    assert "Ahmed El Amrani" in sanne.page.get_by_role("table").inner_text()
    sanne.screenshot("student-who-looked")


def test_student_pages(browser_personas: Personas, visitor: Visitor) -> None:
    visitor.log_in("sanne")

    visitor.visit(student_url(browser_personas), heading="Sanne de Vries")
    visitor.visit(reverse("accounts:settings"), heading="My account")
    # A page for staff only: the 403 page, not an error.
    visitor.visit(reverse("schools:group-list"), heading="Not available in this role", status=403)


def test_guardian_pages(browser_personas: Personas, visitor: Visitor) -> None:
    visitor.log_in("ouder.devries")

    visitor.visit(student_url(browser_personas), heading="Sanne de Vries")
    other_child = reverse(
        "schools:student-detail", args=[browser_personas.other_student_record.public_id]
    )
    visitor.visit(other_child, heading="Not found", status=404)


def test_pages_without_login(browser_personas: Personas, visitor: Visitor) -> None:
    visitor.visit(LOGIN_PATH, heading="Log in to Leerweg")
    visitor.visit(reverse("accounts:password-reset"), heading="Forgot your password?")
    visitor.visit(reverse("insight:privacy"), heading="Privacy in Leerweg")
    visitor.visit("/bestaat-niet/", heading="Not found", status=404)


def test_multi_role_person_switches_from_staff_to_guardian(
    browser_personas: Personas, visitor: Visitor
) -> None:
    page = visitor.page
    visitor.log_in(username_for(browser_personas, MULTI_ROLE))
    assert visitor.heading() == "Good to see you, Eva"
    # As staff, the privacy log of a child is out of reach; the 403 page says
    # that another role may help.
    daan_log = reverse(
        "insight:audit-student", args=[browser_personas.other_student_record.public_id]
    )
    visitor.visit(daan_log, heading="Not available in this role", status=403)
    assert "You can switch role at the top of the page." in visitor.main_text()
    visitor.goto(reverse("insight:home"))

    page.get_by_label("Acting as").select_option(label="Parent or carer")
    with page.expect_navigation():
        page.get_by_role("button", name="Switch", exact=True).click()

    assert visitor.heading() == "Hello Eva"
    assert "You are now acting as: Parent or carer" in visitor.main_text()
    assert "Daan Bakker" in visitor.main_text()
    visitor.check()
    visitor.screenshot(f"{MULTI_ROLE}-home-as-guardian")
    # The choice holds for the rest of the session.
    visitor.visit(reverse("insight:home"), heading="Hello Eva")
    assert page.get_by_label("Acting as").locator("option:checked").inner_text() == (
        "Parent or carer"
    )
