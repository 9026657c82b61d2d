"""Storing statements: validated, checked against consent, and all or nothing."""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from leerweg.consent.selectors import consenting_students, xapi_account_home_page
from leerweg.core.bulk import insert_rows
from leerweg.lrs.auth import Caller
from leerweg.lrs.models import (
    ActivityDefinition,
    AttachmentContent,
    Statement,
    StatementActivity,
    StatementAgent,
)
from leerweg.lrs.timeline import Recorder, remove_voided, sync_timeline
from leerweg.lrs.xapi.errors import XapiError
from leerweg.lrs.xapi.indexing import (
    VOIDED_VERB,
    StatementIndex,
    activities_in,
    index_statement,
)
from leerweg.lrs.xapi.multipart import AttachmentPart, check_attachments_present
from leerweg.lrs.xapi.signatures import same_signed_statement, verify_statement_signatures
from leerweg.lrs.xapi.validation import normalize_timestamp, validate_statement
from leerweg.lrs.xapi.versions import XapiVersion

RECORD = "record"


@dataclass
class _Prepared:
    statement: dict[str, Any]
    index: StatementIndex
    pseudonym: str | None
    timestamp: datetime
    # Whether the client sent a timestamp: one the LRS filled in is left out
    # when a repeated statement is compared with the stored one.
    timestamp_sent: bool
    student_id: int | None = None


def store_statements(
    caller: Caller,
    version: XapiVersion,
    statements: list[Any],
    parts: dict[str, AttachmentPart],
) -> list[str]:
    """Store a batch and return the ids, in order; nothing is stored on error."""
    stored = _now()
    prepared = [_prepare(caller, version, s, parts, stored) for s in statements]
    check_attachments_present([p.statement for p in prepared], parts)
    _refuse_duplicate_ids(prepared)
    _attach_students(caller, prepared)
    with transaction.atomic():
        _check_voiding(caller, prepared)
        new = _insert(caller, prepared, stored)
        _store_attachments(caller, new, parts)
        _learn_activity_definitions(caller, new)
        _put_on_timeline(caller, new)
    return [p.statement["id"] for p in prepared]


def _put_on_timeline(caller: Caller, prepared: list[_Prepared]) -> None:
    """A partner's statements about a student become activities on their timeline.

    A statement the same batch voids never gets there.
    """
    if caller.partner_id is None:
        return
    voided = {
        str(uuid.UUID(str(p.index.target_statement_id))) for p in prepared if p.index.is_voiding
    }
    recorder = Recorder(id=caller.partner_id, name=caller.partner_name, kind=caller.partner_kind)
    sync_timeline(
        recorder,
        [
            (item.student_id, item.statement)
            for item in prepared
            if item.student_id is not None and item.statement["id"] not in voided
        ],
    )


def _now() -> datetime:
    moment = datetime.now(UTC)
    # Milliseconds, as the statement shows them: a client that filters with
    # since=<stored> must not get the same statement back.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _prepare(
    caller: Caller,
    version: XapiVersion,
    statement: Any,
    parts: dict[str, AttachmentPart],
    stored: datetime,
) -> _Prepared:
    validate_statement(statement, version)
    _context_activities_as_lists(statement)
    verify_statement_signatures(statement, parts)
    statement.setdefault("id", str(uuid.uuid4()))
    statement["id"] = str(uuid.UUID(statement["id"]))
    statement["stored"] = _iso(stored)
    statement["authority"] = caller.authority
    statement.setdefault("version", "2.0.0" if version is XapiVersion.V2_0_0 else "1.0.0")
    timestamp_sent = statement.get("timestamp") is not None
    if not timestamp_sent:
        # xAPI 2.0 lets a client send null: the LRS fills in the stored time.
        statement["timestamp"] = statement["stored"]
    else:
        statement["timestamp"] = normalize_timestamp(statement["timestamp"], version)
    return _Prepared(
        statement=statement,
        index=index_statement(statement),
        pseudonym=_pseudonym(caller, statement),
        timestamp=_parse_timestamp(statement["timestamp"], stored),
        timestamp_sent=timestamp_sent,
    )


def _context_activities_as_lists(statement: dict[str, Any]) -> None:
    """A single context activity is stored, and returned, as a list of one."""
    for part in (statement, statement["object"]):
        context_activities = (part.get("context") or {}).get("contextActivities")
        if isinstance(context_activities, dict):
            for kind, value in context_activities.items():
                if isinstance(value, dict):
                    context_activities[kind] = [value]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse_timestamp(value: str, fallback: datetime) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return fallback
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _pseudonym(caller: Caller, statement: dict[str, Any]) -> str | None:
    """The link pseudonym a partner's statement is about; None for a school's own tools."""
    if caller.partner_id is None:
        return None
    actor = statement["actor"]
    account = actor.get("account")
    if actor.get("objectType") == "Group" or not isinstance(account, dict):
        raise XapiError(
            "A partner records statements about one linked student: the actor must be the "
            "account the student's link gave you.",
            403,
        )
    if account.get("homePage") != xapi_account_home_page():
        raise XapiError(f"The actor's account homePage must be {xapi_account_home_page()}.", 403)
    return str(account.get("name", ""))


