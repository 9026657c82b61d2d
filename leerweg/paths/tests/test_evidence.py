"""Adding, changing and deleting evidence through its pages, and the list page."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from PIL.ExifTags import IFD

from conftest import Personas, login
from leerweg.paths import files
from leerweg.paths.models import Evidence, EvidenceKind, OwnGoal
from leerweg.paths.services.evidence import evidence_create
from leerweg.paths.tests.test_evidence_files import (
    HTML_BYTES,
    PDF_BYTES,
    image_bytes,
    jpeg_bytes,
    ooxml_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english(client, settings) -> None:
    # The msgids are English; the assertions hold whatever the Dutch catalogue says.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def stored_files(media_root: Path) -> list[Path]:
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def add_url(personas: Personas, kind: str) -> str:
    return reverse("paths:evidence-add", args=[personas.student_record.public_id]) + f"?kind={kind}"


def post_evidence(client, personas: Personas, kind: str, **fields: object):
    data: dict[str, object] = {"title": "Mijn bewijs", "own_goals": [personas.own_goal.pk]}
    data.update(fields)
    return client.post(add_url(personas, kind), data)


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    # The browser's content type is whatever the test says: it is never believed.
    return SimpleUploadedFile(name, data, content_type=content_type)


def newest(personas: Personas) -> Evidence:
    return Evidence.objects.filter(student=personas.student_record).latest("created_at")


# Adding each kind


def test_the_student_adds_a_text(client, personas: Personas):
    login(client, personas.student)
    response = post_evidence(client, personas, "text", text="Ik heb een bijenhotel gebouwd.")
    evidence = newest(personas)
    assert response.status_code == 302
    assert response["Location"] == reverse("paths:evidence-detail", args=[evidence.public_id])
    assert (evidence.kind, evidence.text) == ("text", "Ik heb een bijenhotel gebouwd.")
    assert list(evidence.own_goals.all()) == [personas.own_goal]
    assert evidence.created_by == personas.student


def test_the_student_adds_a_link(client, personas: Personas):
    login(client, personas.student)
    post_evidence(client, personas, "link", url="https://example.org/bijen")
    evidence = newest(personas)
    assert (evidence.kind, evidence.url) == ("link", "https://example.org/bijen")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/bijen", "file:///etc/passwd", "data:,x"]
)
def test_only_web_links_are_accepted(client, personas: Personas, url: str):
    login(client, personas.student)
    response = post_evidence(client, personas, "link", url=url)
    assert response.status_code == 400
    assert "url" in response.context["form"].errors
    assert not Evidence.objects.filter(kind=EvidenceKind.LINK).exists()


def test_the_student_adds_a_photo_with_a_thumbnail(client, personas: Personas, media_root):
    login(client, personas.student)
    post_evidence(client, personas, "image", upload=upload("IMG_0042.JPG", jpeg_bytes()))
    evidence = newest(personas)
    assert (evidence.kind, evidence.content_type) == ("image", "image/jpeg")
    student_id, evidence_id = personas.student_record.public_id, evidence.public_id
    assert evidence.file.name == f"evidence/{student_id}/{evidence_id}.jpg"
    assert evidence.thumbnail.name == f"evidence-thumbnails/{student_id}/{evidence_id}.webp"
    assert evidence.size == (media_root / evidence.file.name).stat().st_size
    assert Image.open(media_root / evidence.thumbnail.name).width == 480


def test_a_stored_photo_has_no_gps_position(client, personas: Personas, media_root):
    login(client, personas.student)
    post_evidence(client, personas, "image", upload=upload("foto.jpg", jpeg_bytes(gps=True)))
    stored = (media_root / newest(personas).file.name).read_bytes()
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif().get_ifd(IFD.GPSInfo)
    assert not image.getexif()
    assert b"Exif" not in stored


def test_the_student_adds_a_file(client, personas: Personas, media_root):
    login(client, personas.student)
    post_evidence(
        client,
        personas,
        "file",
        upload=upload("Verslag bijen.docx", ooxml_bytes(), "application/octet-stream"),
        curriculum_goals=[],
    )
    evidence = newest(personas)
    assert evidence.kind == "file"
    assert evidence.content_type == files.DOCUMENT_TYPES["docx"].content_type
    assert str(evidence.file.name).endswith(f"/{evidence.public_id}.docx")
    assert not evidence.thumbnail
    assert stored_files(media_root) == [media_root / evidence.file.name]


# Refusals store nothing


def assert_refused(response, media_root: Path, field: str = "upload") -> None:
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Evidence.objects.count() == 1  # only the personas' text
    assert stored_files(media_root) == []


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(
    client, personas: Personas, media_root, settings
):
    settings.LEERWEG_EVIDENCE_MAX_BYTES = 1000
    login(client, personas.student)
    too_big = PDF_BYTES + b"%" * 1000
    response = post_evidence(client, personas, "file", upload=upload("groot.pdf", too_big))
    assert_refused(response, media_root)
    assert "at most" in str(response.context["form"].errors["upload"])


def test_the_default_limit_is_10_mb(client, personas: Personas, media_root):
    login(client, personas.student)
    too_big = PDF_BYTES + b"%" * (10 * 1024 * 1024)
    response = post_evidence(client, personas, "file", upload=upload("groot.pdf", too_big))
    assert_refused(response, media_root)


@pytest.mark.parametrize("data", [PDF_BYTES, HTML_BYTES, b"MZ\x90\x00"], ids=["pdf", "html", "exe"])
def test_something_else_disguised_as_a_photo_is_refused(
    client, personas: Personas, media_root, data: bytes
):
    login(client, personas.student)
    response = post_evidence(client, personas, "image", upload=upload("foto.jpg", data))
    assert_refused(response, media_root)


def test_a_disguised_file_is_refused(client, personas: Personas, media_root):
    login(client, personas.student)
    response = post_evidence(
        client, personas, "file", upload=upload("verslag.pdf", HTML_BYTES, "application/pdf")
    )
    assert_refused(response, media_root)


def test_a_valid_photo_with_a_missing_title_stores_nothing(client, personas: Personas, media_root):
    login(client, personas.student)
    response = post_evidence(
        client, personas, "image", title="", upload=upload("foto.jpg", jpeg_bytes())
    )
    assert_refused(response, media_root, field="title")


def test_evidence_needs_one_of_the_students_own_goals(client, personas: Personas, media_root):
    login(client, personas.student)
    response = post_evidence(client, personas, "text", text="Iets", own_goals=[])
    assert_refused(response, media_root, field="own_goals")


def test_a_goal_of_another_student_cannot_be_linked(client, personas: Personas, media_root):
    daans_goal = OwnGoal.objects.create(student=personas.other_student_record, title="Daan")
    login(client, personas.student)
    response = post_evidence(client, personas, "text", text="Iets", own_goals=[daans_goal.pk])
    assert_refused(response, media_root, field="own_goals")


def test_a_failure_while_storing_leaves_no_file_behind(personas: Personas, media_root, monkeypatch):
    """The photo is written, then writing the thumbnail fails: the photo goes again."""
    written = []
    original_save = FieldFile.save

    def save_then_fail_on_thumbnail(field_file, name, content, save=True):
        if field_file.field.name == "thumbnail":
            written.extend(stored_files(media_root))
            raise OSError("disk full")
        return original_save(field_file, name, content, save)

    monkeypatch.setattr(FieldFile, "save", save_then_fail_on_thumbnail)
    with pytest.raises(OSError, match="disk full"):
        evidence_create(
            student=personas.student_record,
            created_by=personas.student,
            kind=EvidenceKind.IMAGE,
            title="Foto",
            upload=files.prepare_image(io.BytesIO(jpeg_bytes())),
            own_goals=[personas.own_goal],
        )
    assert len(written) == 1  # the photo itself had been stored
    assert Evidence.objects.count() == 1
    assert stored_files(media_root) == []


def test_a_student_without_goals_is_asked_to_set_one_first(client, personas: Personas):
    login(client, personas.other_student)
    url = reverse("paths:evidence-add", args=[personas.other_student_record.public_id])
    response = client.get(url + "?kind=text")
    assert response.status_code == 200
    assert reverse("paths:goal-add", args=[personas.other_student_record.public_id]) in (
        response.content.decode()
    )


def test_the_add_page_first_asks_which_kind(client, personas: Personas):
    login(client, personas.student)
    response = client.get(reverse("paths:evidence-add", args=[personas.student_record.public_id]))
    assert response.status_code == 200
    for kind in EvidenceKind.values:
        assert f'href="?kind={kind}"' in response.content.decode()


def test_coming_from_a_goal_ticks_that_goal(client, personas: Personas):
    login(client, personas.student)
    goal_id = personas.own_goal.public_id
    chooser = client.get(add_url(personas, "") + f"&goal={goal_id}")
    assert f"?kind=text&amp;goal={goal_id}" in chooser.content.decode()
    form = client.get(add_url(personas, "text") + f"&goal={goal_id}").context["form"]
    assert form.initial["own_goals"] == [personas.own_goal]
    other = client.get(add_url(personas, "text") + "&goal=not-a-uuid").context["form"]
    assert "own_goals" not in other.initial


# Changing and deleting


def edit_url(evidence: Evidence) -> str:
    return reverse("paths:evidence-edit", args=[evidence.public_id])


def test_the_student_changes_title_text_and_goals(client, personas: Personas):
    second = OwnGoal.objects.create(student=personas.student_record, title="Beter plannen")
    login(client, personas.student)
    response = client.post(
        edit_url(personas.evidence),
        {"title": "Nieuwe titel", "text": "Nieuwe tekst", "own_goals": [second.pk]},
    )
    assert response.status_code == 302
    personas.evidence.refresh_from_db()
    assert (personas.evidence.title, personas.evidence.text) == ("Nieuwe titel", "Nieuwe tekst")
    assert list(personas.evidence.own_goals.all()) == [second]


def test_another_student_cannot_change_sannes_evidence_by_a_crafted_url(client, personas: Personas):
    login(client, personas.other_student)
    assert client.get(edit_url(personas.evidence)).status_code == 404
    response = client.post(edit_url(personas.evidence), {"title": "Gehackt", "text": "x"})
    assert response.status_code == 404
    delete_url = reverse("paths:evidence-delete", args=[personas.evidence.public_id])
    assert client.post(delete_url).status_code == 404
    personas.evidence.refresh_from_db()
    assert personas.evidence.title == "Presentatie over bijen"


def test_the_mentor_reads_but_never_changes(client, personas: Personas):
    login(client, personas.mentor)
    assert client.post(edit_url(personas.evidence), {"title": "x", "text": "x"}).status_code == 403
    personas.evidence.refresh_from_db()
    assert personas.evidence.title == "Presentatie over bijen"


def test_deleting_asks_first_then_removes_the_row_and_its_files_after_commit(
    client, personas: Personas, media_root, django_capture_on_commit_callbacks
):
    login(client, personas.student)
    post_evidence(client, personas, "image", upload=upload("foto.png", image_bytes("PNG")))
    evidence = newest(personas)
    assert len(stored_files(media_root)) == 2
    url = reverse("paths:evidence-delete", args=[evidence.public_id])
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert "Do you want to delete" in confirmation.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url)
    assert len(callbacks) == 1
    assert response["Location"] == reverse(
        "paths:evidence-list", args=[personas.student_record.public_id]
    )
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert stored_files(media_root) == []


# The list page


def list_url(personas: Personas) -> str:
    return reverse("paths:evidence-list", args=[personas.student_record.public_id])


def test_the_list_shows_newest_first_with_thumbnails_for_photos(client, personas: Personas):
    login(client, personas.student)
    post_evidence(client, personas, "image", title="Foto", upload=upload("a.jpg", jpeg_bytes()))
    photo = newest(personas)
    page = client.get(list_url(personas))
    assert [evidence.title for evidence in page.context["page"]] == [
        "Foto",
        "Presentatie over bijen",
    ]
    thumbnail = reverse("paths:evidence-thumbnail", args=[photo.public_id])
    assert f'src="{thumbnail}"' in page.content.decode()


def test_the_list_is_paginated(client, personas: Personas):
    for n in range(30):
        Evidence.objects.create(
            student=personas.student_record, kind="text", title=f"Bewijs {n}", text="x"
        )
    login(client, personas.student)
    first = client.get(list_url(personas))
    second = client.get(list_url(personas) + "?page=2")
    assert len(first.context["page"]) == 24
    assert len(second.context["page"]) == 7


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_queries_for_1_or_21_pieces(client, personas: Personas):
    login(client, personas.mentor)
    few = queries_for(client, list_url(personas))
    second_goal = OwnGoal.objects.create(student=personas.student_record, title="Plannen")
    for n in range(20):
        evidence = Evidence.objects.create(
            student=personas.student_record,
            kind="image",
            title=f"Foto {n}",
            file=f"evidence/x/{n}.jpg",
            thumbnail=f"evidence-thumbnails/x/{n}.webp",
            content_type="image/jpeg",
        )
        evidence.own_goals.add(personas.own_goal, second_goal)
    assert queries_for(client, list_url(personas)) == few


def test_the_list_says_when_evidence_is_not_shared(client, personas: Personas):
    login(client, personas.guardian)
    response = client.get(list_url(personas))
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "has not shared their evidence with you" in response.content.decode()
    assert "Presentatie over bijen" not in response.content.decode()
