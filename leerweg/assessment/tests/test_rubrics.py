"""The rubric library through HTTP: make, read, change, copy, delete, CSV out and in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import Personas
from leerweg.assessment.models import Rubric, RubricDescriptor
from leerweg.assessment.rubric_content import read_csv, write_csv
from leerweg.assessment.selectors import rubric_content
from leerweg.assessment.tests.factories import content, make_rubric
from leerweg.curriculum.tests.factories import goal_for_urls

pytestmark = pytest.mark.django_db


def rubric_form(**overrides: str) -> dict[str, str]:
    return {
        "title": "Samenwerken",
        "description": "",
        "levels": "Beginnend\nOp weg\nOp niveau\nBoven niveau",
        "criteria": "Taken verdelen\nAfspraken nakomen",
        **overrides,
    }


def test_a_teacher_makes_a_rubric_and_describes_its_cells(login_as, personas: Personas):
    client = login_as(personas.mentor)
    goal = goal_for_urls(personas.school)
    response = client.post(
        reverse("assessment:rubric-create"), rubric_form(curriculum_goal=str(goal.pk))
    )
    rubric = Rubric.objects.get(title="Samenwerken")
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:rubric-edit", args=[rubric.pk])
    assert rubric.curriculum_goal == goal and rubric.author == personas.mentor
    assert [level.name for level in rubric.levels.all()][2] == "Op niveau"

    cells = {f"cell_{c}_{li}": f"cel {c}-{li}" for c in range(2) for li in range(4)}
    response = client.post(
        reverse("assessment:rubric-edit", args=[rubric.pk]),
        rubric_form(curriculum_goal=str(goal.pk), **cells),
    )
    assert response.status_code == 302
    assert rubric_content(rubric).criteria[1].descriptors[3] == "cel 1-3"
    page = client.get(reverse("assessment:rubric-detail", args=[rubric.pk]))
    assert "cel 0-2" in page.content.decode()


def test_a_rubric_needs_two_levels_and_a_criterion(login_as, personas: Personas):
    response = login_as(personas.mentor).post(
        reverse("assessment:rubric-create"), rubric_form(levels="Alleen", criteria="")
    )
    assert response.status_code == 400
    assert not Rubric.objects.exists()


def test_only_the_author_or_a_leader_changes_a_rubric(login_as, personas: Personas):
    rubric = make_rubric(personas.school, personas.mentor)
    edit = reverse("assessment:rubric-edit", args=[rubric.pk])
    assert login_as(personas.other_teacher).get(edit).status_code == 403
    assert login_as(personas.leader).get(edit).status_code == 200
    # Another school's staff do not even see it.
    assert login_as(personas.other_school_staff).get(edit).status_code == 404


def test_a_copy_is_independent_of_the_original(login_as, personas: Personas):
    original = make_rubric(personas.school, personas.mentor)
    client = login_as(personas.other_teacher)
    response = client.post(reverse("assessment:rubric-copy", args=[original.pk]))
    copy = Rubric.objects.exclude(pk=original.pk).get()
    assert response["Location"] == reverse("assessment:rubric-edit", args=[copy.pk])
    assert copy.author == personas.other_teacher and copy.copied_from == original
    assert rubric_content(copy) == rubric_content(original)

    changed = rubric_form(title="Mijn versie", criteria="Opbouw\nContact met publiek\nStem")
    assert (
        client.post(reverse("assessment:rubric-edit", args=[copy.pk]), changed).status_code == 302
    )
    assert len(rubric_content(copy).criteria) == 3
    assert len(rubric_content(original).criteria) == 2
    assert RubricDescriptor.objects.filter(criterion__rubric=original).count() == 8


def test_delete_after_confirmation(login_as, personas: Personas):
    rubric = make_rubric(personas.school, personas.mentor)
    client = login_as(personas.mentor)
    url = reverse("assessment:rubric-delete", args=[rubric.pk])
    assert client.get(url).status_code == 200
    assert client.post(url)["Location"] == reverse("assessment:rubric-list")
    assert not Rubric.objects.exists()


def test_csv_export_and_import_round_trip(login_as, personas: Personas):
    rubric = make_rubric(personas.school, personas.mentor)
    client = login_as(personas.mentor)
    exported = client.get(
        reverse("assessment:rubric-export", args=[rubric.pk]), {"separator": "semicolon"}
    )
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    upload = SimpleUploadedFile("rubric.csv", exported.content, "text/csv")
    response = client.post(
        reverse("assessment:rubric-import"), {"title": "Geïmporteerd", "file": upload}
    )
    imported = Rubric.objects.get(title="Geïmporteerd")
    assert response["Location"] == reverse("assessment:rubric-detail", args=[imported.pk])
    assert rubric_content(imported) == rubric_content(rubric)


def test_csv_keeps_formulas_as_text():
    risky = content(criteria=("=SUM(A1)", "Gewoon"))
    assert "'=SUM(A1)" in write_csv(risky)
    assert read_csv(write_csv(risky).encode()) == risky


def test_an_unreadable_file_is_a_field_error(login_as, personas: Personas):
    upload = SimpleUploadedFile("rubric.csv", b"naam,a,b\nx,y,z\n", "text/csv")
    response = login_as(personas.mentor).post(
        reverse("assessment:rubric-import"), {"title": "Fout", "file": upload}
    )
    assert response.status_code == 400
    assert "criterion" in response.context["form"].errors["file"][0]
    assert not Rubric.objects.exists()
