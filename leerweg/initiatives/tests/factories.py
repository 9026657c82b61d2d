from datetime import date

from django.utils import timezone

from leerweg.initiatives.models import Initiative, InitiativeStatus, Obstacle


def make_initiative(
    *,
    status: str = InitiativeStatus.PUBLISHED,
    title: str = "Leerateliers in de bovenbouw",
    obstacles: tuple[tuple[str, str], ...] = (("examining", "Het PTA laat geen eigen tempo toe."),),
    **values: object,
) -> Initiative:
    published = status == InitiativeStatus.PUBLISHED
    defaults: dict[str, object] = {
        "organisation": "Het Baken",
        "organisation_kind": "school",
        "sector": "VO",
        "region": "UT",
        "description": "Leerlingen werken in ateliers aan eigen leerdoelen.",
        "since": date(2023, 8, 1),
        "contact_name": "Jan Geheim",
        "contact_email": "jan.geheim@example.org",
        "contact_phone": "06-12345678",
        "published_at": timezone.now() if published else None,
        "confirmed_at": timezone.now() if status != InitiativeStatus.UNCONFIRMED else None,
    }
    initiative = Initiative.objects.create(title=title, status=status, **{**defaults, **values})
    Obstacle.objects.bulk_create(
        Obstacle(initiative=initiative, category=category, description=text, position=i)
        for i, (category, text) in enumerate(obstacles)
    )
    return initiative


def initiatives_url_arguments() -> dict[str, object]:
    """A published initiative, for the URL matrix."""
    initiative = Initiative.objects.filter(status=InitiativeStatus.PUBLISHED).first()
    return {"initiative_id": (initiative or make_initiative()).public_id}
