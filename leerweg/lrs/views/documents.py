"""The document resources and the Activities and Agents resources.

/xapi/activities/state, /xapi/activities/profile and /xapi/agents/profile
hold documents (see :mod:`leerweg.lrs.documents`); /xapi/activities and
/xapi/agents describe an activity or a person.
"""

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from leerweg.lrs import documents
from leerweg.lrs.documents import DocumentScope, Preconditions, Upload
from leerweg.lrs.http import XapiRequest, http_date, json_response, no_content, serve
from leerweg.lrs.models import DocumentKind
from leerweg.lrs.xapi.errors import XapiError
from leerweg.lrs.xapi.formats import is_iri, is_uuid
from leerweg.lrs.xapi.indexing import agent_ifi
from leerweg.lrs.xapi.validation import validate_agent_parameter

# The longest activity IRI or document id a Document row can hold.
_MAX_LENGTH = 2048


@csrf_exempt
@login_not_required
def state(request: HttpRequest) -> HttpResponse:
    return _document_resource(request, DocumentKind.STATE)


@csrf_exempt
@login_not_required
def activity_profile(request: HttpRequest) -> HttpResponse:
    return _document_resource(request, DocumentKind.ACTIVITY_PROFILE)


@csrf_exempt
@login_not_required
def agent_profile(request: HttpRequest) -> HttpResponse:
    return _document_resource(request, DocumentKind.AGENT_PROFILE)


@csrf_exempt
@login_not_required
def activities(request: HttpRequest) -> HttpResponse:
    def get(xapi: XapiRequest) -> HttpResponse:
        params = _params(xapi, required={"activityId"})
        activity_id = _iri(params["activityId"], "activityId")
        return json_response(documents.activity_object(xapi.require_caller(), activity_id))

    return serve(request, {"GET": get})


@csrf_exempt
@login_not_required
def agents(request: HttpRequest) -> HttpResponse:
    def get(xapi: XapiRequest) -> HttpResponse:
        params = _params(xapi, required={"agent"})
        agent = _agent(params["agent"], xapi)
        if agent.get("objectType") == "Group":
            raise XapiError("The Agents resource describes a person: give an Agent, not a Group.")
        return json_response(documents.person_object(xapi.require_caller(), agent))

    return serve(request, {"GET": get})


# Which parameters identify the documents of each resource, apart from the
# document id; the State resource also takes an optional registration.
_SCOPE_PARAMS = {
    DocumentKind.STATE: {"activityId", "agent"},
    DocumentKind.ACTIVITY_PROFILE: {"activityId"},
    DocumentKind.AGENT_PROFILE: {"agent"},
}
_ID_PARAM = {
    DocumentKind.STATE: "stateId",
    DocumentKind.ACTIVITY_PROFILE: "profileId",
    DocumentKind.AGENT_PROFILE: "profileId",
}


def _document_resource(request: HttpRequest, kind: DocumentKind) -> HttpResponse:
    def bind(
        handler: Callable[[XapiRequest, DocumentKind], HttpResponse],
    ) -> Callable[[XapiRequest], HttpResponse]:
        return lambda xapi: handler(xapi, kind)

    return serve(
        request,
        {"GET": bind(_get), "PUT": bind(_put), "POST": bind(_post), "DELETE": bind(_delete)},
    )


def _get(xapi: XapiRequest, kind: DocumentKind) -> HttpResponse:
    params, scope = _scope(xapi, kind, id_required=False, extra={"since"})
    caller = xapi.require_caller()
    document_id = params.get(_ID_PARAM[kind])
    if document_id is None:
        ids, newest = documents.document_ids(caller, scope, _since(params.get("since")))
        headers = {"Last-Modified": http_date(newest)} if newest else {}
        return json_response(ids, headers=headers)
    document = documents.document_get(caller, scope, document_id)
    if document is None:
        raise XapiError("No such document.", 404)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = documents.quoted_etag(document)
    response["Last-Modified"] = http_date(document.updated)
    return response


