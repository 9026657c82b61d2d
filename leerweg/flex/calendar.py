"""Personal iCalendar feeds of published flex hours, behind a secret link.

The iCalendar text comes from ``leerweg.core.ical`` (RFC 5545: escaped text,
CRLF, lines folded at 75 octets, times in UTC).

What a feed tells is the least a calendar needs: a student's feed holds
their own placements only; a teacher's feed holds their sessions and how many
students were placed, never who.
"""

import hashlib
import secrets
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leerweg.accounts.models import User
from leerweg.core.ical import CalendarEvent, calendar_text
from leerweg.flex.models import (
    AllocationRun,
    CalendarFeed,
    CalendarFeedKind,
    FlexSession,
    FlexSlot,
    FlexWeek,
    MandatoryAssignment,
    Placement,
    PlacementSource,
)
from leerweg.flex.schedule import published_placements
from leerweg.flex.selectors import monday_of
from leerweg.schools.models import School, StaffMembership, Student

# How far back a feed reaches; later weeks are all included.
FEED_WEEKS_BACK = 4
PRODUCT_ID = "-//Leerweg//Flex hours//NL"


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_renew(*, user: User, school: School, kind: str) -> tuple[CalendarFeed, str]:
    """A new secret link for ``user``; the old one, if any, stops working at once.

    Returns the feed and its secret, which is never stored: the caller shows
    it once.
    """
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, school=school, kind=kind, defaults={"token_hash": feed_token_hash(token)}
    )
    if not created:
        feed.token_hash = feed_token_hash(token)
        feed.last_used_at = None
        feed.save(update_fields=["token_hash", "last_used_at"])
    return feed, token


def calendar_feed_revoke(*, user: User, school: School, kind: str) -> bool:
    """Remove the link; ``True`` when there was one."""
    deleted, _rows = CalendarFeed.objects.filter(user=user, school=school, kind=kind).delete()
    return bool(deleted)


def calendar_feed_of(user: User, school_id: int, kind: str) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, school_id=school_id, kind=kind).first()


def calendar_feed_resolve(token: str) -> CalendarFeed | None:
    """The feed a secret opens, while its owner still has the role it was made in."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=feed_token_hash(token))
        .select_related("user", "school")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    if feed.kind == CalendarFeedKind.STUDENT:
        still = Student.objects.filter(user=feed.user, school=feed.school).exists()
    else:
        still = StaffMembership.objects.filter(user=feed.user, school=feed.school).exists()
    if not still:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed


# --- What a feed lists --------------------------------------------------------------------------


def _moment(day: date, slot: FlexSlot, end: bool = False) -> datetime:
    at = slot.end_time if end else slot.start_time
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


def _uid(*parts: object) -> str:
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).hexdigest()
    return f"{digest[:32]}@flex.leerweg"


def _why(placement: Placement, reasons: dict[tuple[int, int], str]) -> str:
    match placement.source:
        case PlacementSource.CHOSEN:
            return _("Your choice %(rank)s.") % {"rank": placement.rank}
        case PlacementSource.MANDATORY:
            reason = reasons.get((placement.run.week_id, placement.slot_id), "")
            return _("You must attend: %(reason)s") % {"reason": reason}
        case PlacementSource.FILLED:
            return _("Placed to reach the minimum number of flex hours.")
        case _:
            return _("Moved by the school.")


def student_events(student: Student, today: date | None = None) -> list[CalendarEvent]:
    since = monday_of(today or timezone.localdate()) - timedelta(weeks=FEED_WEEKS_BACK)
    placements = list(
        published_placements()
        .filter(student=student, run__week__monday__gte=since)
        .order_by("run__week__monday", "slot__weekday", "slot__start_time")
    )
    reasons = {
        (week_id, slot_id): reason
        for week_id, slot_id, reason in MandatoryAssignment.objects.filter(
            student=student, week__monday__gte=since
        ).values_list("week_id", "slot_id", "reason")
    }
    events = []
    for placement in placements:
        week = placement.run.week
        day = placement.slot.date_in(week.monday)
        session = placement.session
        events.append(
            CalendarEvent(
                uid=_uid("student", student.public_id, week.code, placement.slot_id),
                start=_moment(day, placement.slot),
                end=_moment(day, placement.slot, end=True),
                stamp=placement.run.published_at or placement.run.created_at,
                summary=session.title,
                location=session.room,
                description="\n".join([session.teacher.get_full_name(), _why(placement, reasons)]),
            )
        )
    return events


def teacher_events(user: User, school: School, today: date | None = None) -> list[CalendarEvent]:
    """One event per session and published week, with the number of students placed."""
    since = monday_of(today or timezone.localdate()) - timedelta(weeks=FEED_WEEKS_BACK)
    rows = (
        Placement.objects.filter(
            run__published_at__isnull=False,
            run__week__monday__gte=since,
            session__teacher=user,
            slot__school=school,
        )
        .values("session_id", "run__week_id")
        .annotate(placed=Count("pk"))
        .order_by()
    )
    counts = {(row["session_id"], row["run__week_id"]): row["placed"] for row in rows}
    weeks = {w.pk: w for w in FlexWeek.objects.filter(pk__in={w for _s, w in counts})}
    sessions = {
        s.pk: s
        for s in FlexSession.objects.filter(pk__in={s for s, _w in counts}).select_related("slot")
    }
    published: dict[int, datetime] = {
        week_id: at
        for week_id, at in AllocationRun.objects.filter(
            week_id__in=weeks, published_at__isnull=False
        ).values_list("week_id", "published_at")
        if at is not None
    }
    events = []
    for (session_id, week_id), placed in sorted(
        counts.items(), key=lambda item: (weeks[item[0][1]].monday, item[0][0])
    ):
        session, week = sessions[session_id], weeks[week_id]
        day = session.slot.date_in(week.monday)
        events.append(
            CalendarEvent(
                uid=_uid("session", session.public_id, week.code),
                start=_moment(day, session.slot),
                end=_moment(day, session.slot, end=True),
                stamp=published[week_id],
                summary=session.title,
                location=session.room,
                description=ngettext(
                    "%(count)d student placed", "%(count)d students placed", placed
                )
                % {"count": placed},
            )
        )
    return events


def feed_calendar(feed: CalendarFeed) -> str:
    """The iCalendar text of a feed."""
    if feed.kind == CalendarFeedKind.STUDENT:
        student = Student.objects.get(user=feed.user, school=feed.school)
        return calendar_text(
            product=PRODUCT_ID, name=_("Flex hours"), events=student_events(student)
        )
    return calendar_text(
        product=PRODUCT_ID, name=_("Flex sessions"), events=teacher_events(feed.user, feed.school)
    )
