"""The production settings: safe by default, and refusing to start half-configured."""

import importlib
import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

import config.settings.base


def load_production(monkeypatch, **environment: str):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    importlib.reload(config.settings.base)
    return importlib.reload(importlib.import_module("config.settings.production"))


@pytest.mark.django_db  # model checks ask the database what it supports (JSON fields)
def test_production_settings_pass_the_deploy_check(monkeypatch):
    """``leerweg check --deploy`` reports nothing under production settings."""
    production = load_production(
        monkeypatch,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="leerweg.example.nl",
        LEERWEG_CREDENTIAL_KEK="AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    )
    names = [name for name in dir(production) if name.isupper() and name != "DATABASES"]
    with override_settings(**{name: getattr(production, name) for name in names}):
        call_command("check", "--deploy", "--fail-level", "WARNING")


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured):
        load_production(monkeypatch)


def test_passwords_are_hashed_with_argon2():
    assert config.settings.base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
