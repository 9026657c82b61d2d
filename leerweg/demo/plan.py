"""The whole demo board, planned in memory: the same plan for every day of a school year."""

import random
from datetime import date

from leerweg.demo.blueprint import PARTNERS, SCHOOLS, SEED, DemoSize
from leerweg.demo.dates import school_year_containing
from leerweg.demo.logins import DemoUsername
from leerweg.demo.names import NameSource, assign_usernames
from leerweg.demo.people import (
    DemoPlan,
    GuardianRole,
    Person,
    PlannedGroup,
    PlannedPartner,
    PlannedStudent,
    PlannedViewer,
    StaffPlan,
)
from leerweg.demo.staff import plan_staff, teacher_guardian
from leerweg.demo.students import plan_families, plan_students


def demo_plan(*, size: DemoSize, today: date) -> DemoPlan:
    """Plan the demo board for the school year that contains ``today``.

    Each part draws from its own seeded generator, and staff, viewers,
    partners and the demo families are named before the other students: so
    every demo login is the same person at every size.
    """
    year = school_year_containing(today)
    names = NameSource(SEED)
    groups = [PlannedGroup(school, spec) for school in SCHOOLS for spec in school.groups]
    staff = plan_staff(random.Random(f"{SEED}:staff"), names, groups)
    viewers = [
        PlannedViewer(names.person("bestuur", fixed_username=DemoUsername.BOARD), "board"),
        PlannedViewer(
            names.person("gemeente", fixed_username=DemoUsername.MUNICIPALITY), "municipality"
        ),
    ]
    partners = _plan_partners(names)
    students = plan_students(random.Random(f"{SEED}:students"), year, size, groups)
    guardian_links = plan_families(
        random.Random(f"{SEED}:families"), names, students, year, teacher_guardian(staff)
    )
    people = _everyone(students, guardian_links, staff, viewers, partners)
    assign_usernames(people)
    return DemoPlan(year, groups, students, guardian_links, staff, viewers, partners, people)


def _plan_partners(names: NameSource) -> list[PlannedPartner]:
    partners = [
        PlannedPartner(spec, tuple(names.person("partner") for _ in range(spec.members)))
        for spec in PARTNERS
    ]
    partners[0].members[0].fixed_username = DemoUsername.PARTNER
    return partners


def _everyone(
    students: list[PlannedStudent],
    guardian_links: list[GuardianRole],
    staff: StaffPlan,
    viewers: list[PlannedViewer],
    partners: list[PlannedPartner],
) -> list[Person]:
    """Everyone once, students first, in plan order (which decides who is ``jansen2``)."""
    ordered: list[Person] = [s.named for s in students]
    ordered += [link.guardian for link in guardian_links]
    ordered += staff.people
    ordered += [viewer.person for viewer in viewers]
    ordered += [member for partner in partners for member in partner.members]
    return list(dict.fromkeys(ordered))
