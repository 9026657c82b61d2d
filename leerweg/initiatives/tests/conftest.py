import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from leerweg.accounts.tests.factories import UserFactory


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """POST the public form and run what waits for the commit (the mail), as a server would."""

    def _submit(client, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/initiatieven/aanmelden/", data)

    return _submit


@pytest.fixture(autouse=True)
def _register_settings(settings):
    """English pages, no minimum time unless a test sets one, a clean throttle."""
    settings.LANGUAGE_CODE = "en"
    settings.LEERWEG_REGISTER_MIN_SECONDS = 0
    settings.LEERWEG_REGISTER_THROTTLE = (5, 3600)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderator():
    user = UserFactory.create(username="moderator", first_name="Mo", last_name="Derator")
    user.user_permissions.add(Permission.objects.get(codename="moderate_initiative"))
    return user
