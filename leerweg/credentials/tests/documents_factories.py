"""A draft Plusdocument for a student, and the URL arguments of the Plusdocument pages."""

from leerweg.credentials.documents import services
from leerweg.credentials.models import Plusdocument
from leerweg.schools.models import SchoolYear, Student


def draft_document_for(student: Student) -> Plusdocument:
    year = SchoolYear.objects.filter(school=student.school).order_by("-start_date").first()
    return services.document_start(
        student=student, school_year=year, at_leaving=year is None, started_by=student.user
    )


def documents_url_arguments(student: Student) -> dict[str, object]:
    # Asked for once per persona, so the draft made the first time is used again.
    document = Plusdocument.objects.filter(student=student).first() or draft_document_for(student)
    line = document.lines.order_by("position").first()
    assert line is not None, "the personas' student has recorded activities and evidence"
    return {"document_id": document.public_id, "line_id": line.public_id}
