"""The demo's students and their families.

Students are planned group by group with a date of birth that fits the group.
Families are formed next, from the students who are minors on the first day of
the school year:

1. Two demo families come first: the younger demo student with a brother or
   sister at the secondary school (guardian: the demo parent), and a primary
   pupil whose parent teaches at the secondary school.
2. The other minors are shuffled; about one family in ten gets two of them,
   as long as the two are at least a year apart in age.
3. Each family gets one or two guardians. Children take the first guardian's
   last name, except in a foster family, where the guardians are carers.

Students of 18 and over have no guardians and get a name of their own.
"""

import hashlib
import random
from dataclasses import dataclass

from leerweg.demo.blueprint import (
    DEMO_CLASS,
    PRIMARY,
    SECONDARY,
    SIBLING_CLASS,
    TEACHER_CHILD_GROUP,
    YOUNG_STUDENT_GROUP,
    DemoSize,
    SchoolSpec,
    class_size,
)
from leerweg.demo.dates import SchoolYearDates, birth_date
from leerweg.demo.logins import DemoUsername
from leerweg.demo.names import NameSource
from leerweg.demo.people import GuardianRole, Person, PlannedGroup, PlannedStudent

TWO_CHILD_FAMILIES = 0.10
TWO_GUARDIANS_SHARE = 0.75
PARTNER_OWN_NAME_SHARE = 0.5  # the second guardian keeps their own last name
FOSTER_SHARE = 0.03
SIBLING_MIN_DAYS_APART = 365
ECK_ID_PREFIX = "https://ketenid.nl/201703/"


@dataclass
class Family:
    children: list[PlannedStudent]
    guardian: Person | None = None  # set for the demo families only


def plan_students(
    rng: random.Random, year: SchoolYearDates, size: DemoSize, groups: list[PlannedGroup]
) -> list[PlannedStudent]:
    students: list[PlannedStudent] = []
    for group in groups:
        for seat in range(rng.randint(*class_size(group.school, size))):
            age = rng.choice(group.spec.ages_at_start)
            older = rng.random() < group.school.older_share
            students.append(
                PlannedStudent(
                    group=group,
                    seat=seat,
                    date_of_birth=birth_date(rng, year, age + older),
                    has_eck_id=rng.random() < group.school.eck_id_share,
                )
            )
    return students


def plan_families(
    rng: random.Random,
    names: NameSource,
    students: list[PlannedStudent],
    year: SchoolYearDates,
    teacher_parent: Person,
) -> list[GuardianRole]:
    """Name every student and return who is whose guardian."""
    _seat(students, SECONDARY, DEMO_CLASS).person = names.person(
        "leerling", fixed_username=DemoUsername.STUDENT
    )
    families = _demo_families(names, students, teacher_parent)
    in_demo_family = {child for family in families for child in family.children}
    minors = [s for s in students if s.is_minor_on(year.start) and s not in in_demo_family]
    families += _pair_siblings(rng, minors)
    links = [link for family in families for link in _name_family(rng, names, family)]
    for student in students:
        if student.person is None:
            student.person = names.person("leerling")
    return links


def eck_id(username: str) -> str:
    """A made-up ECK iD in the real format, the same for a username every time."""
    return ECK_ID_PREFIX + hashlib.sha256(f"leerweg-demo:{username}".encode()).hexdigest()[:40]


def _seat(students: list[PlannedStudent], school: SchoolSpec, group: str) -> PlannedStudent:
    return next(
        s for s in students if s.school == school and s.group.spec.name == group and s.seat == 0
    )


def _demo_families(
    names: NameSource, students: list[PlannedStudent], teacher_parent: Person
) -> list[Family]:
    young = _seat(students, PRIMARY, YOUNG_STUDENT_GROUP)
    young.person = names.person("leerling", fixed_username=DemoUsername.YOUNG_STUDENT)
    parent = names.person(
        "ouder", last_name=young.person.last_name, fixed_username=DemoUsername.GUARDIAN
    )
    return [
        Family([young, _seat(students, SECONDARY, SIBLING_CLASS)], parent),
        Family([_seat(students, PRIMARY, TEACHER_CHILD_GROUP)], teacher_parent),
    ]


def _pair_siblings(rng: random.Random, minors: list[PlannedStudent]) -> list[Family]:
    shuffled = list(minors)
    rng.shuffle(shuffled)
    # With f the share of two-child families: n children = (1 + f) families.
    wanted = round(len(shuffled) * TWO_CHILD_FAMILIES / (1 + TWO_CHILD_FAMILIES))
    families: list[Family] = []
    index = 0
    while index < len(shuffled):
        child, next_child = shuffled[index], shuffled[index + 1 : index + 2]
        if wanted and next_child and _can_be_siblings(child, next_child[0]):
            families.append(Family([child, next_child[0]]))
            wanted -= 1
            index += 2
        else:
            families.append(Family([child]))
            index += 1
    return families


def _can_be_siblings(one: PlannedStudent, other: PlannedStudent) -> bool:
    return abs((one.date_of_birth - other.date_of_birth).days) >= SIBLING_MIN_DAYS_APART


def _name_family(rng: random.Random, names: NameSource, family: Family) -> list[GuardianRole]:
    # Every draw is made for every family, so one family's outcome never
    # shifts the draws of the next.
    two_guardians = rng.random() < TWO_GUARDIANS_SHARE
    partner_own_name = rng.random() < PARTNER_OWN_NAME_SHARE
    foster = rng.random() < FOSTER_SHARE and family.guardian is None
    # A child named beforehand (a demo login) passes its name to the family.
    named = [child.named.last_name for child in family.children if child.person is not None]
    first = family.guardian or names.person(
        "ouder", last_name=named[0] if named and not foster else ""
    )
    children_name = names.last_name() if foster else first.last_name
    for child in family.children:
        if child.person is None:
            child.person = names.person("leerling", last_name=children_name)
    guardians = [first]
    if two_guardians:
        guardians.append(
            names.person("ouder", last_name="" if partner_own_name else first.last_name)
        )
    relation = "carer" if foster else "parent"
    return [GuardianRole(g, child, relation) for child in family.children for g in guardians]
