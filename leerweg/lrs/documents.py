"""State, activity profile and agent profile documents, and the Activities and Agents lookups.

The three document resources share one behaviour (xAPI 1.0.3 Communication
2.2 and 3.1; xAPI 2.0 4.1.6 and 4.1.4): a document is kept as the bytes and
content type the client sent; POST merges two JSON objects one level deep;
ETags are the quoted SHA-1 of the content and guard every write with
If-Match / If-None-Match.

Every read and write is limited to the caller's store.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet

from leerweg.lrs.auth import Caller
from leerweg.lrs.models import ActivityDefinition, Document, DocumentKind
from leerweg.lrs.selectors import statements_visible
from leerweg.lrs.services import activity_key
from leerweg.lrs.xapi.errors import XapiError
from leerweg.lrs.xapi.indexing import agent_ifi
from leerweg.lrs.xapi.versions import XapiVersion

JSON_TYPE = "application/json"
DEFAULT_CONTENT_TYPE = "application/octet-stream"
# How many recent statements about an agent are read for the names it went by.
_NAME_SOURCES = 100


@dataclass(frozen=True)
class DocumentScope:
    """What a set of documents belongs to; ``document_id`` picks one of them."""

    kind: DocumentKind
    activity_id: str = ""
    agent_ifi: str = ""
    registration: str | None = None


@dataclass(frozen=True)
class Preconditions:
    """The If-Match and If-None-Match headers of a write, as sent."""

    if_match: str | None = None
    if_none_match: str | None = None

    @property
    def given(self) -> bool:
        return self.if_match is not None or self.if_none_match is not None


@dataclass(frozen=True)
class Upload:
    content: bytes
    content_type: str  # the whole header value, parameters included

    @property
    def is_json(self) -> bool:
        return _media_type(self.content_type) == JSON_TYPE


def etag_for(content: bytes) -> str:
    # Only a fingerprint to compare versions by, not a security measure; 1.0.3
    # prescribes SHA-1 (Communication 3.1).
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def quoted_etag(document: Document) -> str:
    return f'"{document.etag}"'


# Selectors


def documents_in_scope(caller: Caller, scope: DocumentScope) -> QuerySet[Document]:
    documents = Document.objects.filter(
        store_id=caller.store_id,
        kind=scope.kind,
        activity_id=scope.activity_id,
        agent_ifi=scope.agent_ifi,
    )
    if scope.kind == DocumentKind.STATE:
        documents = documents.filter(registration=scope.registration)
    return documents


def document_get(caller: Caller, scope: DocumentScope, document_id: str) -> Document | None:
    return Document.objects.filter(
        store_id=caller.store_id, key_hash=_key_hash(scope, document_id)
    ).first()


def document_ids(
    caller: Caller, scope: DocumentScope, since: datetime | None
) -> tuple[list[str], datetime | None]:
    """The ids of the documents in scope changed after ``since``, and the newest change."""
    documents = documents_in_scope(caller, scope)
    if since is not None:
        documents = documents.filter(updated__gt=since)
    ids = list(documents.order_by("updated", "id").values_list("document_id", flat=True))
    newest = documents.aggregate(newest=Max("updated"))["newest"]
    return ids, newest


def activity_object(caller: Caller, activity_id: str) -> dict[str, Any]:
    """The Activity with the store's canonical definition; just the id when none is known."""
    activity: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
    definition = (
        ActivityDefinition.objects.filter(
            store_id=caller.store_id, key_hash=activity_key(activity_id)
        )
        .values_list("definition", flat=True)
        .first()
    )
    if definition:
        activity["definition"] = definition
    return activity


