"""Writes the planned demo board to the database, once.

A second run finds the demo board by its fixed public id and changes nothing.
That is safer than deleting the demo board and loading it again:

- Deleting is not ours to define. ``Student.user`` and ``School.board`` are
  ``PROTECT``, and apps that come later (consent, goals) will hang rows of
  their own on demo students: a reset would either stop at ``PROTECT`` or
  cascade through work someone did while trying the demo.
- The audit trail refers to students by public id and outlives them on
  purpose; deleting and re-creating would leave trails about nobody.
- Re-created users get new primary keys: everyone logged in is logged out.
- A no-op can run at every start of a demo container without a second thought.

The load is one transaction, so the board exists only if everything else does.
To start afresh, use a fresh database.

Every table is written with ``bulk_create``, a fixed number of queries
whatever the size, and the demo password is hashed once for everyone: with
Argon2, hashing per user would take minutes.
"""

import operator
import uuid
from dataclasses import dataclass
from datetime import date
from functools import reduce
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q

from leerweg.accounts.models import User
from leerweg.curriculum.models import CurriculumGoal, LearningDomain
from leerweg.curriculum.services import curriculum_import
from leerweg.demo.blueprint import (
    BOARD_NAME,
    DEMO_BOARD_PUBLIC_ID,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    PARTNERS,
    REGION,
    SCHOOLS,
    DemoSize,
    SchoolSpec,
    demo_uuid,
)
from leerweg.demo.community import community_demo_create
from leerweg.demo.dates import SchoolYearDates
from leerweg.demo.flex import flex_demo_create
from leerweg.demo.learning import learning_data_create
from leerweg.demo.logins import DemoUsername
from leerweg.demo.networks import networks_demo_create
from leerweg.demo.partner_records import partner_records_demo_create
from leerweg.demo.peer import peer_demo_create
from leerweg.demo.people import (
    DemoPlan,
    Person,
    PlannedGroup,
    PlannedPartner,
    PlannedStudent,
)
from leerweg.demo.plan import demo_plan
from leerweg.demo.students import eck_id
from leerweg.partners.models import PartnerOrganisation, PartnerUser
from leerweg.schools.models import (
    Board,
    BoardViewer,
    BoardViewerKind,
    Group,
    GroupKind,
    GroupMembership,
    GroupStaff,
    GroupStaffRole,
    GuardianLink,
    GuardianRelation,
    School,
    SchoolYear,
    Sector,
    StaffMembership,
    StaffRole,
    Student,
)

BATCH_SIZE = 500
CURRICULUM_DIR = Path(__file__).resolve().parent / "data"


class DemoClashError(Exception):
    """The database already holds users or schools the demo would create."""


@dataclass(frozen=True)
class DemoLoad:
    created: bool  # False: the demo board was there already and nothing changed
    counts: dict[str, int]


def demo_load(*, size: DemoSize, today: date) -> DemoLoad:
    """Load the demo board for the school year containing ``today``, unless it is there."""
    with transaction.atomic():
        # Checked inside the transaction: in SQLite's IMMEDIATE mode a second
        # loader waits here for the first; elsewhere the unique public id
        # stops the later of two.
        board = Board.objects.filter(public_id=DEMO_BOARD_PUBLIC_ID).first()
        created = board is None
        if board is None:
            board = _write(demo_plan(size=size, today=today))
            # After the curriculum: own goals and evidence link to learning goals.
            learning_data_create(board=board, today=today)
            flex_demo_create(board=board, today=today)
            peer_demo_create()
            networks_demo_create(board=board, today=today)
            community_demo_create(today=today)
            partner_records_demo_create(today=today)
        return DemoLoad(created=created, counts=demo_counts(board))


def demo_login_names() -> dict[str, str]:
    """Full names of the fixed demo logins that exist, by username."""
    users = User.objects.filter(username__in=[u.value for u in DemoUsername])
    return {user.username: user.get_full_name() for user in users.order_by("username")}


