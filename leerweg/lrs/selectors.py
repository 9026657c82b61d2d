"""Reading statements back: single ones, filtered lists and the pages after them."""

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet

from leerweg.consent.selectors import consenting_student_ids
from leerweg.lrs.auth import Caller, credentials_with_authority
from leerweg.lrs.models import AttachmentContent, Statement, StatementActivity, StatementAgent
from leerweg.lrs.xapi.errors import XapiError
from leerweg.lrs.xapi.indexing import agent_ifi
from leerweg.lrs.xapi.multipart import AttachmentPart
from leerweg.lrs.xapi.output import FORMATS
from leerweg.lrs.xapi.validation import validate_agent_parameter
from leerweg.lrs.xapi.versions import XapiVersion

VIEW = "view"
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
FILTERS = {
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
}
_MORE_SALT = "leerweg.lrs.more"


@dataclass
class StatementFilter:
    agent: str = ""
    verb: str = ""
    activity: str = ""
    registration: str = ""
    related_activities: bool = False
    related_agents: bool = False
    since: str = ""
    until: str = ""
    limit: int = 0
    ascending: bool = False
    format: str = "exact"
    attachments: bool = False
    # Where the previous page ended: stored time and row id.
    after_stored: str = ""
    after_id: int = 0


def statements_visible(caller: Caller) -> QuerySet[Statement]:
    statements = Statement.objects.filter(store_id=caller.store_id)
    if caller.partner_id is not None:
        statements = statements.filter(
            student_id__in=consenting_student_ids(caller.partner_id, VIEW)
        )
    return statements


def single_statement(caller: Caller, statement_id: str, *, voided: bool) -> Statement | None:
    try:
        parsed = uuid.UUID(statement_id)
    except ValueError as error:
        raise XapiError(f"{statement_id!r} is not a valid statement id (a UUID).") from error
    return (
        statements_visible(caller)
        .filter(statement_id=parsed, voided=voided)
        .only("payload", "stored")
        .first()
    )


def parse_filter(params: dict[str, str], version: XapiVersion) -> StatementFilter:
    unknown = set(params) - FILTERS
    if unknown:
        raise XapiError(f"Unknown parameter(s) for statements: {', '.join(sorted(unknown))}.")
    result = StatementFilter()
    if "agent" in params:
        result.agent = _agent_filter(params["agent"], version)
    result.verb = params.get("verb", "")
    result.activity = params.get("activity", "")
    if "registration" in params:
        result.registration = canonical_uuid(params["registration"], "registration")
    result.related_activities = _boolean(params, "related_activities")
    result.related_agents = _boolean(params, "related_agents")
    result.ascending = _boolean(params, "ascending")
    result.attachments = _boolean(params, "attachments")
    result.since = _timestamp(params, "since")
    result.until = _timestamp(params, "until")
    result.limit = _limit(params)
    result.format = params.get("format", "exact")
    if result.format not in FORMATS:
        raise XapiError("format must be one of: exact, ids, canonical.")
    return result


def _agent_filter(value: str, version: XapiVersion) -> str:
    try:
        agent = json.loads(value)
    except ValueError as error:
        raise XapiError("The agent parameter is not valid JSON.") from error
    validate_agent_parameter(agent, version)
    return agent_ifi(agent)


