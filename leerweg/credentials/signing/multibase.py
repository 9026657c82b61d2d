"""Multibase encodings used by Data Integrity proofs, Multikeys and status lists.

Only the two bases the standards here need: base58-btc (prefix ``z``, used for
``proofValue`` and ``publicKeyMultibase``) and base64url without padding
(prefix ``u``, used for a Bitstring Status List's ``encodedList``).
See the W3C Controlled Identifiers spec, section "Multibase".
"""

import base64
import re

_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {char: value for value, char in enumerate(_BASE58_ALPHABET)}
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


class MultibaseError(ValueError):
    """A value is not valid multibase in the expected base."""


def base58btc_encode(data: bytes) -> str:
    """Encode bytes as multibase base58-btc, with the ``z`` prefix."""
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_BASE58_ALPHABET[remainder])
    return "z" + "1" * leading_zeros + "".join(reversed(digits))


def base58btc_decode(value: str) -> bytes:
    """Decode a ``z``-prefixed multibase base58-btc string."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise MultibaseError("expected a base58-btc multibase value starting with 'z'")
    encoded = value[1:]
    number = 0
    for char in encoded:
        digit = _BASE58_INDEX.get(char)
        if digit is None:
            raise MultibaseError("invalid base58-btc character")
        number = number * 58 + digit
    leading_zeros = len(encoded) - len(encoded.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_zeros + body


def base64url_encode(data: bytes) -> str:
    """Encode bytes as multibase base64url without padding, with the ``u`` prefix."""
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def base64url_decode(value: str) -> bytes:
    """Decode a ``u``-prefixed multibase base64url (no padding) string."""
    if not isinstance(value, str) or not value.startswith("u"):
        raise MultibaseError("expected a base64url multibase value starting with 'u'")
    encoded = value[1:]
    if not _BASE64URL.fullmatch(encoded) or len(encoded) % 4 == 1:
        raise MultibaseError("invalid base64url value (no padding, URL-safe alphabet only)")
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except ValueError as error:
        raise MultibaseError("invalid base64url value") from error
