"""Link codes: short, readable on paper, and never stored in a form that can be used.

A code is 8 characters from Crockford's base-32 alphabet (no I, L, O or U), so
40 random bits, shown as two groups of four ("KDF4-7QPX"). Typing is forgiving:
case, spaces and dashes do not matter, and O, I and L are read as 0, 1 and 1.
Only a keyed digest of a code is stored, so a copy of the database does not
give anyone a live code. No Django here: usable and testable on its own.
"""

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
GROUP = 4
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    """A fresh random code in its normal form (no dash)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """ "KDF47QPX" → "KDF4-7QPX": easier to read out and copy."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(typed: str) -> str | None:
    """The normal form of what someone typed, or None if it cannot be a code."""
    cleaned = "".join(typed.split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(cleaned) != CODE_LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned


def code_digest(code: str, key: str) -> str:
    """HMAC-SHA-256 of a normalised code: what the database keeps instead of the code."""
    return hmac.new(key.encode(), code.encode(), hashlib.sha256).hexdigest()


def new_pseudonym() -> str:
    """A random, URL-safe name for a student at one partner (22 characters, 128 bits).

    Random rather than derived from any id, so nothing about the student or
    the school can be worked out from it.
    """
    return secrets.token_urlsafe(16)
