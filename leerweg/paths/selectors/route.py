"""Reads of the learning route: the timeline, open proposals and their history.

``route_overview`` costs a fixed number of queries however long the route or
its history is (see the query-count test).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.paths.models import (
    ProposalAction,
    ProposalStatus,
    RouteItem,
    RouteItemKind,
    RouteProposal,
)
from leerweg.profiles.access import shared_parts_for_students
from leerweg.profiles.models import Audience, ProfilePart
from leerweg.schools.models import GroupStaff, GroupStaffRole, Student

# How many weeks the timeline shows, starting with the current week. The CSS
# has a class per start column and span (``start-0`` … ``span-12``).
TIMELINE_WEEKS = 12


def route_counterparts(student: Student) -> list[User]:
    """Who can answer the student's proposals: mentors and coaches the route is shared with.

    Empty when the student has no mentor or coach this school year, or does not
    share the route with them; the student's proposals then apply at once.
    """
    shared = shared_parts_for_students([student])[student.pk]
    if (ProfilePart.ROUTE, Audience.MENTOR_COACH) not in shared:
        return []
    links = (
        GroupStaff.objects.filter(
            group__memberships__student=student,
            group__school_id=student.school_id,
            group__school_year__end_date__gte=timezone.localdate(),
            role__in=[GroupStaffRole.MENTOR, GroupStaffRole.COACH],
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    return list(dict.fromkeys(link.user for link in links))


def route_has_counterpart(student: Student) -> bool:
    return bool(route_counterparts(student))


def route_items(student: Student) -> QuerySet[RouteItem]:
    return RouteItem.objects.filter(student=student).select_related("own_goal", "curriculum_goal")


@dataclass(frozen=True)
class Week:
    monday: date
    number: int
    current: bool


@dataclass
class TimelineRow:
    """One item with the columns its bar covers (``start``/``span`` are None outside the window)."""

    item: RouteItem
    start: int | None = None
    span: int | None = None
    # The item goes on before the first or after the last week shown.
    before: bool = False
    after: bool = False


@dataclass
class ProposalRow:
    """A proposal with its JSON read back into dates, for display."""

    proposal: RouteProposal
    title: str
    kind: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    before: dict[str, Any] = field(default_factory=dict)
    # The item changed or vanished after the proposal was made.
    stale: bool = False
    # Filled in by the page for the person looking.
    may_decide: bool = False
    may_withdraw: bool = False

    @property
    def kind_label(self) -> str:
        return str(RouteItemKind(self.kind).label) if self.kind in RouteItemKind.values else ""


@dataclass
class RouteOverview:
    weeks: list[Week]
    rows: list[TimelineRow]
    earlier: list[RouteItem]
    open_proposals: list[ProposalRow]
    history: list[ProposalRow]


def timeline_weeks(today: date, count: int = TIMELINE_WEEKS) -> list[Week]:
    first = today - timedelta(days=today.weekday())
    return [
        Week(monday=monday, number=monday.isocalendar().week, current=index == 0)
        for index, monday in enumerate(first + timedelta(weeks=n) for n in range(count))
    ]


def timeline_row(item: RouteItem, weeks: list[Week]) -> TimelineRow:
    first, count = weeks[0].monday, len(weeks)
    start = (item.starts_on - first).days // 7
    end = (item.ends_on - first).days // 7
    row = TimelineRow(item=item, before=start < 0, after=end >= count)
    if end >= 0 and start < count:
        row.start = max(start, 0)
        row.span = min(end, count - 1) - row.start + 1
    return row


def _as_date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def proposal_row(proposal: RouteProposal) -> ProposalRow:
    data = proposal.proposed or {}
    before = data.get("before") or {}
    row = ProposalRow(
        proposal=proposal,
        title=data.get("title") or before.get("title", ""),
        kind=data.get("kind", ""),
        starts_on=_as_date(data.get("starts_on")),
        ends_on=_as_date(data.get("ends_on")),
        before={
            "title": before.get("title", ""),
            "starts_on": _as_date(before.get("starts_on")),
            "ends_on": _as_date(before.get("ends_on")),
        },
    )
    if proposal.status == ProposalStatus.OPEN and proposal.action != ProposalAction.ADD:
        item = proposal.item
        row.stale = item is None or (item.title, item.starts_on, item.ends_on) != (
            row.before["title"],
            row.before["starts_on"],
            row.before["ends_on"],
        )
    return row


def route_overview(student: Student, *, today: date | None = None) -> RouteOverview:
    """The route from this week on, the older items, open proposals and decided ones."""
    weeks = timeline_weeks(today or timezone.localdate())
    rows, earlier = [], []
    for item in route_items(student):
        if item.ends_on < weeks[0].monday:
            earlier.append(item)
        else:
            rows.append(timeline_row(item, weeks))
    proposals = RouteProposal.objects.filter(student=student).select_related(
        "item", "proposed_by", "decided_by"
    )
    open_proposals = proposals.filter(status=ProposalStatus.OPEN).order_by("created_at")
    history = proposals.exclude(status=ProposalStatus.OPEN).order_by("-decided_at", "-id")
    return RouteOverview(
        weeks=weeks,
        rows=rows,
        earlier=earlier[::-1],
        open_proposals=[proposal_row(p) for p in open_proposals],
        history=[proposal_row(p) for p in history],
    )
