import gzip

import pytest

from leerweg.credentials.signing.multibase import base64url_decode, base64url_encode
from leerweg.credentials.signing.status_list import (
    MINIMUM_BITS,
    StatusList,
    StatusListError,
    status_entry,
    status_entry_index,
    status_list_credential_build,
)

from .conftest import NOW


def test_a_new_list_has_the_minimum_length_and_no_bits_set():
    status_list = StatusList()
    assert status_list.length == MINIMUM_BITS == 131_072
    assert not any(status_list.get(index) for index in (0, 1, 4711, MINIMUM_BITS - 1))


def test_too_short_lists_are_refused():
    with pytest.raises(StatusListError):
        StatusList(1024)


def test_set_and_clear_a_bit():
    status_list = StatusList()
    status_list.set(4711)
    assert status_list.get(4711)
    assert not status_list.get(4710)
    assert not status_list.get(4712)
    status_list.clear(4711)
    assert not status_list.get(4711)
    with pytest.raises(StatusListError):
        status_list.set(MINIMUM_BITS)


def test_bit_zero_is_the_leftmost_bit_of_the_first_byte():
    status_list = StatusList()
    status_list.set(0)
    status_list.set(9)
    raw = gzip.decompress(base64url_decode(status_list.encode()))
    assert raw[:2] == bytes([0b1000_0000, 0b0100_0000])


def test_encoded_list_round_trip():
    status_list = StatusList()
    for index in (3, 1000, 131_071):
        status_list.set(index)
    encoded = status_list.encode()
    assert encoded.startswith("u")
    assert "=" not in encoded
    decoded = StatusList.decode(encoded)
    assert [decoded.get(index) for index in (2, 3, 1000, 131_071)] == [False, True, True, True]


@pytest.mark.parametrize(
    "encoded",
    [
        "zabc",
        "u!!!",
        base64url_encode(b"not gzip"),
        base64url_encode(gzip.compress(bytes(100))),
        base64url_encode(gzip.compress(bytes(17 * 1024 * 1024))),
    ],
)
def test_malformed_or_oversized_encoded_lists_are_refused(encoded):
    with pytest.raises(StatusListError):
        StatusList.decode(encoded)


def test_status_entry_and_list_credential():
    url = "https://baken.example.nl/credentials/status/1"
    entry = status_entry(list_url=url, index=94567)
    assert entry == {
        "id": f"{url}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": url,
    }
    assert status_entry_index(entry) == 94567
    credential = status_list_credential_build(
        list_url=url, issuer_id="did:web:baken.example.nl", status_list=StatusList(), valid_from=NOW
    )
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["credentialSubject"]["type"] == "BitstringStatusList"
    assert credential["credentialSubject"]["statusPurpose"] == "revocation"
    assert credential["validFrom"] == "2026-06-01T12:00:00Z"


@pytest.mark.parametrize("raw", [7, "-1", "1e3", "٣", "", "1234567890123"])
def test_malformed_status_indexes_are_refused(raw):
    with pytest.raises(StatusListError):
        status_entry_index({"statusListIndex": raw})
