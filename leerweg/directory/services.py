"""Writes for the directory and offers."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.directory.models import DirectoryEntry, Offer, OfferArea, OfferInterest
from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import Student


def entry_save_for_partner(
    *, partner: PartnerOrganisation, values: dict[str, object]
) -> DirectoryEntry:
    """Create or change the directory entry of ``partner``."""
    with transaction.atomic():
        entry = DirectoryEntry.objects.select_for_update().filter(partner=partner).first()
        if entry is None:
            entry = DirectoryEntry(partner=partner)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.full_clean()
        entry.save()
    return entry


def offer_create(
    *, partner_id: int, created_by: User, values: dict[str, object], areas: list[str]
) -> Offer:
    with transaction.atomic():
        offer = Offer(partner_id=partner_id, created_by=created_by, **values)
        offer.full_clean()
        offer.save()
        OfferArea.objects.bulk_create(OfferArea(offer=offer, area=area) for area in set(areas))
    return offer


def offer_update(*, offer: Offer, values: dict[str, object], areas: list[str]) -> Offer:
    with transaction.atomic():
        for name, value in values.items():
            setattr(offer, name, value)
        offer.full_clean()
        offer.save()
        offer.areas.exclude(area__in=areas).delete()
        existing = set(offer.areas.values_list("area", flat=True))
        OfferArea.objects.bulk_create(
            OfferArea(offer=offer, area=area) for area in set(areas) - existing
        )
    return offer


def offer_withdraw(*, offer: Offer) -> Offer:
    """Students no longer see a withdrawn offer; the interest shown stays for the record."""
    if offer.withdrawn_at is None:
        offer.withdrawn_at = timezone.now()
        offer.save(update_fields=["withdrawn_at", "updated_at"])
    return offer


def offer_interest_set(*, student: Student, offer: Offer, interested: bool) -> bool:
    """Say or withdraw "I am interested"; idempotent. Returns the new state."""
    if not interested:
        OfferInterest.objects.filter(student=student, offer=offer).delete()
        return False
    try:
        with transaction.atomic():
            OfferInterest.objects.get_or_create(student=student, offer=offer)
    except IntegrityError:  # a double click raced the first
        pass
    return True
