from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncDate

from leerweg.audit.selectors import audit_events_for_school, audit_events_for_subject
from leerweg.insight.audit_display import describe, role_label
from leerweg.insight.figures import shown_count
from leerweg.schools.models import School, Student
from leerweg.schools.selectors import school_figures

AUDIT_PAGE_SIZE = 50


def school_audit_page(
    *, school: School, filters: dict[str, object], page_number: str | None
) -> Page:
    """A page of the school's audit trail, each event with the student it is about."""
    subject_ids = None
    name = filters.get("student")
    if name:
        subject_ids = list(
            _students_named(school, str(name)).values_list("public_id", flat=True)[:200]
        )
    events = audit_events_for_school(
        school_public_id=school.public_id,
        subject_public_ids=subject_ids,
        since=filters.get("since"),  # type: ignore[arg-type]
        until=filters.get("until"),  # type: ignore[arg-type]
    )
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(page_number)
    for event in page:
        event.role_label = role_label(event.actor_role)  # type: ignore[attr-defined]
        event.description = describe(event.what, event.action)  # type: ignore[attr-defined]
    ids = {event.subject_public_id for event in page}
    students = Student.objects.filter(school=school, public_id__in=ids).select_related("user")
    by_id = {student.public_id: student for student in students}
    for event in page:
        event.student = by_id.get(event.subject_public_id)  # type: ignore[attr-defined]
    return page


def _students_named(school: School, name: str) -> QuerySet[Student]:
    students = Student.objects.filter(school=school)
    for word in name.split()[:4]:
        students = students.filter(user__first_name__icontains=word) | students.filter(
            user__last_name__icontains=word
        )
    return students


def who_looked_summary(student: Student) -> list[dict[str, object]]:
    """Who looked at or changed a student's data, one line per person, day and kind."""
    rows = (
        audit_events_for_subject(subject_public_id=student.public_id)
        .annotate(day=TruncDate("occurred_at"))
        .values("day", "actor__first_name", "actor__last_name", "actor_role", "what", "action")
        .annotate(times=Count("id"), last=Max("occurred_at"))
        .order_by("-last")[:200]
    )
    return [
        {
            **row,
            "actor_name": f"{row['actor__first_name']} {row['actor__last_name']}".strip(),
            "role_label": role_label(row["actor_role"]),
            "description": describe(row["what"], row["action"]),
        }
        for row in rows
    ]


def board_figures(schools: QuerySet[School]) -> list[dict[str, object]]:
    """School figures with every small count suppressed, for people outside the school."""
    rows = school_figures(schools)
    for row in rows:
        row["students_shown"] = shown_count(row["students"])  # type: ignore[arg-type]
        row["per_year_shown"] = [
            {"label": year["label"], "students": shown_count(year["students"])}
            for year in row["per_year"]  # type: ignore[attr-defined]
        ]
    return rows
