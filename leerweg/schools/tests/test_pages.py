import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas, login
from leerweg.schools.tests.factories import StudentFactory, add_to_group

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_group_page_costs_the_same_queries_for_3_or_33_students(client, personas: Personas):
    login(client, personas.mentor)
    url = reverse("schools:group-detail", args=[personas.group.pk])
    few = queries_for(client, url)
    for n in range(30):
        add_to_group(
            StudentFactory.create(school=personas.school, user__username=f"extra{n}"),
            personas.group,
        )
    assert queries_for(client, url) == few


def test_group_list_costs_the_same_queries_for_2_or_12_groups(client, personas: Personas):
    from leerweg.schools.tests.factories import GroupFactory

    login(client, personas.leader)
    url = reverse("schools:group-list")
    few = queries_for(client, url)
    year = personas.group.school_year
    for n in range(10):
        GroupFactory.create(school_year=year, name=f"extra-{n}")
    assert queries_for(client, url) == few


def test_group_page_lists_students_and_staff(client, personas: Personas):
    login(client, personas.mentor)
    response = client.get(reverse("schools:group-detail", args=[personas.group.pk]))
    html = response.content.decode()
    assert "de Vries, Sanne" in html and "Jansen, Mila" in html
    assert "Bakker" not in html


def test_student_page_shows_mentor_and_guardian(client, personas: Personas):
    login(client, personas.guardian)
    response = client.get(
        reverse("schools:student-detail", args=[personas.student_record.public_id])
    )
    assert response.context["mentors"] == [personas.mentor]
    assert [link.guardian for link in response.context["guardians"]] == [personas.guardian]


def test_board_viewer_sees_counts_with_small_numbers_hidden(client, personas: Personas):
    login(client, personas.board_viewer)
    response = client.get(reverse("insight:home"))
    html = response.content.decode()
    assert "Het Baken" in html and "De Overkant" not in html
    assert "Sanne" not in html
    row = response.context["figures"][0]
    assert row["students_shown"].suppressed  # 3 students: fewer than 10
