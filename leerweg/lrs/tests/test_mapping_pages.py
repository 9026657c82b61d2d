"""The school's translation table for partner records, through HTTP."""

import pytest
from django.urls import reverse

from conftest import Personas, login
from leerweg.lrs.models_mapping import StatementMapping

pytestmark = pytest.mark.django_db

LIST = reverse("lrs_pages:mapping-list")
CREATE = reverse("lrs_pages:mapping-create")
PLAYED = "https://muziekschool.example/verbs/speelde-voor"


def valid(**changes: object) -> dict[str, object]:
    return {
        "kind": "verb",
        "iri": PLAYED,
        "on_timeline": "on",
        "area": "music",
        "skills": ["communicating", "creative_thinking"],
        **changes,
    }


@pytest.mark.parametrize("who", ["leader", "school_admin"])
def test_leaders_and_administrators_see_the_table(client, personas: Personas, who: str):
    login(client, personas.get(who))
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "http://adlnet.gov/expapi/verbs/completed" in page
    assert "http://adlnet.gov/expapi/activities/meeting" in page


@pytest.mark.parametrize(
    "who",
    ["mentor", "other_teacher", "student", "guardian", "board_viewer", "partner_with_consent"],
)
def test_nobody_else_sees_or_changes_the_table(client, personas: Personas, who: str):
    login(client, personas.get(who))
    assert client.get(LIST).status_code == 403
    assert client.post(CREATE, valid()).status_code == 403
    assert not StatementMapping.objects.exists()


def test_the_leader_adds_changes_and_removes_a_rule(client, personas: Personas):
    login(client, personas.leader)
    assert client.post(CREATE, valid()).status_code == 302
    rule = StatementMapping.objects.get()
    assert (rule.school, rule.kind, rule.iri, rule.area) == (
        personas.school,
        "verb",
        PLAYED,
        "music",
    )
    assert rule.skills == ["creative_thinking", "communicating"]
    assert rule.updated_by == personas.leader
    assert PLAYED in client.get(LIST).content.decode()

    edit = reverse("lrs_pages:mapping-edit", args=[rule.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, valid(on_timeline="", area="", skills=[]))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.on_timeline, rule.area, rule.skills) == (False, "", [])

    delete = reverse("lrs_pages:mapping-delete", args=[rule.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not StatementMapping.objects.exists()


def test_a_default_can_be_taken_over_from_the_table(client, personas: Personas):
    login(client, personas.school_admin)
    iri = "http://adlnet.gov/expapi/verbs/attended"
    response = client.get(CREATE, {"kind": "verb", "iri": iri})
    assert response.context["form"]["iri"].value() == iri


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"iri": "speelde voor"}, "iri"),
        ({"iri": "geen-iri"}, "iri"),
        ({"iri": "https://"}, "iri"),
        ({"iri": "http:///pad"}, "iri"),
        ({"iri": "https://example.org/" + "x" * 600}, "iri"),
        ({"area": "darts"}, "area"),
        ({"skills": ["jongleren"]}, "skills"),
        ({"kind": "actor"}, "kind"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_stored(
    client, personas: Personas, changes: dict[str, object], field: str
):
    login(client, personas.leader)
    response = client.post(CREATE, valid(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not StatementMapping.objects.exists()


def test_one_rule_per_iri_and_kind(client, personas: Personas):
    login(client, personas.leader)
    client.post(CREATE, valid())
    response = client.post(CREATE, valid(area="sport"))
    assert response.status_code == 400
    assert StatementMapping.objects.count() == 1
    # The same IRI as an activity type is another rule.
    assert client.post(CREATE, valid(kind="activity_type")).status_code == 302


def test_another_schools_rule_does_not_exist_for_you(client, personas: Personas):
    rule = StatementMapping.objects.create(school=personas.other_school, kind="verb", iri=PLAYED)
    login(client, personas.leader)
    assert client.get(reverse("lrs_pages:mapping-edit", args=[rule.pk])).status_code == 404
    assert client.post(reverse("lrs_pages:mapping-delete", args=[rule.pk])).status_code == 404
    assert PLAYED not in client.get(LIST).content.decode()
    assert StatementMapping.objects.filter(pk=rule.pk).exists()
