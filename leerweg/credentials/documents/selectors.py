"""Reads for Plusdocuments, with their lines grouped per section."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from leerweg.credentials.models import Plusdocument, PlusdocumentLine, Section
from leerweg.schools.models import Student


@dataclass(frozen=True)
class SectionLines:
    section: str
    label: str
    lines: list[PlusdocumentLine]


def documents_of(student: Student) -> QuerySet[Plusdocument]:
    return (
        Plusdocument.objects.filter(student=student)
        .select_related("school_year", "issued_by")
        .order_by("at_leaving", "-school_year__start_date", "-version")
    )


def document_lines(document: Plusdocument) -> list[PlusdocumentLine]:
    return list(
        PlusdocumentLine.objects.filter(document=document).select_related("curriculum_goal")
    )


def sections_of(lines: list[PlusdocumentLine], *, shown_only: bool) -> list[SectionLines]:
    """The three triple-aim sections in their fixed order, each with its lines in order."""
    result = []
    for value, label in Section.choices:
        chosen = [
            line for line in lines if line.section == value and (line.shown or not shown_only)
        ]
        result.append(SectionLines(value, str(label), chosen))
    return result


def verification_url(document: Plusdocument) -> str:
    """The public verification page's path for ``document`` (its QR code points there)."""
    # The document's signed credential is what the page checks; a draft has none yet.
    target = document.credential.public_id if document.credential else document.public_id
    try:
        return reverse("credentials:verify-document", args=[target])
    except NoReverseMatch:
        return f"/plusdocument/controle/{target}/"


def verification_link(document: Plusdocument) -> str:
    """The verification page as a full address, for the QR code and the short link."""
    return settings.LEERWEG_BASE_URL.rstrip("/") + verification_url(document)
