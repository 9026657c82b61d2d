"""Writing evidence: adding, changing and deleting it, with its files.

Files and rows live or die together. A file is written only after every
check has passed, inside the transaction that creates the row; if anything
fails after a file was written, the file is removed again before the error
goes on. Deleting removes the files once the deletion is committed, so a
rolled-back deletion never leaves a row without its file.
"""

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction

from leerweg.accounts.models import User
from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.files import THUMBNAIL_EXTENSION, CheckedUpload
from leerweg.paths.models import Evidence, EvidenceKind, OwnGoal
from leerweg.schools.models import Student

FILE_KINDS = (EvidenceKind.IMAGE, EvidenceKind.FILE)


@transaction.atomic
def evidence_create(
    *,
    student: Student,
    created_by: User,
    kind: str,
    title: str,
    text: str = "",
    url: str = "",
    upload: CheckedUpload | None = None,
    own_goals: Iterable[OwnGoal] = (),
    curriculum_goals: Iterable[CurriculumGoal] = (),
) -> Evidence:
    """Add evidence of one of the four kinds; ``upload`` must come from ``paths.files``."""
    own_goals, curriculum_goals = list(own_goals), list(curriculum_goals)
    _check_kind(kind, text=text, url=url, upload=upload)
    _check_links(student, own_goals, curriculum_goals)
    evidence = Evidence(
        student=student,
        created_by=created_by,
        kind=kind,
        title=title,
        text=text,
        url=url if kind == EvidenceKind.LINK else "",
    )
    if upload is not None:
        evidence.content_type, evidence.size = upload.content_type, upload.size
    evidence.full_clean(exclude=["file", "thumbnail"], validate_unique=False)
    evidence.save()
    evidence.own_goals.set(own_goals)
    evidence.curriculum_goals.set(curriculum_goals)
    if upload is not None:
        _store_files(evidence, upload)
    return evidence


@transaction.atomic
def evidence_update(
    *,
    evidence: Evidence,
    title: str,
    text: str = "",
    url: str = "",
    own_goals: Iterable[OwnGoal] = (),
    curriculum_goals: Iterable[CurriculumGoal] = (),
) -> Evidence:
    """Change the words and the links to goals; the kind and the file stay as they are."""
    own_goals, curriculum_goals = list(own_goals), list(curriculum_goals)
    _check_kind(evidence.kind, text=text, url=url, upload=None, editing=True)
    _check_links(evidence.student, own_goals, curriculum_goals)
    evidence.title, evidence.text = title, text
    if evidence.kind == EvidenceKind.LINK:
        evidence.url = url
    evidence.full_clean(exclude=["file", "thumbnail"], validate_unique=False)
    evidence.save(update_fields=["title", "text", "url", "updated_at"])
    evidence.own_goals.set(own_goals)
    evidence.curriculum_goals.set(curriculum_goals)
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    """Delete the evidence; its files go once the deletion is committed."""
    storage = evidence.file.storage
    names = [name for name in (evidence.file.name, evidence.thumbnail.name) if name]
    evidence.delete()
    if names:
        transaction.on_commit(partial(_delete_files, storage, names))


def _check_kind(
    kind: str, *, text: str, url: str, upload: CheckedUpload | None, editing: bool = False
) -> None:
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": "Unknown kind of evidence."})
    if kind == EvidenceKind.TEXT and not text.strip():
        raise ValidationError({"text": "Text evidence needs a text."})
    if kind == EvidenceKind.LINK and not url:
        raise ValidationError({"url": "Link evidence needs a link."})
    if not editing and (kind in FILE_KINDS) != (upload is not None):
        raise ValidationError({"file": "Photos and files need an upload; other kinds none."})


def _check_links(
    student: Student, own_goals: list[OwnGoal], curriculum_goals: list[CurriculumGoal]
) -> None:
    """Evidence links only to the student's own goals and to their school's curriculum."""
    if any(goal.student_id != student.pk for goal in own_goals):
        raise ValidationError({"own_goals": "Evidence links only to the student's own goals."})
    if any(goal.school_id != student.school_id for goal in curriculum_goals):
        raise ValidationError(
            {"curriculum_goals": "Evidence links only to goals of the student's school."}
        )


def _store_files(evidence: Evidence, upload: CheckedUpload) -> None:
    storage = evidence.file.storage
    written: list[str] = []
    try:
        content = upload.content if isinstance(upload.content, File) else File(upload.content)
        # The name only carries the extension: evidence_upload_path makes the rest.
        evidence.file.save(f"upload.{upload.extension}", content, save=False)
        written.append(evidence.file.name or "")
        if upload.thumbnail is not None:
            name = f"{evidence.student.public_id}/{evidence.public_id}.{THUMBNAIL_EXTENSION}"
            evidence.thumbnail.save(name, ContentFile(upload.thumbnail), save=False)
            written.append(evidence.thumbnail.name or "")
        evidence.save(update_fields=["file", "thumbnail", "updated_at"])
    except BaseException:
        _delete_files(storage, written)
        raise


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in filter(None, names):
        storage.delete(name)
