import pytest
from django.urls import reverse

from conftest import Personas, login
from leerweg.profiles.access import visible_parts
from leerweg.profiles.models import Interest, Profile, SkillRating, Talent
from leerweg.schools.selectors import school_role_contexts

pytestmark = pytest.mark.django_db


def role_of(user):
    return school_role_contexts(user)[0]


def test_a_student_sets_interests_from_the_list_and_in_own_words(client, personas: Personas):
    login(client, personas.student)
    response = client.post(
        reverse("profiles:interests"), {"areas": ["music", "nature"], "tags": "paarden, Bakken"}
    )
    assert response.status_code == 302
    interests = {str(i) for i in Interest.objects.filter(student=personas.student_record)}
    assert interests == {"Muziek", "Natuur en duurzaamheid", "paarden", "bakken"} or interests == {
        "Music",
        "Nature and sustainability",
        "paarden",
        "bakken",
    }


def test_an_unknown_interest_area_is_a_field_error_and_nothing_changes(client, personas: Personas):
    login(client, personas.student)
    client.post(reverse("profiles:interests"), {"areas": ["music"]})
    response = client.post(reverse("profiles:interests"), {"areas": ["hacking"]})
    assert response.status_code == 400
    assert "areas" in response.context["interests_form"].errors
    assert list(Interest.objects.values_list("area", flat=True)) == ["music"]


def test_too_many_own_words_are_refused(client, personas: Personas):
    login(client, personas.student)
    tags = ", ".join(f"woord{n}" for n in range(20))
    response = client.post(reverse("profiles:interests"), {"tags": tags})
    assert response.status_code == 400
    assert not Interest.objects.exists()


def test_skills_are_rated_on_a_four_step_scale(client, personas: Personas):
    login(client, personas.student)
    client.post(reverse("profiles:skills"), {"collaborating": "3", "communicating": "4"})
    ratings = dict(SkillRating.objects.values_list("skill", "self_rating"))
    assert ratings == {"collaborating": 3, "communicating": 4}
    bad = client.post(reverse("profiles:skills"), {"collaborating": "9"})
    assert bad.status_code == 400
    assert dict(SkillRating.objects.values_list("skill", "self_rating"))["collaborating"] == 3


def test_a_talent_without_a_title_is_a_field_error(client, personas: Personas):
    login(client, personas.student)
    response = client.post(reverse("profiles:talent-add"), {"title": ""})
    assert response.status_code == 400
    assert "title" in response.context["talent_form"].errors
    assert Talent.objects.count() == 1  # only the persona's own


def test_a_student_cannot_remove_another_students_talent(client, personas: Personas):
    login(client, personas.other_student)
    client.post(reverse("profiles:talent-delete", args=[personas.talent.pk]))
    assert Talent.objects.filter(pk=personas.talent.pk).exists()


def test_defaults_share_goals_evidence_and_route_with_the_mentor_only(personas: Personas):
    sanne = personas.student_record
    mentor_sees = visible_parts(personas.mentor, role_of(personas.mentor), sanne)
    assert mentor_sees == {"goals", "evidence", "route"}
    assert visible_parts(personas.guardian, role_of(personas.guardian), sanne) == set()
    assert visible_parts(personas.leader, role_of(personas.leader), sanne) == set()
    assert len(visible_parts(personas.student, role_of(personas.student), sanne)) == 8


def test_sharing_choices_replace_the_defaults(client, personas: Personas):
    login(client, personas.student)
    client.post(
        reverse("profiles:sharing-save"),
        {"interests": ["guardians", "teachers"], "about_me": ["guardians"]},
    )
    assert Profile.objects.get(student=personas.student_record).sharing_chosen
    sanne = personas.student_record
    assert visible_parts(personas.guardian, role_of(personas.guardian), sanne) == {
        "interests",
        "about_me",
    }
    # The mentor is one of her teachers, so sees interests; goals are no longer shared.
    assert visible_parts(personas.mentor, role_of(personas.mentor), sanne) == {"interests"}


def test_a_nonsense_sharing_choice_changes_nothing(client, personas: Personas):
    login(client, personas.student)
    response = client.post(reverse("profiles:sharing-save"), {"goals": ["the whole world"]})
    assert response.status_code == 400
    assert not Profile.objects.filter(student=personas.student_record, sharing_chosen=True).exists()
