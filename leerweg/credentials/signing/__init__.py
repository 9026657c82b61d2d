"""Signing and verifying Open Badges 3.0 credentials; plain Python, no Django.

- ``documents``: bundled JSON-LD contexts, the offline loader, RDFC-1.0.
- ``keys``: Ed25519 Multikeys, did:key / did:web documents, wrapped private keys.
- ``proofs``: the ``eddsa-rdfc-2022`` Data Integrity cryptosuite.
- ``badges``: building an ``OpenBadgeCredential``.
- ``status_list``: Bitstring Status List revocation.
- ``schema``: the Open Badges 3.0 JSON schema.
- ``verification``: ``verify()`` with a reason code for every failure.
"""

from .badges import (
    Achievement,
    BadgeDataError,
    Evidence,
    IssuerProfile,
    open_badge_credential_build,
)
from .documents import DocumentLoadError, OfflineDocumentLoader
from .keys import (
    AssertionKey,
    IssuerKey,
    KeyFormatError,
    KeyUnwrapError,
    assertion_keys_from_did_document,
    did_document,
    did_key_for,
    did_key_resolve,
    did_key_verification_method,
    did_web_document_url,
    did_web_for,
    key_encryption_key_generate,
    private_key_generate,
    private_key_unwrap,
    private_key_wrap,
    public_key_to_multibase,
    signing_key_choose,
)
from .proofs import document_sign
from .status_list import StatusList, status_entry, status_list_credential_build
from .verification import Reason, VerificationResult, verify

__all__ = [
    "Achievement",
    "AssertionKey",
    "BadgeDataError",
    "DocumentLoadError",
    "Evidence",
    "IssuerKey",
    "IssuerProfile",
    "KeyFormatError",
    "KeyUnwrapError",
    "OfflineDocumentLoader",
    "Reason",
    "StatusList",
    "VerificationResult",
    "assertion_keys_from_did_document",
    "did_document",
    "did_key_for",
    "did_key_resolve",
    "did_key_verification_method",
    "did_web_document_url",
    "did_web_for",
    "document_sign",
    "key_encryption_key_generate",
    "open_badge_credential_build",
    "private_key_generate",
    "private_key_unwrap",
    "private_key_wrap",
    "public_key_to_multibase",
    "signing_key_choose",
    "status_entry",
    "status_list_credential_build",
    "verify",
]
