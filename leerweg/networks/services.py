"""Writes for learning networks and learning areas.

Every service checks what the database alone cannot (a representative works
at the school they represent, a proposed date ends after it starts, a
practice has a file or a link) and raises ``ValidationError``; where several
rows are written it does so in one transaction, so nothing is half-stored.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from leerweg.accounts.models import User
from leerweg.assessment.models import Rubric
from leerweg.assessment.selectors import rubric_content
from leerweg.assessment.services import rubric_create
from leerweg.networks.access import REPRESENTATIVES_PER_SCHOOL, staff_schools_of
from leerweg.networks.models import (
    AreaGoal,
    AreaMaterial,
    AreaRubric,
    AreaSchool,
    CalendarFeed,
    DateOption,
    LearningArea,
    Meeting,
    Network,
    NetworkMembership,
    NetworkRole,
    NetworkSchool,
    Post,
    PostKind,
    Practice,
    Reply,
    SharedMaterial,
)
from leerweg.notifications.models import NotificationKind
from leerweg.notifications.services import notification_send
from leerweg.paths.files import CheckedUpload
from leerweg.schools.models import School, StaffMembership, StaffRole

NEW_POST_TITLE = gettext_noop("%(name)s posted “%(title)s” in %(network)s")
NEW_QUESTION_TITLE = gettext_noop("%(name)s asked “%(title)s” in %(network)s")
NEW_REPLY_TITLE = gettext_noop("%(name)s replied to “%(title)s” in %(network)s")
FIRST_MEETING_TITLE = gettext_noop("Joint start")
LATER_MEETING_TITLE = gettext_noop("Meeting %(number)s")
MAX_MEETINGS = 20


# --- Networks and their members -----------------------------------------------------------------


@transaction.atomic
def network_create(
    *, name: str, theme: str, description: str, created_by: User, meeting_count: int = 5
) -> Network:
    """A network with ``created_by`` as its facilitator and a series of meetings to plan.

    The first meeting is the joint start; the others are numbered and get a
    host school and a date later.
    """
    if not 0 <= meeting_count <= MAX_MEETINGS:
        raise ValidationError({"meeting_count": _("Plan between 0 and 20 meetings.")})
    network = Network(name=name.strip(), theme=theme, description=description.strip())
    network.created_by = created_by
    network.full_clean()
    network.save()
    NetworkMembership.objects.create(
        network=network, user=created_by, role=NetworkRole.FACILITATOR, added_by=created_by
    )
    for number in range(1, meeting_count + 1):
        title = (
            _(FIRST_MEETING_TITLE) if number == 1 else _(LATER_MEETING_TITLE) % {"number": number}
        )
        Meeting.objects.create(network=network, number=number, title=title)
    return network


def _check_staff(user: User, school: School, *, leader: bool = False) -> None:
    staff = StaffMembership.objects.filter(user=user, school=school)
    if leader:
        staff = staff.filter(role=StaffRole.SCHOOL_LEADER)
    if not staff.exists():
        message = (
            _("This person is not a school leader of %(school)s.")
            if leader
            else _("This person does not work at %(school)s.")
        )
        raise ValidationError({"user": message % {"school": school.name}})


@transaction.atomic
def network_school_add(
    *, network: Network, school: School, representative: User, added_by: User
) -> NetworkSchool:
    """A member school, represented by one of its school leaders."""
    if NetworkSchool.objects.filter(network=network, school=school).exists():
        raise ValidationError({"school": _("This school is already a member of the network.")})
    _check_staff(representative, school, leader=True)
    if NetworkMembership.objects.filter(network=network, user=representative).exists():
        raise ValidationError({"user": _("This person is already a member of the network.")})
    member_school = NetworkSchool.objects.create(network=network, school=school, added_by=added_by)
    NetworkMembership.objects.create(
        network=network,
        user=representative,
        role=NetworkRole.MEMBER,
        member_school=member_school,
        added_by=added_by,
    )
    return member_school


@transaction.atomic
def representative_add(
    *, member_school: NetworkSchool, user: User, added_by: User
) -> NetworkMembership:
    """A colleague who represents the member school too (at most two per school)."""
    NetworkSchool.objects.select_for_update().filter(pk=member_school.pk).first()
    _check_staff(user, member_school.school)
    if NetworkMembership.objects.filter(network_id=member_school.network_id, user=user).exists():
        raise ValidationError({"user": _("This person is already a member of the network.")})
    if member_school.representatives.count() >= REPRESENTATIVES_PER_SCHOOL:
        raise ValidationError(
            {"user": _("A school is represented by a school leader and one colleague.")}
        )
    return NetworkMembership.objects.create(
        network_id=member_school.network_id,
        user=user,
        role=NetworkRole.MEMBER,
        member_school=member_school,
        added_by=added_by,
    )


def member_school_update(
    *, member_school: NetworkSchool, learning_question: str, ambition: str
) -> NetworkSchool:
    member_school.learning_question = learning_question.strip()
    member_school.ambition = ambition.strip()
    member_school.full_clean()
    member_school.save(update_fields=["learning_question", "ambition", "updated_at"])
    return member_school


# --- Meetings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingValues:
    title: str
    date: date | None
    start_time: time | None
    end_time: time | None
    host: NetworkSchool | None
    place: str
    agenda: str
    minutes: str


def _check_times(start: time | None, end: time | None) -> None:
    if start is not None and end is not None and end <= start:
        raise ValidationError({"end_time": _("The end time must be after the start time.")})


@transaction.atomic
def meeting_add(*, network: Network, title: str) -> Meeting:
    last = Meeting.objects.select_for_update().filter(network=network).order_by("-number").first()
    number = (last.number if last else 0) + 1
    if number > MAX_MEETINGS:
        raise ValidationError(_("A network has at most 20 meetings."))
    return Meeting.objects.create(network=network, number=number, title=title.strip())


@transaction.atomic
def meeting_update(*, meeting: Meeting, values: MeetingValues, changed_by: User) -> Meeting:
    """Change a meeting; setting or moving its date records who fixed it."""
    _check_times(values.start_time, values.end_time)
    if values.host is not None and values.host.network_id != meeting.network_id:
        raise ValidationError({"host": _("The host must be a member school of this network.")})
    date_changed = (values.date, values.start_time) != (meeting.date, meeting.start_time)
    for name, value in vars(values).items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    if date_changed and values.date is not None:
        meeting.date_fixed_by = changed_by
        meeting.date_fixed_at = timezone.now()
    elif values.date is None:
        meeting.date_fixed_by, meeting.date_fixed_at = None, None
    meeting.full_clean()
    meeting.save()
    return meeting


def date_option_propose(
    *, meeting: Meeting, proposed_by: User, day: date, start_time: time, end_time: time
) -> DateOption:
    _check_times(start_time, end_time)
    if day < timezone.localdate():
        raise ValidationError({"date": _("Propose a date that has not passed.")})
    if DateOption.objects.filter(meeting=meeting, date=day, start_time=start_time).exists():
        raise ValidationError({"date": _("This date and time have already been proposed.")})
    return DateOption.objects.create(
        meeting=meeting, date=day, start_time=start_time, end_time=end_time, proposed_by=proposed_by
    )


@transaction.atomic
def meeting_date_fix(*, meeting: Meeting, option: DateOption, fixed_by: User) -> Meeting:
    """The facilitator chooses one of the proposed dates."""
    if option.meeting_id != meeting.pk:
        raise ValidationError({"option": _("Choose one of this meeting's proposed dates.")})
    meeting.date, meeting.start_time, meeting.end_time = (
        option.date,
        option.start_time,
        option.end_time,
    )
    meeting.date_fixed_by = fixed_by
    meeting.date_fixed_at = timezone.now()
    meeting.save(
        update_fields=[
            "date",
            "start_time",
            "end_time",
            "date_fixed_by",
            "date_fixed_at",
            "updated_at",
        ]
    )
    return meeting


def meeting_attendance_set(*, meeting: Meeting, present: list[User]) -> Meeting:
    members = set(
        NetworkMembership.objects.filter(network_id=meeting.network_id).values_list(
            "user_id", flat=True
        )
    )
    if any(user.pk not in members for user in present):
        raise ValidationError({"present": _("Only members of the network can be present.")})
    meeting.attendees.set(present)
    return meeting


# --- Posts and replies --------------------------------------------------------------------------


def _notify_members(
    *, network: Network, author: User, title: str, params: dict[str, str], link: str
) -> None:
    recipients = (
        NetworkMembership.objects.filter(network=network, user__is_active=True)
        .exclude(user=author)
        .select_related("user")
    )
    for membership in recipients:
        notification_send(
            recipient=membership.user,
            kind=NotificationKind.OTHER,
            title=title,
            params=params,
            link=link,
        )


@transaction.atomic
def post_create(*, network: Network, author: User, kind: str, title: str, body: str) -> Post:
    """A post or question; every other member is notified."""
    post = Post(network=network, author=author, kind=kind, title=title.strip(), body=body.strip())
    post.full_clean()
    post.save()
    _notify_members(
        network=network,
        author=author,
        title=NEW_QUESTION_TITLE if kind == PostKind.QUESTION else NEW_POST_TITLE,
        params={"name": author.get_full_name(), "title": post.title, "network": network.name},
        link=reverse("networks:post-detail", args=[post.public_id]),
    )
    return post


@transaction.atomic
def reply_add(*, post: Post, author: User, body: str) -> Reply:
    """A reply; every other member is notified, so a question gets seen."""
    reply = Reply(post=post, author=author, body=body.strip())
    reply.full_clean()
    reply.save()
    _notify_members(
        network=post.network,
        author=author,
        title=NEW_REPLY_TITLE,
        params={"name": author.get_full_name(), "title": post.title, "network": post.network.name},
        link=reverse("networks:post-detail", args=[post.public_id]),
    )
    return reply


# --- Practices and materials --------------------------------------------------------------------


@dataclass(frozen=True)
class MaterialValues:
    title: str
    description: str
    theme: str
    sector: str
    url: str


def _fill_material(
    material: SharedMaterial, values: MaterialValues, upload: CheckedUpload | None
) -> None:
    if not values.url and upload is None:
        raise ValidationError(_("Add a file or a link."))
    for name, value in vars(values).items():
        setattr(material, name, value.strip())
    material.full_clean(exclude=["file"])
    if upload is not None:
        material.content_type = upload.content_type
        material.size = upload.size
        content = upload.content if isinstance(upload.content, File) else File(upload.content)
        # The name carries only the extension; shared_file_path makes the rest.
        material.file.save(f"upload.{upload.extension}", content, save=False)
    try:
        material.save()
    except BaseException:
        if material.file:
            material.file.storage.delete(material.file.name or "")
        raise


@transaction.atomic
def practice_add(
    *, network: Network, author: User, values: MaterialValues, upload: CheckedUpload | None
) -> Practice:
    practice = Practice(network=network, author=author)
    _fill_material(practice, values, upload)
    return practice


def practice_publish(*, practice: Practice, published: bool, by: User) -> Practice:
    """Publish a practice to all Leerweg users as inspiration, or take it back."""
    practice.published_at = timezone.now() if published else None
    practice.published_by = by
    practice.save(update_fields=["published_at", "published_by", "updated_at"])
    return practice


# --- The calendar link --------------------------------------------------------------------------


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_renew(*, user: User) -> str:
    """A new secret link for ``user``; an old one stops working. Returns the secret once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": feed_token_hash(token), "last_used_at": None}
    )
    return token


