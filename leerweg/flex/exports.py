"""CSV exports of a published flex week, for spreadsheets.

Dutch Excel opens a file by double-click correctly only when it starts with
a UTF-8 byte order mark and separates cells with semicolons (the comma is
the decimal separator in the Dutch locale). A cell that starts with ``=``,
``+``, ``-`` or ``@`` (or a tab or carriage return) would be read as a
formula, so such cells get a leading apostrophe (OWASP "CSV injection").
"""

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from leerweg.flex.models import AllocationRun, FlexSession, Placement
from leerweg.flex.schedule import group_names, roster, week_placements

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(header: list[str], rows: Iterable[list[object]]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def _attendance(placement: Placement) -> str:
    recorded = getattr(placement, "attendance", None)
    return recorded.get_status_display() if recorded is not None else ""


def week_csv(run: AllocationRun) -> tuple[str, list[Placement]]:
    """Every placement of a published run, and the placements (for the audit)."""
    placements = list(week_placements(run))
    groups = group_names([p.student for p in placements], run.week)
    header = [
        _("Week"),
        _("Day"),
        _("Date"),
        _("From"),
        _("Until"),
        _("Session"),
        _("Teacher"),
        _("Room"),
        _("Student"),
        _("Group"),
        _("Placed because"),
        _("Rank"),
        _("Attendance"),
    ]
    rows: list[list[object]] = [
        [
            run.week.code,
            p.slot.get_weekday_display(),
            p.slot.date_in(run.week.monday).isoformat(),
            f"{p.slot.start_time:%H:%M}",
            f"{p.slot.end_time:%H:%M}",
            p.session.title,
            p.session.teacher.get_full_name(),
            p.session.room,
            p.student.user.get_full_name(),
            groups.get(p.student_id, ""),
            p.get_source_display(),
            p.rank or "",
            _attendance(p),
        ]
        for p in placements
    ]
    return write_csv(header, rows), placements


def session_csv(run: AllocationRun, session: FlexSession) -> tuple[str, list[Placement]]:
    """The roster of one session in a published week, for its teacher."""
    placements = roster(run, session)
    day = session.slot.date_in(run.week.monday)
    header = [
        _("Week"),
        _("Date"),
        _("Session"),
        _("Student"),
        _("Group"),
        _("Attendance"),
        _("Note"),
    ]
    rows: list[list[object]] = [
        [
            run.week.code,
            day.isoformat(),
            session.title,
            p.student.user.get_full_name(),
            p.group,  # type: ignore[attr-defined]
            _attendance(p),
            getattr(getattr(p, "attendance", None), "note", ""),
        ]
        for p in placements
    ]
    return write_csv(header, rows), placements
