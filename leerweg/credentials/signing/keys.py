"""Ed25519 keys as Multikeys, DID identifiers and DID documents, and wrapped private keys.

- A public key is written as a Multikey: multibase base58-btc of the multicodec
  ``ed25519-pub`` prefix (0xed 0x01) and the 32 key bytes, so ``z6Mk…``
  (W3C Controlled Identifiers, "Multikey"). A private key uses ``ed25519-priv``
  (0x80 0x26), so ``z3u2…``.
- ``did:key`` (W3C CCG did:key method): the DID is ``did:key:`` + the public
  Multikey, its one verification method ``<did>#<multikey>``.
- ``did:web`` (W3C CCG did:web method): ``did:web:example.org`` is served at
  ``https://example.org/.well-known/did.json``; ``did:web:example.org:schools:x``
  at ``https://example.org/schools/x/did.json``; a port is written ``%3A``.
- An issuer has several keys over time. Every key ever used stays listed as an
  assertion method, so credentials signed with it keep verifying; a retired key is
  listed but never chosen for signing.
- Private keys are stored wrapped with AES-256-GCM under a key-encryption key that
  the caller keeps outside the database; the key's identifier is bound as
  associated data, so a wrapped key copied onto another key's row does not open.
"""

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from .documents import DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT
from .multibase import MultibaseError, base58btc_decode, base58btc_encode

ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"

_WRAP_VERSION = b"\x01"
_NONCE_BYTES = 12
_DOMAIN_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
_KEY_FRAGMENT = re.compile(r"[A-Za-z0-9._-]{1,64}")


class KeyFormatError(ValueError):
    """A key, DID or Multikey value is malformed."""


class KeyUnwrapError(Exception):
    """A wrapped private key did not open: wrong key-encryption key, wrong key id, or damaged."""


# --- raw keys and Multikeys -------------------------------------------------------------------


