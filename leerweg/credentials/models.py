"""Models of the credentials app, defined per part and collected here."""

from .models_documents import (
    Backing,
    BatchState,
    DocumentState,
    IssuedDocumentError,
    LineSource,
    Plusdocument,
    PlusdocumentBatch,
    PlusdocumentLine,
    Section,
)
from .models_trust import CredentialKind, IssuedCredential, IssuerKey, StatusList

__all__ = [
    "Backing",
    "BatchState",
    "CredentialKind",
    "DocumentState",
    "IssuedCredential",
    "IssuedDocumentError",
    "IssuerKey",
    "LineSource",
    "Plusdocument",
    "PlusdocumentBatch",
    "PlusdocumentLine",
    "Section",
    "StatusList",
]
