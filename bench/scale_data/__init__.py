"""Bench data at scale (issue 3): one secondary school with a year of data per student.

``generate(students=1500, today=...)`` writes, into an empty database:

1. a board, one VO school, the school year containing ``today`` and a
   curriculum of five domains, fifteen lines and sixty goals;
2. the classes: as many of 32 students as fit, the rest in one smaller class,
   and always one class of 8 (to show that the class overview's query count
   does not depend on class size);
3. staff: subject teachers (at most six classes each), one mentor per class,
   coaches per two year levels, school leaders and an administrator;
4. class by class, in one transaction each (so memory holds one class's rows):
   students and guardians, and per student a profile with sharing choices,
   3-6 interests, 1-3 talents, 8 skill ratings, about 20 own goals with a plan,
   2-4 steps and some reflections (half linked to curriculum goals), about 60
   text or link evidence items (each linked to 1-2 own goals), about 100
   activities over the past year, about 6 route items and 0-2 route proposals.

The first class holds three students the bench compares, who share every part
with their mentor: one typical (exactly 20 goals, 60 evidence items, 100
activities), one with only 5 activities, and a newcomer with almost nothing.

Names come from the demo's ``NameSource`` (Faker ``nl_NL``); everything else,
public ids included, from one seeded ``random.Random``: two runs give the same
people and rows (primary keys aside).
"""

import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import models

from leerweg.accounts.models import User
from leerweg.activities.models import Activity
from leerweg.curriculum.models import CurriculumGoal
from leerweg.demo.names import NameSource
from leerweg.paths.models import Evidence, OwnGoal, PlanStep, Reflection, RouteItem, RouteProposal
from leerweg.profiles.models import Interest, Profile, Sharing, SkillRating, Talent
from leerweg.schools.models import Group, GroupStaff, GuardianLink, Student

from .common import SEED, BenchGroup
from .school import create_classes, create_staff, start_school
from .students import write_class

__all__ = ["FULL_CLASS", "BenchGroup", "ScaleData", "class_sizes", "generate", "row_counts"]


FULL_CLASS = 32
SMALL_CLASS = 8
# Timestamped models whose created_at/updated_at the generator sets itself.
STAMPED_BY_HAND: tuple[type[models.Model], ...] = (
    Profile,
    Interest,
    Talent,
    SkillRating,
    OwnGoal,
    Reflection,
    Evidence,
    Activity,
    RouteItem,
    RouteProposal,
)


@dataclass(frozen=True)
class ScaleData:
    school_id: int
    groups: tuple[BenchGroup, ...]  # in creation order; the last is the small class
    typical: uuid.UUID
    few_activities: uuid.UUID
    newcomer: uuid.UUID
    seconds: float

    @property
    def small_group(self) -> BenchGroup:
        return self.groups[-1]


def generate(
    *, students: int, today: date, seed: int = SEED, progress: Callable[[str], None] = print
) -> ScaleData:
    started = time.perf_counter()
    rng = random.Random(seed)
    with _explicit_timestamps():
        build = start_school(rng, NameSource(seed), today)
        classes = create_classes(build, class_sizes(students))
        create_staff(build, classes)
        groups = []
        for number, planned in enumerate(classes, start=1):
            groups.append(write_class(build, planned, first=number == 1))
            if number % 10 == 0 or number == len(classes):
                seconds = time.perf_counter() - started
                progress(f"  {number:3}/{len(classes)} classes written, {seconds:6.1f} s")
    typical, few, newcomer = groups[0].students[:3]
    return ScaleData(
        school_id=build.school.pk,
        groups=tuple(groups),
        typical=typical,
        few_activities=few,
        newcomer=newcomer,
        seconds=time.perf_counter() - started,
    )


def class_sizes(students: int) -> list[int]:
    """Classes of 32, then the remainder, then the small class of 8."""
    if students < FULL_CLASS + SMALL_CLASS:
        raise ValueError(f"Give at least {FULL_CLASS + SMALL_CLASS} students.")
    full, rest = divmod(students - SMALL_CLASS, FULL_CLASS)
    return [FULL_CLASS] * full + ([rest] if rest else []) + [SMALL_CLASS]


def row_counts() -> dict[str, int]:
    tables: dict[str, type[models.Model]] = {
        "users": User,
        "students": Student,
        "groups": Group,
        "group staff": GroupStaff,
        "guardian links": GuardianLink,
        "curriculum goals": CurriculumGoal,
        "profiles": Profile,
        "sharing": Sharing,
        "interests": Interest,
        "talents": Talent,
        "skill ratings": SkillRating,
        "own goals": OwnGoal,
        "own goal ↔ curriculum goal": OwnGoal.curriculum_goals.through,
        "plan steps": PlanStep,
        "reflections": Reflection,
        "evidence": Evidence,
        "evidence ↔ own goal": Evidence.own_goals.through,
        "evidence ↔ curriculum goal": Evidence.curriculum_goals.through,
        "activities": Activity,
        "route items": RouteItem,
        "route proposals": RouteProposal,
    }
    return {label: model._default_manager.count() for label, model in tables.items()}


@contextmanager
def _explicit_timestamps() -> Iterator[None]:
    """Let ``created_at``/``updated_at`` keep the values the generator gives.

    ``auto_now(_add)`` overwrite any value on insert, and a year of evidence
    and goals all created this second would put a year of rows into "this
    week" of any view that looks at recent work.
    """
    fields = []
    for model in STAMPED_BY_HAND:
        for name in ("created_at", "updated_at"):
            found = model._meta.get_field(name)
            if isinstance(found, models.DateTimeField):
                fields.append((found, found.auto_now, found.auto_now_add))
    for found, _, _ in fields:
        found.auto_now = found.auto_now_add = False
    try:
        yield
    finally:
        for found, auto_now, auto_now_add in fields:
            found.auto_now, found.auto_now_add = auto_now, auto_now_add
