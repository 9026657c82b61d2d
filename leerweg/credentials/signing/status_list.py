"""W3C Bitstring Status List v1.0: revocation lists for issued credentials.

- A list is a bitstring of at least 131,072 bits (16 KB), so that one credential
  cannot be told apart from the others in the list (herd privacy). Bit 0 is the
  most significant bit of the first byte. A set bit means "revoked".
- ``encodedList`` is multibase base64url (``u``, no padding) of the GZIP-compressed
  bitstring.
- The list is published as a ``BitstringStatusListCredential`` signed by the same
  issuer; each credential points into it with a ``BitstringStatusListEntry``
  (``statusPurpose``, ``statusListIndex`` as a string, ``statusListCredential``).
"""

import gzip
import re
import zlib
from datetime import datetime
from typing import Any

from .documents import VC_V2_CONTEXT
from .multibase import MultibaseError, base64url_decode, base64url_encode
from .proofs import xsd_datetime

MINIMUM_BITS = 131_072
REVOCATION = "revocation"
# A decoded list is at most 16 MiB, so a small "gzip bomb" cannot exhaust memory.
MAXIMUM_BITS = 128 * 1024 * 1024
_INDEX = re.compile(r"[0-9]{1,12}")


class StatusListError(ValueError):
    """A status list or status entry is malformed."""


class StatusList:
    """A fixed-length bitstring; index ``i`` is bit ``i`` counted from the left."""

    def __init__(self, length: int = MINIMUM_BITS, *, bits: bytes | None = None) -> None:
        if length < MINIMUM_BITS or length % 8:
            raise StatusListError(f"a status list has at least {MINIMUM_BITS} bits, whole bytes")
        if length > MAXIMUM_BITS:
            raise StatusListError("the status list is too long")
        if bits is not None and len(bits) * 8 != length:
            raise StatusListError("the bits do not match the length")
        self._bits = bytearray(bits if bits is not None else bytes(length // 8))

    @property
    def length(self) -> int:
        return len(self._bits) * 8

    def _position(self, index: int) -> tuple[int, int]:
        if not 0 <= index < self.length:
            raise StatusListError(f"index {index} is outside the list of {self.length} bits")
        return index // 8, 0x80 >> (index % 8)

    def get(self, index: int) -> bool:
        byte, mask = self._position(index)
        return bool(self._bits[byte] & mask)

    def set(self, index: int) -> None:
        byte, mask = self._position(index)
        self._bits[byte] |= mask

    def clear(self, index: int) -> None:
        byte, mask = self._position(index)
        self._bits[byte] &= ~mask & 0xFF

    def encode(self) -> str:
        """``encodedList``: multibase base64url of the GZIP'd bitstring (fixed mtime)."""
        return base64url_encode(gzip.compress(bytes(self._bits), mtime=0))

    @classmethod
    def decode(cls, encoded_list: str) -> "StatusList":
        try:
            compressed = base64url_decode(encoded_list)
        except MultibaseError as error:
            raise StatusListError("encodedList is not multibase base64url") from error
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            bits = decompressor.decompress(compressed, MAXIMUM_BITS // 8 + 1)
        except zlib.error as error:
            raise StatusListError("encodedList is not GZIP data") from error
        if len(bits) > MAXIMUM_BITS // 8 or not decompressor.eof:
            raise StatusListError("encodedList is too long or truncated")
        return cls(len(bits) * 8, bits=bits)


def status_entry(*, list_url: str, index: int, purpose: str = REVOCATION) -> dict[str, Any]:
    """The ``credentialStatus`` a credential carries to point at its bit in the list."""
    if index < 0:
        raise StatusListError("a status list index is not negative")
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential_build(
    *,
    list_url: str,
    issuer_id: str,
    status_list: StatusList,
    valid_from: datetime,
    valid_until: datetime | None = None,
    purpose: str = REVOCATION,
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` for a list."""
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": status_list.encode(),
        },
    }
    if valid_until is not None:
        credential["validUntil"] = xsd_datetime(valid_until)
    return credential


def status_entry_index(entry: dict[str, Any]) -> int:
    """The checked ``statusListIndex`` of a status entry."""
    raw = entry.get("statusListIndex")
    if not isinstance(raw, str) or not _INDEX.fullmatch(raw):
        raise StatusListError("statusListIndex must be a non-negative integer as a string")
    return int(raw)
