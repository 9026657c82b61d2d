"""A learning network in a real browser, in Dutch.

A facilitator without any school role, who already runs one network, starts
"Brede vorming" with five meetings, adds two member schools by BRIN code and
the e-mail address of their school leader, and fixes the date of the joint
start. Het Baken's school leader adds a good practice with a PDF and posts a
message about it; the school leader of De Overkant replies. Someone outside
the network cannot open the post. The network page also works on a phone.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.networks.models import Meeting, Network, Post, Practice
from leerweg.networks.tests.factories import PDF, make_facilitator, make_network
from tests.browser.conftest import PHONE
from tests.browser.test_learning_loop import log_in_dutch

pytestmark = pytest.mark.browser

REPLY = "Mooi! Wij willen dit ook proberen; mogen we een keer komen kijken?"


def test_a_facilitator_sets_up_a_network_and_members_share_in_dutch(
    new_visitor, browser_personas, tmp_path, settings
):
    personas: Personas = browser_personas
    settings.MEDIA_ROOT = tmp_path / "media"
    facilitator_user = make_facilitator()
    make_network(facilitator_user, name="Gelijke kansen", meetings=0)
    for user, email in (
        (personas.leader, "leider@hetbaken.nl"),
        (personas.other_school_staff, "leider@deoverkant.nl"),
    ):
        user.email = email
        user.save()

    # The facilitator starts the network with five meetings.
    facilitator = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(facilitator, "procesbegeleider")
    facilitator.visit(reverse("networks:network-list"), heading="Leernetwerken")
    facilitator.goto(reverse("networks:network-create"))
    facilitator.check()
    facilitator.page.get_by_label("Naam").fill("Brede vorming")
    facilitator.page.get_by_label("Thema").select_option(label="Brede vorming")
    facilitator.page.get_by_label("Beschrijving").fill("Scholen leren van elkaar.")
    facilitator.page.get_by_label("Aantal bijeenkomsten").fill("5")
    facilitator.submit("Netwerk starten")
    assert facilitator.heading() == "Brede vorming"
    network = Network.objects.get(name="Brede vorming")
    assert network.meetings.count() == 5

    # … adds the two member schools …
    for brin, email in (("12AB", "leider@hetbaken.nl"), ("34CD", "leider@deoverkant.nl")):
        facilitator.goto(reverse("networks:member-school-add", args=[network.public_id]))
        facilitator.check()
        facilitator.page.get_by_label("BRIN-code van de school").fill(brin)
        facilitator.page.get_by_label("E-mailadres van de schoolleider").fill(email)
        facilitator.submit("School toevoegen")
    assert network.schools.count() == 2

    # … and fixes the date and place of the joint start.
    start = Meeting.objects.get(network=network, number=1)
    facilitator.goto(reverse("networks:meeting-edit", args=[start.public_id]))
    facilitator.check()
    day = timezone.localdate() + timedelta(days=14)
    facilitator.page.locator("#id_date").fill(day.isoformat())
    facilitator.page.locator("#id_start_time").fill("14:00")
    facilitator.page.locator("#id_end_time").fill("17:00")
    facilitator.page.locator("#id_host").select_option(label="Het Baken")
    facilitator.page.locator("#id_agenda").fill("Kennismaken en leervragen delen")
    facilitator.submit("Opslaan")
    facilitator.check()
    assert "vastgelegd door Ingrid Hoekstra" in facilitator.main_text()
    facilitator.goto(reverse("networks:network-detail", args=[network.public_id]))
    facilitator.check()
    text = facilitator.main_text()
    assert "Gezamenlijke start" in text and "Bijeenkomst 5" in text and "Het Baken" in text
    facilitator.screenshot("networks-network-page")

    # Het Baken's school leader adds a practice with a PDF and posts about it.
    leader = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(leader, "leider")
    leader.page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Leernetwerken"
    ).click()
    leader.page.get_by_role("link", name="Brede vorming").click()
    leader.check()
    leader.goto(reverse("networks:practice-add", args=[network.public_id]))
    leader.check()
    leader.page.get_by_label("Titel").fill("Talentmiddag met de buurt")
    leader.page.get_by_label("Beschrijving").fill("Leerlingen kiezen elke vrijdag een workshop.")
    leader.page.get_by_label("Sector").select_option(label="Voortgezet onderwijs")
    leader.page.get_by_label("Bestand").set_input_files(
        files=[{"name": "talentmiddag.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    leader.submit("Aan de bibliotheek toevoegen")
    assert leader.heading() == "Talentmiddag met de buurt"
    leader.check()
    leader.screenshot("networks-practice")
    practice = Practice.objects.get(network=network)
    leader.goto(reverse("networks:post-list", args=[network.public_id]))
    leader.page.get_by_label("Titel").fill("Nieuw in de bibliotheek: de talentmiddag")
    leader.page.get_by_label("Tekst").fill("Zie de praktijkbibliotheek. Vragen zijn welkom!")
    leader.submit("Delen")
    leader.check()
    post = Post.objects.get(network=network)

    # The school leader of De Overkant replies.
    other = new_visitor(language="nl", locale="nl-NL", viewport=PHONE, phone=True)
    log_in_dutch(other, "leider.elders")
    other.goto(reverse("networks:network-detail", args=[network.public_id]))
    other.check()
    other.assert_no_horizontal_scroll()
    other.page.get_by_role("link", name="Nieuw in de bibliotheek: de talentmiddag").click()
    other.page.get_by_label("Je reactie").fill(REPLY)
    other.submit("Reageren")
    other.check()
    other.assert_no_horizontal_scroll()
    assert REPLY in other.main_text()
    other.screenshot("networks-post-with-reply-phone")
    assert post.replies.get().author == personas.other_school_staff
    other.goto(reverse("networks:practice-detail", args=[practice.public_id]))
    other.check()
    assert "Download het bestand" in other.main_text()

    # Someone outside the network gets "not found".
    outsider = new_visitor(language="nl", locale="nl-NL")
    log_in_dutch(outsider, "mentor")
    outsider.goto(reverse("networks:post-detail", args=[post.public_id]), status=404)
