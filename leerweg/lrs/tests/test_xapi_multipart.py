"""multipart/mixed statement requests and responses, without HTTP or a database."""

import hashlib
import json
import re

import pytest

from leerweg.lrs.xapi.errors import XapiError
from leerweg.lrs.xapi.multipart import (
    AttachmentPart,
    build_multipart_response,
    check_attachments_present,
    parse_statement_request,
)

BOUNDARY = "-------314159265358979323846"
MULTIPART = f"multipart/mixed; boundary={BOUNDARY}"
TEXT = b"here is a simple attachment"
TEXT_SHA2 = hashlib.sha256(TEXT).hexdigest()
# Every byte value, line breaks and boundary-like dashes included.
BINARY = bytes(range(256)) + b"\r\n--\r\n\r\n" + bytes(range(255, -1, -1))
BINARY_SHA2 = hashlib.sha256(BINARY).hexdigest()


def attachment(sha2: str, **extra: object) -> dict[str, object]:
    return {
        "usageType": "http://example.com/attachment-usage/test",
        "display": {"en-US": "A test attachment"},
        "contentType": "text/plain",
        "length": 27,
        "sha2": sha2,
        **extra,
    }


def statement(*attachments: dict[str, object]) -> dict[str, object]:
    return {
        "actor": {"mbox": "mailto:sanne@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
        "object": {"id": "http://example.com/activities/1"},
        "attachments": list(attachments),
    }


def attachment_part(
    content: bytes, sha2: str | None = None, encoding: str | None = "binary"
) -> list[str | bytes]:
    head = ["Content-Type: text/plain"]
    if encoding is not None:
        head.append(f"Content-Transfer-Encoding: {encoding}")
    if sha2 is not None:
        head.append(f"X-Experience-API-Hash: {sha2}")
    return [*head, "", content]


def body(*parts: list[str | bytes], boundary: str = BOUNDARY, line_end: str = "\r\n") -> bytes:
    """A multipart body the way the conformance suite writes one."""
    chunks: list[bytes] = []
    for lines in parts:
        chunks.append(f"--{boundary}{line_end}".encode())
        for line in lines:
            data = line if isinstance(line, bytes) else line.encode()
            chunks.append(data + line_end.encode())
    chunks.append(f"--{boundary}--{line_end}".encode())
    return b"".join(chunks)


def json_part(value: object) -> list[str | bytes]:
    return ["Content-Type: application/json", "", json.dumps(value).encode()]


def test_application_json_is_passed_through() -> None:
    raw = b'{"actor": {}}'
    assert parse_statement_request(raw, "application/json; charset=utf-8") == (raw, {})


def test_statements_and_parts_come_apart() -> None:
    statements = [statement(attachment(TEXT_SHA2), attachment(BINARY_SHA2))]
    raw = body(
        json_part(statements),
        attachment_part(TEXT, TEXT_SHA2),
        attachment_part(BINARY, BINARY_SHA2),
    )
    statements_json, parts = parse_statement_request(raw, MULTIPART)
    assert json.loads(statements_json) == statements
    assert parts == {
        TEXT_SHA2: AttachmentPart(TEXT_SHA2, "text/plain", TEXT),
        BINARY_SHA2: AttachmentPart(BINARY_SHA2, "text/plain", BINARY),
    }
    check_attachments_present(statements, parts)


def test_the_suites_signed_statement_layout() -> None:
    # Leading CRLF, no space after the colons, no line break after the closing boundary.
    raw = (
        (
            f"\r\n--{BOUNDARY}\r\nContent-Type:application/json\r\n\r\n{{}}"
            f"\r\n--{BOUNDARY}\r\nContent-Type:application/octet-stream\r\n"
            f"Content-Transfer-Encoding:binary\r\nX-Experience-API-Hash:{TEXT_SHA2}\r\n\r\n"
        ).encode()
        + TEXT
        + f"\r\n--{BOUNDARY}--".encode()
    )
    statements_json, parts = parse_statement_request(raw, MULTIPART)
    assert statements_json == b"{}"
    assert parts[TEXT_SHA2] == AttachmentPart(TEXT_SHA2, "application/octet-stream", TEXT)


def test_quoted_boundary_preamble_epilogue_and_padding() -> None:
    boundary = "simple boundary:with=odd+chars"
    raw = (
        b"This is the preamble.\r\n"
        + body(json_part([]), attachment_part(TEXT, TEXT_SHA2.upper()), boundary=boundary)
        + b"This is the epilogue.\r\n"
    ).replace(b"--\r\n", b"-- \t\r\n")
    header = f'Multipart/Mixed; charset=utf-8; Boundary="{boundary}"'
    statements_json, parts = parse_statement_request(raw, header)
    assert statements_json == b"[]"
    assert parts[TEXT_SHA2].content == TEXT


def test_bare_line_feeds_are_accepted() -> None:
    raw = body(json_part([]), attachment_part(TEXT, TEXT_SHA2), line_end="\n")
    statements_json, parts = parse_statement_request(raw, MULTIPART)
    assert statements_json == b"[]"
    assert parts[TEXT_SHA2].content == TEXT


def test_a_boundary_prefix_inside_content_is_content() -> None:
    content = f"line\r\n--{BOUNDARY}not-a-boundary\r\nmore".encode()
    sha2 = hashlib.sha256(content).hexdigest()
    _, parts = parse_statement_request(
        body(json_part([]), attachment_part(content, sha2)), MULTIPART
    )
    assert parts[sha2].content == content


def test_statements_only_multipart_is_accepted() -> None:
    statements_json, parts = parse_statement_request(body(json_part([])), MULTIPART)
    assert (statements_json, parts) == (b"[]", {})


@pytest.mark.parametrize(
    ("raw", "content_type", "message"),
    [
        (body(json_part([])), "multipart/form-data; boundary=" + BOUNDARY, "Content-Type"),
        (b"{}", "", "missing"),
        (body(json_part([])), "multipart/mixed;", "boundary parameter"),
        (body(json_part([]), boundary="other"), MULTIPART, "does not contain the boundary"),
        (body(json_part([]))[: -len("--\r\n")], MULTIPART, "closing boundary"),
        (f"--{BOUNDARY}--\r\n".encode(), MULTIPART, "no parts"),
        (
            body(["Content-Type: text/plain", "", b"[]"]),
            MULTIPART,
            "first part",
        ),
        (body(["", b"[]"]), MULTIPART, "first part"),
        (
            body(["Content-Type application/json", "", b"[]"]),
            MULTIPART,
            "malformed header",
        ),
    ],
    ids=[
        "form-data",
        "no content type",
        "no boundary parameter",
        "boundary not in body",
        "not closed",
        "no parts",
        "first part not json",
        "first part without headers",
        "header without colon",
    ],
)
def test_malformed_requests_are_refused(raw: bytes, content_type: str, message: str) -> None:
    with pytest.raises(XapiError, match=message) as refused:
        parse_statement_request(raw, content_type)
    assert refused.value.status == 400


@pytest.mark.parametrize(
    ("part", "message"),
    [
        (attachment_part(TEXT), "X-Experience-API-Hash header"),
        (attachment_part(TEXT, TEXT_SHA2, encoding=None), "Content-Transfer-Encoding"),
        (attachment_part(TEXT, TEXT_SHA2, encoding="base64"), "Content-Transfer-Encoding"),
        (attachment_part(TEXT, "b018994f" * 8), "does not have that hash"),
        (attachment_part(TEXT, "not-a-hash"), "not a SHA-2"),
        (attachment_part(TEXT, "g" * 64), "not a SHA-2"),
        (json_part([]), "X-Experience-API-Hash header"),
    ],
    ids=[
        "no hash",
        "no encoding",
        "base64",
        "wrong hash",
        "hash not hex",
        "hash bad digits",
        "second json part",
    ],
)
def test_malformed_attachment_parts_are_refused(part: list[str | bytes], message: str) -> None:
    with pytest.raises(XapiError, match=message):
        parse_statement_request(body(json_part([]), part), MULTIPART)


def test_other_sha2_lengths_are_checked_too() -> None:
    sha512 = hashlib.sha512(TEXT).hexdigest()
    _, parts = parse_statement_request(
        body(json_part([]), attachment_part(TEXT, sha512)), MULTIPART
    )
    assert list(parts) == [sha512]


def test_a_missing_boundary_before_a_part_leaves_the_attachment_missing() -> None:
    # Conformance XAPI-00130: the attachment headers end up inside the JSON part.
    statements = [statement(attachment(TEXT_SHA2))]
    json_then_attachment = [*json_part(statements), *attachment_part(TEXT, TEXT_SHA2)]
    raw = body(json_then_attachment)
    statements_json, parts = parse_statement_request(raw, MULTIPART)
    assert parts == {}
    with pytest.raises(ValueError):
        json.loads(statements_json)
    with pytest.raises(XapiError, match="no fileUrl and no part"):
        check_attachments_present(statements, parts)


def test_an_attachment_with_file_url_needs_no_part() -> None:
    check_attachments_present([statement(attachment(TEXT_SHA2, fileUrl="http://x.test/a"))], {})


def test_an_attachment_without_file_url_needs_its_part() -> None:
    with pytest.raises(XapiError, match="no fileUrl and no part") as refused:
        check_attachments_present([statement(attachment(TEXT_SHA2))], {})
    assert refused.value.status == 400


def test_a_part_no_statement_refers_to_is_refused() -> None:
    parts = {
        TEXT_SHA2: AttachmentPart(TEXT_SHA2, "text/plain", TEXT),
        BINARY_SHA2: AttachmentPart(BINARY_SHA2, "text/plain", BINARY),
    }
    with pytest.raises(XapiError, match=BINARY_SHA2):
        check_attachments_present([statement(attachment(TEXT_SHA2))], parts)


def test_references_match_case_insensitively_and_may_repeat() -> None:
    parts = {TEXT_SHA2: AttachmentPart(TEXT_SHA2, "text/plain", TEXT)}
    statements = [statement(attachment(TEXT_SHA2.upper())), statement(attachment(TEXT_SHA2))]
    check_attachments_present(statements, parts)


def test_sub_statement_attachments_count() -> None:
    parts = {TEXT_SHA2: AttachmentPart(TEXT_SHA2, "text/plain", TEXT)}
    sub_statement = {**statement(attachment(TEXT_SHA2)), "objectType": "SubStatement"}
    check_attachments_present([{**statement(), "object": sub_statement}], parts)


def test_malformed_statements_are_left_to_validation() -> None:
    check_attachments_present(["not a statement", {"attachments": [12, {"sha2": 5}]}], {})


def test_response_round_trips_through_the_parser() -> None:
    statements_json = json.dumps({"statements": [statement(attachment(BINARY_SHA2))]}).encode()
    parts = [AttachmentPart(BINARY_SHA2, "image/jpeg", BINARY)]
    raw, content_type = build_multipart_response(statements_json, parts)
    assert parse_statement_request(raw, content_type) == (statements_json, {BINARY_SHA2: parts[0]})


def test_response_has_the_layout_the_suite_reads() -> None:
    statements_json = json.dumps(statement(attachment(TEXT_SHA2))).encode()
    part = AttachmentPart(TEXT_SHA2, "text/plain", TEXT)
    raw, content_type = build_multipart_response(statements_json, [part, part])
    # The suite takes the boundary from "; boundary=" without quotes.
    boundary = content_type.split(";")[1].replace(" boundary=", "")
    assert content_type == f"multipart/mixed; boundary={boundary}"
    assert re.fullmatch(r"[0-9a-f]{32}", boundary)
    text = raw.decode()
    # Once in the statement, once in the part header: each part is sent once.
    assert text.count(TEXT_SHA2) == 2
    sections = text.split(f"--{boundary}")
    assert sections[0] == ""
    assert (
        sections[1] == f"\r\nContent-Type: application/json\r\n\r\n{statements_json.decode()}\r\n"
    )
    assert sections[2] == (
        "\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n"
        f"X-Experience-API-Hash: {TEXT_SHA2}\r\n\r\n{TEXT.decode()}\r\n"
    )
    assert sections[3] == "--\r\n"


def test_response_never_puts_a_line_break_in_a_header() -> None:
    part = AttachmentPart(TEXT_SHA2, "text/plain\r\nX-Injected: yes", TEXT)
    raw, _ = build_multipart_response(b"[]", [part])
    assert b"X-Injected" not in raw
    assert b"Content-Type: application/octet-stream\r\n" in raw
