"""Who is calling the LRS: an xAPI credential, checked with HTTP Basic auth."""

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from leerweg.lrs.models import Credential


@dataclass(frozen=True)
class Caller:
    credential_id: int
    store_id: int
    # Set when a partner organisation calls: its statements must be about
    # students who consented, and it reads back only what it may see.
    partner_id: int | None
    authority: dict[str, object]
    partner_name: str = ""
    partner_kind: str = ""


def new_key() -> str:
    return secrets.token_urlsafe(15)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def secret_digest(secret: str) -> str:
    # The secret carries 256 random bits, so nobody can search for it from
    # its digest; a plain SHA-256 protects a leaked database as well as a slow
    # password hash would, at a cost of a microsecond per request.
    return hashlib.sha256(secret.encode()).hexdigest()


def authority_for(credential: Credential) -> dict[str, object]:
    return {
        "objectType": "Agent",
        "name": credential.label,
        "account": {"homePage": credential_home_page(), "name": credential.key},
    }


def credential_home_page() -> str:
    return settings.LEERWEG_BASE_URL.rstrip("/") + "/xapi/credentials"


def credentials_with_authority(store_id: int, ifi: str) -> QuerySet[Credential]:
    """The store's credentials whose authority agent has this identifier (at most one)."""
    prefix = f"account:{credential_home_page()} "
    if not ifi.startswith(prefix):
        return Credential.objects.none()
    return Credential.objects.filter(store_id=store_id, key=ifi.removeprefix(prefix))


def caller_from_authorization(header: str | None) -> Caller | None:
    key, secret = _basic_credentials(header)
    if not key:
        return None
    credential = (
        Credential.objects.filter(key=key, revoked_at__isnull=True)
        .select_related("store__partner")
        .first()
    )
    if credential is None or not hmac.compare_digest(
        credential.secret_digest, secret_digest(secret)
    ):
        return None
    _note_use(credential)
    partner = credential.store.partner
    return Caller(
        credential_id=credential.pk,
        store_id=credential.store.pk,
        partner_id=credential.store.partner_id,
        authority=authority_for(credential),
        partner_name=partner.name if partner else "",
        partner_kind=partner.kind if partner else "",
    )


def _note_use(credential: Credential) -> None:
    """Keep ``last_used_on`` for the credentials page, writing at most once a day.

    The date came with the credential, so most requests write nothing; the
    condition in the UPDATE keeps simultaneous first requests of a day to one
    changed row.
    """
    today = timezone.localdate()
    if credential.last_used_on == today:
        return
    Credential.objects.filter(
        Q(last_used_on__isnull=True) | Q(last_used_on__lt=today), pk=credential.pk
    ).update(last_used_on=today)


def _basic_credentials(header: str | None) -> tuple[str, str]:
    if not header:
        return "", ""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    key, colon, secret = decoded.partition(":")
    return (key, secret) if colon else ("", "")
