"""Offers: posting, matching to the student's interests, first look, interest and uptake."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.activities.models import Activity, Setting, Source
from leerweg.audit.models import AuditEvent
from leerweg.directory.models import Offer, OfferInterest
from leerweg.directory.selectors import offers_for_student
from leerweg.directory.tests.factories import make_offer
from leerweg.profiles.models import Interest

pytestmark = pytest.mark.django_db


def offer_data(**changes: object) -> dict[str, object]:
    today = timezone.localdate()
    data: dict[str, object] = {
        "title": "Voetbalclinic",
        "kind": "clinic",
        "description": "Trainen met de selectie.",
        "sector": "",
        "min_age": "12",
        "max_age": "18",
        "starts_on": (today + timedelta(days=7)).isoformat(),
        "ends_on": (today + timedelta(days=7)).isoformat(),
        "places": "",
        "location": "Sportpark",
        "tags": "voetbal",
        "areas": ["sport"],
    }
    data.update(changes)
    return data


def test_a_partner_posts_an_offer_and_bad_input_stores_nothing(personas: Personas):
    client = login(Client(), personas.partner_with_consent)
    url = reverse("directory:offer-create")
    today = timezone.localdate()
    bad = [
        offer_data(title=""),
        offer_data(areas=[]),
        offer_data(ends_on=(today - timedelta(days=30)).isoformat()),
        offer_data(min_age="16", max_age="12"),
        offer_data(places="-3"),
    ]
    for data in bad:
        assert client.post(url, data).status_code == 400, data
    assert not Offer.objects.exists()
    assert client.post(url, offer_data()).status_code == 302
    offer = Offer.objects.get()
    assert offer.partner == personas.partner_organisation
    assert list(offer.areas.values_list("area", flat=True)) == ["sport"]


def test_a_partner_edits_and_withdraws_only_their_own_offers(personas: Personas):
    offer = make_offer(personas.partner_organisation)
    url = reverse("directory:offer-edit", args=[offer.public_id])
    other = login(Client(), personas.partner_without_consent)
    assert other.get(url).status_code == 404
    assert other.post(url, {"action": "withdraw"}).status_code == 404
    own = login(Client(), personas.partner_with_consent)
    assert (
        own.post(url, offer_data(title="Hockeyclinic plus", areas=["sport", "caring"])).status_code
        == 302
    )
    offer.refresh_from_db()
    assert offer.title == "Hockeyclinic plus"
    assert set(offer.areas.values_list("area", flat=True)) == {"sport", "caring"}
    own.post(url, {"action": "withdraw"})
    offer.refresh_from_db()
    assert offer.withdrawn_at is not None


def test_a_student_sees_offers_matching_their_interests_first(personas: Personas):
    Interest.objects.create(student=personas.student_record, area="sport")
    Interest.objects.create(student=personas.student_record, tag="Koken")
    partner = personas.partner_organisation
    music = make_offer(partner, title="Bandweek", areas=("music",))
    sport = make_offer(partner, title="Hockeyclinic", areas=("sport",))
    cooking = make_offer(partner, title="Kookworkshop", areas=("caring",), tags="koken, eten")
    both = make_offer(partner, title="Sportief koken", areas=("sport",), tags="koken")
    response = login(Client(), personas.student).get(reverse("directory:offers-for-me"))
    assert response.status_code == 200
    offers = response.context["offers"]
    assert [m.offer for m in offers.matched] == [both, sport, cooking]
    assert [m.offer for m in offers.others] == [music]
    assert b"Hockeyclinic" in response.content


def test_the_audience_decides_who_sees_an_offer(personas: Personas):
    partner = personas.partner_organisation
    make_offer(partner, title="Voor basisscholen", sector="PO")
    make_offer(partner, title="Voor jongeren tot 14", max_age=14)
    make_offer(
        partner,
        title="Voorbij",
        starts_on=timezone.localdate() - timedelta(days=9),
        ends_on=timezone.localdate() - timedelta(days=2),
    )
    make_offer(partner, title="Ingetrokken", withdrawn_at=timezone.now())
    fits = make_offer(partner, title="Voor iedereen")
    offers = offers_for_student(personas.student_record, timezone.localdate())
    assert [m.offer for m in offers.matched + offers.others] == [fits]


def _busy(student, count: int) -> None:
    today = timezone.localdate()
    for number in range(count):
        Activity.objects.create(
            student=student,
            title=f"Club {number}",
            setting=Setting.OUT_OF_SCHOOL,
            started_on=today - timedelta(days=30),
            source=Source.STUDENT,
        )


def test_first_look_for_students_with_few_activities_out_of_school(personas: Personas):
    # Sanne has one out-of-school activity (hockey): first look. Daan gets three.
    _busy(personas.other_student_record, 3)
    for student in (personas.student_record, personas.other_student_record):
        Interest.objects.create(student=student, area="sport")
    partner = personas.partner_organisation
    open_offer = make_offer(partner, title="Onbeperkt", places=None)
    limited = make_offer(partner, title="Twaalf plekken", places=12)
    url = reverse("directory:offer-detail", args=[limited.public_id])
    sanne = offers_for_student(personas.student_record, timezone.localdate())
    daan = offers_for_student(personas.other_student_record, timezone.localdate())
    assert sanne.first_look and not daan.first_look
    assert [m.offer for m in sanne.matched] == [limited, open_offer]  # first look first
    assert sanne.matched[0].first_look
    assert [m.offer for m in daan.matched] == [open_offer]
    assert login(Client(), personas.student).get(url).status_code == 200
    assert login(Client(), personas.other_student).get(url).status_code == 404
    # After the first-look days everybody sees it.
    Offer.objects.filter(pk=limited.pk).update(created_at=timezone.now() - timedelta(days=4))
    assert login(Client(), personas.other_student).get(url).status_code == 200


def test_old_activities_do_not_count(personas: Personas):
    today = timezone.localdate()
    Activity.objects.create(
        student=personas.other_student_record,
        title="Oud",
        setting=Setting.OUT_OF_SCHOOL,
        started_on=today - timedelta(days=800),
        ended_on=today - timedelta(days=400),
        source=Source.STUDENT,
    )
    Activity.objects.create(
        student=personas.other_student_record,
        title="Op school",
        setting=Setting.IN_SCHOOL,
        started_on=today,
        source=Source.STUDENT,
    )
    assert offers_for_student(personas.other_student_record, today).first_look


def test_expressing_and_withdrawing_interest(personas: Personas):
    offer = make_offer(personas.partner_organisation)
    url = reverse("directory:offer-interest", args=[offer.public_id])
    client = login(Client(), personas.student)
    assert client.post(url, {"interested": "1"}).status_code == 302
    client.post(url, {"interested": "1"})  # twice is once
    assert OfferInterest.objects.filter(student=personas.student_record).count() == 1
    detail = client.get(reverse("directory:offer-detail", args=[offer.public_id]))
    assert detail.context["interested"]
    client.post(url, {"interested": "0"})
    assert not OfferInterest.objects.exists()
    # Not a student: the page is not for this role.
    assert login(Client(), personas.guardian).post(url, {"interested": "1"}).status_code == 403


def test_uptake_names_for_the_school_and_counts_for_the_partner(personas: Personas):
    offer = make_offer(personas.partner_organisation)
    OfferInterest.objects.create(offer=offer, student=personas.student_record)  # 4H1, mentored
    OfferInterest.objects.create(offer=offer, student=personas.other_student_record)  # 4H2
    url = reverse("directory:school-uptake")

    leader = login(Client(), personas.leader).get(url)
    row = leader.context["uptake"][0]
    assert row.school_count == 2
    assert {s.pk for s in row.names} == {
        personas.student_record.pk,
        personas.other_student_record.pk,
    }

    mentor = login(Client(), personas.mentor).get(url)
    row = mentor.context["uptake"][0]
    assert row.school_count == 2
    assert [s.pk for s in row.names] == [personas.student_record.pk]
    assert AuditEvent.objects.filter(what="directory.offer_uptake").exists()

    assert login(Client(), personas.other_teacher).get(url).status_code == 403
    assert login(Client(), personas.other_school_staff).get(url).context["uptake"] == []

    partner = login(Client(), personas.partner_with_consent).get(
        reverse("directory:partner-offer-list")
    )
    assert partner.status_code == 200
    assert b"Het Baken: 2" in partner.content
    assert b"Sanne" not in partner.content and b"Daan" not in partner.content
