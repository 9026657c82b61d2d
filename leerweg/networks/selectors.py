"""Reads for learning networks and learning areas, with related rows loaded up front."""

import hashlib
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from leerweg.accounts.models import User
from leerweg.core.ical import CalendarEvent
from leerweg.networks.access import areas_of, networks_of
from leerweg.networks.models import (
    AreaRubric,
    CalendarFeed,
    LearningArea,
    Meeting,
    Network,
    NetworkMembership,
    NetworkSchool,
    Post,
    Practice,
)
from leerweg.networks.services import feed_token_hash

FEED_DAYS_BACK = 60


def network_list(user: User) -> QuerySet[Network]:
    return networks_of(user).annotate(
        school_count=Count("schools", distinct=True), post_count=Count("posts", distinct=True)
    )


def member_schools(network: Network) -> QuerySet[NetworkSchool]:
    representatives = NetworkMembership.objects.select_related("user").order_by(
        "user__last_name", "user__first_name"
    )
    return (
        network.schools.select_related("school")
        .prefetch_related(Prefetch("representatives", queryset=representatives))
        .order_by("school__name")
    )


def facilitators(network: Network) -> list[User]:
    return [
        membership.user
        for membership in network.memberships.filter(role="facilitator").select_related("user")
    ]


def member_users(network: Network) -> QuerySet[User]:
    return User.objects.filter(network_memberships__network=network).order_by(
        "last_name", "first_name"
    )


def meetings_of(network: Network) -> QuerySet[Meeting]:
    return (
        network.meetings.select_related("host__school")
        .annotate(option_count=Count("date_options", distinct=True))
        .order_by("number")
    )


def posts_of(network: Network) -> QuerySet[Post]:
    return network.posts.select_related("author").annotate(reply_count=Count("replies"))


def practices_of(network: Network) -> QuerySet[Practice]:
    return network.practices.select_related("author")


def inspiration(*, theme: str = "", sector: str = "") -> QuerySet[Practice]:
    """Practices published to everyone, newest first."""
    practices = Practice.objects.filter(published_at__isnull=False)
    if theme:
        practices = practices.filter(theme=theme)
    if sector:
        practices = practices.filter(sector=sector)
    return practices.select_related("network", "author").order_by("-published_at", "-pk")


def area_list(user: User) -> QuerySet[LearningArea]:
    return areas_of(user).select_related("network").annotate(school_count=Count("area_schools"))


def area_detail(area: LearningArea) -> dict[str, object]:
    return {
        "schools": [link.school for link in area.area_schools.select_related("school")],
        "goals": area.goals.select_related("school", "author"),
        "rubrics": AreaRubric.objects.filter(area=area).select_related(
            "rubric__school", "shared_by"
        ),
        "materials": area.materials.select_related("author"),
    }


# --- The calendar -------------------------------------------------------------------------------


def calendar_feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_resolve(token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=feed_token_hash(token))
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed


def _moment(day, at) -> datetime:  # type: ignore[no-untyped-def]
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


def _uid(meeting: Meeting) -> str:
    digest = hashlib.sha256(f"meeting:{meeting.public_id}".encode()).hexdigest()
    return f"{digest[:32]}@networks.leerweg"


def meeting_events(user: User) -> list[CalendarEvent]:
    """The dated meetings of the networks ``user`` is a member of now."""
    since = timezone.localdate() - timedelta(days=FEED_DAYS_BACK)
    meetings = (
        Meeting.objects.filter(
            network__in=networks_of(user),
            date__gte=since,
            start_time__isnull=False,
            end_time__isnull=False,
        )
        .select_related("network", "host__school")
        .order_by("date", "start_time")
    )
    return [
        CalendarEvent(
            uid=_uid(meeting),
            start=_moment(meeting.date, meeting.start_time),
            end=_moment(meeting.date, meeting.end_time),
            stamp=meeting.date_fixed_at or meeting.updated_at,
            summary=_("%(network)s: %(meeting)s")
            % {"network": meeting.network.name, "meeting": meeting.title},
            location=meeting.place_text,
            description=meeting.agenda,
        )
        for meeting in meetings
    ]
