import pytest
from django.core.management import call_command

from leerweg.demo import DemoUsername
from leerweg.flex.models import FlexChoice, FlexSession, FlexSettings, MandatoryAssignment

SMALL = {"size": "small", "quiet": True, "force": True}


def _counts() -> tuple[int, int, int, int]:
    return (
        FlexSettings.objects.count(),
        FlexSession.objects.count(),
        FlexChoice.objects.count(),
        MandatoryAssignment.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_secondary_school_has_flex_hours_and_a_second_load_adds_nothing():
    call_command("demo", **SMALL)
    settings, sessions, choices, mandatory = _counts()
    assert (settings, sessions, mandatory) == (1, 8, 1)
    assert choices > 0
    required = MandatoryAssignment.objects.get()
    assert required.student.user.username == DemoUsername.STUDENT
    call_command("demo", **SMALL)
    assert _counts() == (settings, sessions, choices, mandatory)
