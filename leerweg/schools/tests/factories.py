from datetime import date, timedelta

import factory
from django.utils import timezone

from leerweg.accounts.tests.factories import UserFactory
from leerweg.schools.models import (
    Board,
    BoardViewer,
    Group,
    GroupMembership,
    GroupStaff,
    GuardianLink,
    School,
    SchoolYear,
    StaffMembership,
    Student,
)


def birth_date_for_age(age: int) -> date:
    """A date of birth that makes someone ``age`` today, and not for a birthday soon."""
    today = timezone.localdate()
    return today.replace(year=today.year - age) - timedelta(days=30)


class BoardFactory(factory.django.DjangoModelFactory[Board]):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Stichting Onderwijs {n}")


class SchoolFactory(factory.django.DjangoModelFactory[School]):
    class Meta:
        model = School

    board = factory.SubFactory(BoardFactory)
    brin = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name = factory.Sequence(lambda n: f"School {n}")
    sector = "VO"
    city = "Utrecht"


class SchoolYearFactory(factory.django.DjangoModelFactory[SchoolYear]):
    class Meta:
        model = SchoolYear

    school = factory.SubFactory(SchoolFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=300))
    name = factory.LazyAttribute(lambda y: f"{y.start_date.year}-{y.end_date.year}")


class GroupFactory(factory.django.DjangoModelFactory[Group]):
    class Meta:
        model = Group

    school_year = factory.SubFactory(SchoolYearFactory)
    school = factory.SelfAttribute("school_year.school")
    name = factory.Sequence(lambda n: f"{n % 6 + 1}A{n}")
    kind = "klas"
    year_level = 2
    level = "havo"


class StudentFactory(factory.django.DjangoModelFactory[Student]):
    class Meta:
        model = Student

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    date_of_birth = factory.LazyFunction(lambda: birth_date_for_age(14))


def add_to_group(student: Student, group: Group) -> GroupMembership:
    return GroupMembership.objects.create(group=group, student=student)


def link_staff(user, group: Group, role: str, subject: str = "") -> GroupStaff:
    StaffMembership.objects.get_or_create(user=user, school=group.school, role=role)
    return GroupStaff.objects.create(group=group, user=user, role=role, subject=subject)


def grant_staff_role(user, school: School, role: str) -> StaffMembership:
    return StaffMembership.objects.get_or_create(user=user, school=school, role=role)[0]


def link_guardian(guardian, student: Student) -> GuardianLink:
    return GuardianLink.objects.create(guardian=guardian, student=student)


def make_board_viewer(user, board: Board, kind: str = "board") -> BoardViewer:
    return BoardViewer.objects.create(user=user, board=board, kind=kind)


__all__ = ["UserFactory"]
