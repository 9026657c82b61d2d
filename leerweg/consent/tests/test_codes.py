"""The link-code module on its own: no database, no Django."""

import math

from leerweg.consent.codes import (
    ALPHABET,
    CODE_LENGTH,
    code_digest,
    display_code,
    new_code,
    new_pseudonym,
    normalise_code,
)


def test_a_code_carries_at_least_40_random_bits_from_an_alphabet_without_look_alikes():
    assert len(set(ALPHABET)) == len(ALPHABET) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 40
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) for code in codes)


def test_a_code_is_shown_in_two_groups_and_read_back_however_it_is_typed():
    assert display_code("KDF47QPX") == "KDF4-7QPX"
    for typed in ("KDF4-7QPX", "kdf4 7qpx", " kdf47qpx ", "KDF4–7QPX".replace("–", "-")):
        assert normalise_code(typed) == "KDF47QPX"
    # O, I and L are read as the digits they look like.
    assert normalise_code("O1IL-2345") == "01112345"


def test_what_cannot_be_a_code_is_refused():
    for typed in ("", "KDF4-7QP", "KDF4-7QPXX", "KDF4-7QP!", "KDF4-7QPU", "ÄDF4-7QPX"):
        assert normalise_code(typed) is None


def test_the_digest_depends_on_the_key_and_does_not_contain_the_code():
    digest = code_digest("KDF47QPX", "key-one")
    assert digest != code_digest("KDF47QPX", "key-two")
    assert digest == code_digest("KDF47QPX", "key-one")
    assert "KDF47QPX" not in digest and len(digest) == 64


def test_a_pseudonym_is_22_url_safe_characters_and_random():
    pseudonyms = {new_pseudonym() for _ in range(100)}
    assert len(pseudonyms) == 100
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert all(len(p) == 22 and set(p) <= allowed for p in pseudonyms)
