from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.activities.models import Activity
from leerweg.curriculum.models import CurriculumGoal, LearningDomain, LearningLine
from leerweg.paths.models import Evidence, OwnGoal
from leerweg.profiles.models import Interest, Profile, Sharing, Talent
from leerweg.schools.tests.factories import StudentFactory, add_to_group

pytestmark = pytest.mark.django_db


def overview_url(personas: Personas) -> str:
    return reverse("insight:class-overview", args=[personas.group.pk])


def make_curriculum(personas: Personas) -> list[CurriculumGoal]:
    domain = LearningDomain.objects.create(school=personas.school, code="nl", name="Nederlands")
    line = LearningLine.objects.create(domain=domain, code="spreken", name="Spreken")
    return [
        CurriculumGoal.objects.create(
            line=line,
            school=personas.school,
            code=f"spreken-{n}",
            title=f"Spreken {n}",
            sector="VO",
            year_from=3,
            year_to=5,
            aim="qualification",
        )
        for n in range(4)
    ]


def add_students_with_data(personas: Personas, count: int) -> None:
    today = timezone.localdate()
    start = personas.group.memberships.count()
    for n in range(start, start + count):
        student = StudentFactory.create(school=personas.school, user__username=f"extra{n}")
        add_to_group(student, personas.group)
        Profile.objects.create(student=student, about_me="Hoi", sharing_chosen=True)
        for part in ("interests", "talents", "goals", "evidence", "activities"):
            Sharing.objects.create(student=student, part=part, audience="teachers")
        Interest.objects.create(student=student, area="music")
        Talent.objects.create(student=student, title="Tekenen")
        OwnGoal.objects.create(student=student, title="Doel")
        Evidence.objects.create(student=student, kind="text", title="Bewijs")
        Activity.objects.create(
            student=student,
            title="Sport",
            setting="out_of_school",
            started_on=today - timedelta(days=n),
            source="student",
        )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_the_number_of_students(client, personas: Personas):
    make_curriculum(personas)
    login(client, personas.mentor)
    add_students_with_data(personas, 2)
    few = queries_for(client, overview_url(personas))
    # Thirty more students, each with a profile, goals, evidence and activities.
    add_students_with_data(personas, 30)
    assert queries_for(client, overview_url(personas)) == few


def test_progress_counts_learning_goals_with_evidence(client, personas: Personas):
    goals = make_curriculum(personas)
    personas.evidence.curriculum_goals.add(goals[0], goals[1])
    login(client, personas.mentor)
    overview = client.get(overview_url(personas)).context["overview"]
    sanne = next(r for r in overview.rows if r.student == personas.student_record)
    assert [(p.worked_on, p.total) for p in sanne.progress] == [(2, 4)]


def test_unshared_parts_stay_hidden_but_progress_shows(client, personas: Personas):
    Interest.objects.create(student=personas.student_record, area="music")
    login(client, personas.mentor)
    overview = client.get(overview_url(personas)).context["overview"]
    sanne = next(r for r in overview.rows if r.student == personas.student_record)
    assert sanne.interests == []  # interests are not shared by default
    assert sanne.has_goal is True  # goals are shared with the mentor by default
    mila = next(r for r in overview.rows if r.student == personas.young_student_record)
    assert mila.has_goal is False and mila.needs_attention


def test_filter_on_attention_and_sort_by_quiet(client, personas: Personas):
    login(client, personas.mentor)
    response = client.get(overview_url(personas), {"attention": "on"})
    names = [r.student.user.first_name for r in response.context["overview"].rows]
    assert names == ["Mila"]
    bad = client.get(overview_url(personas), {"sort": "shoe-size", "weeks": "-4"})
    assert bad.status_code == 200  # invalid filters fall back to defaults


def test_htmx_requests_get_only_the_table(client, personas: Personas):
    login(client, personas.mentor)
    response = client.get(overview_url(personas), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith('<div id="overview-table">') and "<html" not in html
