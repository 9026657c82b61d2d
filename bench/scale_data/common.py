"""What the parts of the generator share: sizes, the build state and random values."""

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from leerweg.accounts.models import User
from leerweg.demo.dates import SchoolYearDates
from leerweg.demo.names import NameSource, username_part
from leerweg.schools.models import Group, School, SchoolYear

SEED = 3  # issue 3
BATCH_SIZE = 5000
DAYS_OF_DATA = 365
# An unusable hash ("!" prefix): the bench logs in with force_login.
NO_PASSWORD = "!bench-unusable"  # noqa: S105


@dataclass(frozen=True)
class Shape:
    """How much one student has."""

    goals: int
    evidence: int
    activities: int
    route_items: int
    shares_everything: bool = False


@dataclass(frozen=True)
class BenchGroup:
    pk: int
    name: str
    mentor_id: int  # User pk
    students: tuple[uuid.UUID, ...]  # Student.public_id, in seat order


@dataclass(eq=False)
class PlannedClass:
    group: Group
    size: int
    mentor_id: int = 0
    teacher_ids: list[int] = field(default_factory=list)

    @property
    def age_at_start(self) -> int:
        return (self.group.year_level or 1) + 11


@dataclass
class Build:
    rng: random.Random
    names: NameSource
    today: date
    now: datetime
    year: SchoolYearDates
    school: School
    school_year: SchoolYear
    curriculum_by_year: dict[int, list[int]] = field(default_factory=dict)
    usernames: Counter[str] = field(default_factory=Counter)


def new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def moment_on(build: Build, day: date) -> datetime:
    """A time in the school day of ``day`` (UTC), never later than now."""
    moment = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    return min(moment + timedelta(minutes=build.rng.randint(0, 600)), build.now)


def days_ago(build: Build, most: int = DAYS_OF_DATA - 1) -> date:
    return build.today - timedelta(days=build.rng.randint(0, most))


def later(build: Build, moment: datetime) -> datetime:
    """A moment between ``moment`` and now."""
    span = max(int((build.now - moment).total_seconds()), 0)
    return moment + timedelta(seconds=build.rng.randint(0, span))


def new_user(build: Build, prefix: str, first_name: str, last_name: str) -> User:
    base = f"{prefix}.{username_part(first_name)}.{username_part(last_name)}"
    build.usernames[base] += 1
    number = build.usernames[base]
    username = base if number == 1 else f"{base}{number}"
    return User(
        public_id=new_uuid(build.rng),
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=f"{username}@example.org",
        password=NO_PASSWORD,
    )
