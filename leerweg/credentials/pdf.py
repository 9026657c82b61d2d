"""The Plusdocument as an A4 PDF, tagged for accessibility (PDF/UA-1), by WeasyPrint.

The PDF is made in two steps so a cohort can be rendered in worker processes:
``pdf_context`` reads the database into plain values, ``pdf_render`` turns
them into PDF bytes without touching the database.

A school adapts the layout by placing its own template on the template path
(see README, "Adapting the Plusdocument"): ``credentials/document_pdf_<BRIN>.html``
is used for that school, ``credentials/document_pdf.html`` for every other.
"""

import base64
import mimetypes
from functools import cache
from pathlib import Path
from typing import Any

import segno
import weasyprint
from django.template.loader import select_template
from django.utils import timezone, translation

from leerweg.credentials.documents.selectors import (
    document_lines,
    sections_of,
    verification_link,
)
from leerweg.credentials.models import Plusdocument

PDF_VARIANT = "pdf/ua-1"
LANGUAGES = ("nl", "en")
STYLESHEET = Path(__file__).resolve().parent / "static" / "credentials" / "document_pdf.css"


@cache
@cache
def _url_fetcher() -> weasyprint.URLFetcher:
    """The only fetcher the PDF uses: ``data:`` URIs only, one per process.

    Everything a Plusdocument shows (logo, QR code) is inlined, so refusing
    every other scheme keeps a school's adapted template from reaching the
    network or the server's files. WeasyPrint's default makes a fresh fetcher,
    with a fresh TLS context, for every document and stylesheet.
    """
    return weasyprint.URLFetcher(allowed_protocols={"data"})


@cache
def _stylesheet() -> weasyprint.CSS:
    return weasyprint.CSS(filename=str(STYLESHEET), url_fetcher=_url_fetcher())


def qr_svg_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI (vector, sharp at any print size)."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_data_uri(scale=4, border=2, dark="#000", omitsize=False)


def _logo_data_uri(document: Plusdocument) -> str:
    logo = document.student.school.logo
    if not logo:
        return ""
    try:
        with logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    kind = mimetypes.guess_type(logo.name or "")[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def pdf_context(document: Plusdocument, language: str) -> dict[str, Any]:
    """Everything the PDF template shows, read once; the language decides the words."""
    language = language if language in LANGUAGES else "nl"
    school = document.student.school
    link = verification_link(document)
    with translation.override(language):
        lines = document_lines(document)
        sections = [
            {
                "label": section.label,
                "lines": [
                    {
                        "text": line.text,
                        "detail": line.detail,
                        "level": line.mastery_label,
                        "backing": line.get_backing_display(),
                        "by": line.validated_by_name or line.partner_name,
                        "on": line.validated_at.date() if line.validated_at else None,
                        "validated": line.is_validated,
                    }
                    for line in section.lines
                ],
            }
            for section in sections_of(lines, shown_only=True)
        ]
        period = document.period_label
    return {
        "language": language,
        "student_name": document.student.user.get_full_name(),
        "school_name": school.name,
        "school_city": school.city,
        "primary_colour": school.primary_colour,
        "secondary_colour": school.secondary_colour,
        "logo": _logo_data_uri(document),
        "brin": school.brin,
        "period": period,
        "version": document.version,
        "issued": document.is_issued,
        "issued_at": document.issued_at,
        "issued_by": document.issued_by.get_full_name() if document.issued_by else "",
        "own_text": document.own_text,
        "sections": sections,
        "verification_link": link,
        "qr": qr_svg_data_uri(link),
        "made_on": timezone.localdate(),
    }


def pdf_render(context: dict[str, Any]) -> bytes:
    """PDF bytes from a ``pdf_context``; needs no database."""
    with translation.override(context["language"]):
        template = select_template(
            [f"credentials/document_pdf_{context['brin']}.html", "credentials/document_pdf.html"]
        )
        html = template.render(context)
        primary, secondary = context["primary_colour"], context["secondary_colour"]
        colours = weasyprint.CSS(
            string=f":root {{ --school: {primary}; --school-2: {secondary}; }}",
            url_fetcher=_url_fetcher(),
        )
        pdf = weasyprint.HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf(
            stylesheets=[_stylesheet(), colours], pdf_variant=PDF_VARIANT
        )
    assert pdf is not None  # noqa: S101 - write_pdf without a target returns the bytes
    return pdf


def document_pdf(document: Plusdocument, language: str = "nl") -> bytes:
    return pdf_render(pdf_context(document, language))
