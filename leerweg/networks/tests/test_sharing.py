"""Posts, replies, the practice library, uploads, inspiration and learning areas."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from conftest import Personas, login
from leerweg.assessment.models import Rubric
from leerweg.assessment.tests.factories import make_rubric
from leerweg.networks import services
from leerweg.networks.models import AreaRubric, Practice
from leerweg.networks.tests.factories import (
    PDF,
    join,
    make_facilitator,
    make_network,
    material,
    pdf_upload,
)
from leerweg.notifications.models import Notification


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def facilitator(db):
    return make_facilitator()


@pytest.fixture
def network(facilitator, personas: Personas):
    network = make_network(facilitator)
    join(network, personas.school, personas.leader, facilitator)
    return network


def _practice_form(**extra):
    return {"title": "Portfolio", "description": "", "theme": "broad_formation", **extra}


def test_a_post_and_a_reply_notify_the_other_members(network, facilitator, personas: Personas):
    client = login(Client(), personas.leader)
    response = client.post(
        reverse("networks:post-list", args=[network.public_id]),
        {"kind": "question", "title": "Wie heeft een flexrooster?", "body": "Graag tips."},
    )
    assert response.status_code == 302
    post = network.posts.get()
    assert list(Notification.objects.values_list("recipient", flat=True)) == [facilitator.pk]
    response = login(Client(), facilitator).post(
        reverse("networks:post-detail", args=[post.public_id]), {"body": "Wij, bel me."}
    )
    assert response.status_code == 302
    assert post.replies.count() == 1
    assert Notification.objects.filter(recipient=personas.leader).count() == 1


def test_an_empty_post_is_refused(network, personas: Personas):
    response = login(Client(), personas.leader).post(
        reverse("networks:post-list", args=[network.public_id]),
        {"kind": "post", "title": "", "body": ""},
    )
    assert response.status_code == 400
    assert not network.posts.exists()


def test_html_in_a_post_is_shown_as_text(network, personas: Personas):
    post = services.post_create(
        network=network,
        author=personas.leader,
        kind="post",
        title="<b>Vet</b>",
        body='<img src=x onerror="alert(1)">',
    )
    page = login(Client(), personas.leader).get(
        reverse("networks:post-detail", args=[post.public_id])
    )
    assert b"&lt;img src=x" in page.content
    assert b"<img src=x" not in page.content
    assert b"&lt;b&gt;Vet&lt;/b&gt;" in page.content


def test_a_pdf_is_stored_and_served_to_members_only(network, personas: Personas):
    client = login(Client(), personas.leader)
    response = client.post(
        reverse("networks:practice-add", args=[network.public_id]),
        _practice_form(upload=SimpleUploadedFile("verslag.pdf", PDF, "application/pdf")),
    )
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.content_type == "application/pdf"
    assert "verslag" not in (practice.file.name or "")
    url = reverse("networks:practice-file", args=[practice.public_id])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Disposition"] == 'inline; filename="portfolio.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert login(Client(), personas.mentor).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pagina.html", b"<!doctype html><script>alert(1)</script>"),
        ("pagina.pdf", b"<!doctype html><script>alert(1)</script>"),
        ("programma.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("verslag.docx", PDF),
    ],
)
def test_uploads_are_checked_by_their_content(network, personas: Personas, name, content):
    response = login(Client(), personas.leader).post(
        reverse("networks:practice-add", args=[network.public_id]),
        _practice_form(upload=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 400
    assert not Practice.objects.exists()


def test_office_files_with_macros_are_refused(network, personas: Personas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.ms-word.document.'
            'macroEnabled.main+xml"/></Types>',
        )
        package.writestr("word/vbaProject.bin", b"macro")
    response = login(Client(), personas.leader).post(
        reverse("networks:practice-add", args=[network.public_id]),
        _practice_form(upload=SimpleUploadedFile("plan.docm.docx", buffer.getvalue())),
    )
    assert response.status_code == 400
    assert not Practice.objects.exists()


def test_a_file_over_the_limit_is_refused(network, personas: Personas, settings):
    settings.LEERWEG_NETWORK_MAX_BYTES = 10
    response = login(Client(), personas.leader).post(
        reverse("networks:practice-add", args=[network.public_id]),
        _practice_form(upload=SimpleUploadedFile("verslag.pdf", PDF)),
    )
    assert response.status_code == 400
    assert not Practice.objects.exists()


def test_a_photo_is_written_anew(network, personas: Personas):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    response = login(Client(), personas.leader).post(
        reverse("networks:practice-add", args=[network.public_id]),
        _practice_form(upload=SimpleUploadedFile("foto.jpg", buffer.getvalue())),
    )
    assert response.status_code == 302
    assert Practice.objects.get().content_type == "image/jpeg"


def test_a_practice_needs_a_file_or_a_safe_link(network, personas: Personas):
    client = login(Client(), personas.leader)
    url = reverse("networks:practice-add", args=[network.public_id])
    assert client.post(url, _practice_form()).status_code == 400
    assert client.post(url, _practice_form(url="javascript:alert(1)")).status_code == 400
    assert not Practice.objects.exists()
    assert client.post(url, _practice_form(url="https://example.org/les")).status_code == 302


def test_a_published_practice_is_inspiration_for_everyone(network, personas: Personas):
    practice = services.practice_add(
        network=network, author=personas.leader, values=material(), upload=pdf_upload()
    )
    outsider = login(Client(), personas.student)
    detail = reverse("networks:practice-detail", args=[practice.public_id])
    file_url = reverse("networks:practice-file", args=[practice.public_id])
    assert outsider.get(detail).status_code == 404
    assert practice.title not in outsider.get(reverse("networks:inspiration")).content.decode()
    leader = login(Client(), personas.leader)
    leader.post(reverse("networks:practice-publish", args=[practice.public_id]), {"published": "1"})
    practice.refresh_from_db()
    assert practice.published_by == personas.leader
    assert outsider.get(detail).status_code == 200
    assert outsider.get(file_url).status_code == 200
    page = outsider.get(reverse("networks:inspiration"), {"theme": "broad_formation"})
    assert practice.title in page.content.decode()
    page = outsider.get(reverse("networks:inspiration"), {"sector": "PO"})
    assert practice.title not in page.content.decode()
    publish = reverse("networks:practice-publish", args=[practice.public_id])
    assert outsider.post(publish, {"published": "0"}).status_code == 404


def test_the_inspiration_list_does_not_grow_in_queries(network, personas: Personas):
    def publish(count: int) -> None:
        for number in range(count):
            practice = services.practice_add(
                network=network,
                author=personas.leader,
                values=material(f"Praktijk {number}", url="https://example.org"),
                upload=None,
            )
            services.practice_publish(practice=practice, published=True, by=personas.leader)

    def queries() -> int:
        client = login(Client(), personas.student)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("networks:inspiration")).status_code == 200
        return len(captured)

    publish(1)
    one = queries()
    publish(5)
    assert queries() == one


# --- Learning areas -----------------------------------------------------------------------------


def test_a_rubric_shared_in_a_learning_area_is_copied_by_another_school(personas: Personas):
    area = services.area_create(
        name="Kunst en cultuur",
        theme="art_culture",
        description="",
        school=personas.school,
        created_by=personas.leader,
    )
    rubric = make_rubric(personas.school, personas.leader, title="Theater maken")
    leader = login(Client(), personas.leader)
    response = leader.post(
        reverse("networks:area-rubric-share", args=[area.public_id]), {"rubric": rubric.pk}
    )
    assert response.status_code == 302
    shared = AreaRubric.objects.get()
    other = login(Client(), personas.other_school_staff)
    rubric_url = reverse("networks:area-rubric", args=[shared.public_id])
    assert other.get(rubric_url).status_code == 404
    response = leader.post(
        reverse("networks:area-school-add", args=[area.public_id]), {"brin": "34CD"}
    )
    assert response.status_code == 302
    assert other.get(rubric_url).status_code == 200
    response = other.post(
        reverse("networks:area-rubric-copy", args=[shared.public_id]),
        {"school": personas.other_school.pk},
    )
    assert response.status_code == 302
    copy = Rubric.objects.get(school=personas.other_school)
    assert copy.title == "Theater maken"
    assert copy.criteria.count() == rubric.criteria.count()
    # Another school's rubric cannot be copied into a school one does not work at.
    response = other.post(
        reverse("networks:area-rubric-copy", args=[shared.public_id]),
        {"school": personas.school.pk},
    )
    assert Rubric.objects.filter(school=personas.school, title="Theater maken").count() == 1


def test_a_school_cannot_share_another_schools_rubric(personas: Personas):
    area = services.area_create(
        name="Bibliotheek",
        theme="school_library",
        description="",
        school=personas.school,
        created_by=personas.leader,
    )
    foreign = make_rubric(personas.other_school, personas.other_school_staff, title="Lezen")
    response = login(Client(), personas.leader).post(
        reverse("networks:area-rubric-share", args=[area.public_id]), {"rubric": foreign.pk}
    )
    assert response.status_code == 400
    assert not AreaRubric.objects.exists()


def test_material_in_a_learning_area_is_for_its_schools(personas: Personas):
    area = services.area_create(
        name="Groen",
        theme="sustainability",
        description="",
        school=personas.school,
        created_by=personas.leader,
    )
    material_row = services.area_material_add(
        area=area, author=personas.leader, values=material("Moestuin"), upload=pdf_upload()
    )
    url = reverse("networks:area-material-file", args=[material_row.public_id])
    assert login(Client(), personas.mentor).get(url).status_code == 200
    assert login(Client(), personas.other_school_staff).get(url).status_code == 404
    assert login(Client(), personas.student).get(url).status_code == 404
