import shutil
import subprocess
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.activities.models import Activity, Setting, Source
from leerweg.audit.models import AuditEvent
from leerweg.credentials import pdf
from leerweg.credentials.documents import services
from leerweg.credentials.documents.credentials import credentials_for_document
from leerweg.credentials.models import (
    Backing,
    IssuedDocumentError,
    LineSource,
    Plusdocument,
    PlusdocumentLine,
    Section,
)
from leerweg.schools.models import SchoolYear

pytestmark = pytest.mark.django_db


def _poppler(tool: str, *arguments: str) -> str:
    """Run a poppler-utils tool on a file the test wrote and return what it prints."""
    executable = shutil.which(tool)
    assert executable is not None
    done = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        [executable, *arguments], capture_output=True, text=True, check=True
    )
    return done.stdout


def _start(personas: Personas) -> Plusdocument:
    Activity.objects.create(
        student=personas.student_record,
        title="Vrijwilliger bij de voedselbank",
        setting=Setting.OUT_OF_SCHOOL,
        area="caring",
        organisation="Voedselbank Zwolle",
        started_on=timezone.localdate() - timedelta(days=30),
        source=Source.PARTNER,
        recorded_by=personas.partner_with_consent,
    )
    year = SchoolYear.objects.get(school=personas.school)
    return services.document_start(
        student=personas.student_record, school_year=year, started_by=personas.student
    )


def test_starting_draws_lines_from_activities_evidence_and_partner_records(personas: Personas):
    document = _start(personas)
    lines = {line.text: line for line in document.lines.all()}
    assert set(lines) == {
        "Hockeytraining",
        "Presentatie over bijen",
        "Vrijwilliger bij de voedselbank",
    }
    partner = lines["Vrijwilliger bij de voedselbank"]
    assert (partner.source, partner.backing, partner.partner_name) == (
        LineSource.PARTNER_ACTIVITY,
        Backing.PARTNER,
        "VV De Toekomst",
    )
    assert partner.section == Section.SOCIALISATION
    assert lines["Hockeytraining"].backing == Backing.SELF_REPORTED
    # Drawing again adds nothing that is already there.
    assert services.lines_draw(document=document) == 0


def test_the_student_curates_and_the_mentor_validates_through_http(client, personas: Personas):
    document = _start(personas)
    hockey = document.lines.get(text="Hockeytraining")
    bees = document.lines.get(text="Presentatie over bijen")
    login(client, personas.student)
    data = {"own_text": "Ik ben nieuwsgierig.", f"shown_{hockey.pk}": "on"}
    data |= {f"position_{line.pk}": str(10 - i) for i, line in enumerate(document.lines.all())}
    response = client.post(reverse("credentials:document-curate", args=[document.public_id]), data)
    assert response.status_code == 302
    hockey.refresh_from_db()
    bees.refresh_from_db()
    assert hockey.shown and not bees.shown
    assert Plusdocument.objects.get(pk=document.pk).own_text == "Ik ben nieuwsgierig."

    login(client, personas.mentor)
    url = reverse("credentials:document-line-validate", args=[hockey.public_id])
    assert client.post(url).status_code == 302
    hockey.refresh_from_db()
    assert hockey.backing == Backing.SCHOOL and hockey.validated_by == personas.mentor
    assert AuditEvent.objects.filter(what="plusdocument.change").exists()

    login(client, personas.other_teacher)
    assert client.post(url).status_code == 404


def test_a_line_without_a_record_behind_it_cannot_be_validated(personas: Personas):
    document = _start(personas)
    own = services.line_add(
        document=document,
        section=Section.PERSONAL_FORMATION,
        text="Ik kan goed luisteren",
        added_by=personas.student,
        by_staff=False,
    )
    with pytest.raises(ValidationError, match="kan niet gevalideerd worden"):
        services.line_validate(line=own, validated_by=personas.mentor)
    own.refresh_from_db()
    assert own.backing == Backing.SELF_REPORTED


def test_a_staff_line_counts_as_validated_by_whoever_added_it(personas: Personas):
    document = _start(personas)
    line = services.line_add(
        document=document,
        section=Section.SOCIALISATION,
        text="Lid van de leerlingenraad",
        added_by=personas.mentor,
        by_staff=True,
    )
    assert (line.backing, line.validated_by_name) == (Backing.SCHOOL, "Ahmed El Amrani")


