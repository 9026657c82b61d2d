"""Reads for the directory and the offers.

The rule for offers (equal chances)
-----------------------------------
A student sees current offers whose audience fits them (sector of their
school, their age). Offers are *matched* to the student's own interests: two
points for every interest area the offer is about, one for every own word of
the student found in the offer's words or title. Only the student's own
interests are used, and only on the student's own page.

Students who did few things out of school lately get a first look: a student
with fewer than ``LEERWEG_OFFERS_FEW_ACTIVITIES`` out-of-school activities
running at some point in the last twelve months has *first look*. A new offer
with limited places is visible only to students with first look for the first
``LEERWEG_OFFERS_FIRST_LOOK_DAYS`` days after it was posted; after that,
everybody sees it. On the list of a student with first look, offers in their
first-look days come first; then, for everyone, higher matches before lower
ones and sooner before later.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext
from leerweg.activities.models import Activity, Setting
from leerweg.core.public_cache import Version
from leerweg.core.search import text_search
from leerweg.directory.models import DirectoryEntry, Offer, OfferInterest
from leerweg.profiles.models import Interest, InterestArea
from leerweg.schools.access import sees_whole_school
from leerweg.schools.models import GroupStaff, GroupStaffRole, Student

# The fields a text search looks in; migration 0002 indexes exactly these, in this order.
SEARCH_FIELDS = ("name", "tags", "description")
DEFAULT_FEW_ACTIVITIES = 2
DEFAULT_FIRST_LOOK_DAYS = 3
AREA_POINTS = 2
WORD_POINTS = 1


# --- Directory -------------------------------------------------------------


def entry_list(*, text: str = "", kind: str = "", region: str = "") -> QuerySet[DirectoryEntry]:
    """Listed entries matching the filters, by name. A region filter includes national ones."""
    entries = DirectoryEntry.objects.filter(is_listed=True)
    if kind:
        entries = entries.filter(kind=kind)
    if region:
        entries = entries.filter(Q(region=region) | Q(region=""))
    if text:
        entries = text_search(entries, text, SEARCH_FIELDS)
    return entries.only("public_id", "name", "kind", "region", "town", "tags", "description")


def listed_entry(public_id: UUID) -> DirectoryEntry | None:
    return DirectoryEntry.objects.filter(is_listed=True, public_id=public_id).first()


def directory_version() -> Version:
    """The last change to any entry and the number listed: the public pages' cache validators."""
    figures = DirectoryEntry.objects.aggregate(
        latest=Max("updated_at"), listed=Count("id", filter=Q(is_listed=True))
    )
    return figures["latest"], figures["listed"]


def entry_of_partner(partner_id: int) -> DirectoryEntry | None:
    return DirectoryEntry.objects.filter(partner_id=partner_id).first()


# --- Offers for a student ---------------------------------------------------


def few_activities_limit() -> int:
    return int(getattr(settings, "LEERWEG_OFFERS_FEW_ACTIVITIES", DEFAULT_FEW_ACTIVITIES))


def first_look_days() -> int:
    return int(getattr(settings, "LEERWEG_OFFERS_FIRST_LOOK_DAYS", DEFAULT_FIRST_LOOK_DAYS))


def out_of_school_activity_count(student: Student, today: date) -> int:
    """Out-of-school activities that ran at some point in the twelve months up to today."""
    year_ago = today - timedelta(days=365)
    return (
        Activity.objects.filter(
            student=student, setting=Setting.OUT_OF_SCHOOL, started_on__lte=today
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year_ago))
        .count()
    )


def has_first_look(student: Student, today: date) -> bool:
    return out_of_school_activity_count(student, today) < few_activities_limit()


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _current_offers(student: Student, today: date, *, first_look: bool) -> QuerySet[Offer]:
    age = age_on(student.date_of_birth, today)
    offers = (
        Offer.objects.filter(withdrawn_at__isnull=True, ends_on__gte=today)
        .filter(Q(sector="") | Q(sector=student.school.sector))
        .filter(Q(min_age__isnull=True) | Q(min_age__lte=age))
        .filter(Q(max_age__isnull=True) | Q(max_age__gte=age))
    )
    if not first_look:
        offers = offers.exclude(places__isnull=False, created_at__gt=first_look_since())
    return offers


def first_look_since() -> datetime:
    return timezone.now() - timedelta(days=first_look_days())


@dataclass
class OfferMatch:
    offer: Offer
    score: int
    areas: list[str] = field(default_factory=list)  # the student's areas it matched
    words: list[str] = field(default_factory=list)  # the student's own words it matched
    first_look: bool = False  # only students with first look see it, for now
    interested: bool = False


@dataclass
class StudentOffers:
    matched: list[OfferMatch]
    others: list[OfferMatch]
    first_look: bool


