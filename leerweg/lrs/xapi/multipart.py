"""Statement requests and responses with attachments: multipart/mixed.

xAPI carries attachment data in a multipart/mixed body (RFC 2046 §5.1.1,
xAPI Communication 1.5.2): the first part holds the statements as JSON, every
further part the raw bytes of one attachment, named by the SHA-2 hash of those
bytes in its ``X-Experience-API-Hash`` header and sent with
``Content-Transfer-Encoding: binary``.

The parser works on bytes and never decodes a part's content, so binary data
comes through unchanged. It is strict where xAPI is (every malformation is a
400) and lenient where RFC 2046 allows variation: a preamble and epilogue,
transport padding after a boundary, a quoted boundary, and bare LF line ends
from clients that do not write CRLF.
"""

import hashlib
import itertools
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from leerweg.lrs.xapi.errors import XapiError

_HASH_HEADER = "x-experience-api-hash"
# An RFC 9110 "token": what header and parameter names are made of.
_NAME_PATTERN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_PARAMETER = re.compile(rf';\s*({_NAME_PATTERN})\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)')
_QUOTED_PAIR = re.compile(r"\\(.)")
_HEADER_NAME = re.compile(_NAME_PATTERN)
_LINE_BREAK = re.compile(r"\r?\n")
# What may follow "--boundary" on a boundary line: transport padding, then the line end.
_BOUNDARY_LINE_END = re.compile(rb"[ \t]*\r?\n")
_CLOSING = -1  # "start" of the part after the closing boundary: there is none
_HEX = re.compile(r"[0-9a-f]+")
# SHA-2 family, recognised by the length of the hex digest.
_SHA2_BY_HEX_LENGTH: dict[int, Callable[[bytes], Any]] = {
    56: hashlib.sha224,
    64: hashlib.sha256,
    96: hashlib.sha384,
    128: hashlib.sha512,
}

Headers = dict[str, str]


@dataclass(frozen=True)
class AttachmentPart:
    sha2: str
    content_type: str
    content: bytes


def parse_statement_request(
    body: bytes, content_type_header: str
) -> tuple[bytes, dict[str, AttachmentPart]]:
    """The statements JSON of a POST/PUT body and its attachment parts by sha2 (lower case)."""
    media_type, parameters = parse_content_type(content_type_header)
    if media_type == "application/json":
        return body, {}
    if media_type != "multipart/mixed":
        shown = media_type or "missing"
        raise XapiError(f"Content-Type must be application/json or multipart/mixed; it is {shown}.")
    parts = _split_parts(body, _boundary_of(parameters))
    statements_json = _statements_part(*parts[0])
    attachments: dict[str, AttachmentPart] = {}
    for headers, content in parts[1:]:
        part = _attachment_part(headers, content)
        attachments[part.sha2] = part
    return statements_json, attachments


def parse_content_type(header: str) -> tuple[str, dict[str, str]]:
    """The media type (lower case) and parameters (names lower case, values unquoted)."""
    media_type, _, rest = header.partition(";")
    parameters = {}
    for match in _PARAMETER.finditer(";" + rest):
        value = match.group(2)
        if value.startswith('"'):
            value = _QUOTED_PAIR.sub(r"\1", value[1:-1])
        parameters[match.group(1).lower()] = value
    return media_type.strip().lower(), parameters


def check_attachments_present(statements: list[Any], parts: dict[str, AttachmentPart]) -> None:
    """Every attachment without fileUrl has its part, and every part has its attachment.

    xAPI Communication 1.5.1/1.5.2 (conformance XAPI-00128, XAPI-00129, XAPI-00132):
    a missing part and a part no statement refers to are both a 400.
    """
    referenced: set[str] = set()
    for attachment in _all_attachments(statements):
        sha2 = attachment.get("sha2")
        if not isinstance(sha2, str):
            continue  # field validation reports the malformed attachment
        sha2 = sha2.lower()
        referenced.add(sha2)
        if "fileUrl" not in attachment and sha2 not in parts:
            raise XapiError(
                f"The attachment with sha2 {sha2} has no fileUrl and no part in the request."
            )
    unreferenced = sorted(parts.keys() - referenced)
    if unreferenced:
        raise XapiError(
            "The request has attachment parts that no statement refers to: "
            + ", ".join(unreferenced)
            + "."
        )


def build_multipart_response(
    statements_json: bytes, parts: list[AttachmentPart]
) -> tuple[bytes, str]:
    """A multipart/mixed body for GET ?attachments=true, and its Content-Type header."""
    unique_parts = list({part.sha2: part for part in parts}.values())
    boundary = _fresh_boundary([statements_json, *(part.content for part in unique_parts)])
    chunks = [_part_head(boundary, {"Content-Type": "application/json"}), statements_json]
    for part in unique_parts:
        headers = {
            "Content-Type": _safe_header_value(part.content_type),
            "Content-Transfer-Encoding": "binary",
            "X-Experience-API-Hash": part.sha2,
        }
        chunks += [b"\r\n", _part_head(boundary, headers), part.content]
    chunks.append(f"\r\n--{boundary}--\r\n".encode("ascii"))
    return b"".join(chunks), f"multipart/mixed; boundary={boundary}"


def _boundary_of(parameters: dict[str, str]) -> bytes:
    boundary = parameters.get("boundary", "")
    if not boundary:
        raise XapiError("A multipart/mixed Content-Type needs a boundary parameter.")
    if not boundary.isascii():
        raise XapiError("The multipart boundary must be ASCII.")
    return boundary.encode("ascii")


