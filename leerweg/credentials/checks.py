"""A system check: without a key-encryption key, schools cannot sign credentials."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from leerweg.credentials.trust.issuers import key_encryption_key


@register("security")
def key_encryption_key_check(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> Sequence[CheckMessage]:
    try:
        key_encryption_key()
    except ImproperlyConfigured as error:
        return [
            Error(
                f"{error} Credentials cannot be signed.",
                hint=(
                    "Set LEERWEG_CREDENTIAL_KEK to 32 random bytes in base64, for example "
                    'the output of: python -c "import base64, os; '
                    'print(base64.b64encode(os.urandom(32)).decode())". Keep it outside '
                    "the database and its backups (docs/operations.md)."
                ),
                id="credentials.E001",
            )
        ]
    return []