def offers_for_student(student: Student, today: date) -> StudentOffers:
    """The current offers for ``student``: matched ones in order, then the rest by date."""
    first_look = has_first_look(student, today)
    offers = list(
        _current_offers(student, today, first_look=first_look)
        .select_related("partner")
        .prefetch_related("areas")
    )
    interests = list(Interest.objects.filter(student=student))
    areas = {interest.area for interest in interests if interest.area}
    words = {interest.tag.strip().lower() for interest in interests if interest.tag.strip()}
    mine = set(
        OfferInterest.objects.filter(student=student, offer__in=offers).values_list(
            "offer_id", flat=True
        )
    )
    since = first_look_since()
    matches = [_match(offer, areas, words, since, mine) for offer in offers]
    matched = sorted(
        (m for m in matches if m.score),
        key=lambda m: (not (first_look and m.first_look), -m.score, m.offer.starts_on, m.offer.pk),
    )
    others = sorted(
        (m for m in matches if not m.score), key=lambda m: (m.offer.starts_on, m.offer.pk)
    )
    return StudentOffers(matched=matched, others=others, first_look=first_look)


def _match(
    offer: Offer, areas: set[str], words: set[str], since: datetime, mine: set[int]
) -> OfferMatch:
    offer_areas = [item.area for item in offer.areas.all()]
    hit_areas = [str(InterestArea(area).label) for area in offer_areas if area in areas]
    text = " ".join([offer.title, offer.tags]).lower()
    hit_words = sorted(word for word in words if word in text)
    return OfferMatch(
        offer=offer,
        score=AREA_POINTS * len(hit_areas) + WORD_POINTS * len(hit_words),
        areas=hit_areas,
        words=hit_words,
        first_look=offer.places is not None and offer.created_at > since,
        interested=offer.pk in mine,
    )


def offer_visible_to_student(student: Student, public_id: UUID, today: date) -> Offer | None:
    return (
        _current_offers(student, today, first_look=has_first_look(student, today))
        .select_related("partner")
        .prefetch_related("areas")
        .filter(public_id=public_id)
        .first()
    )


def student_is_interested(student: Student, offer: Offer) -> bool:
    return OfferInterest.objects.filter(student=student, offer=offer).exists()


# --- Offers for their partner ----------------------------------------------


@dataclass(frozen=True)
class SchoolCount:
    school: str
    students: int


def partner_offers(partner_id: int) -> list[tuple[Offer, list[SchoolCount], int]]:
    """The partner's offers, newest first, each with the number of interested students per school.

    Counts only: which students are interested is for their school to know.
    """
    offers = list(Offer.objects.filter(partner_id=partner_id).order_by("-starts_on", "-id"))
    counts: dict[int, list[SchoolCount]] = {offer.pk: [] for offer in offers}
    rows = (
        OfferInterest.objects.filter(offer__in=offers)
        .values_list("offer_id", "student__school__name")
        .annotate(n=Count("id"))
        .order_by("offer_id", "student__school__name")
    )
    for offer_id, school, n in rows:
        counts[offer_id].append(SchoolCount(school=school, students=n))
    return [
        (offer, counts[offer.pk], sum(c.students for c in counts[offer.pk])) for offer in offers
    ]


# --- Uptake for a school ----------------------------------------------------


@dataclass
class Uptake:
    offer: Offer
    school_count: int
    names: list[Student]


def students_named_to(user: User, role: RoleContext) -> QuerySet[Student]:
    """Whose names a staff member sees in the uptake: the whole school for leaders, else mentees."""
    students = Student.objects.filter(school_id=role.school_id)
    if sees_whole_school(role):
        return students
    mentored = GroupStaff.objects.filter(
        user=user,
        group__school_id=role.school_id,
        group__school_year__end_date__gte=timezone.localdate(),
        role__in=[GroupStaffRole.MENTOR, GroupStaffRole.COACH],
    ).values("group__memberships__student")
    return students.filter(pk__in=mentored)


def school_uptake(user: User, role: RoleContext) -> list[Uptake]:
    """Offers that students of the school showed interest in, with counts and visible names."""
    interests = OfferInterest.objects.filter(student__school_id=role.school_id)
    counts = dict(interests.values_list("offer_id").annotate(n=Count("id")).order_by())
    offers = (
        Offer.objects.filter(pk__in=list(counts))
        .select_related("partner")
        .order_by("starts_on", "id")
    )
    named = (
        interests.filter(student__in=students_named_to(user, role))
        .select_related("student__user", "student__school")
        .order_by("student__user__last_name", "student__user__first_name")
    )
    names: dict[int, list[Student]] = {}
    for interest in named:
        names.setdefault(interest.offer_id, []).append(interest.student)
    return [
        Uptake(offer=offer, school_count=counts[offer.pk], names=names.get(offer.pk, []))
        for offer in offers
    ]
