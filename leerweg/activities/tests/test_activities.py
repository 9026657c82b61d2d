from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.activities.models import Activity

pytestmark = pytest.mark.django_db


def add_url(personas: Personas) -> str:
    return reverse("activities:add", args=[personas.student_record.public_id])


def test_a_student_records_an_activity_outside_school(client, personas: Personas):
    login(client, personas.student)
    response = client.post(
        add_url(personas),
        {
            "title": "Vrijwilliger bij de dierenopvang",
            "setting": "out_of_school",
            "area": "caring",
            "organisation": "Dierenopvang Tiel",
            "started_on": (timezone.localdate() - timedelta(days=40)).isoformat(),
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Vrijwilliger bij de dierenopvang")
    assert activity.source == "student"


def test_a_mentor_records_a_school_activity_and_sees_only_what_they_added(
    client, personas: Personas
):
    login(client, personas.mentor)
    client.post(
        add_url(personas),
        {
            "title": "Leerlingenraad",
            "setting": "in_school",
            "started_on": timezone.localdate().isoformat(),
        },
    )
    assert Activity.objects.get(title="Leerlingenraad").source == "staff"
    timeline = client.get(reverse("activities:timeline", args=[personas.student_record.public_id]))
    titles = [a.title for a in timeline.context["page"]]
    assert titles == ["Leerlingenraad"]  # Sanne's hockey is not shared with the mentor


def test_an_end_before_the_start_is_a_field_error_and_nothing_is_stored(client, personas: Personas):
    login(client, personas.student)
    today = timezone.localdate()
    response = client.post(
        add_url(personas),
        {
            "title": "Kamp",
            "setting": "out_of_school",
            "started_on": today.isoformat(),
            "ended_on": (today - timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "ended_on" in response.context["form"].errors
    assert not Activity.objects.filter(title="Kamp").exists()


def test_the_leader_cannot_add_activities_to_a_student_they_do_not_teach(
    client, personas: Personas
):
    login(client, personas.leader)
    assert client.get(add_url(personas)).status_code == 403
