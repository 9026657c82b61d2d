import hashlib
import json
import socket

import pytest
from pyld.jsonld import JsonLdError

from leerweg.credentials.signing.documents import (
    BUNDLED_CONTEXTS,
    CONTEXTS_DIR,
    OB_V3_CONTEXT,
    VC_V2_CONTEXT,
    Canonicaliser,
    DocumentLoadError,
    OfflineDocumentLoader,
)
from leerweg.credentials.signing.schema import SCHEMA_PATH

PINNED_CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": (
        "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f"
    ),
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": (
        "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761"
    ),
    "https://w3id.org/security/data-integrity/v2": (
        "0f77743daf5b4e8fc067fc5ba5b21044283053aa717fc6b0219843bed3b00363"
    ),
    "https://w3id.org/security/multikey/v1": (
        "c5f3806f8286920573221938917988a18a4cc5a09e968d29649613c7a1c2b1f6"
    ),
}
PINNED_SCHEMA = "5753fb3ecf7d024ed273dd364bd683f483eb47257e718e6618832cf89eb2083a"


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("url", sorted(PINNED_CONTEXTS))
def test_bundled_context_files_are_the_pinned_ones(url):
    assert _sha256(CONTEXTS_DIR / BUNDLED_CONTEXTS[url]) == PINNED_CONTEXTS[url]


def test_every_bundled_context_is_pinned():
    assert set(BUNDLED_CONTEXTS) == set(PINNED_CONTEXTS)


def test_bundled_schema_is_the_pinned_one():
    assert _sha256(SCHEMA_PATH) == PINNED_SCHEMA


def test_the_open_badges_context_is_the_final_3_0_3_version():
    context = json.loads((CONTEXTS_DIR / BUNDLED_CONTEXTS[OB_V3_CONTEXT]).read_text())["@context"]
    # awardedDate arrived with the last change; the non-final variant's extra terms are absent.
    assert "awardedDate" in context
    assert "jti" not in context
    assert "endorsementJwt" not in context


def test_loader_serves_bundled_contexts():
    loaded = OfflineDocumentLoader()(VC_V2_CONTEXT, {})
    assert loaded["documentUrl"] == VC_V2_CONTEXT
    assert "@context" in loaded["document"]


def test_loader_refuses_unknown_urls_without_touching_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the loader tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(DocumentLoadError, match="not bundled"):
        OfflineDocumentLoader()("https://www.w3.org/2018/credentials/v1", {})


def test_canonicalising_a_document_with_an_unknown_context_fails_clearly():
    document = {"@context": ["https://evil.example/context.json"], "name": "x"}
    with pytest.raises(JsonLdError) as raised:
        Canonicaliser().canonicalise(document)
    causes = []
    error: BaseException | None = raised.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or getattr(error, "cause", None)
    assert any(isinstance(cause, DocumentLoadError) for cause in causes)


def test_extra_documents_cannot_replace_a_bundled_context():
    with pytest.raises(ValueError, match="cannot be replaced"):
        OfflineDocumentLoader({VC_V2_CONTEXT: {"@context": {}}})


def test_the_loader_hands_out_copies():
    loader = OfflineDocumentLoader()
    loader(VC_V2_CONTEXT, {})["document"]["@context"]["injected"] = "x"
    assert "injected" not in loader(VC_V2_CONTEXT, {})["document"]["@context"]
