"""The signed credentials of an issued Plusdocument: one for the document, one per line.

Only lines the student shows and the school or a partner validated become a
credential of their own; the document's credential names every line shown.
The texts are in Dutch, the document's own language.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leerweg.credentials.models import IssuedCredential, Plusdocument, PlusdocumentLine
from leerweg.credentials.trust.issuers import issuer_did, issuer_key_current
from leerweg.credentials.trust.services import credential_issue, status_slots_reserve


def _line_achievement(line: PlusdocumentLine) -> dict[str, str]:
    name = f"{line.text} – {line.mastery_label}" if line.mastery_label else line.text
    backing = line.get_backing_display()
    by = line.validated_by_name or line.partner_name
    return {
        "name": name[:300],
        "description": " · ".join(
            part for part in (line.detail, line.get_section_display()) if part
        ),
        "criteria": f"{backing}: {by}" if by else backing,
    }


def document_credentials_issue(
    document: Plusdocument, lines: list[PlusdocumentLine]
) -> tuple[IssuedCredential, dict[int, IssuedCredential]]:
    """Sign the document's credential and those of its validated shown lines."""
    student = document.student
    subject = student.user.get_full_name()
    now = timezone.now()
    per_line: dict[int, IssuedCredential] = {}
    key = issuer_key_current(student.school)
    shown = [line for line in lines if line.shown]
    validated = [line for line in shown if line.is_validated]
    slots = status_slots_reserve(
        student.school, issuer_did(student.school, key), len(validated) + 1
    )
    with translation.override("nl"):
        for line, slot in zip(validated, slots, strict=False):
            per_line[line.pk] = credential_issue(
                school=student.school,
                student=student,
                achievement=_line_achievement(line),
                subject_name=subject,
                evidence=[],
                valid_from=now,
                kind="line",
                signing_key=key,
                status_slot=slot,
            )
        summary = "; ".join(_line_achievement(line)["name"] for line in shown)
        whole = credential_issue(
            school=student.school,
            student=student,
            achievement={
                "name": f"{_('Plusdocument')} {document.period_label} ({student.school.name})",
                "description": summary[:4000],
                "criteria": _("Issued by the school leader after validation by the school."),
            },
            subject_name=subject,
            evidence=[],
            valid_from=now,
            kind="document",
            signing_key=key,
            status_slot=slots[-1],
        )
    return whole, per_line


def credentials_for_document(document: Plusdocument) -> list[IssuedCredential]:
    """The document's credential first, then those of its lines, in the document's order."""
    found = [document.credential] if document.credential else []
    lines = PlusdocumentLine.objects.filter(document=document, credential__isnull=False)
    found += [line.credential for line in lines.select_related("credential") if line.credential]
    return found