def _attach_students(caller: Caller, prepared: list[_Prepared]) -> None:
    """Refuse the whole batch unless every student it is about consented to recording."""
    if caller.partner_id is None:
        return
    wanted = {item.pseudonym for item in prepared if item.pseudonym is not None}
    students = consenting_students(caller.partner_id, wanted, RECORD)
    for item in prepared:
        student_id = students.get(item.pseudonym or "")
        if student_id is None:
            raise XapiError(
                "There is no valid consent to record activities for the student in statement "
                f"{item.statement['id']}.",
                403,
            )
        item.student_id = student_id


def _refuse_duplicate_ids(prepared: list[_Prepared]) -> None:
    seen: set[str] = set()
    for item in prepared:
        statement_id = item.statement["id"]
        if statement_id in seen:
            raise XapiError(f"The statement id {statement_id} occurs twice in this batch.")
        seen.add(statement_id)


def _same(known: dict[str, Any], item: _Prepared) -> bool:
    sent = item.statement
    if not item.timestamp_sent:
        known = {k: v for k, v in known.items() if k != "timestamp"}
        sent = {k: v for k, v in sent.items() if k != "timestamp"}
    return same_signed_statement(known, sent)


def _check_voiding(caller: Caller, prepared: list[_Prepared]) -> None:
    targets = [
        p.index.target_statement_id
        for p in prepared
        if p.index.is_voiding and p.index.target_statement_id
    ]
    if not targets:
        return
    batch_voiding = {p.statement["id"] for p in prepared if p.index.is_voiding}
    voiding_targets = {
        str(statement_id)
        for statement_id in Statement.objects.filter(
            store_id=caller.store_id,
            statement_id__in=targets,
            verb_id=VOIDED_VERB,
        ).values_list("statement_id", flat=True)
    } | (batch_voiding & {str(t) for t in targets})
    if voiding_targets:
        raise XapiError("A voiding statement cannot void another voiding statement.")


def _insert(caller: Caller, prepared: list[_Prepared], stored: datetime) -> list[_Prepared]:
    """Insert the batch and return the statements that were new.

    A statement stored before under the same id is skipped when it is the
    same statement (a client sending again after a lost answer) and refused
    with 409 when it differs; the whole batch then rolls back.
    """
    columns = (
        "store_id", "statement_id", "payload", "verb_id", "actor_ifi", "activity_id",
        "object_ifi", "target_statement_id", "registration", "timestamp", "stored", "voided",
        "student_id", "credential_id",
    )  # fmt: skip
    rows = [
        (
            caller.store_id,
            uuid.UUID(item.statement["id"]),
            json.dumps(item.statement, ensure_ascii=False, separators=(",", ":")),
            item.index.verb_id,
            item.index.actor_ifi,
            item.index.activity_id,
            item.index.object_ifi,
            _optional_uuid(item.index.target_statement_id),
            _optional_uuid(item.index.registration),
            item.timestamp,
            stored,
            False,
            item.student_id,
            caller.credential_id,
        )
        for item in prepared
    ]
    returned = insert_rows(
        Statement,
        columns,
        rows,
        returning=("id", "statement_id"),
        skip_conflicts_on=("store", "statement_id"),
    )
    # SQLite hands UUIDs back as bare hex: read them the same way everywhere.
    inserted = {str(uuid.UUID(str(statement_id))): row_id for row_id, statement_id in returned}
    if len(inserted) < len(prepared):
        _check_repeats(caller, [p for p in prepared if p.statement["id"] not in inserted])
    new = [p for p in prepared if p.statement["id"] in inserted]
    _insert_related(caller, new, [inserted[p.statement["id"]] for p in new])
    voided = [
        p.index.target_statement_id
        for p in prepared
        if p.index.is_voiding and p.index.target_statement_id
    ]
    if voided:
        Statement.objects.filter(store_id=caller.store_id, statement_id__in=voided).exclude(
            verb_id=VOIDED_VERB
        ).update(voided=True)
        if caller.partner_id is not None:
            remove_voided([str(target) for target in voided], partner_id=caller.partner_id)
    return new


def _check_repeats(caller: Caller, repeated: list[_Prepared]) -> None:
    """Statements whose id is taken must be the very statement stored under it."""
    known = dict(
        Statement.objects.filter(
            store_id=caller.store_id, statement_id__in=[p.statement["id"] for p in repeated]
        ).values_list("statement_id", "payload")
    )
    for item in repeated:
        payload = known.get(uuid.UUID(item.statement["id"]))
        if payload is None or not _same(json.loads(payload), item):
            raise XapiError(
                f"A different statement with id {item.statement['id']} is already stored.", 409
            )


