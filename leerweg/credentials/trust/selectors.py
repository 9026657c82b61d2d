"""Reading credentials, and verifying them against this installation's own schools.

Verification never goes over the network: the server makes no outbound requests.
Issuer keys are resolved from the database for our own schools (their ``did:web``
or the ``did:key`` of one of their keys); status lists are read from the database
by their address. A credential from any other issuer is answered with
``issuer_unknown``: its keys could only be fetched from its own web server, and
its holder should check it with that issuer's verifier.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from leerweg.credentials import signing
from leerweg.credentials.models import IssuedCredential, IssuerKey, StatusList
from leerweg.credentials.signing.verification import json_parse
from leerweg.credentials.trust import issuers
from leerweg.schools.models import School, Student

MAX_CREDENTIAL_BYTES = 256 * 1024
# Failures found after the signature was checked: the credential itself is authentic.
AUTHENTIC_FAILURES = frozenset(
    {signing.Reason.REVOKED, signing.Reason.EXPIRED, signing.Reason.NOT_YET_VALID}
)


def credential_json(issued: IssuedCredential) -> str:
    """The signed credential exactly as issued, for download or a wallet."""
    return issued.signed_json


def credentials_of_student(student: Student) -> QuerySet[IssuedCredential]:
    return IssuedCredential.objects.filter(student=student).select_related("school")


def credential_by_public_id(public_id: UUID) -> IssuedCredential | None:
    return (
        IssuedCredential.objects.select_related("school", "student__user")
        .filter(public_id=public_id)
        .first()
    )


def issuer_keys_resolve(did: str) -> Sequence[signing.AssertionKey]:
    """Assertion keys of one of our schools' DIDs; nothing for any other issuer."""
    if did.startswith("did:key:"):
        multibase = did.removeprefix("did:key:")
        if not IssuerKey.objects.filter(public_key_multibase=multibase).exists():
            return []
        return signing.did_key_resolve(did)
    if did.startswith("did:web:"):
        try:
            school_id = UUID(did.rsplit(":", 1)[-1])
        except ValueError:
            return []
        school = School.objects.filter(public_id=school_id).first()
        if school is None or issuers.school_did_web(school) != did:
            return []
        document = issuers.school_did_document(school)
        return signing.assertion_keys_from_did_document(document) if document else []
    return []


def status_list_load(url: str) -> str | None:
    return StatusList.objects.filter(list_url=url).values_list("signed_json", flat=True).first()


@dataclass(frozen=True)
class Verification:
    """What the verification page and endpoint answer."""

    result: signing.VerificationResult
    issued: IssuedCredential | None
    # The credential when its signature holds (valid, revoked or outside its period).
    credential: dict[str, Any] | None = None

    @property
    def valid(self) -> bool:
        return self.result.ok

    @property
    def issuer_name(self) -> str:
        if self.issued is not None:
            return self.issued.school.name
        issuer = (self.credential or {}).get("issuer")
        return str(issuer.get("name", "")) if isinstance(issuer, dict) else ""

    @property
    def achievement_name(self) -> str:
        subject = (self.credential or {}).get("credentialSubject", {})
        achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
        return str(achievement.get("name", "")) if isinstance(achievement, dict) else ""

    @property
    def subject_name(self) -> str:
        return short_name(self.issued.subject_name) if self.issued is not None else ""

    @property
    def revoked(self) -> bool:
        return self.result.reason is signing.Reason.REVOKED


def short_name(full_name: str) -> str:
    """First name and the initial of the last name ("Sanne de Vries" → "Sanne V.")."""
    words = full_name.split()
    if len(words) < 2:
        return full_name
    return f"{words[0]} {words[-1][0].upper()}."


def credential_verify(credential_json: str | bytes) -> Verification:
    result = signing.verify(
        credential_json,
        resolve_issuer_keys=issuer_keys_resolve,
        status_list_loader=status_list_load,
        max_bytes=MAX_CREDENTIAL_BYTES,
    )
    credential = result.credential
    if credential is None and result.reason in AUTHENTIC_FAILURES:
        credential = json_parse(credential_json, max_bytes=MAX_CREDENTIAL_BYTES)
    issued = None
    credential_id = (credential or {}).get("id", "")
    if isinstance(credential_id, str) and credential_id.startswith("urn:uuid:"):
        try:
            issued = credential_by_public_id(UUID(credential_id.removeprefix("urn:uuid:")))
        except ValueError:
            issued = None
    if issued is not None and issued.issuer_did != (credential or {}).get("issuer", {}).get("id"):
        issued = None
    return Verification(result=result, issued=issued, credential=credential)


def issued_credential_verify(issued: IssuedCredential) -> Verification:
    """Verify a credential we issued, from its stored JSON (for the QR code page)."""
    verification = credential_verify(issued.signed_json)
    return Verification(
        result=verification.result, issued=issued, credential=verification.credential
    )