def test_only_a_school_leader_issues_and_an_issued_version_is_frozen(client, personas: Personas):
    document = _start(personas)
    url = reverse("credentials:document-issue", args=[document.public_id])
    login(client, personas.mentor)
    assert client.post(url).status_code == 404
    login(client, personas.leader)
    assert client.post(url).status_code == 302
    document.refresh_from_db()
    assert document.is_issued and document.issued_by == personas.leader
    # Signed: the document's credential and one per validated line (the partner's).
    assert [c.kind for c in credentials_for_document(document)] == ["document", "line"]

    with pytest.raises(ValidationError, match="is uitgegeven"):
        services.document_curate(document=document, shown=[], order=[], own_text="Anders")
    line = document.lines.first()
    assert line is not None
    line.text = "Veranderd"
    with pytest.raises(IssuedDocumentError):
        line.save()
    document.own_text = "Veranderd"
    with pytest.raises(IssuedDocumentError):
        document.save()

    login(client, personas.student)
    response = client.post(reverse("credentials:document-new-version", args=[document.public_id]))
    copy = Plusdocument.objects.get(series=document.series, version=2)
    assert response.url == reverse("credentials:document-detail", args=[copy.public_id])
    assert copy.lines.count() == PlusdocumentLine.objects.filter(document=document).count()
    assert not copy.is_issued and copy.previous == document


def test_guardians_see_the_documents_of_children_under_sixteen_only(client, personas: Personas):
    year = SchoolYear.objects.get(school=personas.school)
    young = services.document_start(
        student=personas.young_student_record, school_year=year, started_by=personas.young_student
    )
    sanne = _start(personas)
    login(client, personas.young_guardian)
    assert (
        client.get(reverse("credentials:document-detail", args=[young.public_id])).status_code
        == 200
    )
    login(client, personas.guardian)
    assert (
        client.get(reverse("credentials:document-detail", args=[sanne.public_id])).status_code
        == 404
    )


def test_staff_reads_are_audited(client, personas: Personas):
    document = _start(personas)
    login(client, personas.mentor)
    assert (
        client.get(reverse("credentials:document-detail", args=[document.public_id])).status_code
        == 200
    )
    event = AuditEvent.objects.get(what="plusdocument.view")
    assert event.subject_public_id == personas.student_record.public_id


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)
def test_the_pdf_holds_the_lines_and_their_validations(personas: Personas, tmp_path):
    document = _start(personas)
    hockey = document.lines.get(text="Hockeytraining")
    services.line_validate(line=hockey, validated_by=personas.mentor)
    services.document_issue(document=document, issued_by=personas.leader)
    document.refresh_from_db()
    path = tmp_path / "plusdocument.pdf"
    path.write_bytes(pdf.document_pdf(document, "nl"))
    text = _poppler("pdftotext", "-layout", str(path), "-")
    for expected in (
        "Plusdocument",
        "Het Baken",
        "Sanne de Vries",
        "Hockeytraining",
        "Gevalideerd door de school: Ahmed El Amrani",
        "Vrijwilliger bij de voedselbank",
        "VV De Toekomst",
        "Kwalificatie",
        "Socialisatie",
        "Persoonsvorming",
    ):
        assert expected in text, expected
    # The short link to the verification page (it may wrap across lines).
    assert document.credential is not None
    link = f"/plusdocument/controle/{document.credential.public_id}/"
    assert link in "".join(text.split())
    english = pdf.document_pdf(document, "en")
    path.write_bytes(english)
    text = _poppler("pdftotext", str(path), "-")
    assert "Validated by the school: Ahmed El Amrani" in text
    info = _poppler("pdfinfo", str(path))
    assert "Tagged:          yes" in info  # PDF/UA-1: tagged for accessibility


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ("Qualification", "Socialisation", "Personal formation", "Hockeytraining")),
        ("nl", ("Kwalificatie", "Socialisatie", "Persoonsvorming", "Hockeytraining")),
    ],
)
def test_the_students_page_speaks_her_language(
    client, personas: Personas, language: str, expected: tuple[str, ...]
):
    document = _start(personas)
    login(client, personas.student)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("credentials:document-detail", args=[document.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'<html lang="{language}"' in text
    for words in expected:
        assert words in text, words