def demo_counts(board: Board) -> dict[str, int]:
    """Rows that belong to the demo board, per kind, in a fixed order."""
    partner_ids = [spec.public_id for spec in PARTNERS]
    in_board = {"school__board": board}
    return {
        "users": _demo_users(board, partner_ids).count(),
        "schools": School.objects.filter(board=board).count(),
        "school years": SchoolYear.objects.filter(**in_board).count(),
        "groups": Group.objects.filter(**in_board).count(),
        "students": Student.objects.filter(**in_board).count(),
        "group memberships": GroupMembership.objects.filter(group__school__board=board).count(),
        "staff roles": StaffMembership.objects.filter(**in_board).count(),
        "group staff": GroupStaff.objects.filter(group__school__board=board).count(),
        "guardian links": GuardianLink.objects.filter(student__school__board=board).count(),
        "board viewers": BoardViewer.objects.filter(board=board).count(),
        "learning domains": LearningDomain.objects.filter(**in_board).count(),
        "curriculum goals": CurriculumGoal.objects.filter(**in_board).count(),
        "partner organisations": PartnerOrganisation.objects.filter(
            public_id__in=partner_ids
        ).count(),
        "partner users": PartnerUser.objects.filter(
            organisation__public_id__in=partner_ids
        ).count(),
    }


def _demo_users(board: Board, partner_ids: list[uuid.UUID]) -> models.QuerySet[User]:
    linked = (
        Student.objects.filter(user=OuterRef("pk"), school__board=board),
        GuardianLink.objects.filter(guardian=OuterRef("pk"), student__school__board=board),
        StaffMembership.objects.filter(user=OuterRef("pk"), school__board=board),
        BoardViewer.objects.filter(user=OuterRef("pk"), board=board),
        PartnerUser.objects.filter(user=OuterRef("pk"), organisation__public_id__in=partner_ids),
    )
    return User.objects.filter(reduce(operator.or_, (Q(Exists(q)) for q in linked)))


def _write(plan: DemoPlan) -> Board:
    _refuse_clashes(plan)
    users = _create_users(plan.people)
    board = Board.objects.create(public_id=DEMO_BOARD_PUBLIC_ID, name=BOARD_NAME)
    schools = _create_schools(board, plan.school_year)
    _load_curricula(schools)
    groups = _create_groups(plan, schools)
    students = _create_students(plan, schools, users)
    _link_students(plan, groups, students, users)
    _create_staff(plan, schools, groups, users)
    BoardViewer.objects.bulk_create(
        BoardViewer(user=users[v.person], board=board, kind=BoardViewerKind(v.kind))
        for v in plan.viewers
    )
    _create_partners(plan.partners, users)
    return board


def _refuse_clashes(plan: DemoPlan) -> None:
    """Stop before writing if real or leftover rows hold the demo's names or codes."""
    usernames = User.objects.filter(username__in=[p.username for p in plan.people])
    taken = sorted(usernames.values_list("username", flat=True))
    taken += sorted(
        School.objects.filter(brin__in=[s.brin for s in SCHOOLS]).values_list("brin", flat=True)
    )
    taken += sorted(
        PartnerOrganisation.objects.filter(
            public_id__in=[p.public_id for p in PARTNERS]
        ).values_list("name", flat=True)
    )
    if taken:
        shown = ", ".join(taken[:5]) + (f" and {len(taken) - 5} more" if len(taken) > 5 else "")
        raise DemoClashError(
            f"The database already holds {shown}, but not the demo board: it has a "
            "partial or older demo, or real data with these names. Use a fresh database."
        )


def _create_users(people: list[Person]) -> dict[Person, User]:
    password = make_password(DEMO_PASSWORD)  # once: Argon2 per user would take minutes
    users = {
        person: User(
            public_id=demo_uuid("user", person.username),
            username=person.username,
            first_name=person.first_name,
            last_name=person.last_name,
            email=f"{person.username}@{EMAIL_DOMAIN}",
            password=password,
            is_staff=person.is_staff,
        )
        for person in people
    }
    User.objects.bulk_create(users.values(), batch_size=BATCH_SIZE)
    return users


@dataclass(frozen=True)
class SavedSchool:
    school: School
    year: SchoolYear


def _create_schools(board: Board, year: SchoolYearDates) -> dict[SchoolSpec, SavedSchool]:
    schools = [
        School(
            public_id=spec.public_id,
            board=board,
            brin=spec.brin,
            name=spec.name,
            sector=Sector(spec.sector),
            city=spec.city,
            primary_colour=spec.primary_colour,
            secondary_colour=spec.secondary_colour,
        )
        for spec in SCHOOLS
    ]
    _check_blueprint_values(schools, exclude={"board"})
    School.objects.bulk_create(schools)
    years = SchoolYear.objects.bulk_create(
        SchoolYear(school=school, name=year.name, start_date=year.start, end_date=year.end)
        for school in schools
    )
    return {
        spec: SavedSchool(school, school_year)
        for spec, school, school_year in zip(SCHOOLS, schools, years, strict=True)
    }


