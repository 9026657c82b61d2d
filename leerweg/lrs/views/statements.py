"""The statements resource: /xapi/statements."""

import json
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from leerweg.lrs import selectors, services
from leerweg.lrs.http import XapiRequest, http_date, json_response, no_content, serve
from leerweg.lrs.xapi.errors import XapiError
from leerweg.lrs.xapi.multipart import build_multipart_response, parse_statement_request
from leerweg.lrs.xapi.output import accepted_languages, in_format

_SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}


@csrf_exempt
@login_not_required
def statements(request: HttpRequest) -> HttpResponse:
    response = serve(request, {"GET": _get, "PUT": _put, "POST": _post})
    if "X-Experience-API-Consistent-Through" not in response:
        # Also on errors (and on the alternate syntax's POSTs that stand for a
        # GET): a client learns how current the store is either way.
        response["X-Experience-API-Consistent-Through"] = _iso_now()
    return response


def _statement_batch(request: XapiRequest) -> tuple[Any, dict[str, Any]]:
    if request.content_type not in ("application/json", "multipart/mixed"):
        raise XapiError("Send statements as application/json or multipart/mixed.")
    json_bytes, parts = parse_statement_request(
        request.body, request.headers.get("content-type", "")
    )
    try:
        return json.loads(json_bytes), parts
    except (ValueError, UnicodeDecodeError) as error:
        raise XapiError(f"The statements are not valid JSON: {error}") from error


def _put(request: XapiRequest) -> HttpResponse:
    statement_id = request.params.get("statementId")
    if not statement_id:
        raise XapiError("PUT needs the statementId parameter.")
    extra = set(request.params) - {"statementId"}
    if extra:
        raise XapiError(f"Unknown parameter(s) for PUT: {', '.join(sorted(extra))}.")
    statement, parts = _statement_batch(request)
    if not isinstance(statement, dict):
        raise XapiError("PUT takes one statement, a JSON object.")
    statement_id = selectors.canonical_uuid(statement_id, "statementId")
    if "id" in statement and selectors.canonical_uuid(statement["id"], "id") != statement_id:
        raise XapiError("The statement's id differs from the statementId parameter.", 400)
    statement["id"] = statement_id
    services.store_statements(request.require_caller(), request.version, [statement], parts)
    return no_content()


def _post(request: XapiRequest) -> HttpResponse:
    if request.params:
        raise XapiError(f"Unknown parameter(s) for POST: {', '.join(sorted(request.params))}.")
    batch, parts = _statement_batch(request)
    statements = batch if isinstance(batch, list) else [batch]
    if not statements:
        raise XapiError("The batch holds no statements.")
    ids = services.store_statements(request.require_caller(), request.version, statements, parts)
    return json_response(ids)


def _get(request: XapiRequest) -> HttpResponse:
    consistent = {"X-Experience-API-Consistent-Through": _iso_now()}
    params = request.params
    if "statementId" in params or "voidedStatementId" in params:
        return _get_single(request, consistent)
    caller = request.require_caller()
    if "more" in params:
        if set(params) != {"more"}:
            raise XapiError("A 'more' link takes no other parameters.")
        wanted = selectors.filter_from_more(params["more"], caller)
    else:
        wanted = selectors.parse_filter(params, request.version)
    rows, following = selectors.filtered_statements(caller, wanted)
    languages = accepted_languages(request.accept_language)
    formatted = [in_format(json.loads(row.payload), wanted.format, languages) for row in rows]
    result: dict[str, Any] = {"statements": formatted}
    if following is not None:
        result["more"] = "/xapi/statements?more=" + selectors.more_token(following, caller)
    else:
        result["more"] = ""
    headers = dict(consistent)
    if rows:
        headers["Last-Modified"] = http_date(max(row.stored for row in rows))
    return _respond(caller, result, formatted, wanted.attachments, headers)


def _get_single(request: XapiRequest, headers: dict[str, str]) -> HttpResponse:
    params = request.params
    if "statementId" in params and "voidedStatementId" in params:
        raise XapiError("Give either statementId or voidedStatementId, not both.")
    extra = set(params) - _SINGLE_PARAMS
    if extra:
        raise XapiError(
            "With statementId or voidedStatementId only format and attachments may be given; "
            f"not {', '.join(sorted(extra))}."
        )
    wanted = selectors.parse_filter(
        {k: v for k, v in params.items() if k in ("format", "attachments")}, request.version
    )
    voided = "voidedStatementId" in params
    caller = request.require_caller()
    row = selectors.single_statement(
        caller, params["voidedStatementId" if voided else "statementId"], voided=voided
    )
    if row is None:
        raise XapiError("No such statement.", 404)
    statement = in_format(
        json.loads(row.payload), wanted.format, accepted_languages(request.accept_language)
    )
    headers = {**headers, "Last-Modified": http_date(row.stored)}
    return _respond(caller, statement, [statement], wanted.attachments, headers)


def _respond(
    caller: Any,
    result: object,
    statements: list[dict[str, Any]],
    with_attachments: bool,
    headers: dict[str, str],
) -> HttpResponse:
    if not with_attachments:
        return json_response(result, headers=headers)
    parts = selectors.attachment_parts(caller, statements)
    body, content_type = build_multipart_response(
        json.dumps(result, ensure_ascii=False).encode(), parts
    )
    response = HttpResponse(body, content_type=content_type)
    for name, value in headers.items():
        response[name] = value
    return response


def _iso_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