def calendar_feed_revoke(*, user: User) -> bool:
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def calendar_feed_use(feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())


# --- Learning areas -----------------------------------------------------------------------------


@transaction.atomic
def area_create(
    *,
    name: str,
    theme: str,
    description: str,
    school: School,
    created_by: User,
    network: Network | None = None,
) -> LearningArea:
    """A learning area with ``school`` (where ``created_by`` works) as its first member."""
    _check_staff(created_by, school)
    area = LearningArea(name=name.strip(), theme=theme, description=description.strip())
    area.network = network
    area.created_by = created_by
    area.full_clean()
    area.save()
    AreaSchool.objects.create(area=area, school=school, added_by=created_by)
    return area


def area_school_add(*, area: LearningArea, school: School, added_by: User) -> AreaSchool:
    if AreaSchool.objects.filter(area=area, school=school).exists():
        raise ValidationError({"school": _("This school already works on this learning area.")})
    return AreaSchool.objects.create(area=area, school=school, added_by=added_by)


def _check_acts_for(user: User, area: LearningArea, school: School) -> None:
    in_area = AreaSchool.objects.filter(area=area, school=school).exists()
    if not in_area or not staff_schools_of(user).filter(pk=school.pk).exists():
        raise ValidationError({"school": _("Choose a member school you work at.")})


