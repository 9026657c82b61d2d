"""Flex hours from set-up to schedule in a real browser.

The leader sets up two flex hours; the mentor offers sessions and requires
Mila to attend extra instruction; Sanne ranks her choices on a phone; the
leader runs the allocation, reads the report and publishes; Sanne and Mila
see where they are placed.
"""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.flex.models import AllocationRun, FlexSettings, Placement, RunState
from leerweg.flex.selectors import deadline_for
from tests.browser.conftest import PHONE, Visitor

pytestmark = pytest.mark.browser


def first_open_monday(settings: FlexSettings) -> date:
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    while deadline_for(settings, monday) <= timezone.now() + timedelta(hours=1):
        monday += timedelta(weeks=1)
    return monday


def add_slot(leader: Visitor, name: str, weekday: str, start: str, end: str) -> None:
    leader.goto(reverse("flex:slot-create"))
    leader.page.get_by_label("Name").fill(name)
    leader.page.get_by_label("Day").select_option(label=weekday)
    leader.page.get_by_label("From").fill(start)
    leader.page.get_by_label("Until").fill(end)
    leader.submit("Save")


def offer(teacher: Visitor, slot: str, title: str, places: int) -> None:
    teacher.goto(reverse("flex:session-create"))
    teacher.page.get_by_label("Flex hour:", exact=True).select_option(label=slot)
    teacher.page.get_by_label("Title").fill(title)
    teacher.page.get_by_label("Places").fill(str(places))
    teacher.submit("Save")


def test_from_set_up_to_schedule(browser_personas: Personas, new_visitor: Callable[..., Visitor]):
    personas = browser_personas
    leader = new_visitor()
    leader.log_in(personas.leader.username)
    leader.visit(reverse("flex:setup"), heading="Set up flex hours")
    leader.page.get_by_label("Flex hours are on").check()
    leader.page.get_by_label("Minimum flex hours per week").fill("1")
    leader.page.get_by_label("Maximum flex hours per week").fill("2")
    leader.submit("Save")
    add_slot(leader, "Flexuur dinsdag", "Tuesday", "10:30", "11:20")
    add_slot(leader, "Flexuur donderdag", "Thursday", "13:00", "13:50")
    leader.visit(reverse("flex:setup"), heading="Set up flex hours")
    leader.screenshot("flex-setup")

    mentor = new_visitor()
    mentor.log_in(personas.mentor.username)
    offer(mentor, "Tuesday 10:30 Flexuur dinsdag", "Debatclub", 1)
    offer(mentor, "Tuesday 10:30 Flexuur dinsdag", "Stilte-studieruimte", 20)
    offer(mentor, "Thursday 13:00 Flexuur donderdag", "Programmeren", 20)
    offer(mentor, "Thursday 13:00 Flexuur donderdag", "Extra instructie rekenen", 6)
    monday = first_open_monday(FlexSettings.objects.get(school=personas.school))
    year, week, _day = monday.isocalendar()
    mentor.visit(f"{reverse('flex:session-list')}?week={year}-W{week:02d}", heading="Flex sessions")
    mentor.screenshot("flex-sessions")
    must_attend = "Students who must attend (Extra instructie rekenen)"
    mentor.page.get_by_role("link", name=must_attend).click()
    mentor.page.get_by_label("Student").select_option(label="Mila Jansen")
    mentor.page.get_by_label("Week:").select_option(value=f"{year}-W{week:02d}")
    mentor.page.get_by_label("Why:").fill("Extra uitleg over breuken.")
    mentor.submit("Require")
    mentor.check()

    sanne = new_visitor(viewport=PHONE, phone=True)
    sanne.log_in(personas.student.username)
    choose = reverse("flex:choose", args=[personas.student_record.public_id, year, week])
    sanne.visit(choose, heading=f"Flex hours in week {week}")
    by = f" · {personas.mentor.get_full_name()}"
    sanne.page.get_by_label("Choice 1").nth(0).select_option(label=f"Debatclub{by}")
    sanne.page.get_by_label("Choice 2").nth(0).select_option(label=f"Stilte-studieruimte{by}")
    sanne.page.get_by_label("Choice 1").nth(1).select_option(label=f"Programmeren{by}")
    sanne.submit("Save my choices")
    sanne.assert_no_horizontal_scroll()
    sanne.screenshot("flex-choose")
    sanne.check()

    leader.visit(
        reverse("flex:run-list", args=[year, week]),
        heading=f"Allocation of week {week}, from {monday.day} {monday.strftime('%B')}",
    )
    leader.submit("Run the allocation")
    leader.page.get_by_role("heading", name="Compared with first come, first served").wait_for()
    run = AllocationRun.objects.get()
    assert run.state == RunState.DONE, run.report
    leader.screenshot("flex-report")
    leader.check()
    leader.page.get_by_role("link", name="Publish").click()
    leader.submit("Yes, publish")
    run.refresh_from_db()
    assert run.published_at is not None

    placed: dict[int, set[str]] = {}
    for placement in Placement.objects.select_related("session"):
        placed.setdefault(placement.student_id, set()).add(placement.session.title)
    # Sanne chose two flex hours and gets both first choices; Debatclub has one place.
    assert placed[personas.student_record.pk] == {"Debatclub", "Programmeren"}
    assert placed[personas.young_student_record.pk] == {"Extra instructie rekenen"}
    sanne.visit(
        reverse("flex:schedule", args=[personas.student_record.public_id]),
        heading="My flex hours",
    )
    sanne.page.get_by_text("Debatclub").first.wait_for()
    sanne.assert_no_horizontal_scroll()
    sanne.screenshot("flex-schedule-student")
    sanne.check()

    mila = new_visitor(viewport=PHONE, phone=True)
    mila.log_in(personas.young_student.username)
    mila.visit(
        reverse("flex:schedule", args=[personas.young_student_record.public_id]),
        heading="My flex hours",
    )
    mila.page.get_by_text("Extra uitleg over breuken.").wait_for()
    mila.check()
