"""Who works at the demo schools, and which groups they teach, mentor or coach.

Per school, in this order (the order fixes who gets which name):

1. Hire one teacher per entry of the school's ``teacher_subjects``.
2. At the secondary school, set aside the demo teacher and the teacher who is
   also a parent, so neither becomes a mentor and their logins stay simple.
3. Give each group a mentor: the first unused teacher of a subject the group
   has. The mentor also teaches the group that subject.
4. Give each group one to three more teachers, each of another subject, taking
   the teachers of a subject in turn. The demo teacher always teaches the demo
   class.
5. Let coaches take some of the groups in turn, the demo class always.
6. Add school leaders and school administrators.
"""

import random
from dataclasses import dataclass

from leerweg.demo.blueprint import (
    DEMO_CLASS,
    DEMO_TEACHER_SUBJECT,
    SCHOOLS,
    SECONDARY,
    TEACHER_GUARDIAN_SUBJECT,
    SchoolSpec,
)
from leerweg.demo.logins import DemoUsername
from leerweg.demo.names import NameSource
from leerweg.demo.people import (
    GroupAssignment,
    Person,
    PlannedGroup,
    StaffPlan,
    StaffRoleGrant,
)

EXTRA_TEACHERS = (1, 3)  # besides the mentor, so every group has 2-4 teachers
COACHED_SHARE = 0.6


@dataclass(frozen=True)
class Teacher:
    person: Person
    subject: str


class SubjectRota:
    """The teachers of each subject, taken in turn so the work is spread."""

    def __init__(self, teachers: list[Teacher]) -> None:
        self._by_subject: dict[str, list[Teacher]] = {}
        for teacher in teachers:
            self._by_subject.setdefault(teacher.subject, []).append(teacher)
        self._turn = dict.fromkeys(self._by_subject, 0)

    def subjects(self) -> set[str]:
        return set(self._by_subject)

    def next(self, subject: str) -> Teacher:
        teachers = self._by_subject[subject]
        teacher = teachers[self._turn[subject] % len(teachers)]
        self._turn[subject] += 1
        return teacher


def plan_staff(rng: random.Random, names: NameSource, groups: list[PlannedGroup]) -> StaffPlan:
    plan = StaffPlan()
    for school in SCHOOLS:
        school_groups = [group for group in groups if group.school == school]
        _plan_school(rng, names, school, school_groups, plan)
    return plan


def teacher_guardian(plan: StaffPlan) -> Person:
    """The secondary teacher who is also a parent at the primary school."""
    return next(
        grant.person
        for grant in plan.roles
        if grant.person.fixed_username == DemoUsername.TEACHER_GUARDIAN
    )


def _plan_school(
    rng: random.Random,
    names: NameSource,
    school: SchoolSpec,
    groups: list[PlannedGroup],
    plan: StaffPlan,
) -> None:
    teachers = [
        Teacher(names.person(school.teacher_title), subject) for subject in school.teacher_subjects
    ]
    set_aside = _set_aside_demo_teachers(school, teachers)
    pinned = {group: set_aside[0] for group in groups if set_aside and _is_demo_class(group)}
    mentors = _choose_mentors(groups, [t for t in teachers if t not in set_aside], pinned)
    # The pinned demo teacher teaches only where pinned, so the login's
    # "classes they teach" stays one class.
    rota = SubjectRota([t for t in teachers if t not in pinned.values()])
    plan.roles += [StaffRoleGrant(t.person, school, "teacher") for t in teachers]
    plan.roles += [StaffRoleGrant(m.person, school, "mentor") for m in mentors.values()]
    for group in groups:
        plan.group_staff += _group_teachers(rng, group, mentors[group], rota, pinned.get(group))
    _plan_coaches(rng, names, school, groups, plan)
    _plan_management(names, school, plan)


def _is_demo_class(group: PlannedGroup) -> bool:
    return group.school == SECONDARY and group.spec.name == DEMO_CLASS


