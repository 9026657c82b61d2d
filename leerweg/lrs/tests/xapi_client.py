"""An xAPI client for the tests: Django's test client with Basic auth and a version header."""

import base64
import json
from typing import Any
from urllib.parse import urlencode

from django.test import Client

from leerweg.lrs.auth import new_key, new_secret, secret_digest
from leerweg.lrs.models import Credential, Store


class Lrs:
    """An xAPI client for one store, speaking one version."""

    def __init__(self, store: Store, version: str = "2.0.0") -> None:
        self.store = store
        key, secret = new_key(), new_secret()
        Credential.objects.create(
            store=store, label="tool", key=key, secret_digest=secret_digest(secret)
        )
        token = base64.b64encode(f"{key}:{secret}".encode()).decode()
        self.headers = {
            "HTTP_AUTHORIZATION": f"Basic {token}",
            "HTTP_X_EXPERIENCE_API_VERSION": version,
        }
        self.client = Client()

    def call(
        self,
        method: str,
        path: str,
        params: dict[str, Any],
        body: object = None,
        content_type: str = "application/json",
        **headers: str,
    ) -> Any:
        query = urlencode(
            {k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()}
        )
        if body is None:
            data: bytes | str = b""
        elif isinstance(body, bytes | str):
            data = body
        else:
            data = json.dumps(body)
        meta: dict[str, Any] = dict(self.headers)
        meta.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
        return self.client.generic(
            method, f"/xapi/{path}?{query}", data=data, content_type=content_type, **meta
        )

    def follow(self, url: str) -> Any:
        """GET a URL the LRS gave (a ``more`` link), with this client's credentials."""
        meta: dict[str, Any] = dict(self.headers)
        return self.client.get(url, **meta)
