"""The Plusdocument in a real browser, in Dutch: curate, validate, issue, verify.

Sanne starts her Plusdocument, writes a line of her own, chooses which lines
appear and in what order, and adds a text in her own words. Her mentor
validates her hockey line. The school leader issues the Plusdocuments of her
whole group at once and downloads the ZIP. Anyone can then check the
document's credential on the public verification page. Page 1 of the PDF is
rendered to an image as an artefact.
"""

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import Personas
from leerweg.credentials.models import Backing, Plusdocument, PlusdocumentBatch
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_learning_loop import log_in_dutch

pytestmark = pytest.mark.browser

OWN_TEXT = "Ik ben nieuwsgierig en help graag anderen."
OWN_LINE = "Ik kan goed luisteren"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _poppler(tool: str, *arguments: str) -> str:
    executable = shutil.which(tool)
    assert executable is not None, f"{tool} is missing: run scripts/ensure-poppler"
    done = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        [executable, *arguments], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_student_curates_mentor_validates_leader_issues_anyone_verifies(
    new_visitor, browser_personas, tmp_path
):
    personas: Personas = browser_personas

    # Sanne starts her Plusdocument for this school year.
    student = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(student, "sanne")
    student.goto(reverse("credentials:document-home"))
    assert student.heading() == "Mijn Plusdocument"
    student.check()
    student.submit("Start")
    document = Plusdocument.objects.get(student=personas.student_record)
    assert student.page.url.endswith(
        reverse("credentials:document-detail", args=[document.public_id])
    )

    # She writes a line of her own, then hides it, puts hockey first and writes her text.
    add = student.page.locator("form[action$='/regels/']")
    add.get_by_label("Onderdeel").select_option("personal_formation")
    add.locator("[name=text]").fill(OWN_LINE)
    student.submit("Regel toevoegen")
    lines = {line.text: line for line in document.lines.all()}
    assert set(lines) == {"Hockeytraining", "Presentatie over bijen", OWN_LINE}
    page = student.page
    page.locator("#id_own_text").fill(OWN_TEXT)
    for place, text in enumerate(["Hockeytraining", "Presentatie over bijen", OWN_LINE], 1):
        item = page.locator("li.pd-line").filter(has_text=text)
        item.locator(f"input[name=position_{lines[text].pk}]").fill(str(place))
    page.locator("li.pd-line").filter(has_text=OWN_LINE).get_by_role("checkbox").uncheck()
    student.submit("Mijn keuzes opslaan")
    assert "Je keuzes zijn opgeslagen." in page.content()
    student.check()
    student.screenshot("plusdocument-student-curates")
    shown = [line.text for line in document.lines.order_by("position") if line.shown]
    assert shown == ["Hockeytraining", "Presentatie over bijen"]
    assert Plusdocument.objects.get(pk=document.pk).own_text == OWN_TEXT

    # Her mentor validates the hockey line; her own line has nothing behind it.
    mentor = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(mentor, "mentor")
    mentor.goto(reverse("credentials:document-detail", args=[document.public_id]))
    mentor.check()
    own = mentor.page.locator("li.pd-line").filter(has_text=OWN_LINE)
    assert own.get_by_role("button", name="Valideren").count() == 0
    hockey = mentor.page.locator("li.pd-line").filter(has_text="Hockeytraining")
    with mentor.page.expect_navigation():
        hockey.get_by_role("button", name="Valideren").click()
    assert "De regel is gevalideerd." in mentor.page.content()
    assert "Ahmed El Amrani" in hockey.inner_text()
    mentor.check()
    mentor.screenshot("plusdocument-mentor-validates")
    assert document.lines.get(text="Hockeytraining").backing == Backing.SCHOOL

    # The school leader issues the Plusdocuments of the whole group 4H1 at once.
    leader = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(leader, "leider")
    leader.goto(reverse("credentials:document-home"))
    with leader.page.expect_navigation():
        leader.page.get_by_role("link", name="Uitgeven voor een hele groep").click()
    assert leader.heading() == "Uitgeven voor een hele groep"
    leader.check()
    leader.page.get_by_label("Eindexamengroep").select_option(label="4H1")
    leader.page.get_by_label("Taal van de pdf's").select_option("nl")
    leader.submit("Plusdocumenten uitgeven")
    assert leader.heading() == "Plusdocumenten van 4H1"
    download_link = leader.page.get_by_role("link", name="Download het zip-bestand")
    download_link.wait_for()
    text = leader.main_text()
    assert "2 van 2 leerlingen verwerkt. Uitgegeven Plusdocumenten: 1." in text
    assert "Mila Jansen" in text and "Er is geen concept-Plusdocument om uit te geven." in text
    leader.check()
    leader.screenshot("plusdocument-batch-done")
    assert PlusdocumentBatch.objects.get().state == "done"
    with leader.page.expect_download() as info:
        download_link.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    names = sorted(archive.namelist())
    assert [name.rsplit("/", 1)[-1] for name in names] == [
        "credential-plusdocument.json",
        "credential-regel-01.json",
        "plusdocument-v1.pdf",
    ]
    document.refresh_from_db()
    assert document.is_issued and document.credential is not None

    # Anyone checks the document's credential on the public page its QR code opens.
    anyone = new_visitor(language="nl", locale="nl-NL")
    anyone.goto(reverse("credentials:verify-document", args=[document.credential.public_id]))
    anyone.check()
    result = anyone.main_text()
    assert "Geldig" in result and "Niet geldig" not in result
    assert "Het Baken" in result and "Sanne V." in result
    anyone.screenshot("plusdocument-verification")

    # Page 1 of the PDF from the ZIP, as an image; its text holds the lines and validation.
    pdf_path = tmp_path / "plusdocument.pdf"
    pdf_path.write_bytes(archive.read(next(name for name in names if name.endswith(".pdf"))))
    words = _poppler("pdftotext", "-layout", str(pdf_path), "-")
    assert "Hockeytraining" in words and "Presentatie over bijen" in words
    assert OWN_LINE not in words and "Ahmed El Amrani" in words
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "plusdocument-pdf"
    _poppler(
        "pdftoppm",
        "-png",
        "-r",
        "100",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        str(pdf_path),
        str(target),
    )
    assert target.with_suffix(".png").stat().st_size > 10_000

    # The issued document, in English for Sanne on her phone.
    english = new_visitor(language="en", phone=True, viewport={"width": 390, "height": 844})
    english.log_in("sanne")
    english.goto(reverse("credentials:document-detail", args=[document.public_id]))
    english.check()
    english.assert_no_horizontal_scroll()
    text = english.main_text()
    assert "Personal formation" in text and "Hockeytraining" in text
    english.screenshot("plusdocument-student-english-phone")
