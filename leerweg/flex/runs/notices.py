"""What students are told in the app when a week's allocation is published or changed.

Each notice links to the week on the student's own schedule ("My flex hours"),
which shows where they are placed; the page for choosing is closed by then.
"""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_noop

from leerweg.flex.models import FlexSession, FlexWeek
from leerweg.notifications.models import NotificationKind
from leerweg.notifications.services import notification_send
from leerweg.schools.models import Student


def schedule_link(student: Student, week: FlexWeek) -> str:
    """The week on the student's schedule page (its section's anchor)."""
    return f"{reverse('flex:schedule', args=[student.public_id])}#week-{week.pk}"


def students_notify_published(week: FlexWeek, students: Iterable[Student]) -> None:
    for student in students:
        notification_send(
            recipient=student.user,
            kind=NotificationKind.OTHER,
            title=gettext_noop("Your flex hours for week %(week)s are known"),
            params={"week": week.iso_week},
            link=schedule_link(student, week),
        )


def student_notify_moved(week: FlexWeek, student: Student, session: FlexSession) -> None:
    notification_send(
        recipient=student.user,
        kind=NotificationKind.OTHER,
        title=gettext_noop("Your flex hours for week %(week)s changed: you go to “%(title)s”"),
        params={"week": week.iso_week, "title": session.title},
        link=schedule_link(student, week),
    )


def students_notify_changed(week: FlexWeek, students: Iterable[Student]) -> None:
    for student in students:
        notification_send(
            recipient=student.user,
            kind=NotificationKind.OTHER,
            title=gettext_noop("Your flex hours for week %(week)s changed"),
            params={"week": week.iso_week},
            link=schedule_link(student, week),
        )
