import secrets

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.mark.django_db
def test_health_answers_with_the_database_state(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/account/inloggen/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_production_settings_pass_the_deploy_check(monkeypatch):
    """``manage.py check --deploy`` reports nothing under production settings."""
    import importlib

    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "leerweg.example.nl")
    import config.settings.base

    importlib.reload(config.settings.base)
    production = importlib.reload(importlib.import_module("config.settings.production"))
    names = [name for name in dir(production) if name.isupper() and name != "DATABASES"]
    with override_settings(**{name: getattr(production, name) for name in names}):
        call_command("check", "--deploy", "--fail-level", "WARNING")


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    import config.settings.base

    importlib.reload(config.settings.base)
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(importlib.import_module("config.settings.production"))