def area_goal_add(*, area: LearningArea, school: School, author: User, text: str) -> AreaGoal:
    _check_acts_for(author, area, school)
    goal = AreaGoal(area=area, school=school, author=author, text=text.strip())
    goal.full_clean()
    goal.save()
    return goal


def area_rubric_share(*, area: LearningArea, rubric: Rubric, shared_by: User) -> AreaRubric:
    """Share one of a member school's rubrics; ``shared_by`` works at that school.

    Sharing an already shared rubric changes nothing (the first share and its
    sharer stay).
    """
    _check_acts_for(shared_by, area, rubric.school)
    shared, _created = AreaRubric.objects.get_or_create(
        area=area, rubric=rubric, defaults={"shared_by": shared_by}
    )
    return shared


@transaction.atomic
def area_rubric_copy(*, shared: AreaRubric, school: School, author: User) -> Rubric:
    """A copy in ``school``'s own rubric library, to adapt there.

    Links to the original school's curriculum are left out: they point at
    another school's learning lines.
    """
    _check_acts_for(author, shared.area, school)
    original = shared.rubric
    return rubric_create(
        school=school,
        author=author,
        title=original.title,
        content=rubric_content(original),
        description=original.description,
        copied_from=original,
    )


@transaction.atomic
def area_material_add(
    *, area: LearningArea, author: User, values: MaterialValues, upload: CheckedUpload | None
) -> AreaMaterial:
    material = AreaMaterial(area=area, author=author)
    _fill_material(material, values, upload)
    return material