def _put(xapi: XapiRequest, kind: DocumentKind) -> HttpResponse:
    params, scope = _scope(xapi, kind, id_required=True)
    documents.document_put(
        caller=xapi.require_caller(),
        scope=scope,
        document_id=params[_ID_PARAM[kind]],
        upload=_upload(xapi),
        preconditions=_preconditions(xapi),
        version=xapi.version,
    )
    return no_content()


def _post(xapi: XapiRequest, kind: DocumentKind) -> HttpResponse:
    params, scope = _scope(xapi, kind, id_required=True)
    documents.document_post(
        caller=xapi.require_caller(),
        scope=scope,
        document_id=params[_ID_PARAM[kind]],
        upload=_upload(xapi),
        preconditions=_preconditions(xapi),
    )
    return no_content()


def _delete(xapi: XapiRequest, kind: DocumentKind) -> HttpResponse:
    # Only the State resource may delete all documents in a scope at once.
    params, scope = _scope(xapi, kind, id_required=kind != DocumentKind.STATE)
    caller = xapi.require_caller()
    document_id = params.get(_ID_PARAM[kind])
    if document_id is None:
        documents.documents_delete(caller=caller, scope=scope)
    else:
        documents.document_delete(
            caller=caller,
            scope=scope,
            document_id=document_id,
            preconditions=_preconditions(xapi),
        )
    return no_content()


def _scope(
    xapi: XapiRequest, kind: DocumentKind, *, id_required: bool, extra: set[str] | None = None
) -> tuple[dict[str, str], DocumentScope]:
    id_param = _ID_PARAM[kind]
    required = _SCOPE_PARAMS[kind] | ({id_param} if id_required else set())
    optional = (extra or set()) | ({id_param} if not id_required else set())
    if kind == DocumentKind.STATE:
        optional.add("registration")
    params = _params(xapi, required=required, optional=optional)
    if id_param in params:
        _document_id(params[id_param], id_param)
    scope = DocumentScope(
        kind=kind,
        activity_id=_iri(params["activityId"], "activityId") if "activityId" in params else "",
        agent_ifi=agent_ifi(_agent(params["agent"], xapi)) if "agent" in params else "",
        registration=_registration(params.get("registration")),
    )
    return params, scope


def _params(
    xapi: XapiRequest, *, required: set[str], optional: set[str] | None = None
) -> dict[str, str]:
    params = xapi.params
    missing = required - set(params)
    if missing:
        raise XapiError(f"Missing parameter(s): {', '.join(sorted(missing))}.")
    unknown = set(params) - required - (optional or set())
    if unknown:
        raise XapiError(f"Unknown parameter(s) for {xapi.method}: {', '.join(sorted(unknown))}.")
    return params


def _agent(value: str, xapi: XapiRequest) -> dict[str, Any]:
    try:
        agent = json.loads(value)
    except ValueError as error:
        raise XapiError("The agent parameter is not valid JSON.") from error
    validate_agent_parameter(agent, xapi.version)
    if not isinstance(agent, dict) or not agent_ifi(agent):
        raise XapiError("The agent parameter must identify an Agent.")
    return agent


def _iri(value: str, name: str) -> str:
    if not is_iri(value) or len(value) > _MAX_LENGTH:
        raise XapiError(f"{name} must be an IRI of at most {_MAX_LENGTH} characters.")
    return value


def _document_id(value: str, name: str) -> None:
    if not value or len(value) > _MAX_LENGTH:
        raise XapiError(f"{name} must be a text of 1 to {_MAX_LENGTH} characters.")


def _registration(value: str | None) -> str | None:
    if value is None:
        return None
    if not is_uuid(value):
        raise XapiError("registration must be a UUID.")
    return str(uuid.UUID(value))


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise XapiError("since must be an ISO 8601 timestamp.") from error
    if parsed.tzinfo is None:
        raise XapiError("since must include a time zone.")
    return parsed


def _upload(xapi: XapiRequest) -> Upload:
    return Upload(content=xapi.body, content_type=xapi.headers.get("content-type", "").strip())


def _preconditions(xapi: XapiRequest) -> Preconditions:
    return Preconditions(
        if_match=xapi.header("if-match"), if_none_match=xapi.header("if-none-match")
    )
