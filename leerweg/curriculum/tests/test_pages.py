"""The curriculum pages through HTTP, as the personas (conftest.py) see them."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas, login
from leerweg.curriculum.csv_format import COLUMNS
from leerweg.curriculum.models import CurriculumGoal, LearningDomain, LearningLine
from leerweg.curriculum.tests.factories import (
    CurriculumGoalFactory,
    LearningDomainFactory,
    LearningLineFactory,
)

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("curriculum:overview")


@pytest.fixture
def goal(personas: Personas) -> CurriculumGoal:
    line = LearningLineFactory.create(
        domain__school=personas.school, domain__name="Nederlands", name="Lezen"
    )
    first = CurriculumGoalFactory.create(line=line, code="ned-1", title="Leest een krant")
    return CurriculumGoalFactory.create(
        line=line,
        code="ned-2",
        title="Vat een betoog samen",
        year_from=3,
        year_to=4,
        aim="socialisation",
        prerequisites=[first],
    )


def detail_url(goal: CurriculumGoal, action: str = "detail") -> str:
    return reverse(f"curriculum:goal-{action}", args=[goal.pk])


def test_student_reads_the_curriculum_of_their_school(client, personas, goal):
    login(client, personas.student)
    html = client.get(OVERVIEW).content.decode()
    assert "Nederlands" in html and "Lezen" in html and "Vat een betoog samen" in html
    assert reverse("curriculum:goal-create") not in html  # no editing links for students
    other_school_goal = CurriculumGoalFactory.create(
        line__domain__school=personas.other_school, title="Elders geleerd"
    )
    assert other_school_goal.title not in client.get(OVERVIEW).content.decode()


def test_overview_filters_by_year_aim_and_words(client, personas, goal):
    login(client, personas.mentor)
    shown = client.get(OVERVIEW, {"year": 4}).context["goal_count"]
    assert shown == 1
    assert client.get(OVERVIEW, {"aim": "qualification"}).context["goal_count"] == 1
    response = client.get(OVERVIEW, {"q": "krant"})
    assert response.context["goal_count"] == 1
    assert "Leest een krant" in response.content.decode()
    assert client.get(OVERVIEW, {"q": "nergens"}).context["tree"] == []


def test_an_htmx_request_gets_only_the_tree_and_the_count(client, personas, goal):
    login(client, personas.student)
    response = client.get(OVERVIEW, {"q": "betoog"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html and "Vat een betoog samen" in html


def test_goal_page_shows_what_it_builds_on_and_what_it_leads_to(client, personas, goal):
    login(client, personas.student)
    first = goal.prerequisites.get()
    html = client.get(detail_url(goal)).content.decode()
    assert "Leest een krant" in html and detail_url(first) in html
    html = client.get(detail_url(first)).content.decode()
    assert "Vat een betoog samen" in html


def test_teacher_reads_but_cannot_edit(client, personas, goal):
    login(client, personas.other_teacher)
    assert client.get(detail_url(goal)).status_code == 200
    assert client.get(detail_url(goal, "edit")).status_code == 403
    assert client.post(detail_url(goal, "delete")).status_code == 403
    assert client.post(reverse("curriculum:import")).status_code == 403
    assert CurriculumGoal.objects.filter(pk=goal.pk).exists()


def test_leader_of_another_school_gets_404_for_this_schools_goal(client, personas, goal):
    login(client, personas.other_school_staff)
    for action in ("detail", "edit", "delete"):
        assert client.get(detail_url(goal, action)).status_code == 404
    assert client.post(detail_url(goal, "delete")).status_code == 404
    assert CurriculumGoal.objects.filter(pk=goal.pk).exists()
    line_edit = reverse("curriculum:line-edit", args=[goal.line_id])
    assert client.get(line_edit).status_code == 404


def test_guardian_board_and_partner_may_not_read(client, personas, goal):
    for user in (personas.guardian, personas.board_viewer, personas.partner_with_consent):
        login(client, user)
        assert client.get(OVERVIEW).status_code == 403


def test_leader_builds_a_curriculum_with_the_forms(client, personas):
    login(client, personas.leader)
    response = client.post(
        reverse("curriculum:domain-create"), {"name": "Burgerschap", "code": "burgerschap"}
    )
    domain = LearningDomain.objects.get(school=personas.school)
    assert response["Location"] == f"{OVERVIEW}#domain-{domain.pk}"
    client.post(
        reverse("curriculum:line-create"),
        {"domain": domain.pk, "name": "Democratie", "code": "democratie"},
    )
    line = LearningLine.objects.get(domain=domain)
    values = {
        "line": line.pk,
        "title": "Legt uit hoe stemmen werkt",
        "code": "bur-1",
        "sector": "VO",
        "year_from": 1,
        "year_to": 2,
        "aim": "socialisation",
    }
    response = client.post(reverse("curriculum:goal-create"), values)
    first = CurriculumGoal.objects.get(code="bur-1")
    assert response["Location"] == detail_url(first)
    client.post(
        reverse("curriculum:goal-create"),
        values | {"code": "bur-2", "title": "Debatteert", "prerequisites": [first.pk]},
    )
    second = CurriculumGoal.objects.get(code="bur-2")
    assert list(second.prerequisites.all()) == [first]
    # And a circle is refused beside the field, in plain words.
    response = client.post(
        detail_url(first, "edit"), values | {"prerequisites": [second.pk], "title": "X"}
    )
    assert response.status_code == 200
    assert "prerequisites" in response.context["form"].errors
    first.refresh_from_db()
    assert first.title == "Legt uit hoe stemmen werkt"


def test_goal_form_offers_only_this_schools_goals_as_prerequisites(client, personas, goal):
    foreign = CurriculumGoalFactory.create(line__domain__school=personas.other_school)
    login(client, personas.school_admin)
    form = client.get(detail_url(goal, "edit")).context["form"]
    offered = {pk for _line, options in form.fields["prerequisites"].choices for pk, _ in options}
    assert offered == {goal.prerequisites.get().pk}
    response = client.post(
        detail_url(goal, "edit"),
        {
            **{k: v for k, v in form.initial.items() if k != "prerequisites"},
            "prerequisites": [foreign.pk],
        },
    )
    assert "prerequisites" in response.context["form"].errors
    assert not goal.prerequisites.filter(pk=foreign.pk).exists()


def test_a_taken_code_shows_beside_the_code_field(client, personas, goal):
    login(client, personas.leader)
    response = client.post(
        reverse("curriculum:domain-create"), {"name": "Opnieuw", "code": goal.line.domain.code}
    )
    assert list(response.context["form"].errors) == ["code"]


def test_leader_deletes_a_line_after_confirming(client, personas, goal):
    login(client, personas.leader)
    url = reverse("curriculum:line-delete", args=[goal.line_id])
    assert "2" in client.get(url).content.decode()  # "deletes its 2 goals"
    assert client.post(url).status_code == 302
    assert not CurriculumGoal.objects.exists()
    assert LearningDomain.objects.filter(pk=goal.line.domain_id).exists()


def test_import_page_shows_problems_per_row_and_stores_nothing(client, personas):
    login(client, personas.leader)
    header = ",".join(COLUMNS)
    data = f"{header}\nned,Nederlands,lezen,Lezen,ned-1,Leest,,VO,1,9,qualification,\n"
    upload = BytesIO(data.encode())
    upload.name = "leerplan.csv"
    response = client.post(
        reverse("curriculum:import"), {"file": upload}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 200
    problems = response.context["problems"]
    assert [(p.row, p.column) for p in problems] == [(2, "year_to")]
    assert "year_to" in response.content.decode()
    assert not LearningDomain.objects.exists()


def test_import_then_export_round_trips_through_the_pages(client, personas, goal):
    login(client, personas.school_admin)
    exported = client.get(reverse("curriculum:export"))
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in exported["Content-Disposition"]
    assert exported.content.decode("utf-8-sig").startswith(",".join(COLUMNS))
    upload = BytesIO(exported.content)
    upload.name = "leerplan.csv"
    response = client.post(reverse("curriculum:import"), {"file": upload}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert response.redirect_chain[-1][0] == OVERVIEW
    assert len(messages) == 1
    semicolons = client.get(reverse("curriculum:export"), {"separator": "semicolon"})
    assert semicolons.content.decode("utf-8-sig").startswith(";".join(COLUMNS))


def test_an_upload_over_2_mb_is_refused_by_the_form(client, personas):
    login(client, personas.leader)
    upload = BytesIO(b"x" * (2 * 1024 * 1024 + 1))
    upload.name = "groot.csv"
    response = client.post(reverse("curriculum:import"), {"file": upload})
    assert "file" in response.context["form"].errors


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_overview_costs_the_same_queries_for_5_or_50_goals(client, personas):
    login(client, personas.leader)
    school = personas.school

    def add_goals(count: int) -> None:
        domain = LearningDomainFactory.create(school=school)
        line = LearningLineFactory.create(domain=domain)
        previous = CurriculumGoal.objects.filter(school=school).last()
        for _ in range(count):
            previous = CurriculumGoalFactory.create(
                line=line, prerequisites=[previous] if previous else []
            )

    add_goals(5)
    few = queries_for(client, OVERVIEW)
    for _ in range(5):
        add_goals(9)
    assert CurriculumGoal.objects.count() == 50
    assert queries_for(client, OVERVIEW) == few
    assert queries_for(client, f"{OVERVIEW}?q=doel&aim=qualification") == few


def test_the_menu_offers_the_curriculum_to_students_and_staff_only(client, personas):
    for user, shown in (
        (personas.student, True),
        (personas.other_teacher, True),
        (personas.leader, True),
        (personas.guardian, False),
        (personas.board_viewer, False),
    ):
        login(client, user)
        links = [item.url for item in client.get(reverse("insight:home")).context["navigation"]]
        assert (OVERVIEW in links) is shown, user
