"""Out-of-school learning in a real browser, in Dutch: consent, a link code, xAPI, the portrait.

Mila is 14, so her father decides. He gives VV De Toekomst consent to record
her activities and to see them, and makes a link code. The club's member
administrator redeems the code under the club's own member number, makes an
xAPI key, and its system records a tournament through the LRS. The tournament
appears on Mila's portrait. A music school that Mila never linked is refused
when it tries to record about her.
"""

import base64
import json
import urllib.error
import urllib.request
import uuid

import pytest
from django.urls import reverse

from conftest import Personas
from leerweg.consent.models import PartnerLink
from leerweg.consent.selectors import xapi_account_home_page
from tests.browser.test_learning_loop import log_in_dutch

pytestmark = pytest.mark.browser

TOURNAMENT = "Zaalvoetbaltoernooi regio Utrecht"


def _post_statement(base_url: str, key: str, secret: str, statement: dict) -> tuple[int, dict]:
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        f"{base_url}/xapi/statements",
        data=json.dumps(statement).encode(),
        method="POST",
        headers={
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": "2.0.0",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _tournament_about(pseudonym: str) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"account": {"homePage": xapi_account_home_page(), "name": pseudonym}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"nl": "speelde"}},
        "object": {
            "id": "https://vvdetoekomst.example/toernooien/2026-zaal",
            "definition": {
                "name": {"nl": TOURNAMENT, "en": "Indoor football tournament"},
                "type": "http://adlnet.gov/expapi/activities/performance",
            },
        },
        "timestamp": "2026-11-14T10:00:00+01:00",
    }


def _make_key(visitor, name: str) -> tuple[str, str]:
    visitor.goto(reverse("lrs_pages:credential-create"))
    visitor.check()
    visitor.page.locator("#id_label").fill(name)
    with visitor.page.expect_navigation():
        visitor.page.locator("main form button[type=submit]").click()
    values = visitor.page.locator("code.credential-value").all_inner_texts()
    _endpoint, key, secret = values[:3]
    return key, secret


def test_guardian_consents_partner_records_it_shows_and_a_stranger_is_refused(
    new_visitor, browser_personas, live_server
):
    personas: Personas = browser_personas
    mila = personas.young_student_record
    club = personas.partner_organisation

    # Mila's father makes a link code for the club, consenting to both purposes.
    father = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(father, "ouder.jansen")
    father.goto(reverse("consent:student", args=[mila.public_id]))
    father.check()
    page = father.page
    page.locator("#id_partner").select_option(label=club.name)
    for box in page.locator("input[name=purposes]").all():
        box.check()
    with page.expect_navigation():
        page.locator("form[action$='/koppelcode/'] button[type=submit]").click()
    code = page.locator("p.stat code").inner_text()
    assert len(code.replace("-", "")) == 8
    father.check()
    father.screenshot("consent-guardian-link-code")

    # The club redeems it under its own member number; Leerweg names no student.
    club_user = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(club_user, "partner.toekomst")
    club_user.goto(reverse("consent:partner-links"))
    club_user.page.locator("#id_code").fill(code.lower())
    club_user.page.locator("#id_label").fill("Lid 2231")
    with club_user.page.expect_navigation():
        club_user.page.locator("form[action$='/koppelen/'] button[type=submit]").click()
    link = PartnerLink.objects.get(student=mila, partner=club)
    main = club_user.main_text()
    assert "Lid 2231" in main and link.pseudonym in main
    assert "Mila" not in main and "Jansen" not in main
    club_user.check()
    club_user.screenshot("consent-partner-linked-students")

    # Its system gets an xAPI key and records the tournament.
    key, secret = _make_key(club_user, "Ledenadministratie")
    club_user.check()
    club_user.screenshot("xapi-key-secret")
    status, ids = _post_statement(live_server.url, key, secret, _tournament_about(link.pseudonym))
    assert status == 200 and len(ids) == 1

    # The tournament is on Mila's portrait, recorded by the club.
    student = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(student, "mila")
    student.goto(reverse("insight:portrait", args=[mila.public_id]))
    assert TOURNAMENT in student.main_text()
    student.check()
    student.screenshot("portrait-partner-activity")
    student.goto(reverse("activities:timeline", args=[mila.public_id]))
    assert club.name in student.main_text()
    student.check()
    student.screenshot("timeline-partner-activity")

    # A music school without a link or consent is refused, and nothing is stored.
    music = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(music, "partner.muziek")
    other_key, other_secret = _make_key(music, "Lesrooster")
    refused, body = _post_statement(
        live_server.url, other_key, other_secret, _tournament_about(link.pseudonym)
    )
    assert refused == 403
    assert "consent" in body["message"]
