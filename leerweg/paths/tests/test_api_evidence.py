from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.ExifTags import IFD

from conftest import Personas, login
from leerweg.audit.models import AuditEvent
from leerweg.paths.models import Evidence, OwnGoal
from leerweg.paths.tests.test_evidence_files import HTML_BYTES, PDF_BYTES, jpeg_bytes

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root: Path) -> list[Path]:
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def list_url(personas: Personas, tail: str = "") -> str:
    return f"/api/v1/students/{personas.student_record.public_id}/evidence{tail}"


def detail_url(evidence: Evidence) -> str:
    return f"/api/v1/evidence/{evidence.public_id}"


def text_evidence(personas: Personas, **fields: object) -> dict[str, object]:
    return {
        "kind": "text",
        "title": "Spreekbeurt",
        "text": "Ik heb een spreekbeurt gehouden over bijen.",
        "own_goals": [str(personas.own_goal.public_id)],
        **fields,
    }


# Reading


def test_the_mentor_lists_sannes_evidence_and_is_recorded(client, personas: Personas):
    login(client, personas.mentor)
    data = client.get(list_url(personas)).json()
    assert data["shared"] is True
    assert [e["title"] for e in data["items"]] == ["Presentatie over bijen"]
    assert data["items"][0]["own_goals"] == [str(personas.own_goal.public_id)]
    assert AuditEvent.objects.filter(what="api.evidence.list").count() == 1


def test_the_guardian_sees_that_evidence_is_not_shared(client, personas: Personas):
    login(client, personas.guardian)
    data = client.get(list_url(personas)).json()
    assert (data["shared"], data["items"]) == (False, [])
    assert client.get(detail_url(personas.evidence)).status_code == 404


def test_goal_ids_are_hidden_when_goals_are_not_shared(client, personas: Personas):
    login(client, personas.student)
    client.put(
        f"/api/v1/students/{personas.student_record.public_id}/profile/sharing",
        {"parts": {"evidence": ["mentor_coach"]}},
        JSON,
    )
    login(client, personas.mentor)
    assert client.get(detail_url(personas.evidence)).json()["own_goals"] is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_student", 404), ("other_teacher", 404), ("leader", 404), ("board_viewer", 403)],
)
def test_who_does_not_get_the_evidence(client, personas: Personas, persona: str, status: int):
    login(client, personas.get(persona))
    assert client.get(detail_url(personas.evidence)).status_code == status


def test_the_mentor_opens_one_piece(client, personas: Personas):
    login(client, personas.mentor)
    data = client.get(detail_url(personas.evidence)).json()
    assert (data["kind"], data["has_file"]) == ("text", False)
    assert AuditEvent.objects.filter(what="api.evidence.detail").count() == 1


# Adding: text and links as JSON


def test_the_student_adds_a_text(client, personas: Personas):
    login(client, personas.student)
    response = client.post(list_url(personas), text_evidence(personas), JSON)
    assert response.status_code == 201
    evidence = Evidence.objects.get(public_id=response.json()["id"])
    assert list(evidence.own_goals.all()) == [personas.own_goal]
    assert evidence.created_by == personas.student


def test_a_link_must_be_a_web_address(client, personas: Personas):
    login(client, personas.student)
    bad = text_evidence(personas, kind="link", url="javascript:alert(1)")
    good = text_evidence(personas, kind="link", url="https://example.org/bijen")
    assert client.post(list_url(personas), bad, JSON).status_code == 422
    response = client.post(list_url(personas), good, JSON)
    assert response.status_code == 201
    assert response.json()["url"] == "https://example.org/bijen"


@pytest.mark.parametrize(
    "change",
    [
        {"own_goals": []},
        {"text": ""},
        {"title": ""},
        {"kind": "image"},
        {"curriculum_goals": ["bestaat-niet"]},
    ],
)
def test_invalid_evidence_is_a_422_and_nothing_is_stored(client, personas: Personas, change):
    login(client, personas.student)
    response = client.post(list_url(personas), text_evidence(personas, **change), JSON)
    assert response.status_code == 422
    assert Evidence.objects.count() == 1


def test_evidence_links_only_to_the_students_own_goals(client, personas: Personas):
    daans_goal = OwnGoal.objects.create(student=personas.other_student_record, title="Van Daan")
    login(client, personas.student)
    body = text_evidence(personas, own_goals=[str(daans_goal.public_id)])
    response = client.post(list_url(personas), body, JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "own_goals"]


@pytest.mark.parametrize(("persona", "status"), [("mentor", 403), ("other_student", 404)])
def test_nobody_else_adds_evidence(client, personas: Personas, persona: str, status: int):
    login(client, personas.get(persona))
    assert client.post(list_url(personas), text_evidence(personas), JSON).status_code == status
    assert Evidence.objects.count() == 1


# Adding: photos and files as multipart


def upload(client, personas: Personas, kind: str, name: str, data: bytes):
    return client.post(
        list_url(personas, "/files"),
        {
            "kind": kind,
            "title": "Mijn werkstuk",
            "own_goals": [str(personas.own_goal.public_id)],
            "file": SimpleUploadedFile(name, data),
        },
    )


def test_a_photo_is_stored_without_its_gps_position(client, personas: Personas, media_root):
    login(client, personas.student)
    response = upload(client, personas, "image", "IMG_0001.jpg", jpeg_bytes(gps=True))
    assert response.status_code == 201
    assert (response.json()["has_file"], response.json()["content_type"]) == (True, "image/jpeg")
    photo = next(p for p in stored_files(media_root) if p.suffix == ".jpg")
    with Image.open(photo) as image:
        assert not image.getexif().get_ifd(IFD.GPSInfo)


def test_a_pdf_is_stored(client, personas: Personas, media_root):
    login(client, personas.student)
    response = upload(client, personas, "file", "werkstuk.pdf", PDF_BYTES)
    assert response.status_code == 201
    assert response.json()["content_type"] == "application/pdf"
    assert len(stored_files(media_root)) == 1


def test_a_refused_file_is_a_422_and_nothing_is_stored(client, personas: Personas, media_root):
    login(client, personas.student)
    response = upload(client, personas, "file", "pagina.html", HTML_BYTES)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "file"]
    assert stored_files(media_root) == []
    assert Evidence.objects.count() == 1


def test_an_upload_without_a_file_is_a_422(client, personas: Personas):
    login(client, personas.student)
    response = client.post(
        list_url(personas, "/files"),
        {"kind": "file", "title": "Leeg", "own_goals": [str(personas.own_goal.public_id)]},
    )
    assert response.status_code == 422