def person_object(caller: Caller, agent: dict[str, Any]) -> dict[str, Any]:
    """A Person object (xAPI Communication 2.4) for the agent's identifier.

    This store does not link identifiers of one person to each other, so the
    Person carries the one identifier asked about, with every name that the
    agent was given in the statements the caller may see.
    """
    person: dict[str, Any] = {"objectType": "Person", "name": _names_seen(caller, agent)}
    for key in ("mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            person[key] = [agent[key]]
    return person


def _names_seen(caller: Caller, agent: dict[str, Any]) -> list[str]:
    ifi = agent_ifi(agent)
    names: list[str] = []
    if isinstance(agent.get("name"), str):
        names.append(agent["name"])
    rows = (
        statements_visible(caller)
        .filter(actor_ifi=ifi)
        .order_by("-stored")
        .values_list("payload", flat=True)[:_NAME_SOURCES]
    )
    for payload in rows:
        name = json.loads(payload).get("actor", {}).get("name")
        if isinstance(name, str) and name not in names:
            names.append(name)
    return names


# Services


def document_put(
    *,
    caller: Caller,
    scope: DocumentScope,
    document_id: str,
    upload: Upload,
    preconditions: Preconditions,
    version: XapiVersion,
) -> None:
    """Store ``upload`` as the document, replacing any earlier one."""
    if upload.is_json:
        _parse_json(upload.content)
    with transaction.atomic():
        existing = _locked(caller, scope, document_id)
        check_preconditions(existing, preconditions)
        if not preconditions.given:
            _check_unconditional_put(scope.kind, version, existing)
        _save(caller, scope, document_id, existing, upload)


def document_post(
    *,
    caller: Caller,
    scope: DocumentScope,
    document_id: str,
    upload: Upload,
    preconditions: Preconditions,
) -> None:
    """Merge a JSON object into the document, or store it when there is none yet."""
    posted = _json_object(upload.content, "The posted document") if upload.is_json else {}
    with transaction.atomic():
        existing = _locked(caller, scope, document_id)
        check_preconditions(existing, preconditions)
        if existing is None:
            _save(caller, scope, document_id, None, upload)
            return
        if not upload.is_json or _media_type(existing.content_type) != JSON_TYPE:
            raise XapiError(
                "POST merges JSON documents: both the stored document and the posted one "
                "must have Content-Type application/json."
            )
        stored = _json_object(bytes(existing.content), "The stored document")
        merged = json.dumps({**stored, **posted}, ensure_ascii=False, separators=(",", ":"))
        _save(caller, scope, document_id, existing, Upload(merged.encode(), JSON_TYPE))


def document_delete(
    *, caller: Caller, scope: DocumentScope, document_id: str, preconditions: Preconditions
) -> None:
    with transaction.atomic():
        existing = _locked(caller, scope, document_id)
        check_preconditions(existing, preconditions)
        if existing is not None:
            existing.delete()


def documents_delete(*, caller: Caller, scope: DocumentScope) -> None:
    """Delete every document in scope (the State resource without a stateId)."""
    with transaction.atomic():
        documents_in_scope(caller, scope).delete()


def check_preconditions(existing: Document | None, preconditions: Preconditions) -> None:
    """Refuse a write whose If-Match / If-None-Match header does not hold (RFC 9110 13.1)."""
    current = existing.etag if existing is not None else None
    if preconditions.if_match is not None and not _matches(preconditions.if_match, current):
        raise XapiError("The document does not match the If-Match header.", 412)
    if preconditions.if_none_match is not None and _matches(preconditions.if_none_match, current):
        raise XapiError("The document matches the If-None-Match header.", 412)


def _check_unconditional_put(
    kind: DocumentKind, version: XapiVersion, existing: Document | None
) -> None:
    """The rules for a PUT without If-Match or If-None-Match.

    xAPI 2.0 (4.1.4) refuses such a PUT with 409 when the document exists, for
    all three resources. 1.0.3 (Communication 3.1) asks this of the two
    profile resources only, and its conformance suite also expects a PUT to a
    new profile document without either header to be refused (400).
    """
    is_profile = kind != DocumentKind.STATE
    if version is XapiVersion.V1_0_3 and not is_profile:
        return
    if existing is not None:
        raise XapiError(
            "This document already exists. To replace it, send If-Match with its ETag; "
            "to create it only when it is new, send If-None-Match: *.",
            409,
        )
    if version is XapiVersion.V1_0_3:
        raise XapiError("A PUT to a profile document needs an If-Match or If-None-Match header.")


def _matches(header: str, current: str | None) -> bool:
    if current is None:
        return False
    tags = [tag.strip() for tag in header.split(",")]
    if "*" in tags:
        return True
    return any(tag.removeprefix("W/").strip('"') == current for tag in tags)


def _locked(caller: Caller, scope: DocumentScope, document_id: str) -> Document | None:
    return (
        Document.objects.select_for_update()
        .filter(store_id=caller.store_id, key_hash=_key_hash(scope, document_id))
        .first()
    )


def _save(
    caller: Caller,
    scope: DocumentScope,
    document_id: str,
    existing: Document | None,
    upload: Upload,
) -> None:
    document = existing or Document(
        store_id=caller.store_id,
        kind=scope.kind,
        key_hash=_key_hash(scope, document_id),
        activity_id=scope.activity_id,
        agent_ifi=scope.agent_ifi,
        registration=scope.registration,
        document_id=document_id,
    )
    document.content = upload.content
    document.content_type = upload.content_type or DEFAULT_CONTENT_TYPE
    document.etag = etag_for(upload.content)
    document.updated = datetime.now(UTC)
    if existing is not None:
        document.save()
        return
    try:
        with transaction.atomic():
            document.save(force_insert=True)
    except IntegrityError as error:
        # Another request created the same document a moment ago.
        raise XapiError("The document was created meanwhile; try again.", 409) from error


def _key_hash(scope: DocumentScope, document_id: str) -> str:
    # A NUL byte cannot occur in a query parameter, so the parts never run
    # into each other.
    parts = (scope.kind, scope.activity_id, scope.agent_ifi, scope.registration or "", document_id)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _parse_json(content: bytes) -> Any:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise XapiError(f"The document is not valid JSON: {error}") from error


def _json_object(content: bytes, what: str) -> dict[str, Any]:
    parsed = _parse_json(content)
    if not isinstance(parsed, dict):
        raise XapiError(f"{what} is not a JSON object, so it cannot be merged.")
    return parsed
