"""Writes for the initiative register: registering, confirming and moderating.

Mail goes out after the transaction commits, so a failed write never sends a
message about something that was not stored.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from leerweg.accounts.models import User
from leerweg.initiatives.models import Initiative, InitiativeStatus, Obstacle

CONFIRM_SALT = "leerweg.initiatives.confirm"
DEFAULT_CONFIRM_DAYS = 7


@dataclass(frozen=True)
class ObstacleValues:
    category: str
    description: str


def confirm_max_age_seconds() -> int:
    return int(getattr(settings, "LEERWEG_REGISTER_CONFIRM_DAYS", DEFAULT_CONFIRM_DAYS) * 86400)


def confirmation_token(initiative: Initiative) -> str:
    return signing.dumps(str(initiative.public_id), salt=CONFIRM_SALT)


def initiative_register(
    *, values: dict[str, object], obstacles: list[ObstacleValues], language: str
) -> Initiative:
    """Store a submission as unconfirmed and e-mail the submitter a confirmation link."""
    if not obstacles:
        raise ValueError("An initiative needs at least one obstacle.")
    with transaction.atomic():
        initiative = Initiative.objects.create(
            **values, language=language, status=InitiativeStatus.UNCONFIRMED
        )
        Obstacle.objects.bulk_create(
            Obstacle(
                initiative=initiative,
                category=obstacle.category,
                description=obstacle.description,
                position=position,
            )
            for position, obstacle in enumerate(obstacles)
        )
        transaction.on_commit(lambda: _send_confirmation(initiative))
    return initiative


def initiative_confirm(*, token: str) -> Initiative | None:
    """Confirm the submission behind ``token``; None if the link is invalid or expired.

    Confirming twice is harmless: the second time finds the submission already
    past this step and leaves it as it is.
    """
    try:
        public_id = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_max_age_seconds())
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().filter(public_id=public_id).first()
        if initiative is None:
            return None
        if initiative.status == InitiativeStatus.UNCONFIRMED:
            initiative.status = InitiativeStatus.PENDING
            initiative.confirmed_at = timezone.now()
            initiative.save(update_fields=["status", "confirmed_at", "updated_at"])
    return initiative


def initiative_edit(
    *, initiative: Initiative, values: dict[str, object], obstacles: dict[int, ObstacleValues]
) -> Initiative:
    """A moderator corrects the public text of an initiative and its obstacles (typos)."""
    with transaction.atomic():
        for field, value in values.items():
            setattr(initiative, field, value)
        initiative.save()
        for obstacle in initiative.obstacles.all():
            changed = obstacles.get(obstacle.pk)
            if changed is not None:
                obstacle.category = changed.category
                obstacle.description = changed.description
                obstacle.save(update_fields=["category", "description"])
    return initiative


def initiative_publish(*, initiative: Initiative, moderator: User) -> Initiative:
    now = timezone.now()
    initiative.status = InitiativeStatus.PUBLISHED
    initiative.published_at = initiative.published_at or now
    initiative.decided_at = now
    initiative.decided_by = moderator
    initiative.rejection_reason = ""
    initiative.save()
    return initiative


def initiative_reject(*, initiative: Initiative, moderator: User, reason: str) -> Initiative:
    """Reject with a reason; the submitter receives the reason by e-mail."""
    with transaction.atomic():
        initiative.status = InitiativeStatus.REJECTED
        initiative.decided_at = timezone.now()
        initiative.decided_by = moderator
        initiative.rejection_reason = reason
        initiative.save()
        transaction.on_commit(lambda: _send_rejection(initiative))
    return initiative


def initiatives_unconfirmed_purge() -> int:
    """Delete submissions whose confirmation link has expired, contact details and all."""
    cutoff = timezone.now() - timedelta(seconds=confirm_max_age_seconds())
    deleted, _ = Initiative.objects.filter(
        status=InitiativeStatus.UNCONFIRMED, created_at__lt=cutoff
    ).delete()
    return deleted


def _absolute(path: str) -> str:
    return getattr(settings, "LEERWEG_BASE_URL", "").rstrip("/") + path


def _send_confirmation(initiative: Initiative) -> None:
    url = _absolute(reverse("initiatives:confirm", args=[confirmation_token(initiative)]))
    _send(initiative, "confirm", {"url": url, "days": confirm_max_age_seconds() // 86400})


def _send_rejection(initiative: Initiative) -> None:
    _send(initiative, "rejected", {})


def _send(initiative: Initiative, kind: str, extra: dict[str, object]) -> None:
    with translation.override(initiative.language):
        context = {"initiative": initiative, **extra}
        subject = render_to_string(f"initiatives/mail/{kind}_subject.txt", context).strip()
        body = render_to_string(f"initiatives/mail/{kind}_body.txt", context)
    send_mail(subject, body, None, [initiative.contact_email])
