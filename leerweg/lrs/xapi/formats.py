"""Checks for the scalar formats xAPI statements use.

Each ``is_*`` function answers True/False and never raises; the statement validator
turns a False into an error with a path. All patterns are compiled once, at import.
"""

import re
from datetime import UTC, datetime, timedelta

# --- IRIs, IRLs, UUIDs, hashes -------------------------------------------------------

# RFC 3987: a scheme, a colon, then at least one character. Whitespace, control
# characters and the characters RFC 3987 never allows unescaped are refused; no further
# parsing, because IRIs are compared as plain strings anyway.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s\x00-\x1f\x7f<>\"{}|\\^`]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_SHA1_HEX = re.compile(r"[0-9a-fA-F]{40}")
_MAILTO = re.compile(r"mailto:[^@\s]+@[^@\s]+")
_VERSION_1_0 = re.compile(r"1\.0(?:\.\d+)?")
_VERSION_1_OR_2 = re.compile(r"[12]\.0(?:\.\d+)?")


def is_iri(value: object) -> bool:
    return type(value) is str and _IRI.fullmatch(value) is not None


def is_uuid(value: object) -> bool:
    """Any RFC 4122 textual UUID; xAPI does not restrict version or variant."""
    return type(value) is str and _UUID.fullmatch(value) is not None


def is_sha1_hex(value: object) -> bool:
    return type(value) is str and _SHA1_HEX.fullmatch(value) is not None


def is_mailto_iri(value: object) -> bool:
    return type(value) is str and _MAILTO.fullmatch(value) is not None


def is_statement_version(value: object, *, allow_2_0: bool) -> bool:
    """A statement's "version": "1.0" or "1.0.x", and under 2.0 also "2.0" or "2.0.x"."""
    pattern = _VERSION_1_OR_2 if allow_2_0 else _VERSION_1_0
    return type(value) is str and pattern.fullmatch(value) is not None


# --- RFC 5646 language tags -----------------------------------------------------------

