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
