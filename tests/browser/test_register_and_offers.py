"""The initiative register and partner offers in a real browser, in Dutch.

An anonymous visitor registers an initiative with two obstacles and confirms
it through the e-mailed link; a moderator publishes it and it appears in the
obstacle overview. A partner posts an offer and Sanne, who likes sport, finds
it among her offers and says she is interested.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.accounts.tests.factories import UserFactory
from leerweg.directory.models import OfferInterest
from leerweg.initiatives.models import Initiative, InitiativeStatus
from leerweg.profiles.models import Interest
from tests.browser.conftest import PHONE
from tests.browser.test_learning_loop import log_in_dutch

pytestmark = pytest.mark.browser

FIRST = "Het PTA laat geen ruimte voor een eigen tempo per leerling."
SECOND = "Wat leerlingen in de ateliers leren, telt niet mee voor het diploma."


def test_register_moderate_and_see_the_obstacles_in_dutch(new_visitor, browser_personas, settings):
    settings.LEERWEG_REGISTER_MIN_SECONDS = 0
    visitor = new_visitor(language="nl", locale="nl-NL")
    visitor.visit(reverse("initiatives:register"), heading="Initiatief aanmelden")
    page = visitor.page
    page.get_by_label("Naam van de school of organisatie").fill("Lyceum De Brug")
    page.locator("#id_organisation_kind").select_option("school")
    page.locator("#id_sector").select_option("VO")
    page.locator("#id_region").select_option("UT")
    page.locator("#id_title").fill("Leerateliers <b>bovenbouw</b>")
    page.locator("#id_description").fill(
        "Drie dagdelen per week werken leerlingen aan eigen doelen."
    )
    page.get_by_label("Loopt sinds").fill("2023-08-21")
    page.locator("#id_obstacles-0-category").select_option("examining")
    page.locator("#id_obstacles-0-description").fill(FIRST)
    page.locator("#id_obstacles-1-category").select_option("diplomas")
    page.locator("#id_obstacles-1-description").fill(SECOND)
    page.get_by_label("Je naam").fill("Anouk Bos")
    page.get_by_label("Je e-mailadres").fill("anouk@example.org")
    visitor.screenshot("register-form-dutch")
    visitor.submit("Versturen")
    assert visitor.heading() == "Kijk in je e-mail"
    visitor.check()

    # The e-mailed link asks, and the button confirms.
    link = re.search(r"https?://[^/]+(/initiatieven/bevestigen/\S+/)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    visitor.visit(link.group(1), heading="Bevestig je aanmelding")
    visitor.submit("Bevestigen")
    assert "is bevestigd" in visitor.main_text()
    initiative = Initiative.objects.get()
    assert initiative.status == InitiativeStatus.PENDING

    # A moderator publishes it.
    moderator = UserFactory.create(username="moderator", first_name="Mo", last_name="Derator")
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_initiative"))
    desk = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(desk, "moderator")
    desk.visit(
        reverse("initiatives:moderation-list"), heading="Moderatie van het initiatievenregister"
    )
    desk.page.get_by_role("link", name="Leerateliers <b>bovenbouw</b>").click()
    desk.check()
    assert "anouk@example.org" in desk.main_text()
    desk.screenshot("register-moderation-dutch")
    desk.submit("Publiceren")
    desk.check()
    assert "gepubliceerd" in desk.main_text(), desk.main_text()
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.PUBLISHED

    # It appears in the obstacle overview, without contact details.
    visitor.visit(
        reverse("initiatives:obstacle-overview"), heading="Belemmeringen in het onderwijsstelsel"
    )
    text = visitor.main_text()
    assert FIRST in text and SECOND in text
    assert "anouk@example.org" not in text and "Anouk Bos" not in text
    visitor.screenshot("register-obstacle-overview-dutch")
    visitor.visit(
        reverse("initiatives:initiative-list"), heading="Initiatieven in gepersonaliseerd leren"
    )
    assert "Leerateliers <b>bovenbouw</b>" in visitor.main_text()
    visitor.visit(reverse("initiatives:region-overview"), heading="Initiatieven per regio")
    visitor.visit(
        reverse("initiatives:obstacle-report"), heading="Belemmeringen in het onderwijsstelsel"
    )

    phone = new_visitor(language="nl", locale="nl-NL", viewport=PHONE, phone=True)
    phone.visit(reverse("initiatives:register"), heading="Initiatief aanmelden")
    phone.assert_no_horizontal_scroll()
    phone.visit(
        reverse("initiatives:obstacle-overview"), heading="Belemmeringen in het onderwijsstelsel"
    )
    phone.screenshot("register-obstacles-phone")


def test_a_partner_posts_an_offer_and_a_student_sees_it_in_dutch(new_visitor, browser_personas):
    personas: Personas = browser_personas
    Interest.objects.create(student=personas.student_record, area="sport")
    day = (timezone.localdate() + timedelta(days=10)).isoformat()

    partner = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(partner, "partner.toekomst")
    partner.visit(reverse("directory:partner-offer-list"), heading="Ons aanbod")
    partner.visit(reverse("directory:offer-create"), heading="Aanbod plaatsen")
    page = partner.page
    page.locator("#id_title").fill("Voetbalclinic met de selectie")
    page.locator("#id_kind").select_option("clinic")
    page.locator("#id_description").fill("Een middag trainen met de eerste selectie.")
    page.get_by_label("Eerste dag").fill(day)
    page.get_by_label("Laatste dag").fill(day)
    page.get_by_label("Locatie").fill("Sportpark De Toekomst")
    page.get_by_label("Sport en bewegen").check()
    partner.screenshot("offer-form-dutch")
    partner.submit("Aanbod plaatsen")
    assert partner.heading() == "Ons aanbod"
    partner.check()

    student = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(student, "sanne")
    student.visit(reverse("directory:offers-for-me"), heading="Aanbod voor jou")
    assert "Voetbalclinic met de selectie" in student.main_text()
    student.screenshot("offers-for-you-dutch")
    student.page.get_by_role("link", name="Voetbalclinic met de selectie").click()
    student.check()
    student.submit("Ik heb interesse")
    student.check()
    assert OfferInterest.objects.filter(student=personas.student_record).exists()

    # The partner sees a count for the school, never a name.
    partner.visit(reverse("directory:partner-offer-list"), heading="Ons aanbod")
    assert "Het Baken: 1" in partner.main_text()
    assert "Sanne" not in partner.main_text()

    phone = new_visitor(language="nl", locale="nl-NL", viewport=PHONE, phone=True)
    log_in_dutch(phone, "sanne")
    phone.visit(reverse("directory:offers-for-me"), heading="Aanbod voor jou")
    phone.assert_no_horizontal_scroll()
    phone.visit(reverse("directory:entry-list"), heading="De regio als klaslokaal")
    phone.assert_no_horizontal_scroll()
