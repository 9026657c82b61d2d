import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """The page tests read messages in English, whatever the Dutch catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")
