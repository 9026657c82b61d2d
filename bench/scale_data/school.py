"""The school around the students: board, school year, curriculum, classes and staff.

Staff are planned like a timetable: each subject a class has goes to the first
teacher of that subject with fewer than six classes, or to a new one; then each
class gets as mentor the first of its teachers who mentors no other class.
Three coaches take two year levels each.
"""

import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.curriculum.models import CurriculumGoal, LearningDomain, LearningLine
from leerweg.demo.blueprint import LEVEL_LETTER, SUBJECTS_BY_LEVEL
from leerweg.demo.dates import school_year_containing
from leerweg.demo.names import NameSource, username_part
from leerweg.schools.models import (
    Board,
    Group,
    GroupKind,
    GroupStaff,
    GroupStaffRole,
    School,
    SchoolYear,
    Sector,
    StaffMembership,
    StaffRole,
)

from . import texts
from .common import BATCH_SIZE, Build, PlannedClass, new_user, new_uuid

TEACHER_MAX_CLASSES = 6
# (year, level) of the classes, taken in turn: a six-year school with vmbo, havo and vwo.
CLASS_SLOTS = (
    *((year, level) for year in (1, 2, 3, 4) for level in ("vmbo", "havo", "vwo")),
    (5, "havo"),
    (5, "vwo"),
    (6, "vwo"),
)


@dataclass(eq=False)
class Teacher:
    user: User
    subject: str
    classes: list[PlannedClass] = field(default_factory=list)


def start_school(rng: random.Random, names: NameSource, today: date) -> Build:
    year = school_year_containing(today)
    board = Board.objects.create(public_id=new_uuid(rng), name="Stichting Bench Onderwijs")
    school = School.objects.create(
        public_id=new_uuid(rng),
        board=board,
        brin="99BX",
        name="Het Schaal College",
        sector=Sector.VO,
        city="Utrecht",
    )
    school_year = SchoolYear.objects.create(
        school=school, name=year.name, start_date=year.start, end_date=year.end
    )
    build = Build(rng, names, today, timezone.now(), year, school, school_year)
    _create_curriculum(build)
    return build


def _create_curriculum(build: Build) -> None:
    domains = LearningDomain.objects.bulk_create(
        LearningDomain(school=build.school, code=code, name=name, position=position)
        for position, (code, name, _) in enumerate(texts.CURRICULUM)
    )
    lines = LearningLine.objects.bulk_create(
        LearningLine(domain=domain, code=username_part(line), name=line, position=position)
        for domain, (_, _, line_names) in zip(domains, texts.CURRICULUM, strict=True)
        for position, line in enumerate(line_names)
    )
    goals = CurriculumGoal.objects.bulk_create(
        CurriculumGoal(
            line=line,
            school=build.school,
            code=f"{line.domain.code}-{line.code}-{position + 1}",
            title=f"{line.name}: {texts.GOAL_STEPS[position]}",
            description=build.rng.choice(texts.CURRICULUM_DESCRIPTIONS),
            sector=Sector.VO,
            year_from=year_from,
            year_to=year_to,
            aim=texts.AIM_BY_DOMAIN[line.domain.code],
            position=position,
        )
        for line in lines
        for position, (year_from, year_to) in enumerate(texts.GOAL_YEARS)
    )
    prerequisite = CurriculumGoal.prerequisites.through
    prerequisite.objects.bulk_create(
        prerequisite(from_curriculumgoal_id=goal.pk, to_curriculumgoal_id=before.pk)
        for before, goal in itertools.pairwise(goals)
        if goal.line_id == before.line_id
    )
    for year in range(1, 7):
        build.curriculum_by_year[year] = [g.pk for g in goals if g.year_from <= year <= g.year_to]


