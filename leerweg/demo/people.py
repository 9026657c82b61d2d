"""The demo board as plain Python objects, before anything touches the database.

Planned objects are compared by identity (``eq=False``): two people may share a
name, and the loader maps each planned object to the row made from it.
"""

from dataclasses import dataclass, field
from datetime import date

from leerweg.demo.blueprint import GroupSpec, PartnerSpec, SchoolSpec
from leerweg.demo.dates import SchoolYearDates, age_on


@dataclass(eq=False)
class Person:
    first_name: str
    last_name: str
    prefix: str  # of the username: "leerling", "ouder", "docent", …
    fixed_username: str = ""  # a demo login, printed by the command
    is_staff: bool = False  # may use the Django admin
    username: str = ""  # set by names.assign_usernames once everyone is planned

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(eq=False)
class PlannedGroup:
    school: SchoolSpec
    spec: GroupSpec


@dataclass(eq=False)
class PlannedStudent:
    group: PlannedGroup
    seat: int  # place in the group, 0 first
    date_of_birth: date
    has_eck_id: bool
    # Named once families are known: children take their family's last name.
    person: Person | None = None

    @property
    def school(self) -> SchoolSpec:
        return self.group.school

    @property
    def named(self) -> Person:
        if self.person is None:
            raise ValueError("Students are named when families are planned; this one was not.")
        return self.person

    def is_minor_on(self, day: date) -> bool:
        return age_on(self.date_of_birth, day) < 18


@dataclass(frozen=True)
class GuardianRole:
    guardian: Person
    student: PlannedStudent
    relation: str  # "parent" or "carer"


@dataclass(frozen=True)
class StaffRoleGrant:
    person: Person
    school: SchoolSpec
    role: str


@dataclass(frozen=True)
class GroupAssignment:
    group: PlannedGroup
    person: Person
    role: str  # "teacher", "mentor" or "coach"
    subject: str = ""


@dataclass(frozen=True)
class PlannedViewer:
    person: Person
    kind: str  # "board" or "municipality"


@dataclass(frozen=True)
class PlannedPartner:
    spec: PartnerSpec
    members: tuple[Person, ...]


@dataclass
class StaffPlan:
    """Everyone who works at the schools, and which groups they are linked to."""

    roles: list[StaffRoleGrant] = field(default_factory=list)
    group_staff: list[GroupAssignment] = field(default_factory=list)

    @property
    def people(self) -> list[Person]:
        return list(dict.fromkeys(grant.person for grant in self.roles))


@dataclass
class DemoPlan:
    school_year: SchoolYearDates
    groups: list[PlannedGroup]
    students: list[PlannedStudent]
    guardian_links: list[GuardianRole]
    staff: StaffPlan
    viewers: list[PlannedViewer]
    partners: list[PlannedPartner]
    people: list[Person]  # everyone above, each once, in a fixed order