def _optional_uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


def _insert_related(caller: Caller, prepared: list[_Prepared], ids: list[int]) -> None:
    store = caller.store_id
    agents = [
        (row_id, store, ifi)
        for item, row_id in zip(prepared, ids, strict=True)
        for ifi in item.index.related_agents
    ]
    activities = [
        (row_id, store, iri)
        for item, row_id in zip(prepared, ids, strict=True)
        for iri in item.index.related_activities
    ]
    insert_rows(StatementAgent, ("statement_id", "store_id", "ifi"), agents)
    insert_rows(StatementActivity, ("statement_id", "store_id", "activity_id"), activities)


def _store_attachments(
    caller: Caller, prepared: list[_Prepared], parts: dict[str, AttachmentPart]
) -> None:
    if not parts:
        return
    wanted = {
        attachment["sha2"]
        for item in prepared
        for attachment in item.statement.get("attachments") or []
        if attachment["sha2"] in parts
    }
    existing = set(
        AttachmentContent.objects.filter(store_id=caller.store_id, sha2__in=wanted).values_list(
            "sha2", flat=True
        )
    )
    AttachmentContent.objects.bulk_create(
        [
            AttachmentContent(
                store_id=caller.store_id,
                sha2=sha2,
                content_type=parts[sha2].content_type,
                content=parts[sha2].content,
            )
            for sha2 in wanted - existing
        ]
    )


def activity_key(activity_id: str) -> str:
    return hashlib.sha256(activity_id.encode()).hexdigest()


# The definitions this process last stored or read, per (store, activity key),
# as canonical JSON. A client sends the same definition with every statement
# about an activity; when merging the batch's changes nothing here, the
# database is not asked. Filled only after a commit, so a batch that rolls
# back leaves nothing behind; another process may have added to a
# definition meanwhile, which merging the same values again would not undo.
_stored_definitions: dict[tuple[int, str], str] = {}
_STORED_DEFINITIONS_KEPT = 20_000


def _learn_activity_definitions(caller: Caller, prepared: list[_Prepared]) -> None:
    """Keep the newest definition of every activity the batch defines."""
    definitions: dict[str, dict[str, Any]] = {}
    for item in prepared:
        for activity in _defined_activities(item.statement):
            merged = definitions.setdefault(activity["id"], {})
            _merge_definition(merged, activity["definition"])
    if not definitions:
        return
    keys = {activity_key(iri): iri for iri in definitions}
    if all(_adds_nothing(caller.store_id, key, definitions[iri]) for key, iri in keys.items()):
        return
    _write_definitions(caller, keys, definitions)


def _adds_nothing(store_id: int, key: str, definition: dict[str, Any]) -> bool:
    known = _stored_definitions.get((store_id, key))
    if known is None:
        return False
    merged = json.loads(known)
    _merge_definition(merged, definition)
    return _canonical(merged) == known


def _canonical(definition: dict[str, Any]) -> str:
    return json.dumps(definition, sort_keys=True, separators=(",", ":"))


def _remember(store_id: int, stored: dict[str, dict[str, Any]]) -> None:
    if len(_stored_definitions) > _STORED_DEFINITIONS_KEPT:
        _stored_definitions.clear()
    for key, definition in stored.items():
        _stored_definitions[(store_id, key)] = _canonical(definition)


def _write_definitions(
    caller: Caller, keys: dict[str, str], definitions: dict[str, dict[str, Any]]
) -> None:
    known = {
        row.key_hash: row
        for row in ActivityDefinition.objects.filter(store_id=caller.store_id, key_hash__in=keys)
    }
    changed = []
    for key, iri in keys.items():
        row = known.get(key)
        if row is None:
            continue
        before = json.dumps(row.definition, sort_keys=True)
        _merge_definition(row.definition, definitions[iri])
        if json.dumps(row.definition, sort_keys=True) != before:
            changed.append(row)
    ActivityDefinition.objects.bulk_update(changed, ["definition"])
    ActivityDefinition.objects.bulk_create(
        [
            ActivityDefinition(
                store_id=caller.store_id, activity_id=iri, key_hash=key, definition=definitions[iri]
            )
            for key, iri in keys.items()
            if key not in known
        ]
    )
    stored = {
        key: known[key].definition if key in known else definitions[iri]
        for key, iri in keys.items()
    }
    transaction.on_commit(lambda: _remember(caller.store_id, stored))


def _defined_activities(statement: dict[str, Any]) -> list[dict[str, Any]]:
    found = activities_in(statement)
    if statement["object"].get("objectType") == "SubStatement":
        found += activities_in(statement["object"])
    return [activity for activity in found if isinstance(activity.get("definition"), dict)]


def _merge_definition(into: dict[str, Any], definition: dict[str, Any]) -> None:
    for key, value in definition.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict) and key != "extensions":
            into[key] = {**into[key], **value}
        else:
            into[key] = value
