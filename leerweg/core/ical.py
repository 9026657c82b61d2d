"""A small iCalendar (RFC 5545) writer for read-only feeds of events.

No Django and no library: a feed has one kind of component (VEVENT) with a
few text and date-time properties. RFC 5545 then asks three things of a
writer: escape TEXT values (backslash, semicolon, comma and newline; section
3.3.11), end every content line with CRLF, and fold lines longer than 75
octets with CRLF plus one space, never inside a UTF-8 character (section
3.1). Times are written in UTC (``…Z``), so no VTIMEZONE is needed: calendar
apps show them in the reader's local time.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime
    end: datetime
    stamp: datetime
    summary: str
    location: str = ""
    description: str = ""


def text_value(value: str) -> str:
    """A TEXT property value, escaped (RFC 5545 section 3.3.11)."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def folded(line: str) -> str:
    """A content line cut into pieces of at most 75 octets (RFC 5545 section 3.1)."""
    pieces: list[str] = []
    piece: list[str] = []
    used = 0
    room = MAX_LINE_OCTETS
    for character in line:
        width = len(character.encode("utf-8"))
        if used + width > room:
            pieces.append("".join(piece))
            # The leading space of a continuation line takes one of its 75 octets.
            piece, used, room = [], 0, MAX_LINE_OCTETS - 1
        piece.append(character)
        used += width
    pieces.append("".join(piece))
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_text(*, product: str, name: str, events: Iterable[CalendarEvent]) -> str:
    """A whole VCALENDAR with one VEVENT per event."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text_value(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{utc_stamp(event.stamp)}",
            f"DTSTART:{utc_stamp(event.start)}",
            f"DTEND:{utc_stamp(event.end)}",
            f"SUMMARY:{text_value(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{text_value(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{text_value(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(f"{folded(line)}\r\n" for line in lines)
