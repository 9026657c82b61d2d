"""Who may see and change learning networks and learning areas.

Community pages do not depend on the role someone is acting in: access is by
membership, so a facilitator without any school role takes part as fully as a
school leader.

- A network's pages, meetings, posts, replies and files are for its members
  (facilitators and the representatives of its member schools). Anyone else
  gets the same 404 as for a network that does not exist, so members of one
  network never learn what another one discusses.
- The facilitators run the network: add member schools and their
  representatives, plan meetings, fix dates, keep attendance and minutes.
  A representative of a member school may add colleagues of their own school
  (a school is represented by a school leader plus one colleague) and keep
  the school's learning question and ambition up to date.
- Whoever facilitates a network may start a new one; platform administrators
  do so in the admin.
- A practice published as inspiration, and its file, can be read by everyone
  who is logged in.
- A learning area belongs to the staff of its member schools (any staff role
  there), and, when it sits inside a network, to that network's members too.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from leerweg.accounts.models import User
from leerweg.core.access import NotFoundOrNotYours
from leerweg.networks.models import (
    AreaMaterial,
    AreaRubric,
    LearningArea,
    Meeting,
    Network,
    NetworkMembership,
    NetworkRole,
    NetworkSchool,
    Post,
    Practice,
)
from leerweg.schools.models import School, StaffMembership, StaffRole

# How many people may represent one member school: a school leader plus one colleague.
REPRESENTATIVES_PER_SCHOOL = 2


def networks_of(user: User) -> QuerySet[Network]:
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(memberships__user=user)


def has_networks(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and NetworkMembership.objects.filter(user=user).exists()


def membership_of(user: User, network: Network) -> NetworkMembership | None:
    return NetworkMembership.objects.filter(network=network, user=user).first()


def is_facilitator(user: User, network: Network) -> bool:
    return NetworkMembership.objects.filter(
        network=network, user=user, role=NetworkRole.FACILITATOR
    ).exists()


def may_create_network(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or NetworkMembership.objects.filter(user=user, role=NetworkRole.FACILITATOR).exists()
    )


def access_network(user: User, public_id: UUID) -> Network:
    """A network ``user`` is a member of."""
    network = networks_of(user).filter(public_id=public_id).first()
    if network is None:
        raise NotFoundOrNotYours
    return network


def may_represent(user: User, member_school: NetworkSchool) -> bool:
    """A representative of this member school, or a facilitator of its network."""
    return NetworkMembership.objects.filter(
        Q(member_school=member_school) | Q(role=NetworkRole.FACILITATOR),
        network_id=member_school.network_id,
        user=user,
    ).exists()


def access_member_school(user: User, network: Network, member_school_id: int) -> NetworkSchool:
    """A member school of ``network`` that ``user`` represents or facilitates."""
    member_school = (
        NetworkSchool.objects.filter(network=network, pk=member_school_id)
        .select_related("school")
        .first()
    )
    if member_school is None or not may_represent(user, member_school):
        raise NotFoundOrNotYours
    return member_school


def access_meeting(user: User, public_id: UUID) -> Meeting:
    meeting = (
        Meeting.objects.filter(public_id=public_id, network__in=networks_of(user))
        .select_related("network", "host__school", "date_fixed_by")
        .first()
    )
    if meeting is None:
        raise NotFoundOrNotYours
    return meeting


def access_post(user: User, public_id: UUID) -> Post:
    post = (
        Post.objects.filter(public_id=public_id, network__in=networks_of(user))
        .select_related("network", "author")
        .first()
    )
    if post is None:
        raise NotFoundOrNotYours
    return post


def access_practice(user: User, public_id: UUID) -> Practice:
    """A practice of one of ``user``'s networks, or one published to everyone."""
    visible = Q(network__in=networks_of(user)) | Q(published_at__isnull=False)
    practice = (
        Practice.objects.filter(visible, public_id=public_id)
        .select_related("network", "author", "published_by")
        .first()
    )
    if practice is None:
        raise NotFoundOrNotYours
    return practice


def is_member(user: User, network: Network) -> bool:
    return NetworkMembership.objects.filter(network=network, user=user).exists()


# --- Learning areas -----------------------------------------------------------------------------


def staff_schools_of(user: User) -> QuerySet[School]:
    """Schools where ``user`` holds any staff role."""
    return School.objects.filter(
        pk__in=StaffMembership.objects.filter(user=user).values("school_id")
    ).order_by("name")


def led_schools_of(user: User) -> QuerySet[School]:
    return School.objects.filter(
        pk__in=StaffMembership.objects.filter(user=user, role=StaffRole.SCHOOL_LEADER).values(
            "school_id"
        )
    ).order_by("name")


def areas_of(user: User) -> QuerySet[LearningArea]:
    if not user.is_authenticated:
        return LearningArea.objects.none()
    by_school = Q(area_schools__school__in=staff_schools_of(user))
    by_network = Q(network__in=networks_of(user))
    ids = LearningArea.objects.filter(by_school | by_network).values("pk")
    return LearningArea.objects.filter(pk__in=ids)


def may_manage_area(user: User, area: LearningArea) -> bool:
    """Who adds schools: a school leader of a member school, or a facilitator of its network."""
    if area.network_id is not None and is_facilitator(user, area.network):  # type: ignore[arg-type]
        return True
    return area.area_schools.filter(school__in=led_schools_of(user)).exists()


def access_area(user: User, public_id: UUID) -> LearningArea:
    area = (
        areas_of(user).filter(public_id=public_id).select_related("network", "created_by").first()
    )
    if area is None:
        raise NotFoundOrNotYours
    return area


def member_schools_for(user: User, area: LearningArea) -> QuerySet[School]:
    """The member schools of ``area`` that ``user`` works at: the ones they may act for."""
    return staff_schools_of(user).filter(pk__in=area.area_schools.values("school_id"))


def access_area_rubric(user: User, public_id: UUID) -> AreaRubric:
    shared = (
        AreaRubric.objects.filter(public_id=public_id, area__in=areas_of(user))
        .select_related("area", "rubric__school", "shared_by")
        .first()
    )
    if shared is None:
        raise NotFoundOrNotYours
    return shared


def access_area_material(user: User, public_id: UUID) -> AreaMaterial:
    material = (
        AreaMaterial.objects.filter(public_id=public_id, area__in=areas_of(user))
        .select_related("area", "author")
        .first()
    )
    if material is None:
        raise NotFoundOrNotYours
    return material
