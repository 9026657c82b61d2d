"""The xAPI HTTP conventions shared by every resource.

A request becomes an :class:`XapiRequest` first: headers and parameters the
same whether they came as a normal request or, in xAPI 1.0.3, folded into a
form by the alternate request syntax. Resource handlers then see one shape
and answer with :class:`XapiResponse`-producing helpers.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from leerweg.lrs.auth import Caller, caller_from_authorization
from leerweg.lrs.xapi.errors import XapiError
from leerweg.lrs.xapi.versions import XapiVersion, negotiate_version

# Headers that the alternate request syntax carries as form fields.
_FORM_HEADERS = {
    "authorization": "Authorization",
    "x-experience-api-version": "X-Experience-API-Version",
    "content-type": "Content-Type",
    "content-length": "Content-Length",
    "if-match": "If-Match",
    "if-none-match": "If-None-Match",
}
_ALTERNATE_METHODS = {"GET", "PUT", "POST", "DELETE", "HEAD"}


@dataclass
class XapiRequest:
    method: str
    params: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    version: XapiVersion = XapiVersion.V2_0_0
    caller: Caller | None = None
    accept_language: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json_body(self) -> object:
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as error:
            raise XapiError(f"The request body is not valid JSON: {error}") from error

    def require_caller(self) -> Caller:
        if self.caller is None:
            raise XapiError("Authentication failed: give a valid xAPI key and secret.", 401)
        return self.caller


# xAPI 1.0 treats a request without a version header as a 0.9 request, which
# this LRS does not serve: the refusal says so in that version's terms, the
# one answer both the 1.0.3 and the 2.0 rules accept.
UNVERSIONED_REQUEST = "0.9"


def error_response(error: XapiError, version: XapiVersion | str | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps({"error": True, "message": error.message}),
        status=error.status,
        content_type="application/json",
    )
    if error.status == 401:
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
    response["X-Experience-API-Version"] = str(version or XapiVersion.V2_0_0)
    return response


def json_response(
    content: object | bytes | str, status: int = 200, headers: Mapping[str, str] | None = None
) -> HttpResponse:
    if isinstance(content, bytes | str):
        body = content
    else:
        body = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def no_content(headers: Mapping[str, str] | None = None) -> HttpResponse:
    response = HttpResponse(status=204)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def read_request(request: HttpRequest) -> XapiRequest:
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > settings.LEERWEG_XAPI_MAX_BODY_BYTES:
        raise XapiError(
            f"The request body is {length} bytes; this LRS accepts at most "
            f"{settings.LEERWEG_XAPI_MAX_BODY_BYTES}.",
            status=413,
        )
    body = request.read() if length else b""
    params, duplicated = _single_params(parse_qsl(request.META.get("QUERY_STRING", ""), True))
    headers = {
        name.lower(): value
        for name, value in request.headers.items()
        if name.lower() in _FORM_HEADERS or name.lower() == "accept-language"
    }
    xapi_request = XapiRequest(
        method=request.method or "GET",
        params=params,
        headers=headers,
        body=body,
        accept_language=request.headers.get("Accept-Language", ""),
    )
    if "method" in params:
        xapi_request = _unfold_alternate_syntax(xapi_request)
    elif duplicated:
        raise XapiError(f"The parameter {duplicated!r} is given more than once.")
    return xapi_request


def _single_params(pairs: list[tuple[str, str]]) -> tuple[dict[str, str], str]:
    params: dict[str, str] = {}
    duplicated = ""
    for name, value in pairs:
        if name in params:
            duplicated = name
        params[name] = value
    return params, duplicated


def _unfold_alternate_syntax(request: XapiRequest) -> XapiRequest:
    """Turn a 1.0.3 alternate-syntax POST back into the request it stands for."""
    if request.method != "POST":
        raise XapiError("The alternate request syntax must be sent as a POST.")
    if set(request.params) != {"method"}:
        raise XapiError(
            "With the alternate request syntax, 'method' must be the only query parameter."
        )
    method = request.params["method"].upper()
    if method not in _ALTERNATE_METHODS:
        raise XapiError(f"'{request.params['method']}' is not a method the LRS knows.")
    if request.content_type != "application/x-www-form-urlencoded":
        raise XapiError(
            "The alternate request syntax needs Content-Type application/x-www-form-urlencoded."
        )
    try:
        form = parse_qsl(request.body.decode(), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError as error:
        raise XapiError("The form is not valid UTF-8.") from error
    # Headers sent as headers count too; the form's take precedence.
    headers = {name: value for name, value in request.headers.items() if name != "content-type"}
    params: dict[str, str] = {}
    content = b""
    for name, value in form:
        lowered = name.lower()
        if lowered in _FORM_HEADERS:
            headers[lowered] = value
        elif name == "content":
            content = value.encode()
        else:
            params[name] = value
    if "content-type" not in headers and content:
        headers["content-type"] = "application/json"
    return XapiRequest(
        method=method,
        params=params,
        headers=headers,
        body=content,
        accept_language=request.accept_language,
        extra={"alternate": True},
    )


Handler = Callable[[XapiRequest], HttpResponse]


def serve(request: HttpRequest, handlers: Mapping[str, Handler]) -> HttpResponse:
    version: XapiVersion | str | None = None
    try:
        xapi_request = read_request(request)
        version, version_error = _version_of(xapi_request)
        caller = caller_from_authorization(xapi_request.header("authorization"))
        if caller is None:
            raise XapiError("Authentication failed: give a valid xAPI key and secret.", 401)
        if version_error is not None or not isinstance(version, XapiVersion):
            raise version_error or XapiError("The version header is not understood.")
        xapi_request.caller = caller
        xapi_request.version = version
        if xapi_request.extra.get("alternate") and version is XapiVersion.V2_0_0:
            raise XapiError("xAPI 2.0 does not allow the alternate request syntax.")
        method = "GET" if xapi_request.method == "HEAD" else xapi_request.method
        handler = handlers.get(method)
        if handler is None:
            raise XapiError(f"This resource does not answer {xapi_request.method}.", 405)
        response = handler(xapi_request)
    except XapiError as error:
        return error_response(error, version)
    response["X-Experience-API-Version"] = xapi_request.version.value
    if xapi_request.method == "HEAD":
        response.content = b""
    return response


def _version_of(request: XapiRequest) -> tuple[XapiVersion | str | None, XapiError | None]:
    """The version to process with, or to answer an error in, and the error if any."""
    header = request.header("x-experience-api-version")
    try:
        return negotiate_version(header), None
    except XapiError as error:
        return (UNVERSIONED_REQUEST if not header else None), error
