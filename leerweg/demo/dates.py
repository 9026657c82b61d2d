"""The demo's calendar: the current school year and dates of birth that fit a group.

Everything is measured from the first day of the school year, not from today,
so a load on any day of one school year gives the very same people. (Measured
from today, a student's eighteenth birthday would change who has guardians,
and with it every name drawn after that.)
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

# Dutch school years run from 1 August to 31 July.
FIRST_MONTH = 8


@dataclass(frozen=True)
class SchoolYearDates:
    start: date
    end: date

    @property
    def name(self) -> str:
        return f"{self.start.year}-{self.end.year}"


def school_year_containing(day: date) -> SchoolYearDates:
    first_year = day.year if day.month >= FIRST_MONTH else day.year - 1
    return SchoolYearDates(
        date(first_year, FIRST_MONTH, 1), date(first_year + 1, FIRST_MONTH - 1, 31)
    )


def birth_date(rng: random.Random, year: SchoolYearDates, age_at_start: int) -> date:
    """A date of birth that makes someone ``age_at_start`` on the first day of ``year``."""
    earliest = date(year.start.year - age_at_start - 1, FIRST_MONTH, 2)
    latest = date(year.start.year - age_at_start, FIRST_MONTH, 1)
    span = (latest - earliest).days + 1
    # One draw from random() whatever the span (365 or 366 days): randrange()
    # may draw more than once, which would make leap years shift later names.
    return earliest + timedelta(days=int(rng.random() * span))


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
