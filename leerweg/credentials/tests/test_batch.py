import io
import json
import zipfile

import pytest
from django.urls import reverse

from conftest import Personas, login
from leerweg.accounts.tests.factories import UserFactory
from leerweg.audit.models import AuditEvent
from leerweg.credentials.documents import services
from leerweg.credentials.documents.batch import batch_execute
from leerweg.credentials.models import BatchState, Plusdocument, PlusdocumentBatch
from leerweg.credentials.tests.documents_factories import draft_document_for
from leerweg.credentials.trust.selectors import credential_verify
from leerweg.schools.models import Group, SchoolYear
from leerweg.schools.tests.factories import StudentFactory, add_to_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    return settings.MEDIA_ROOT


def _cohort(personas: Personas) -> Plusdocument:
    """4H1: Sanne has a draft with a validated line, Mila has none, Bram hides every line."""
    document = draft_document_for(personas.student_record)
    hockey = document.lines.get(text="Hockeytraining")
    services.line_validate(line=hockey, validated_by=personas.mentor)
    bram = StudentFactory.create(
        user=UserFactory.create(first_name="Bram", last_name="Aalders"), school=personas.school
    )
    add_to_group(bram, personas.group)
    hidden = services.line_add(
        document=draft_document_for(bram),
        section="socialisation",
        text="Lid van de leerlingenraad",
        added_by=personas.mentor,
        by_staff=True,
    )
    services.document_curate(document=hidden.document, shown=[], order=[], own_text="")
    return document


def _start(client, personas: Personas, django_capture_on_commit_callbacks) -> PlusdocumentBatch:
    login(client, personas.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("credentials:batch-start"), {"group": personas.group.pk, "language": "nl"}
        )
    batch = PlusdocumentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("credentials:batch-detail", args=[batch.public_id])
    return batch


def test_a_leader_issues_a_whole_group_and_downloads_one_zip(
    client, personas: Personas, django_capture_on_commit_callbacks
):
    document = _cohort(personas)
    batch = _start(client, personas, django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert (batch.state, batch.stage, batch.total, batch.done, batch.issued) == (
        BatchState.DONE,
        "done",
        3,
        3,
        1,
    )
    assert batch.progress == 100 and batch.finished_at is not None
    document.refresh_from_db()
    assert document.is_issued and document.issued_by == personas.leader
    assert {(item["name"], item["reason"]) for item in batch.skipped} == {
        ("Mila Jansen", "no_draft"),
        ("Bram Aalders", "no_lines"),
    }

    page = client.get(reverse("credentials:batch-detail", args=[batch.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "There is no draft Plusdocument to issue." in text
    assert "The draft has no line that is shown." in text
    assert reverse("credentials:batch-download", args=[batch.public_id]) in text

    response = client.get(reverse("credentials:batch-download", args=[batch.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    folder = f"sanne-de-vries-{str(personas.student_record.public_id)[:8]}"
    # The document's credential, and one per validated shown line: hockey (school)
    # and nothing else (the bees evidence is self-reported).
    assert names == [
        f"{folder}/credential-plusdocument.json",
        f"{folder}/credential-regel-01.json",
        f"{folder}/plusdocument-v1.pdf",
    ]
    assert archive.read(f"{folder}/plusdocument-v1.pdf").startswith(b"%PDF-")
    whole = archive.read(f"{folder}/credential-plusdocument.json")
    assert credential_verify(whole).valid
    assert json.loads(whole)["credentialSubject"]["achievement"]["name"].startswith("Plusdocument")
    line = json.loads(archive.read(f"{folder}/credential-regel-01.json"))
    assert line["credentialSubject"]["achievement"]["name"] == "Hockeytraining"
    assert AuditEvent.objects.filter(what="plusdocument.batch", action="view").count() == 3
    assert AuditEvent.objects.filter(what="plusdocument.batch", action="change").count() == 3


def test_the_progress_fragment_polls_while_running_and_reloads_when_done(
    client, personas: Personas
):
    batch = PlusdocumentBatch.objects.create(
        school=personas.school,
        group=personas.group,
        group_name="4H1",
        started_by=personas.leader,
        state=BatchState.RUNNING,
        stage="issuing",
        total=4,
        done=1,
    )
    login(client, personas.leader)
    url = reverse("credentials:batch-progress", args=[batch.public_id])
    response = client.get(url, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert 'hx-trigger="every 1s"' in text and 'value="25"' in text
    assert "HX-Refresh" not in response
    PlusdocumentBatch.objects.filter(pk=batch.pk).update(state=BatchState.DONE, done=4)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


def test_only_leaders_of_the_school_reach_a_batch(
    client, personas: Personas, django_capture_on_commit_callbacks
):
    _cohort(personas)
    batch = _start(client, personas, django_capture_on_commit_callbacks)
    urls = [
        reverse(name, args=[batch.public_id])
        for name in ("credentials:batch-detail", "credentials:batch-download")
    ]
    for url in urls:
        assert login(client, personas.leader).get(url).status_code == 200
        assert login(client, personas.mentor).get(url).status_code == 403
        assert login(client, personas.school_admin).get(url).status_code == 403
        assert login(client, personas.student).get(url).status_code == 403
        assert login(client, personas.other_school_staff).get(url).status_code == 404
    assert login(client, personas.mentor).get(reverse("credentials:batch-list")).status_code == 403
    home = login(client, personas.leader).get(reverse("credentials:document-home"))
    assert reverse("credentials:batch-list") in home.content.decode()
    home = login(client, personas.mentor).get(reverse("credentials:document-home"))
    assert reverse("credentials:batch-list") not in home.content.decode()


def test_bad_input_starts_nothing(client, personas: Personas, django_capture_on_commit_callbacks):
    login(client, personas.leader)
    url = reverse("credentials:batch-start")
    other_year = SchoolYear.objects.get(school=personas.other_school)
    other = Group.objects.create(
        school=personas.other_school, school_year=other_year, name="6V1", year_level=6
    )
    assert client.post(url, {"group": other.pk, "language": "nl"}).status_code == 404
    assert client.post(url, {"group": "", "language": "nl"}).status_code == 400
    assert client.post(url, {"group": "x", "language": "nl"}).status_code == 400
    assert client.post(url, {"group": personas.group.pk, "language": "de"}).status_code == 400
    assert not PlusdocumentBatch.objects.exists()

    # While a batch for the group runs, a second one is refused with a message.
    PlusdocumentBatch.objects.create(
        school=personas.school,
        group=personas.group,
        group_name="4H1",
        started_by=personas.leader,
        state=BatchState.RUNNING,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"group": personas.group.pk, "language": "nl"})
    assert response.status_code == 400
    assert "already being issued" in response.content.decode()
    assert PlusdocumentBatch.objects.count() == 1


def test_a_batch_without_its_leader_fails_and_runs_once(personas: Personas):
    draft_document_for(personas.student_record)
    batch = PlusdocumentBatch.objects.create(
        school=personas.school, group=personas.group, group_name="4H1", started_by=None
    )
    assert batch_execute(batch_id=batch.pk) == BatchState.FAILED
    batch.refresh_from_db()
    assert batch.state == BatchState.FAILED and batch.error and not batch.archive
    assert not Plusdocument.objects.filter(state="issued").exists()
    # Picked up a second time, it is left alone.
    assert batch_execute(batch_id=batch.pk) == BatchState.FAILED
