from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.schools.selectors import school_role_contexts


def role_of(user, kind: RoleKind) -> RoleContext:
    return next(role for role in school_role_contexts(user) if role.kind is kind)


def born_years_ago(years: int, *, days_later: int = 0) -> date:
    """A date of birth ``years`` ago today, moved ``days_later`` days later (a birthday to come)."""
    day = timezone.localdate() + timedelta(days=days_later)
    if (day.month, day.day) == (2, 29):
        pytest.skip("no 29 February in most years")
    return day.replace(year=day.year - years)


@pytest.fixture(autouse=True)
def english():
    """The tests read messages in English, whatever the Dutch catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")
