from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.activities.models import Activity
from leerweg.paths.models import Evidence, OwnGoal
from leerweg.profiles.models import Interest, Profile, Sharing

pytestmark = pytest.mark.django_db


def portrait_url(personas: Personas) -> str:
    return reverse("insight:portrait", args=[personas.student_record.public_id])


def share(personas: Personas, *pairs: tuple[str, str]) -> None:
    Profile.objects.update_or_create(
        student=personas.student_record,
        defaults={"sharing_chosen": True, "about_me": "Ik hou van bijen."},
    )
    for part, audience in pairs:
        Sharing.objects.create(student=personas.student_record, part=part, audience=audience)


def test_the_guardian_sees_only_what_is_shared_with_guardians(client, personas: Personas):
    share(personas, ("about_me", "guardians"), ("goals", "mentor_coach"))
    login(client, personas.guardian)
    response = client.get(portrait_url(personas))
    html = response.content.decode()
    assert response.context["parts"] == {"about_me"}
    assert "Ik hou van bijen." in html
    assert "Ik wil beter presenteren" not in html  # her goal is shared with the mentor only


def test_the_mentor_sees_goals_but_not_the_unshared_timeline(client, personas: Personas):
    login(client, personas.mentor)
    html = client.get(portrait_url(personas)).content.decode()
    assert "Ik wil beter presenteren" in html
    assert "Hockeytraining" not in html


def test_the_student_sees_all_of_her_portrait(client, personas: Personas):
    login(client, personas.student)
    html = client.get(portrait_url(personas)).content.decode()
    assert "Hockeytraining" in html and "Ik wil beter presenteren" in html


def test_query_count_does_not_grow_with_the_amount_of_data(client, personas: Personas):
    share(
        personas,
        *[
            (p, "mentor_coach")
            for p in (
                "about_me",
                "interests",
                "talents",
                "skills",
                "activities",
                "goals",
                "evidence",
                "route",
            )
        ],
    )
    login(client, personas.mentor)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(portrait_url(personas)).status_code == 200
        return len(captured)

    few = count()
    today = timezone.localdate()
    sanne = personas.student_record
    for n in range(40):
        OwnGoal.objects.create(student=sanne, title=f"Doel {n}")
        Evidence.objects.create(student=sanne, kind="text", title=f"Bewijs {n}")
        Activity.objects.create(
            student=sanne,
            title=f"Activiteit {n}",
            setting="in_school",
            started_on=today - timedelta(days=n),
            source="student",
        )
    Interest.objects.create(student=sanne, area="music")
    assert count() == few