def _load_curricula(schools: dict[SchoolSpec, SavedSchool]) -> None:
    """Each school gets its sector's curriculum from data/, through the CSV import."""
    for spec, saved in schools.items():
        data = (CURRICULUM_DIR / f"curriculum-{spec.sector.lower()}.csv").read_bytes()
        result = curriculum_import(school=saved.school, data=data)
        if not result.succeeded:
            problems = "; ".join(f"row {p.row} {p.column}: {p.message}" for p in result.problems)
            raise ValueError(f"The demo curriculum for {spec.sector} does not import: {problems}")


def _create_groups(
    plan: DemoPlan, schools: dict[SchoolSpec, SavedSchool]
) -> dict[PlannedGroup, Group]:
    groups = {
        planned: Group(
            school=schools[planned.school].school,
            school_year=schools[planned.school].year,
            name=planned.spec.name,
            kind=GroupKind(planned.spec.kind),
            year_level=planned.spec.year_level,
            level=planned.spec.level,
        )
        for planned in plan.groups
    }
    Group.objects.bulk_create(groups.values(), batch_size=BATCH_SIZE)
    return groups


def _create_students(
    plan: DemoPlan, schools: dict[SchoolSpec, SavedSchool], users: dict[Person, User]
) -> dict[PlannedStudent, Student]:
    students = {}
    for planned in plan.students:
        user = users[planned.named]
        students[planned] = Student(
            public_id=demo_uuid("student", user.username),
            user=user,
            school=schools[planned.school].school,
            date_of_birth=planned.date_of_birth,
            eck_id=eck_id(user.username) if planned.has_eck_id else "",
        )
    Student.objects.bulk_create(students.values(), batch_size=BATCH_SIZE)
    return students


def _link_students(
    plan: DemoPlan,
    groups: dict[PlannedGroup, Group],
    students: dict[PlannedStudent, Student],
    users: dict[Person, User],
) -> None:
    GroupMembership.objects.bulk_create(
        (GroupMembership(group=groups[s.group], student=students[s]) for s in plan.students),
        batch_size=BATCH_SIZE,
    )
    GuardianLink.objects.bulk_create(
        (
            GuardianLink(
                guardian=users[link.guardian],
                student=students[link.student],
                relation=GuardianRelation(link.relation),
            )
            for link in plan.guardian_links
        ),
        batch_size=BATCH_SIZE,
    )


def _create_staff(
    plan: DemoPlan,
    schools: dict[SchoolSpec, SavedSchool],
    groups: dict[PlannedGroup, Group],
    users: dict[Person, User],
) -> None:
    StaffMembership.objects.bulk_create(
        (
            StaffMembership(
                user=users[grant.person],
                school=schools[grant.school].school,
                role=StaffRole(grant.role),
            )
            for grant in plan.staff.roles
        ),
        batch_size=BATCH_SIZE,
    )
    GroupStaff.objects.bulk_create(
        (
            GroupStaff(
                group=groups[assignment.group],
                user=users[assignment.person],
                role=GroupStaffRole(assignment.role),
                subject=assignment.subject,
            )
            for assignment in plan.staff.group_staff
        ),
        batch_size=BATCH_SIZE,
    )


def _create_partners(partners: list[PlannedPartner], users: dict[Person, User]) -> None:
    organisations = [
        PartnerOrganisation(
            public_id=partner.spec.public_id,
            name=partner.spec.name,
            kind=partner.spec.kind,
            region=REGION,
            town=partner.spec.town,
            contact_email=f"info@{partner.spec.domain}",
            website=f"https://{partner.spec.domain}/",
        )
        for partner in partners
    ]
    _check_blueprint_values(organisations)
    PartnerOrganisation.objects.bulk_create(organisations)
    PartnerUser.objects.bulk_create(
        PartnerUser(user=users[member], organisation=organisation)
        for partner, organisation in zip(partners, organisations, strict=True)
        for member in partner.members
    )


def _check_blueprint_values(rows: list[Any], exclude: set[str] | None = None) -> None:
    """Validate hand-written values (BRIN codes, colours, kinds, URLs) as a form would.

    ``clean_fields`` runs no queries as long as foreign keys are excluded.
    """
    for row in rows:
        row.clean_fields(exclude=exclude)
