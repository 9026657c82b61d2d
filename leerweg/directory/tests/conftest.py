import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.LEERWEG_OFFERS_FEW_ACTIVITIES = 2
    settings.LEERWEG_OFFERS_FIRST_LOOK_DAYS = 3
    cache.clear()
    yield
    cache.clear()