def _split_parts(body: bytes, boundary: bytes) -> list[tuple[Headers, bytes]]:
    """The (headers, content) of each part between the first and the closing boundary."""
    dash_boundary = b"--" + boundary
    start = _first_boundary(body, dash_boundary)
    parts = []
    while start != _CLOSING:
        end, next_start = _next_boundary(body, dash_boundary, start)
        parts.append(_split_head(body[start:end]))
        start = next_start
    if not parts:
        raise XapiError("The multipart/mixed body has no parts.")
    return parts


def _first_boundary(body: bytes, dash_boundary: bytes) -> int:
    """Where the first part starts; the first boundary may follow a preamble."""
    for position in itertools.chain([0], _line_starts_of(body, dash_boundary, 0)):
        start = _after_boundary(body, position, dash_boundary)
        if start is not None:
            return start
    raise XapiError("The multipart/mixed body does not contain the boundary from Content-Type.")


def _next_boundary(body: bytes, dash_boundary: bytes, start: int) -> tuple[int, int]:
    """Where the content from ``start`` ends, and where the part after it starts."""
    for position in _line_starts_of(body, dash_boundary, start):
        next_start = _after_boundary(body, position, dash_boundary)
        if next_start is not None:
            # The line break before a boundary belongs to the boundary, not to the content.
            end = position - 1
            if end > start and body[end - 1] == 0x0D:
                end -= 1
            return end, next_start
    raise XapiError("The multipart/mixed body does not end with the closing boundary.")


def _line_starts_of(body: bytes, dash_boundary: bytes, start: int) -> Iterator[int]:
    needle = b"\n" + dash_boundary
    found = body.find(needle, start)
    while found >= 0:
        yield found + 1
        found = body.find(needle, found + 1)


def _after_boundary(body: bytes, position: int, dash_boundary: bytes) -> int | None:
    """For a boundary line at ``position``: where the next part starts, or _CLOSING.

    None when there is no boundary line there (the boundary string is only a prefix).
    """
    if not body.startswith(dash_boundary, position):
        return None
    after = position + len(dash_boundary)
    if body.startswith(b"--", after):
        return _CLOSING
    line_end = _BOUNDARY_LINE_END.match(body, after)
    return line_end.end() if line_end else None


def _split_head(raw: bytes) -> tuple[Headers, bytes]:
    """A part's headers and content, split at the first empty line."""
    for blank_line in (b"\r\n", b"\n"):
        if raw.startswith(blank_line):
            return {}, raw[len(blank_line) :]
    ends = [(raw.find(separator), len(separator)) for separator in (b"\r\n\r\n", b"\n\n")]
    found = [(index, length) for index, length in ends if index >= 0]
    if not found:
        # RFC 2046 lets a part be headers only, with no content at all.
        return _parse_headers(raw), b""
    index, length = min(found)
    return _parse_headers(raw[:index]), raw[index + length :]


def _parse_headers(block: bytes) -> Headers:
    pieces: dict[str, list[str]] = {}
    name = ""
    for line in _LINE_BREAK.split(block.decode("latin-1")):
        if not line:
            continue
        if line[0] in " \t" and name:
            pieces[name].append(line.strip())  # a folded continuation line
            continue
        raw_name, colon, value = line.partition(":")
        name = raw_name.strip().lower()
        if not colon or not _HEADER_NAME.fullmatch(name):
            raise XapiError(f"A multipart part has a malformed header line: {line[:80]!r}.")
        pieces[name] = [value.strip()]
    return {name: " ".join(value) for name, value in pieces.items()}


def _statements_part(headers: Headers, content: bytes) -> bytes:
    media_type, _ = parse_content_type(headers.get("content-type", ""))
    if media_type != "application/json":
        raise XapiError(
            "The first part of a multipart/mixed body must hold the statements, "
            "with Content-Type application/json."
        )
    return content


def _attachment_part(headers: Headers, content: bytes) -> AttachmentPart:
    declared = headers.get(_HASH_HEADER, "").lower()
    if not declared:
        raise XapiError("Every attachment part needs an X-Experience-API-Hash header.")
    if headers.get("content-transfer-encoding", "").lower() != "binary":
        raise XapiError("Every attachment part needs the header Content-Transfer-Encoding: binary.")
    digest = _SHA2_BY_HEX_LENGTH.get(len(declared))
    if digest is None or not _HEX.fullmatch(declared):
        raise XapiError(f"X-Experience-API-Hash {declared[:140]!r} is not a SHA-2 hex digest.")
    if digest(content).hexdigest() != declared:
        raise XapiError(
            f"The content of the attachment part with X-Experience-API-Hash {declared} "
            "does not have that hash."
        )
    content_type = headers.get("content-type") or "application/octet-stream"
    return AttachmentPart(sha2=declared, content_type=content_type, content=content)


def _all_attachments(statements: list[Any]) -> Iterator[dict[str, Any]]:
    for statement in statements:
        if not isinstance(statement, dict):
            continue
        target = statement.get("object")
        holders = [statement]
        if isinstance(target, dict) and target.get("objectType") == "SubStatement":
            holders.append(target)
        for holder in holders:
            attachments = holder.get("attachments")
            if isinstance(attachments, list):
                yield from (item for item in attachments if isinstance(item, dict))


def _fresh_boundary(contents: list[bytes]) -> str:
    # 128 random bits practically never occur in content, but checking is cheap and certain.
    while True:
        boundary = secrets.token_hex(16)
        encoded = boundary.encode("ascii")
        if not any(encoded in content for content in contents):
            return boundary


def _part_head(boundary: str, headers: dict[str, str]) -> bytes:
    lines = [f"--{boundary}", *(f"{name}: {value}" for name, value in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")


def _safe_header_value(value: str) -> str:
    # A stored content type goes into a response header: no line breaks, Latin-1 only.
    if "\r" in value or "\n" in value or not value.isprintable():
        return "application/octet-stream"
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return "application/octet-stream"
    return value
