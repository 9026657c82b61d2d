"""An issuing school (did:web, one key), its revocation list and a signed credential."""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from leerweg.credentials.signing import (
    Achievement,
    AssertionKey,
    Evidence,
    IssuerKey,
    IssuerProfile,
    StatusList,
    assertion_keys_from_did_document,
    did_document,
    did_web_for,
    document_sign,
    open_badge_credential_build,
    private_key_generate,
    public_key_to_multibase,
    signing_key_choose,
    status_entry,
    status_list_credential_build,
    verify,
)
from leerweg.credentials.signing.verification import VerificationResult

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
LIST_URL = "https://baken.example.nl/credentials/status/1"


@dataclass
class School:
    """An issuer with rotatable keys, a revocation list and the documents it publishes."""

    did: str
    private_keys: dict[str, Ed25519PrivateKey] = field(default_factory=dict)
    keys: list[IssuerKey] = field(default_factory=list)
    status_list: StatusList = field(default_factory=StatusList)
    published_lists: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_key(self, fragment: str) -> None:
        private_key = private_key_generate()
        self.private_keys[fragment] = private_key
        self.keys = [
            IssuerKey(key.fragment, key.public_key_multibase, retired=True) for key in self.keys
        ]
        self.keys.append(IssuerKey(fragment, public_key_to_multibase(private_key.public_key())))

    def resolve(self, issuer_id: str) -> list[AssertionKey]:
        if issuer_id != self.did:
            return []
        return assertion_keys_from_did_document(did_document(self.did, self.keys))

    def sign(self, document: dict[str, Any], **options: Any) -> dict[str, Any]:
        key = signing_key_choose(self.keys)
        return document_sign(
            document,
            private_key=self.private_keys[key.fragment],
            verification_method=key.verification_method(self.did),
            created=NOW - timedelta(days=1),
            **options,
        )

    def publish_list(self) -> None:
        unsigned = status_list_credential_build(
            list_url=LIST_URL,
            issuer_id=self.did,
            status_list=self.status_list,
            valid_from=NOW - timedelta(days=1),
        )
        self.published_lists[LIST_URL] = self.sign(unsigned, proof_as_list=False)

    def load_list(self, url: str) -> str | None:
        document = self.published_lists.get(url)
        return None if document is None else json.dumps(document)

    def verify(
        self, credential: str | bytes | dict[str, Any], **options: Any
    ) -> VerificationResult:
        text = credential if isinstance(credential, str | bytes) else json.dumps(credential)
        options.setdefault("now", NOW)
        return verify(
            text, resolve_issuer_keys=self.resolve, status_list_loader=self.load_list, **options
        )


@pytest.fixture
def school() -> School:
    issuer = School(did=did_web_for("baken.example.nl", ["schools", "het-baken"]))
    issuer.add_key("key-2026-1")
    issuer.publish_list()
    return issuer


def unsigned_credential(did: str, *, index: int = 7, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "credential_id": "urn:uuid:6f1c2a4e-3b9d-4c8e-a1f0-5d2e7b9c0a13",
        "name": "Plusdocument — Robotica",
        "issuer": IssuerProfile(did, "Het Baken", "https://baken.example.nl"),
        "achievement": Achievement(
            id="https://baken.example.nl/achievements/robotica",
            name="Robotica",
            description="Een robot ontwerpen, bouwen en programmeren.",
            criteria_narrative="Heeft in een team een werkende robot gebouwd en gepresenteerd.",
            achievement_type="Competency",
        ),
        "valid_from": NOW - timedelta(days=1),
        "subject_id": "urn:uuid:0c9e8d7f-1a2b-4c3d-8e9f-a0b1c2d3e4f5",
        "evidence": [Evidence(name="Portfolio", narrative="Drie projecten, één presentatie.")],
        "credential_status": status_entry(list_url=LIST_URL, index=index),
    }
    data.update(overrides)
    return open_badge_credential_build(**data)


@pytest.fixture
def signed(school: School) -> dict[str, Any]:
    return school.sign(unsigned_credential(school.did))
