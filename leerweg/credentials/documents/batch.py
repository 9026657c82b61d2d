"""Issuing the Plusdocuments of a leaving cohort at once, and packing them into one ZIP.

``batch_start`` queues a batch for a group of the current school year; the
task runs ``batch_execute``, which goes through the group's students one by
one: it draws new lines into the student's current draft, issues it (signing
its credentials) and writes the PDF and the credential files into the ZIP.
``done`` and ``stage`` are written after every student so the leader's page
can follow along. A student with nothing to issue is skipped with the reason.
"""

import tempfile
import zipfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerweg.accounts.models import User
from leerweg.credentials import pdf
from leerweg.credentials.documents import services
from leerweg.credentials.documents.credentials import credentials_for_document
from leerweg.credentials.models import (
    BatchState,
    DocumentState,
    Plusdocument,
    PlusdocumentBatch,
)
from leerweg.credentials.trust.selectors import credential_json
from leerweg.schools.models import Group, School, Student

RUNNING = (BatchState.QUEUED, BatchState.RUNNING)

# Why a student was left out; "refused" carries the service's own message.
REASONS = {
    "no_draft": gettext_lazy("There is no draft Plusdocument to issue."),
    "no_lines": gettext_lazy("The draft has no line that is shown."),
    "refused": gettext_lazy("The Plusdocument could not be issued."),
}
STAGES = {
    "queued": gettext_lazy("waiting to start"),
    "issuing": gettext_lazy("issuing and making the PDFs"),
}


def current_groups(school: School) -> QuerySet[Group]:
    """The groups of the school's current school year, the cohorts a batch can be for."""
    today = timezone.localdate()
    return Group.objects.filter(
        school=school, school_year__start_date__lte=today, school_year__end_date__gte=today
    ).order_by("-year_level", "name")


def cohort_of(batch: PlusdocumentBatch) -> QuerySet[Student]:
    """The students of the batch's group; none once the group itself has been deleted."""
    if batch.group_id is None:
        return Student.objects.none()
    return (
        Student.objects.filter(memberships__group_id=batch.group_id, school_id=batch.school_id)
        .select_related("user", "school")
        .order_by("user__last_name", "user__first_name", "pk")
        .distinct()
    )


def batch_start(
    *, school: School, group: Group, language: str, started_by: User
) -> PlusdocumentBatch:
    """Queue a batch for ``group``; the task starts once the transaction is committed."""
    if language not in pdf.LANGUAGES:
        raise ValidationError({"language": _("Choose Dutch or English.")})
    if not current_groups(school).filter(pk=group.pk).exists():
        raise ValidationError({"group": _("Choose a group of this school year.")})
    with transaction.atomic():
        # One batch per group at a time: the group's row lock serialises two starts.
        Group.objects.select_for_update().filter(pk=group.pk).first()
        if PlusdocumentBatch.objects.filter(group=group, state__in=RUNNING).exists():
            raise ValidationError(_("Plusdocuments for this group are already being issued."))
        batch = PlusdocumentBatch.objects.create(
            school=school,
            group=group,
            group_name=group.name,
            started_by=started_by,
            language=language,
            total=Student.objects.filter(memberships__group=group, school=school)
            .distinct()
            .count(),
        )
        # The task module imports this one; importing it here avoids a cycle.
        from leerweg.credentials.tasks import plusdocument_batch_task

        transaction.on_commit(lambda: plusdocument_batch_task.enqueue(batch.pk))
    return batch


def current_draft(student: Student) -> Plusdocument | None:
    """The draft to issue: the one for leaving school first, else the newest year's."""
    return (
        Plusdocument.objects.filter(student=student, state=DocumentState.DRAFT)
        .select_related("school_year")
        .order_by("-at_leaving", "-school_year__start_date", "-created_at")
        .first()
    )


def batch_execute(*, batch_id: int) -> str:
    """Issue and pack a queued batch; returns its final state.

    A batch that is no longer QUEUED (a worker that picks it up twice) is left
    alone. An unexpected error fails the batch with its message; documents
    issued before it stay issued (each was issued whole, in its own transaction).
    """
    started = PlusdocumentBatch.objects.filter(pk=batch_id, state=BatchState.QUEUED).update(
        state=BatchState.RUNNING, stage="issuing", updated_at=timezone.now()
    )
    if not started:
        state = PlusdocumentBatch.objects.filter(pk=batch_id).values_list("state", flat=True)
        return state.first() or ""
    batch = PlusdocumentBatch.objects.select_related("school", "started_by").get(pk=batch_id)
    try:
        _issue_and_pack(batch)
    except Exception as error:
        PlusdocumentBatch.objects.filter(pk=batch.pk).update(
            state=BatchState.FAILED,
            stage="done",
            error=(str(error) or error.__class__.__name__)[:300],
            finished_at=timezone.now(),
        )
        return BatchState.FAILED
    return BatchState.DONE


def _skip(student: Student, reason: str, message: str = "") -> dict[str, str]:
    return {
        "student": str(student.public_id),
        "name": student.user.get_full_name(),
        "reason": reason,
        "message": message,
    }


def _issue(student: Student, issued_by: User) -> Plusdocument | dict[str, str]:
    """Issue the student's current draft, or say why not."""
    document = current_draft(student)
    if document is None:
        return _skip(student, "no_draft")
    try:
        services.lines_draw(document=document)
        if not document.lines.filter(shown=True).exists():
            return _skip(student, "no_lines")
        return services.document_issue(document=document, issued_by=issued_by)
    except ValidationError as error:
        return _skip(student, "refused", " ".join(error.messages))


def _folder(student: Student) -> str:
    name = slugify(student.user.get_full_name()) or "leerling"
    return f"{name}-{str(student.public_id)[:8]}"


def _pack(
    archive: zipfile.ZipFile, student: Student, document: Plusdocument, language: str
) -> None:
    folder = _folder(student)
    document = Plusdocument.objects.select_related(
        "student__user", "student__school", "school_year", "issued_by", "credential"
    ).get(pk=document.pk)
    body = pdf.pdf_render(pdf.pdf_context(document, language))
    archive.writestr(f"{folder}/plusdocument-v{document.version}.pdf", body)
    for number, issued in enumerate(credentials_for_document(document)):
        name = "credential-plusdocument" if number == 0 else f"credential-regel-{number:02d}"
        archive.writestr(f"{folder}/{name}.json", credential_json(issued))


def _issue_and_pack(batch: PlusdocumentBatch) -> None:
    issued_by = batch.started_by
    if issued_by is None:
        raise ValidationError(_("The school leader who started this batch no longer exists."))
    students = list(cohort_of(batch))
    PlusdocumentBatch.objects.filter(pk=batch.pk).update(total=len(students))
    skipped: list[dict[str, str]] = []
    issued = 0
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, student in enumerate(students, start=1):
                outcome = _issue(student, issued_by)
                if isinstance(outcome, Plusdocument):
                    _pack(archive, student, outcome, batch.language)
                    issued += 1
                else:
                    skipped.append(outcome)
                PlusdocumentBatch.objects.filter(pk=batch.pk).update(
                    done=done, issued=issued, updated_at=timezone.now()
                )
        handle.seek(0)
        batch.refresh_from_db()
        batch.skipped = skipped
        if issued:
            stamp = timezone.localdate().isoformat()
            name = f"plusdocumenten-{slugify(batch.group_name) or 'groep'}-{stamp}.zip"
            batch.archive.save(name, File(handle), save=False)
    batch.state = BatchState.DONE
    batch.stage = "done"
    batch.finished_at = timezone.now()
    batch.save()
