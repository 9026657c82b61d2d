from datetime import timedelta

from django.utils import timezone

from leerweg.directory.models import DirectoryEntry, Offer, OfferArea
from leerweg.partners.models import PartnerOrganisation


def make_entry(**values: object) -> DirectoryEntry:
    defaults: dict[str, object] = {
        "name": "Natuurmonumenten Utrechtse Heuvelrug",
        "kind": "association",
        "description": "Natuurbeheer en excursies.",
        "offers_schools": "Excursies en buitenlessen.",
        "region": "UT",
        "tags": "natuur, buitenlessen",
        "contact_email": "educatie@example.org",
    }
    return DirectoryEntry.objects.create(**{**defaults, **values})


def make_offer(
    partner: PartnerOrganisation, *, areas: tuple[str, ...] = ("sport",), **values: object
) -> Offer:
    today = timezone.localdate()
    defaults: dict[str, object] = {
        "title": "Hockeyclinic",
        "kind": "clinic",
        "description": "Een middag hockey met de trainers van de club.",
        "starts_on": today + timedelta(days=14),
        "ends_on": today + timedelta(days=14),
        "location": "Sportpark Noord",
    }
    offer = Offer.objects.create(partner=partner, **{**defaults, **values})
    OfferArea.objects.bulk_create(OfferArea(offer=offer, area=area) for area in areas)
    return offer


def directory_url_arguments(partner: PartnerOrganisation) -> dict[str, object]:
    """A listed entry and an open offer of ``partner`` for everyone, for the URL matrix."""
    entry = DirectoryEntry.objects.first() or make_entry()
    offer = Offer.objects.filter(partner=partner).first() or make_offer(partner)
    return {"entry_id": entry.public_id, "offer_id": offer.public_id}
