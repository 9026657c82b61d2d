"""The bundled JSON-LD contexts, an offline document loader and RDFC-1.0 canonicalisation.

Signing and verifying never touch the network: the loader serves only the context
files bundled in ``contexts/`` (their origin and SHA-256 are in
``contexts/README.md`` and pinned in the tests) and refuses every other URL.

Canonicalisation is RDFC-1.0 (W3C RDF Dataset Canonicalization), which PyLD
implements under its earlier name URDNA2015. PyLD keeps a process-wide cache of
resolved contexts keyed by URL; the functions here use their own cache, so a
context loaded elsewhere in the process under the same URL can never change what
is signed or verified here.
"""

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2_CONTEXT = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1_CONTEXT = "https://w3id.org/security/multikey/v1"
DID_V1_CONTEXT = "https://www.w3.org/ns/did/v1"

# URL -> file in contexts/. Nothing else is ever loaded.
BUNDLED_CONTEXTS: dict[str, str] = {
    VC_V2_CONTEXT: "credentials-v2.jsonld",
    OB_V3_CONTEXT: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V2_CONTEXT: "data-integrity-v2.jsonld",
    MULTIKEY_V1_CONTEXT: "multikey-v1.jsonld",
}

_RESOLVED_CONTEXT_CACHE_SIZE = 100


class DocumentLoadError(Exception):
    """A JSON-LD document was requested that is not bundled; nothing is fetched."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"The JSON-LD document {url!r} is not bundled with Leerweg; "
            "contexts are never fetched from the network."
        )
        self.url = url


@cache
def _bundled_document(url: str) -> dict[str, Any]:
    with (CONTEXTS_DIR / BUNDLED_CONTEXTS[url]).open(encoding="utf-8") as handle:
        return json.load(handle)


class UndefinedTermError(ValueError):
    """The document uses properties that no context defines (they would not be signed)."""

    def __init__(self, terms: list[str | None]) -> None:
        names = sorted({str(term) for term in terms})
        super().__init__("Properties that no context defines: " + ", ".join(names[:10]))
        self.terms = names


class OfflineDocumentLoader:
    """A PyLD document loader that serves bundled documents only.

    ``extra`` adds documents by URL (for tests and for standards' example
    contexts); it never replaces a bundled context.
    """

    def __init__(self, extra: dict[str, dict[str, Any]] | None = None) -> None:
        self._extra = dict(extra or {})
        overlap = set(self._extra) & set(BUNDLED_CONTEXTS)
        if overlap:
            raise ValueError(f"bundled contexts cannot be replaced: {sorted(overlap)}")

    def knows(self, url: str) -> bool:
        return url in BUNDLED_CONTEXTS or url in self._extra

    def __call__(self, url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        if url in BUNDLED_CONTEXTS:
            document = _bundled_document(url)
        elif url in self._extra:
            document = self._extra[url]
        else:
            raise DocumentLoadError(url)
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            # PyLD may annotate what it is given; hand it a copy.
            "document": copy.deepcopy(document),
            # "static": the document never changes, so PyLD keeps its resolved form.
            "tag": "static",
        }


class Canonicaliser:
    """RDFC-1.0 canonicalisation and JSON-LD expansion over an offline loader."""

    def __init__(self, loader: OfflineDocumentLoader | None = None) -> None:
        self.loader = loader or OfflineDocumentLoader()
        self._shared_cache: LRUCache = LRUCache(maxsize=_RESOLVED_CONTEXT_CACHE_SIZE)

    def _options(self) -> dict[str, Any]:
        # A resolver per operation: its own small cache of inline contexts dies with it,
        # the bounded cache of resolved bundled contexts is shared.
        resolver = ContextResolver(self._shared_cache, self.loader)
        return {"documentLoader": self.loader, "contextResolver": resolver}

    def canonicalise(self, document: dict[str, Any]) -> str:
        """The document's RDF dataset as canonical N-Quads (RDFC-1.0).

        A property that no context defines would be left out of the dataset, and so
        out of what a signature covers; that raises UndefinedTermError instead.
        """
        dropped: list[str | None] = []
        options = self._options() | {"algorithm": "URDNA2015", "format": "application/n-quads"}
        canonical = jsonld.JsonLdProcessor(on_property_dropped=dropped.append).normalize(
            document, options
        )
        if dropped:
            raise UndefinedTermError(dropped)
        return canonical

    def expand(self, document: dict[str, Any], *, on_property_dropped: Any = None) -> list[Any]:
        """The document in JSON-LD expanded form (terms replaced by full IRIs).

        ``on_property_dropped`` is called with each property that no context defines.
        """
        if on_property_dropped is None:
            return jsonld.expand(document, self._options())
        return jsonld.expand(document, self._options(), on_property_dropped=on_property_dropped)


@cache
def default_canonicaliser() -> Canonicaliser:
    """One canonicaliser per process over the bundled contexts, so resolved contexts are reused."""
    return Canonicaliser()
