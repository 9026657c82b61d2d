"""Who may administer which school in the Django admin, and what they may pick there.

A school administrator is a staff user (``is_staff``) with a ``school_admin``
staff role at one or more schools. In the admin they see and change only the
data of those schools; everything else stays with superusers. The admin classes
in ``schools.admin`` ask this module and nothing else.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.schools.models import (
    BoardViewer,
    Group,
    GroupStaff,
    GuardianLink,
    School,
    SchoolYear,
    StaffMembership,
    StaffRole,
    Student,
)

_CACHE_ATTRIBUTE = "_leerweg_administered_school_ids"


def schools_administered_by(user: User | AnonymousUser) -> QuerySet[School]:
    """The schools whose data ``user`` may administer in the admin.

    Only staff users (the admin lets no one else in) with a school_admin role.
    """
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return School.objects.none()
    admin_roles = StaffMembership.objects.filter(user=user, role=StaffRole.SCHOOL_ADMIN)
    return School.objects.filter(pk__in=admin_roles.values("school"))


def administered_school_ids(request: HttpRequest) -> frozenset[int]:
    """``schools_administered_by(request.user)`` as ids, worked out once per request."""
    cached: frozenset[int] | None = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None:
        schools = schools_administered_by(request.user)
        cached = frozenset(schools.values_list("pk", flat=True))
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached


def people_of_schools(school_ids: frozenset[int]) -> QuerySet[User]:
    """Users who are a student, a guardian of a student, or staff at one of the schools."""
    return User.objects.filter(
        Q(pk__in=Student.objects.filter(school__in=school_ids).values("user"))
        | Q(pk__in=GuardianLink.objects.filter(student__school__in=school_ids).values("guardian"))
        | Q(pk__in=StaffMembership.objects.filter(school__in=school_ids).values("user"))
        | Q(pk__in=GroupStaff.objects.filter(group__school__in=school_ids).values("user"))
    )


def person_editable_by_school_admin(person: User, school_ids: frozenset[int]) -> bool:
    """May a school admin of ``school_ids`` change this person's name, e-mail and active flag?

    Only if everything the person is, they are at those schools. The e-mail
    address is where a password reset goes, so whoever may change it may take
    over the account: an admin of one school must never get that power over a
    superuser, another school's staff, a board officer or a partner user who
    happens to be a parent at their school.
    """
    if person.is_staff or person.is_superuser:
        return False
    elsewhere = (
        Student.objects.filter(user=person).exclude(school__in=school_ids).exists()
        or GuardianLink.objects.filter(guardian=person)
        .exclude(student__school__in=school_ids)
        .exists()
        or StaffMembership.objects.filter(user=person).exclude(school__in=school_ids).exists()
        or GroupStaff.objects.filter(user=person).exclude(group__school__in=school_ids).exists()
        or BoardViewer.objects.filter(user=person).exists()
        # Partner users live in an app above this one; the reverse relation is
        # asked by name so that schools need not import partners.
        or person.partner_memberships.exists()
    )
    return not elsewhere


def choices_for_school_admin(model: type[Model], school_ids: frozenset[int]) -> QuerySet | None:
    """The objects of ``model`` a school admin may pick in a form; None if the model is unknown."""
    if model is School:
        return School.objects.filter(pk__in=school_ids)
    if model is User:
        return people_of_schools(school_ids)
    if model in (SchoolYear, Group, Student, StaffMembership):
        return model._default_manager.filter(school__in=school_ids)
    return None


def school_admin_role(school_id: int) -> RoleContext:
    """The role a school admin acts in at ``school_id``, for the audit trail."""
    return RoleContext(
        kind=RoleKind.STAFF,
        label="",
        school_id=school_id,
        staff_roles=frozenset({StaffRole.SCHOOL_ADMIN.value}),
    )