def private_key_generate() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_bytes(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_key_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_to_multibase(public_key: Ed25519PublicKey) -> str:
    return base58btc_encode(ED25519_PUB_PREFIX + public_key_bytes(public_key))


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    try:
        raw = base58btc_decode(value)
    except MultibaseError as error:
        raise KeyFormatError(str(error)) from error
    if len(raw) != 34 or not raw.startswith(ED25519_PUB_PREFIX):
        raise KeyFormatError("not an Ed25519 public Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def private_key_to_multibase(private_key: Ed25519PrivateKey) -> str:
    return base58btc_encode(ED25519_PRIV_PREFIX + private_key_bytes(private_key))


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    try:
        raw = base58btc_decode(value)
    except MultibaseError as error:
        raise KeyFormatError(str(error)) from error
    if len(raw) != 34 or not raw.startswith(ED25519_PRIV_PREFIX):
        raise KeyFormatError("not an Ed25519 private Multikey")
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def signature_is_valid(public_key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


# --- wrapping private keys for storage --------------------------------------------------------


def key_encryption_key_generate() -> bytes:
    """A fresh 256-bit key-encryption key (kept in the environment, never in the database)."""
    return AESGCM.generate_key(bit_length=256)


def private_key_wrap(
    private_key: Ed25519PrivateKey, *, key_encryption_key: bytes, key_id: str
) -> bytes:
    """The private key encrypted with AES-256-GCM, bound to ``key_id``.

    Layout: version byte, 12-byte random nonce, ciphertext with its 16-byte tag.
    """
    if len(key_encryption_key) != 32:
        raise ValueError("the key-encryption key must be 32 bytes (AES-256)")
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(key_encryption_key).encrypt(
        nonce, private_key_bytes(private_key), _wrap_associated_data(key_id)
    )
    return _WRAP_VERSION + nonce + ciphertext


def private_key_unwrap(
    wrapped: bytes, *, key_encryption_key: bytes, key_id: str
) -> Ed25519PrivateKey:
    if len(key_encryption_key) != 32:
        raise ValueError("the key-encryption key must be 32 bytes (AES-256)")
    if len(wrapped) != 1 + _NONCE_BYTES + 32 + 16 or wrapped[:1] != _WRAP_VERSION:
        raise KeyUnwrapError("not a wrapped Ed25519 key of a known version")
    nonce, ciphertext = wrapped[1 : 1 + _NONCE_BYTES], wrapped[1 + _NONCE_BYTES :]
    try:
        raw = AESGCM(key_encryption_key).decrypt(nonce, ciphertext, _wrap_associated_data(key_id))
    except InvalidTag as error:
        raise KeyUnwrapError("the wrapped key does not open with this key and key id") from error
    return Ed25519PrivateKey.from_private_bytes(raw)


def _wrap_associated_data(key_id: str) -> bytes:
    return b"leerweg-credential-key:v1:" + key_id.encode("utf-8")


# --- DIDs ---------------------------------------------------------------------------------------


def did_key_for(public_key: Ed25519PublicKey) -> str:
    return "did:key:" + public_key_to_multibase(public_key)


def did_key_verification_method(did: str) -> str:
    """The one verification method of a ``did:key``: ``did:key:z6Mk…#z6Mk…``."""
    return f"{did}#{_did_key_multibase(did)}"


def _did_key_multibase(did: str) -> str:
    if not did.startswith("did:key:"):
        raise KeyFormatError("not a did:key")
    multibase = did.removeprefix("did:key:")
    public_key_from_multibase(multibase)
    return multibase


def did_web_for(domain: str, path: Sequence[str] = ()) -> str:
    """The ``did:web`` DID for a domain (optionally with a port) and an optional path."""
    host, _, port = domain.partition(":")
    labels = host.lower().split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        raise KeyFormatError(f"not a valid domain name: {domain!r}")
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        raise KeyFormatError(f"not a valid port: {port!r}")
    if not all(_PATH_SEGMENT.fullmatch(segment) for segment in path):
        raise KeyFormatError("path segments may hold letters, digits and . _ ~ - only")
    encoded_host = host.lower() + (quote(":" + port, safe="") if port else "")
    return ":".join(["did:web", encoded_host, *path])


def did_web_document_url(did: str) -> str:
    """Where a ``did:web`` DID document is served (https, as the did:web method requires)."""
    if not did.startswith("did:web:"):
        raise KeyFormatError("not a did:web")
    host, *path = did.removeprefix("did:web:").split(":")
    if not host:
        raise KeyFormatError("a did:web needs a domain")
    base = "https://" + unquote(host)
    if path:
        return base + "/" + "/".join(path) + "/did.json"
    return base + "/.well-known/did.json"


# --- issuer keys and DID documents ---------------------------------------------------------------


@dataclass(frozen=True)
class IssuerKey:
    """One public key of an issuer. ``fragment`` names it within the DID (``#<fragment>``)."""

    fragment: str
    public_key_multibase: str
    retired: bool = False

    def __post_init__(self) -> None:
        if not _KEY_FRAGMENT.fullmatch(self.fragment):
            raise KeyFormatError("a key fragment holds 1-64 letters, digits, '.', '_' or '-'")
        public_key_from_multibase(self.public_key_multibase)

    def verification_method(self, did: str) -> str:
        return f"{did}#{self.fragment}"


@dataclass(frozen=True)
class AssertionKey:
    """A verification method an issuer lists for signing credentials, as a verifier sees it."""

    id: str
    controller: str
    public_key: Ed25519PublicKey


def signing_key_choose(keys: Iterable[IssuerKey]) -> IssuerKey:
    """The key to sign with now: the last one listed that is not retired."""
    active = [key for key in keys if not key.retired]
    if not active:
        raise KeyFormatError("the issuer has no active key")
    return active[-1]


def _multikey_entry(vm_id: str, did: str, multibase: str) -> dict[str, str]:
    return {"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": multibase}


def did_document(did: str, keys: Sequence[IssuerKey]) -> dict[str, Any]:
    """The DID document (did.json) of a ``did:web`` issuer with all its keys.

    Every key is an assertion method, retired ones too, so that credentials signed
    before a rotation still verify. Only active keys may authenticate.
    """
    if not keys:
        raise KeyFormatError("a DID document needs at least one key")
    fragments = [key.fragment for key in keys]
    if len(set(fragments)) != len(fragments):
        raise KeyFormatError("key fragments must be unique within a DID document")
    return {
        "@context": [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
        "id": did,
        "verificationMethod": [
            _multikey_entry(key.verification_method(did), did, key.public_key_multibase)
            for key in keys
        ],
        "assertionMethod": [key.verification_method(did) for key in keys],
        "authentication": [key.verification_method(did) for key in keys if not key.retired],
    }


def did_key_document(did: str) -> dict[str, Any]:
    """The DID document a ``did:key`` resolves to (computed, never fetched)."""
    vm_id = did_key_verification_method(did)
    return {
        "@context": [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
        "id": did,
        "verificationMethod": [_multikey_entry(vm_id, did, _did_key_multibase(did))],
        "assertionMethod": [vm_id],
        "authentication": [vm_id],
        "capabilityInvocation": [vm_id],
        "capabilityDelegation": [vm_id],
    }


def assertion_keys_from_did_document(document: dict[str, Any]) -> list[AssertionKey]:
    """The Ed25519 assertion methods a DID document lists; others are skipped."""
    did = document.get("id")
    if not isinstance(did, str):
        return []
    methods = {
        method.get("id"): method
        for method in document.get("verificationMethod", [])
        if isinstance(method, dict)
    }
    keys = []
    for reference in document.get("assertionMethod", []):
        method = methods.get(reference) if isinstance(reference, str) else reference
        if not isinstance(method, dict) or method.get("type") != "Multikey":
            continue
        if method.get("controller") != did:
            continue
        try:
            public_key = public_key_from_multibase(method.get("publicKeyMultibase", ""))
        except KeyFormatError:
            continue
        keys.append(AssertionKey(id=method["id"], controller=did, public_key=public_key))
    return keys


def did_key_resolve(did: str) -> list[AssertionKey]:
    """Assertion keys of a ``did:key`` issuer; an empty list for anything else."""
    try:
        return assertion_keys_from_did_document(did_key_document(did))
    except KeyFormatError:
        return []
