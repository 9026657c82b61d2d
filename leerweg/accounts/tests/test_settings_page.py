import pytest
from django.conf import settings
from django.urls import reverse

from conftest import Personas, login

pytestmark = pytest.mark.django_db


def test_choosing_english_saves_the_preference_and_sets_the_cookie(client, personas: Personas):
    login(client, personas.mentor)
    response = client.post(reverse("accounts:settings"), {"preferred_language": "en"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    personas.mentor.refresh_from_db()
    assert personas.mentor.preferred_language == "en"


def test_an_unknown_language_is_refused_and_nothing_changes(client, personas: Personas):
    login(client, personas.mentor)
    response = client.post(reverse("accounts:settings"), {"preferred_language": "xx"})
    assert response.status_code == 200
    assert "preferred_language" in response.context["form"].errors
    personas.mentor.refresh_from_db()
    assert personas.mentor.preferred_language == "nl"


def test_settings_page_lists_every_role_of_a_person(client, personas: Personas):
    from leerweg.schools.tests.factories import link_guardian

    link_guardian(personas.mentor, personas.other_student_record)
    login(client, personas.mentor)
    roles = client.get(reverse("accounts:settings")).context["roles"]
    assert [role.kind for role in roles] == ["staff", "guardian"]