def canonical_uuid(value: object, name: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError as error:
        raise XapiError(f"{name} must be a UUID.") from error


def _boolean(params: dict[str, str], name: str) -> bool:
    value = params.get(name, "false").lower()
    if value not in ("true", "false"):
        raise XapiError(f"{name} must be true or false.")
    return value == "true"


def _timestamp(params: dict[str, str], name: str) -> str:
    value = params.get(name, "")
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise XapiError(f"{name} must be an ISO 8601 timestamp.") from error
    if parsed.tzinfo is None:
        raise XapiError(f"{name} must include a time zone.")
    return parsed.isoformat()


def _limit(params: dict[str, str]) -> int:
    value = params.get("limit", "0")
    if not value.isdigit():
        raise XapiError("limit must be a whole number, 0 or more.")
    return int(value)


def filtered_statements(
    caller: Caller, wanted: StatementFilter
) -> tuple[list[Statement], StatementFilter | None]:
    """One page of statements and the filter for the next page, if there is one.

    Besides the statements that match, xAPI returns the statements that point
    at a matching one with a StatementRef (a voiding statement, say), even
    when the statement they point at is voided. Those few are fetched apart
    and merged in, so the main query keeps using its index.
    """
    visible = statements_visible(caller)
    size = min(wanted.limit or PAGE_SIZE, MAX_PAGE_SIZE)
    order = ("stored", "id") if wanted.ascending else ("-stored", "-id")
    page = _in_window(_matching(visible, caller, wanted).filter(voided=False), wanted)
    rows = list(page.order_by(*order).only("id", "payload", "stored")[: size + 1])
    if _has_content_filter(wanted):
        targets = _matching(visible, caller, wanted).values("statement_id")
        referring = _in_window(
            visible.filter(voided=False, target_statement_id__in=targets), wanted
        )
        extra = list(referring.order_by(*order).only("id", "payload", "stored")[: size + 1])
        if extra:
            merged = {row.pk: row for row in [*rows, *extra]}.values()
            rows = sorted(
                merged, key=lambda row: (row.stored, row.pk), reverse=not wanted.ascending
            )
            rows = rows[: size + 1]
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    last = rows[-1]
    following = StatementFilter(**asdict(wanted))
    following.after_stored = last.stored.isoformat()
    following.after_id = last.pk
    return rows, following


def _has_content_filter(wanted: StatementFilter) -> bool:
    return bool(wanted.agent or wanted.verb or wanted.activity or wanted.registration)


def _matching(
    statements: QuerySet[Statement], caller: Caller, wanted: StatementFilter
) -> QuerySet[Statement]:
    if wanted.agent:
        direct = Q(actor_ifi=wanted.agent) | Q(object_ifi=wanted.agent)
        if wanted.related_agents:
            agents = StatementAgent.objects.filter(store_id=caller.store_id, ifi=wanted.agent)
            direct |= Q(id__in=agents.values("statement_id"))
            direct |= Q(credential__in=credentials_with_authority(caller.store_id, wanted.agent))
        statements = statements.filter(direct)
    if wanted.verb:
        statements = statements.filter(verb_id=wanted.verb)
    if wanted.activity:
        direct = Q(activity_id=wanted.activity)
        if wanted.related_activities:
            activities = StatementActivity.objects.filter(
                store_id=caller.store_id, activity_id=wanted.activity
            )
            direct |= Q(id__in=activities.values("statement_id"))
        statements = statements.filter(direct)
    if wanted.registration:
        statements = statements.filter(registration=wanted.registration)
    return statements


def _in_window(statements: QuerySet[Statement], wanted: StatementFilter) -> QuerySet[Statement]:
    """Since, until, and where the previous page ended."""
    if wanted.since:
        statements = statements.filter(stored__gt=wanted.since)
    if wanted.until:
        statements = statements.filter(stored__lte=wanted.until)
    if wanted.after_stored:
        after = datetime.fromisoformat(wanted.after_stored)
        if wanted.ascending:
            statements = statements.filter(
                Q(stored__gt=after) | Q(stored=after, id__gt=wanted.after_id)
            )
        else:
            statements = statements.filter(
                Q(stored__lt=after) | Q(stored=after, id__lt=wanted.after_id)
            )
    return statements


def more_token(following: StatementFilter, caller: Caller) -> str:
    return signing.dumps(
        {"filter": asdict(following), "credential": caller.credential_id}, salt=_MORE_SALT
    )


def filter_from_more(token: str, caller: Caller) -> StatementFilter:
    try:
        data = signing.loads(token, salt=_MORE_SALT, max_age=24 * 3600)
    except signing.BadSignature as error:
        raise XapiError("This 'more' link is not valid or has expired.") from error
    if data.get("credential") != caller.credential_id:
        raise XapiError("This 'more' link belongs to another credential.")
    return StatementFilter(**data["filter"])


def attachment_parts(caller: Caller, statements: list[dict[str, Any]]) -> list[AttachmentPart]:
    wanted = {
        attachment["sha2"]
        for statement in statements
        for attachment in statement.get("attachments") or []
    }
    if not wanted:
        return []
    return [
        AttachmentPart(sha2=row.sha2, content_type=row.content_type, content=bytes(row.content))
        for row in AttachmentContent.objects.filter(store_id=caller.store_id, sha2__in=wanted)
    ]