def _set_aside_demo_teachers(school: SchoolSpec, teachers: list[Teacher]) -> list[Teacher]:
    """At the secondary school: the demo teacher, then the teacher who is also a parent."""
    if school != SECONDARY:
        return []
    demo = next(t for t in teachers if t.subject == DEMO_TEACHER_SUBJECT)
    parent = next(t for t in teachers if t.subject == TEACHER_GUARDIAN_SUBJECT)
    demo.person.fixed_username = DemoUsername.TEACHER
    parent.person.fixed_username = DemoUsername.TEACHER_GUARDIAN
    return [demo, parent]


def _choose_mentors(
    groups: list[PlannedGroup], teachers: list[Teacher], pinned: dict[PlannedGroup, Teacher]
) -> dict[PlannedGroup, Teacher]:
    mentors: dict[PlannedGroup, Teacher] = {}
    free = list(teachers)
    for group in groups:
        # A mentor shares no subject with the group's pinned teacher: one
        # maths teacher per class is enough.
        avoid = {pinned[group].subject} if group in pinned else set()
        fits = [t for t in free if t.subject in group.spec.subjects and t.subject not in avoid]
        if not fits:
            raise ValueError(f"The blueprint has no free teacher to mentor {group.spec.name}.")
        mentors[group] = fits[0]
        free.remove(fits[0])
        if _is_demo_class(group):
            fits[0].person.fixed_username = DemoUsername.MENTOR
    return mentors


def _group_teachers(
    rng: random.Random,
    group: PlannedGroup,
    mentor: Teacher,
    rota: SubjectRota,
    pinned: Teacher | None,
) -> list[GroupAssignment]:
    taught = [pinned.subject] if pinned else []
    # In the group's own order, not a set's: sample() must see the same list every run.
    others = [
        subject
        for subject in group.spec.subjects
        if subject in rota.subjects() and subject not in (mentor.subject, *taught)
    ]
    extra = rng.randint(*EXTRA_TEACHERS) - len(taught)
    taught += rng.sample(others, min(max(extra, 0), len(others)))
    teachers = [pinned if pinned and s == pinned.subject else rota.next(s) for s in taught]
    return [
        GroupAssignment(group, mentor.person, "mentor"),
        GroupAssignment(group, mentor.person, "teacher", mentor.subject),
        *(GroupAssignment(group, t.person, "teacher", t.subject) for t in teachers),
    ]


def _plan_coaches(
    rng: random.Random,
    names: NameSource,
    school: SchoolSpec,
    groups: list[PlannedGroup],
    plan: StaffPlan,
) -> None:
    coaches = [names.person("coach") for _ in range(school.coaches)]
    plan.roles += [StaffRoleGrant(coach, school, "coach") for coach in coaches]
    # Draw for every group, so the demo class being coached anyway does not
    # shift the draws for the groups after it.
    coached = [g for g in groups if rng.random() < COACHED_SHARE or _is_demo_class(g)]
    for turn, group in enumerate(coached):
        coach = coaches[turn % len(coaches)]
        plan.group_staff.append(GroupAssignment(group, coach, "coach"))
        if _is_demo_class(group):
            coach.fixed_username = DemoUsername.COACH


def _plan_management(names: NameSource, school: SchoolSpec, plan: StaffPlan) -> None:
    leaders = [names.person("directie") for _ in range(school.school_leaders)]
    admins = [names.person("beheer") for _ in range(school.school_admins)]
    for admin in admins:
        admin.is_staff = True  # school administrators may use the Django admin
    if school == SECONDARY:
        leaders[0].fixed_username = DemoUsername.SCHOOL_LEADER
        admins[0].fixed_username = DemoUsername.SCHOOL_ADMIN
    plan.roles += [StaffRoleGrant(leader, school, "school_leader") for leader in leaders]
    plan.roles += [StaffRoleGrant(admin, school, "school_admin") for admin in admins]