def create_classes(build: Build, sizes: list[int]) -> list[PlannedClass]:
    named: Counter[str] = Counter()
    groups = []
    for number in range(len(sizes)):
        year, level = CLASS_SLOTS[number % len(CLASS_SLOTS)]
        prefix = f"{year}{LEVEL_LETTER[level]}"
        named[prefix] += 1
        groups.append(
            Group(
                school_year=build.school_year,
                school=build.school,
                name=f"{prefix}{named[prefix]}",
                kind=GroupKind.CLASS,
                year_level=year,
                level=level,
            )
        )
    Group.objects.bulk_create(groups)
    return [PlannedClass(group, size) for group, size in zip(groups, sizes, strict=True)]


def create_staff(build: Build, classes: list[PlannedClass]) -> None:
    """Subject teachers (six classes at most), then a mentor per class from its teachers."""
    teachers: list[Teacher] = []
    for planned in classes:
        for subject in SUBJECTS_BY_LEVEL[planned.group.level]:
            free = [t for t in teachers if t.subject == subject]
            free = [t for t in free if len(t.classes) < TEACHER_MAX_CLASSES]
            teacher = free[0] if free else _hire(build, teachers, subject)
            teacher.classes.append(planned)
    mentors: dict[PlannedClass, Teacher] = {}
    for planned in classes:
        taken = set(mentors.values())
        candidates = [t for t in teachers if planned in t.classes and t not in taken]
        mentors[planned] = candidates[0] if candidates else _hire(build, teachers, "Mentoruur")
        mentors[planned].classes.append(planned)
    others = [_staff_user(build, "coach") for _ in range(3)]
    others += [_staff_user(build, "directie") for _ in range(2)] + [_staff_user(build, "admin")]
    User.objects.bulk_create([t.user for t in teachers] + others, batch_size=BATCH_SIZE)
    _grant_roles(build, teachers, set(mentors.values()), others)
    _assign_to_classes(classes, teachers, mentors, coaches=others[:3])


def _hire(build: Build, teachers: list[Teacher], subject: str) -> Teacher:
    teacher = Teacher(_staff_user(build, "docent"), subject)
    teachers.append(teacher)
    return teacher


def _staff_user(build: Build, prefix: str) -> User:
    person = build.names.person(prefix)
    return new_user(build, prefix, person.first_name, person.last_name)


def _grant_roles(
    build: Build, teachers: list[Teacher], mentors: set[Teacher], others: list[User]
) -> None:
    roles = [(t.user, StaffRole.TEACHER) for t in teachers]
    roles += [(t.user, StaffRole.MENTOR) for t in teachers if t in mentors]
    roles += [(user, StaffRole.COACH) for user in others[:3]]
    roles += [(user, StaffRole.SCHOOL_LEADER) for user in others[3:5]]
    roles += [(others[5], StaffRole.SCHOOL_ADMIN)]
    StaffMembership.objects.bulk_create(
        StaffMembership(user=user, school=build.school, role=role) for user, role in roles
    )


def _assign_to_classes(
    classes: list[PlannedClass],
    teachers: list[Teacher],
    mentors: dict[PlannedClass, Teacher],
    coaches: list[User],
) -> None:
    rows = []
    for teacher in teachers:
        for planned in dict.fromkeys(teacher.classes):
            rows.append(
                GroupStaff(
                    group=planned.group,
                    user=teacher.user,
                    subject=teacher.subject,
                    role=GroupStaffRole.TEACHER,
                )
            )
            planned.teacher_ids.append(teacher.user.pk)
    for planned, mentor in mentors.items():
        rows.append(GroupStaff(group=planned.group, user=mentor.user, role=GroupStaffRole.MENTOR))
        planned.mentor_id = mentor.user.pk
    for planned in classes:
        coach = coaches[((planned.group.year_level or 1) - 1) // 2]
        rows.append(GroupStaff(group=planned.group, user=coach, role=GroupStaffRole.COACH))
    GroupStaff.objects.bulk_create(rows, batch_size=BATCH_SIZE)
