"""Who signs a school's credentials: its keys, its DID and its DID document.

The identity of a school as an issuer:

- ``did:web:<host>:scholen:<school public id>`` when ``LEERWEG_BASE_URL`` is an
  https address with a real domain name. The DID document is served by Leerweg at
  ``/scholen/<school public id>/did.json`` and lists every key the school ever
  used, so a rotation keeps old credentials verifiable while new ones are signed
  with the new key.
- ``did:key`` of the school's current key otherwise (an installation on a laptop or
  an intranet without a domain). A ``did:key`` *is* its key: it cannot rotate.
  After a rotation the school's new credentials carry a new DID; old credentials
  still verify, because their own DID still holds their own key. What is lost is
  the link between the two: a verifier cannot tell from the credentials alone that
  both DIDs belong to the same school.

Private keys are stored wrapped (AES-256-GCM) under the key-encryption key from the
settings (``LEERWEG_CREDENTIAL_KEK``); development and test installations derive it
from ``SECRET_KEY`` with HKDF, production must set it (``credentials.checks``).
"""

import base64
import binascii
import ipaddress
import secrets
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from leerweg.credentials import signing
from leerweg.credentials.models import IssuerKey
from leerweg.schools.models import School

_KEK_SALT = b"leerweg-credential-kek-v1"
_KEK_INFO = b"wraps the private signing keys of schools"


def key_encryption_key() -> bytes:
    """The 32-byte key that wraps private keys: from the settings, or derived in development."""
    configured = getattr(settings, "LEERWEG_CREDENTIAL_KEK", "")
    if configured:
        return key_encryption_key_decode(configured)
    if getattr(settings, "LEERWEG_CREDENTIAL_KEK_FROM_SECRET_KEY", False):
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_KEK_SALT, info=_KEK_INFO)
        return hkdf.derive(settings.SECRET_KEY.encode("utf-8"))
    raise ImproperlyConfigured("LEERWEG_CREDENTIAL_KEK is not set.")


def key_encryption_key_decode(value: str) -> bytes:
    """The key from its base64 form (standard or URL-safe, padding optional)."""
    text = value.strip()
    padded = text + "=" * (-len(text) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured("LEERWEG_CREDENTIAL_KEK is not base64.") from error
    if len(raw) != 32:
        raise ImproperlyConfigured("LEERWEG_CREDENTIAL_KEK must hold 32 bytes (256 bits).")
    return raw


# --- identity ------------------------------------------------------------------------------------


def web_domain() -> str | None:
    """The domain (with a port, if any) for ``did:web``, or None without a real https domain."""
    parsed = urlsplit(settings.LEERWEG_BASE_URL)
    host = (parsed.hostname or "").lower()
    if parsed.scheme != "https" or not host or host == "localhost" or host.endswith(".localhost"):
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None
    try:
        port = parsed.port
    except ValueError:
        return None
    return f"{host}:{port}" if port and port != 443 else host


def school_did_web(school: School) -> str | None:
    domain = web_domain()
    if domain is None:
        return None
    try:
        return signing.did_web_for(domain, ["scholen", str(school.public_id)])
    except signing.KeyFormatError:
        return None


def key_did(key: IssuerKey) -> str:
    return "did:key:" + key.public_key_multibase


def issuer_did(school: School, key: IssuerKey) -> str:
    """The DID a credential signed now with ``key`` names as its issuer."""
    return school_did_web(school) or key_did(key)


def verification_method(did: str, key: IssuerKey) -> str:
    if did.startswith("did:key:"):
        return signing.did_key_verification_method(did)
    return f"{did}#{key.key_id}"


def school_url(school: School) -> str:
    return settings.LEERWEG_BASE_URL.rstrip("/") + f"/scholen/{school.public_id}/"


def issuer_profile(school: School, did: str) -> signing.IssuerProfile:
    return signing.IssuerProfile(id=did, name=school.name, url=school_url(school))


# --- keys ----------------------------------------------------------------------------------------


def _key_create(school: School) -> IssuerKey:
    private_key = signing.private_key_generate()
    key_id = "key-" + secrets.token_hex(6)
    return IssuerKey.objects.create(
        school=school,
        key_id=key_id,
        public_key_multibase=signing.public_key_to_multibase(private_key.public_key()),
        private_key_wrapped=signing.private_key_wrap(
            private_key, key_encryption_key=key_encryption_key(), key_id=key_id
        ),
    )


def issuer_key_current(school: School) -> IssuerKey:
    """The key the school signs with now; the first one is made when it is first needed."""
    with transaction.atomic():
        School.objects.select_for_update().filter(pk=school.pk).first()
        key = IssuerKey.objects.filter(school=school, retired_at__isnull=True).first()
        return key or _key_create(school)


@transaction.atomic
def issuer_key_rotate(*, school: School) -> IssuerKey:
    """A new signing key; the previous one is retired but stays listed for verification."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    IssuerKey.objects.filter(school=school, retired_at__isnull=True).update(
        retired_at=timezone.now()
    )
    return _key_create(school)


def private_key_of(key: IssuerKey) -> Ed25519PrivateKey:
    return signing.private_key_unwrap(
        bytes(key.private_key_wrapped), key_encryption_key=key_encryption_key(), key_id=key.key_id
    )


def school_keys(school: School) -> list[IssuerKey]:
    return list(IssuerKey.objects.filter(school=school).order_by("created_at", "id"))


def school_did_document(school: School) -> dict[str, Any] | None:
    """The did.json of a ``did:web`` school; None when the school has no keys or no domain."""
    did = school_did_web(school)
    keys = school_keys(school)
    if did is None or not keys:
        return None
    return signing.did_document(
        did,
        [
            signing.IssuerKey(
                key.key_id, key.public_key_multibase, retired=key.retired_at is not None
            )
            for key in keys
        ],
    )
