"""Writes for Plusdocuments: starting, curating, validating, issuing, new versions.

An issued version is never changed: every service here refuses it with a
message (``ValidationError``) before the model's own guard would.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from leerweg.accounts.models import User
from leerweg.credentials.documents.credentials import document_credentials_issue
from leerweg.credentials.documents.drawing import lines_from_records
from leerweg.credentials.models import (
    Backing,
    DocumentState,
    LineSource,
    Plusdocument,
    PlusdocumentLine,
    Section,
)
from leerweg.schools.models import SchoolYear, Student

LINE_FIELDS = (
    "section",
    "text",
    "detail",
    "source",
    "activity_id",
    "evidence_id",
    "curriculum_goal_id",
    "mastery_level",
    "backing",
    "validated_by_id",
    "validated_by_name",
    "validated_at",
    "partner_name",
    "shown",
    "position",
    "added_by_id",
)


def _refuse_issued(document: Plusdocument) -> None:
    if document.is_issued:
        raise ValidationError(
            _("This Plusdocument has been issued and cannot be changed. Make a new version.")
        )


def _locked(document: Plusdocument) -> Plusdocument:
    locked = Plusdocument.objects.select_for_update().get(pk=document.pk)
    _refuse_issued(locked)
    return locked


@transaction.atomic
def document_start(
    *,
    student: Student,
    school_year: SchoolYear | None,
    at_leaving: bool = False,
    started_by: User | None,
) -> Plusdocument:
    """A new draft for the year (or for leaving) with lines drawn from the records."""
    if school_year is None and not at_leaving:
        raise ValidationError(_("Choose a school year, or make the document for leaving school."))
    if school_year is not None and school_year.school_id != student.school_id:
        raise ValidationError(_("Choose a school year of the student's school."))
    if at_leaving:
        school_year = None
    existing = Plusdocument.objects.filter(
        student=student, school_year=school_year, at_leaving=at_leaving
    ).exists()
    if existing:
        raise ValidationError(_("There already is a Plusdocument for this period."))
    document = Plusdocument.objects.create(
        student=student, school_year=school_year, at_leaving=at_leaving, created_by=started_by
    )
    lines_draw(document=document)
    return document


@transaction.atomic
def lines_draw(*, document: Plusdocument) -> int:
    """Add lines for what was recorded since; lines already there stay as they are."""
    document = _locked(document)
    have = set(
        PlusdocumentLine.objects.filter(document=document).values_list(
            "activity_id", "evidence_id", "curriculum_goal_id"
        )
    )
    seen = {("activity", a) for a, _e, _g in have if a} | {
        ("evidence", e) for _a, e, _g in have if e
    }
    seen |= {("curriculum_goal", g) for _a, _e, g in have if g}
    position = _next_position(document)
    new: list[PlusdocumentLine] = []
    for drawn in lines_from_records(document):
        key = next((name, getattr(row, "pk", row)) for name, row in drawn.refs.items())
        if key in seen:
            continue
        new.append(
            PlusdocumentLine(
                document=document,
                section=drawn.section,
                text=drawn.text[:200],
                detail=drawn.detail,
                source=drawn.source,
                backing=drawn.backing,
                partner_name=drawn.partner_name[:200],
                position=position + len(new),
                **drawn.refs,
            )
        )
    PlusdocumentLine.objects.bulk_create(new)
    return len(new)


def _next_position(document: Plusdocument) -> int:
    top = PlusdocumentLine.objects.filter(document=document).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def line_add(
    *,
    document: Plusdocument,
    section: str,
    text: str,
    detail: str = "",
    added_by: User,
    by_staff: bool,
) -> PlusdocumentLine:
    """A line a staff member adds (validated by them) or one the student writes (self-reported)."""
    document = _locked(document)
    if section not in Section.values:
        raise ValidationError({"section": _("Choose a section.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the line.")})
    now = timezone.now()
    return PlusdocumentLine.objects.create(
        document=document,
        section=section,
        text=text.strip()[:200],
        detail=detail.strip()[:200],
        source=LineSource.STAFF if by_staff else LineSource.STUDENT,
        backing=Backing.SCHOOL if by_staff else Backing.SELF_REPORTED,
        validated_by=added_by if by_staff else None,
        validated_by_name=added_by.get_full_name() if by_staff else "",
        validated_at=now if by_staff else None,
        position=_next_position(document),
        added_by=added_by,
    )


@transaction.atomic
def document_curate(
    *, document: Plusdocument, shown: Sequence[int], order: Sequence[int], own_text: str
) -> Plusdocument:
    """The student's choice: which lines appear (``shown``), their ``order`` and own text.

    ``order`` lists line ids; lines it leaves out keep their place after those named.
    """
    document = _locked(document)
    if len(own_text) > 600:
        raise ValidationError({"own_text": _("Keep your own text to 600 characters at most.")})
    lines = {line.pk: line for line in PlusdocumentLine.objects.filter(document=document)}
    unknown = (set(shown) | set(order)) - set(lines)
    if unknown:
        raise ValidationError(_("Some lines are not part of this Plusdocument."))
    ranked = list(dict.fromkeys(order)) + sorted(
        (pk for pk in lines if pk not in set(order)), key=lambda pk: lines[pk].position
    )
    for position, pk in enumerate(ranked):
        lines[pk].position = position
        lines[pk].shown = pk in set(shown)
    PlusdocumentLine.objects.bulk_update(list(lines.values()), ["position", "shown", "updated_at"])
    document.own_text = own_text.strip()
    document.save(update_fields=["own_text", "updated_at"])
    return document


@transaction.atomic
def line_validate(*, line: PlusdocumentLine, validated_by: User) -> PlusdocumentLine:
    """Mark the line validated by the school; only a line with a backing source can be."""
    document = _locked(line.document)
    line = PlusdocumentLine.objects.select_for_update().get(pk=line.pk, document=document)
    if not line.has_backing_source:
        raise ValidationError(
            _(
                "This line cannot be validated: nothing recorded stands behind it "
                "(no activity, evidence or progress on a learning goal)."
            )
        )
    if line.backing == Backing.SCHOOL:
        return line
    line.backing = Backing.SCHOOL
    line.validated_by = validated_by
    line.validated_by_name = validated_by.get_full_name()
    line.validated_at = timezone.now()
    line.save(
        update_fields=[
            "backing",
            "validated_by",
            "validated_by_name",
            "validated_at",
            "updated_at",
        ]
    )
    return line


@transaction.atomic
def line_remove(*, line: PlusdocumentLine, user: User) -> None:
    """A line added by hand can be taken out again by whoever added it."""
    _locked(line.document)
    if line.source not in (LineSource.STAFF, LineSource.STUDENT) or line.added_by_id != user.pk:
        raise ValidationError(_("Only a line you added yourself can be removed."))
    line.delete()


@transaction.atomic
def document_issue(*, document: Plusdocument, issued_by: User) -> Plusdocument:
    """Freeze the version: from now on it is the one that counts, and it cannot change."""
    document = _locked(document)
    lines = list(PlusdocumentLine.objects.filter(document=document))
    if not any(line.shown for line in lines):
        raise ValidationError(_("A Plusdocument needs at least one line that is shown."))
    whole, per_line = document_credentials_issue(document, lines)
    for line in lines:
        line.credential = per_line.get(line.pk)
    PlusdocumentLine.objects.bulk_update(lines, ["credential"])
    document.state = DocumentState.ISSUED
    document.issued_at = timezone.now()
    document.issued_by = issued_by
    document.credential = whole
    document.save(update_fields=["state", "issued_at", "issued_by", "credential", "updated_at"])
    return document


@transaction.atomic
def document_new_version(*, document: Plusdocument, created_by: User | None) -> Plusdocument:
    """A new draft copied from the issued ``document``; the issued one stays as it was."""
    if not document.is_issued:
        raise ValidationError(_("Only an issued Plusdocument gets a new version."))
    newest = Plusdocument.objects.filter(series=document.series).order_by("-version").first()
    if newest is not None and not newest.is_issued:
        raise ValidationError(_("There already is a draft of this Plusdocument."))
    version = (newest.version if newest else document.version) + 1
    copy = Plusdocument.objects.create(
        series=document.series,
        version=version,
        student_id=document.student_id,
        school_year_id=document.school_year_id,
        at_leaving=document.at_leaving,
        own_text=document.own_text,
        previous=document,
        created_by=created_by,
    )
    PlusdocumentLine.objects.bulk_create(
        [
            PlusdocumentLine(document=copy, **{name: getattr(line, name) for name in LINE_FIELDS})
            for line in PlusdocumentLine.objects.filter(document=document)
        ]
    )
    return copy
