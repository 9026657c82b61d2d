"""Who sees evidence and its files, how files are sent, and what the audit trail records."""

import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas, login
from leerweg.audit.models import AuditEvent
from leerweg.paths import files
from leerweg.paths.models import Evidence, EvidenceKind
from leerweg.paths.services.evidence import evidence_create
from leerweg.paths.tests.test_evidence_files import PDF_BYTES, jpeg_bytes
from leerweg.profiles.models import Audience, Profile, ProfilePart, Sharing
from tests.url_matrix import DENIED, HIDDEN, OK, PERSONAS, Answer, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def photo(personas: Personas) -> Evidence:
    return evidence_create(
        student=personas.student_record,
        created_by=personas.student,
        kind=EvidenceKind.IMAGE,
        title="Bijenhotel: de voorkant!",
        upload=files.prepare_image(io.BytesIO(jpeg_bytes(gps=True))),
        own_goals=[personas.own_goal],
    )


@pytest.fixture
def pdf(personas: Personas) -> Evidence:
    return evidence_create(
        student=personas.student_record,
        created_by=personas.student,
        kind=EvidenceKind.FILE,
        title="Verslag over bijen",
        upload=files.check_document(io.BytesIO(PDF_BYTES), "IMG_Sanne_de_Vries.pdf"),
        own_goals=[personas.own_goal],
    )


def share_evidence_with_guardians(personas: Personas) -> None:
    Profile.objects.create(student=personas.student_record, sharing_chosen=True)
    Sharing.objects.create(
        student=personas.student_record, part=ProfilePart.EVIDENCE, audience=Audience.GUARDIANS
    )


def answer(response) -> Answer:
    if response.status_code == 302:
        return Answer.LOGIN if "/inloggen/" in response["Location"] else Answer.REDIRECT
    return Answer(str(response.status_code))


# A photo's file and thumbnail answer as the matrix would, had Sanne's
# evidence there been a photo: her and her mentor (default sharing) only.
PHOTO_FILES = row(
    DENIED,
    student=OK,
    mentor=OK,
    guardian=HIDDEN,
    leader=HIDDEN,
    school_admin=HIDDEN,
    other_student=HIDDEN,
    other_teacher=HIDDEN,
    other_school_staff=HIDDEN,
)


@pytest.mark.parametrize("name", ["paths:evidence-file", "paths:evidence-thumbnail"])
def test_a_photo_is_sent_only_to_sanne_and_her_mentor(name: str, personas: Personas, photo):
    url = reverse(name, args=[photo.public_id])
    wrong = []
    for persona in PERSONAS:
        got = answer(login(Client(), personas.get(persona)).get(url))
        if got != PHOTO_FILES.answers[persona]:
            wrong.append(f"{persona}: expected {PHOTO_FILES.answers[persona]}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_a_photo_is_shown_inline_with_safe_headers(client, personas: Personas, photo):
    login(client, personas.mentor)
    response = client.get(reverse("paths:evidence-file", args=[photo.public_id]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="bijenhotel-de-voorkant.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == photo.file.open("rb").read()


def test_a_thumbnail_is_a_small_webp(client, personas: Personas, photo):
    login(client, personas.student)
    response = client.get(reverse("paths:evidence-thumbnail", args=[photo.public_id]))
    assert response["Content-Type"] == "image/webp"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_is_a_download_named_after_its_title_never_its_path(client, personas: Personas, pdf):
    login(client, personas.student)
    response = client.get(reverse("paths:evidence-file", args=[pdf.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="verslag-over-bijen.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert str(personas.student_record.public_id) not in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_file_missing_on_disk_is_not_found(client, personas: Personas, pdf, media_root):
    (media_root / pdf.file.name).unlink()
    login(client, personas.student)
    assert client.get(reverse("paths:evidence-file", args=[pdf.public_id])).status_code == 404


def test_no_url_serves_the_media_directory(client, personas: Personas, photo):
    login(client, personas.student)
    for prefix in ("/files/", "/media/"):
        assert client.get(prefix + photo.file.name).status_code == 404


# Sharing


def test_once_sanne_shares_evidence_with_guardians_her_parent_sees_it(
    client, personas: Personas, photo
):
    share_evidence_with_guardians(personas)
    login(client, personas.guardian)
    listing = client.get(reverse("paths:evidence-list", args=[personas.student_record.public_id]))
    assert [evidence.title for evidence in listing.context["page"]] == [
        photo.title,
        personas.evidence.title,
    ]
    assert not listing.context["show_goals"]  # goals themselves are not shared with her
    assert personas.own_goal.title not in listing.content.decode()
    for name in ("paths:evidence-detail", "paths:evidence-file", "paths:evidence-thumbnail"):
        assert client.get(reverse(name, args=[photo.public_id])).status_code == 200, name


def test_once_sanne_chooses_her_mentor_sees_only_what_she_chose(client, personas: Personas, photo):
    share_evidence_with_guardians(personas)  # and not with her mentor
    login(client, personas.mentor)
    assert client.get(reverse("paths:evidence-file", args=[photo.public_id])).status_code == 404
    assert client.get(reverse("paths:evidence-detail", args=[photo.public_id])).status_code == 404
    listing = client.get(reverse("paths:evidence-list", args=[personas.student_record.public_id]))
    assert listing.context["page"] is None


def test_the_mentor_sees_the_goals_the_evidence_belongs_to(client, personas: Personas, photo):
    login(client, personas.mentor)
    response = client.get(reverse("paths:evidence-detail", args=[photo.public_id]))
    assert response.context["show_goals"]
    assert personas.own_goal.title in response.content.decode()
    assert reverse("paths:evidence-edit", args=[photo.public_id]) not in response.content.decode()


# Audit trail


def test_staff_looking_at_evidence_is_recorded(client, personas: Personas, photo):
    login(client, personas.mentor)
    client.get(reverse("paths:evidence-list", args=[personas.student_record.public_id]))
    client.get(reverse("paths:evidence-detail", args=[photo.public_id]))
    client.get(reverse("paths:evidence-file", args=[photo.public_id]))
    client.get(reverse("paths:evidence-thumbnail", args=[photo.public_id]))
    events = AuditEvent.objects.order_by("id")
    assert [event.what for event in events] == ["evidence.list", "evidence.detail", "evidence.file"]
    assert {event.subject_public_id for event in events} == {personas.student_record.public_id}
    assert {event.actor_id for event in events} == {personas.mentor.pk}


def test_refused_looks_and_the_student_herself_are_not_recorded(client, personas: Personas, photo):
    login(client, personas.student)
    client.get(reverse("paths:evidence-list", args=[personas.student_record.public_id]))
    client.get(reverse("paths:evidence-file", args=[photo.public_id]))
    login(client, personas.leader)
    assert client.get(reverse("paths:evidence-file", args=[photo.public_id])).status_code == 404
    client.get(reverse("paths:evidence-list", args=[personas.student_record.public_id]))
    assert not AuditEvent.objects.exists()