_LANGUAGE_TAG = re.compile(
    r"""
    (?:
      (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})       # language (+ extlang)
      (?:-[a-z]{4})?                                    # script
      (?:-(?:[a-z]{2}|[0-9]{3}))?                       # region
      (?P<variants>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)
      (?P<extensions>(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*)
      (?:-x(?:-[a-z0-9]{1,8})+)?                        # private use
    |
      x(?:-[a-z0-9]{1,8})+                              # private use only
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_GRANDFATHERED_TAGS = frozenset(
    {
        "en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak",
        "i-klingon", "i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay",
        "i-tsu", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de", "art-lojban", "cel-gaulish",
        "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang",
    }
)  # fmt: skip


def is_language_tag(value: object) -> bool:
    """RFC 5646 well-formedness, including its rule that variants and extension
    singletons are not repeated (e.g. "zh-z-aaa-z-bbb" is refused)."""
    if type(value) is not str:
        return False
    match = _LANGUAGE_TAG.fullmatch(value)
    if match is None:
        return value.lower() in _GRANDFATHERED_TAGS
    variants = match.group("variants")
    if variants and _has_repeats(variants.lower().split("-")[1:]):
        return False
    extensions = match.group("extensions")
    if extensions:
        singletons = [part for part in extensions.lower().split("-") if len(part) == 1]
        if _has_repeats(singletons):
            return False
    return True


def _has_repeats(items: list[str]) -> bool:
    return len(set(items)) != len(items)


# --- ISO 8601 durations -----------------------------------------------------------------

_NUMBER = r"\d+(?:[.,]\d+)?"
_DURATION = re.compile(
    rf"P(?!$)(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}D)?"
    rf"(?:T(?=\d)(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?"
    rf"|P{_NUMBER}W"
)
_FRACTION_TAIL = re.compile(r"[.,]\d+[YMWDHS]")


def is_duration(value: object) -> bool:
    """ISO 8601:2004 section 4.4.3.2 durations ("PT1.5S", "P1Y2M", "P4W").

    The alternative format ("P0001-02-03T...") and weeks mixed with other units
    ("P4W1D") are refused. Only the last component written may carry a fraction.
    """
    if type(value) is not str or _DURATION.fullmatch(value) is None:
        return False
    separator = value.find(".")
    if separator < 0:
        separator = value.find(",")
    return separator < 0 or _FRACTION_TAIL.fullmatch(value, separator) is not None


# --- Timestamps -----------------------------------------------------------------------

# xAPI 2.0 (IEEE 9274.1.1) requires RFC 3339 date-times: seconds and an offset are
# required, the offset is "Z" or "+hh:mm".
_RFC3339 = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?(?:([Zz])|([+-])(\d\d):(\d\d))"
)
# xAPI 1.0.3 requires ISO 8601 (extended calendar format). Seconds may be left out, the
# fraction may use a comma, the offset may be "+hh", "+hhmm" or "+hh:mm" and may be
# missing altogether (the spec lets the LRS read such a timestamp as UTC).
_ISO8601 = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)([.,]\d+)?)?(?:(Z)|([+-])(\d\d)(?::?(\d\d))?)?"
)


def parse_rfc3339(value: object) -> tuple[datetime, str, timedelta] | None:
    """Parse an RFC 3339 date-time into (wall-clock time, fraction text, UTC offset).

    The fraction is returned as written (".601", ".123456789") so precision beyond
    microseconds survives. Returns None if the text is not a valid date-time.
    """
    if type(value) is not str:
        return None
    match = _RFC3339.fullmatch(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    return _build(year, month, day, hour, minute, second, fraction or "", zulu, sign, off_h, off_m)


def is_iso8601_timestamp(value: object) -> bool:
    if type(value) is not str:
        return False
    match = _ISO8601.fullmatch(value)
    if match is None:
        return False
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    if sign is None:
        zulu = "Z"  # No offset at all: read as UTC, as the 1.0.3 spec allows.
    parsed = _build(
        year, month, day, hour, minute, second or "00", fraction or "", zulu,
        sign, off_h, off_m or "00",
    )  # fmt: skip
    return parsed is not None


def _build(
    year: str,
    month: str,
    day: str,
    hour: str,
    minute: str,
    second: str,
    fraction: str,
    zulu: str | None,
    sign: str | None,
    off_h: str | None,
    off_m: str | None,
) -> tuple[datetime, str, timedelta] | None:
    offset = timedelta(0)
    if not zulu:
        hours, minutes = int(off_h or 0), int(off_m or 0)
        # "-00:00" means "offset unknown" in RFC 3339; the suite requires refusing it.
        if hours > 23 or minutes > 59 or (sign == "-" and hours == 0 and minutes == 0):
            return None
        offset = timedelta(hours=hours, minutes=minutes)
        if sign == "-":
            offset = -offset
    seconds = int(second)
    if seconds > 60:
        return None
    try:
        # A leap second (":60") is valid text; it is checked and kept as :59.
        # The wall-clock time is held as if it were UTC; the offset is returned beside it.
        local = datetime(
            int(year), int(month), int(day), int(hour), int(minute), min(seconds, 59), tzinfo=UTC
        )
    except ValueError:
        return None
    return local, fraction.replace(",", "."), offset


def to_utc_rfc3339(value: str) -> str | None:
    """Rewrite an RFC 3339 date-time in UTC ("...Z"), keeping the fraction as written.

    Returns None for text that is not a valid RFC 3339 date-time.
    """
    parsed = parse_rfc3339(value)
    if parsed is None:
        return None
    local, fraction, offset = parsed
    if not offset and value[10] == "T" and value[-1] == "Z":
        return value
    utc = local - offset
    seconds = "60" if value[17:19] == "60" else f"{utc:%S}"
    return f"{utc:%Y-%m-%dT%H:%M:}{seconds}{fraction}Z"
