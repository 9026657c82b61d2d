import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas, login
from leerweg.audit.models import AuditEvent
from leerweg.consent.models import ConsentGrant, LinkCode, PartnerLink, Purpose, RedemptionFailure
from leerweg.consent.services import MAX_FAILED_REDEMPTIONS
from leerweg.consent.tests.conftest import born_years_ago
from leerweg.consent.tests.factories import make_link
from leerweg.partners.models import PartnerOrganisation

pytestmark = pytest.mark.django_db

CODE_ON_PAGE = re.compile(r"<code>([0-9A-Z]{4}-[0-9A-Z]{4})</code>")


def page(student) -> str:
    return reverse("consent:student", args=[student.public_id])


def url(name: str, student) -> str:
    return reverse(f"consent:{name}", args=[student.public_id])


def music_school(personas: Personas) -> PartnerOrganisation:
    return personas.partner_without_consent.partner_memberships.get().organisation


def make_code_as(client, student, partner: PartnerOrganisation, purposes=("record",)) -> str:
    response = client.post(
        url("code-create", student), {"partner": str(partner.public_id), "purposes": purposes}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    match = CODE_ON_PAGE.search(response.content.decode())
    assert match is not None
    return match.group(1)


def test_sanne_sees_her_link_consents_and_history(client, personas: Personas):
    login(client, personas.student)
    response = client.get(page(personas.student_record))
    assert response.status_code == 200
    html = response.content.decode()
    assert "VV De Toekomst" in html
    assert response.context["decides"]
    [row] = response.context["links"]
    assert row.consents == [(Purpose.RECORD, True), (Purpose.VIEW, True)]
    assert len(response.context["history"]) == 3  # linked, two consents
    assert reverse("consent:code-create", args=[personas.student_record.public_id]) in html


def test_the_index_sends_everyone_to_the_right_page(client, personas: Personas):
    login(client, personas.student)
    assert client.get(reverse("consent:index"))["Location"] == page(personas.student_record)
    client.logout()
    login(client, personas.young_guardian)
    assert client.get(reverse("consent:index"))["Location"] == page(personas.young_student_record)


def test_a_student_under_16_reads_but_cannot_change(client, personas: Personas):
    login(client, personas.young_student)
    mila = personas.young_student_record
    response = client.get(page(mila))
    assert response.status_code == 200
    assert not response.context["decides"]
    assert "code_form" not in response.context
    assert "parent or carer decides" in response.content.decode()
    refused = client.post(
        url("code-create", mila), {"partner": str(music_school(personas).public_id)}
    )
    assert refused.status_code == 403
    assert not LinkCode.objects.exists()


def test_the_guardian_of_a_student_of_16_sees_only_who_decides(client, personas: Personas):
    login(client, personas.guardian)
    sanne = personas.student_record
    response = client.get(page(sanne))
    assert response.status_code == 200
    assert "VV De Toekomst" not in response.content.decode()
    assert "links" not in response.context
    withdraw = client.post(
        url("grant-withdraw", sanne),
        {"partner": str(personas.partner_organisation.public_id), "purpose": "record"},
    )
    assert withdraw.status_code == 403
    assert ConsentGrant.objects.filter(withdrawn_at=None).count() == 2


def test_others_get_nothing(client, personas: Personas):
    mila = personas.young_student_record
    for user, status in [
        (personas.guardian, 404),  # a guardian, but of another child
        (personas.other_student, 404),
        (personas.mentor, 403),
        (personas.other_school_staff, 403),
        (personas.partner_with_consent, 403),
    ]:
        client.logout()
        login(client, user)
        assert client.get(page(mila)).status_code == status, user
        posted = client.post(
            url("code-create", mila), {"partner": str(music_school(personas).public_id)}
        )
        assert posted.status_code == status, user
    assert not LinkCode.objects.exists()


def test_a_guardian_links_a_partner_and_the_partner_redeems_the_code(client, personas: Personas):
    mila = personas.young_student_record
    klank = music_school(personas)
    login(client, personas.young_guardian)
    code = make_code_as(client, mila, klank, purposes=["record", "view"])
    assert code not in client.get(page(mila)).content.decode()  # shown once

    client.logout()
    login(client, personas.partner_without_consent)
    response = client.post(
        reverse("consent:partner-redeem"), {"code": code.lower(), "label": "Mila J. (lid 301)"}
    )
    assert response.status_code == 302
    portal = client.get(reverse("consent:partner-links"))
    html = portal.content.decode()
    link = PartnerLink.objects.get(partner=klank)
    assert "Mila J. (lid 301)" in html and link.pseudonym in html
    assert "/partner/" in html
    # Nothing else about the student: not the name Leerweg knows, nor the school or ids.
    for secret in ("Jansen", "Het Baken", str(mila.public_id)):
        assert secret not in html
    assert AuditEvent.objects.filter(what="consent.partner.links", actor_role="partner").exists()

    client.logout()
    login(client, personas.young_guardian)
    history = client.get(page(mila)).context["history"]
    assert [entry.event for entry in history] == ["given", "given", "linked"]
    assert all(entry.by == personas.young_guardian for entry in history[:2])


def test_each_partner_sees_only_its_own_links(client, personas: Personas):
    login(client, personas.partner_without_consent)
    response = client.get(reverse("consent:partner-links"))
    assert response.context["links"] == []
    client.logout()
    login(client, personas.partner_with_consent)
    [link] = client.get(reverse("consent:partner-links")).context["links"]
    assert link.student_id == personas.student_record.pk and link.may_record and link.may_view


def test_a_link_without_record_consent_is_shown_as_such(client, personas: Personas):
    login(client, personas.student)
    sanne = personas.student_record
    partner = str(personas.partner_organisation.public_id)
    response = client.post(url("grant-withdraw", sanne), {"partner": partner, "purpose": "record"})
    assert response.status_code == 302
    client.logout()
    login(client, personas.partner_with_consent)
    html = client.get(reverse("consent:partner-links")).content.decode()
    assert "No consent: do not record" in html


def test_bad_redemption_input_gives_a_clear_message_and_stores_nothing(client, personas: Personas):
    login(client, personas.partner_without_consent)
    redeem_url = reverse("consent:partner-redeem")
    malformed = client.post(redeem_url, {"code": "12", "label": "x"})
    assert malformed.status_code == 400
    assert "8 letters and digits" in malformed.content.decode()
    no_label = client.post(redeem_url, {"code": "KDF4-7QPX", "label": "   "})
    assert no_label.status_code == 400 and "label" in no_label.context["form"].errors
    unknown = client.post(redeem_url, {"code": "KDF4-7QPX", "label": "x"})
    assert unknown.status_code == 400
    assert "not known" in unknown.content.decode()
    assert not PartnerLink.objects.filter(partner=music_school(personas)).exists()


def test_too_many_wrong_codes_stop_the_partner_user_for_a_while(client, personas: Personas):
    login(client, personas.partner_without_consent)
    for _ in range(MAX_FAILED_REDEMPTIONS):
        client.post(reverse("consent:partner-redeem"), {"code": "AAAA-AAAA", "label": "x"})
    response = client.post(reverse("consent:partner-redeem"), {"code": "AAAA-AAAA", "label": "x"})
    assert response.status_code == 400
    assert "Too many codes" in response.content.decode()
    assert RedemptionFailure.objects.count() == MAX_FAILED_REDEMPTIONS


def test_bad_consent_input_changes_nothing(client, personas: Personas):
    login(client, personas.student)
    sanne = personas.student_record
    partner = str(personas.partner_organisation.public_id)
    for data in (
        {"partner": partner, "purpose": "sell"},
        {"partner": "not-a-uuid", "purpose": "record"},
        {"purpose": "record"},
    ):
        response = client.post(url("grant-withdraw", sanne), data)
        assert response.status_code == 302
    assert ConsentGrant.objects.filter(withdrawn_at=None).count() == 2
    no_partner = client.post(url("code-create", sanne), {"purposes": ["record"]})
    assert no_partner.status_code == 400
    assert "Choose an organisation" in no_partner.content.decode()
    bad_purpose = client.post(
        url("code-create", sanne),
        {"partner": str(music_school(personas).public_id), "purposes": ["sell"]},
    )
    assert bad_purpose.status_code == 400
    linked = client.post(url("code-create", sanne), {"partner": partner})
    assert linked.status_code == 400 and "already linked" in linked.content.decode()
    assert not LinkCode.objects.exists()
    assert client.post(url("code-cancel", sanne), {"code": "nope"}).status_code == 302
    assert client.post(url("link-end", sanne), {"partner": "nope"}).status_code == 302
    assert PartnerLink.objects.filter(ended_at=None).count() == 1


def test_a_code_can_be_cancelled_and_a_link_ended_from_the_page(client, personas: Personas):
    login(client, personas.student)
    sanne = personas.student_record
    make_code_as(client, sanne, music_school(personas))
    code = LinkCode.objects.get()
    assert client.get(page(sanne)).context["open_codes"] == [code]
    client.post(url("code-cancel", sanne), {"code": str(code.public_id)})
    assert client.get(page(sanne)).context["open_codes"] == []
    partner = str(personas.partner_organisation.public_id)
    response = client.post(url("link-end", sanne), {"partner": partner}, follow=True)
    assert "has ended" in response.content.decode()
    assert response.context["links"] == []
    assert not ConsentGrant.objects.filter(withdrawn_at=None).exists()


def test_a_new_16_year_old_is_told_guardian_consent_still_applies(client, personas: Personas):
    mila = personas.young_student_record
    klank = music_school(personas)
    login(client, personas.young_guardian)
    code = make_code_as(client, mila, klank)
    client.logout()
    login(client, personas.partner_without_consent)
    client.post(reverse("consent:partner-redeem"), {"code": code, "label": "M"})
    mila.date_of_birth = born_years_ago(16)
    mila.save()
    client.logout()
    login(client, personas.young_student)
    response = client.get(page(mila))
    assert response.context["decides"] and response.context["guardian_consent_in_force"]
    assert "stays valid until you change it" in response.content.decode()


def test_the_partner_list_takes_as_many_queries_for_many_links_as_for_one(
    client, personas: Personas
):
    login(client, personas.partner_with_consent)
    client.get(reverse("consent:partner-links"))  # warm up the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("consent:partner-links"))
    for other in (personas.young_student_record, personas.other_student_record):
        make_link(other, personas.partner_organisation, by=other.user)
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("consent:partner-links"))
    assert len(response.context["links"]) == 3
    assert len(three) == len(one)
