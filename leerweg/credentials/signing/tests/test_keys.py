import os

import pytest

from leerweg.credentials.signing.keys import (
    IssuerKey,
    KeyFormatError,
    KeyUnwrapError,
    assertion_keys_from_did_document,
    did_document,
    did_key_document,
    did_key_for,
    did_key_resolve,
    did_key_verification_method,
    did_web_document_url,
    did_web_for,
    key_encryption_key_generate,
    private_key_bytes,
    private_key_from_multibase,
    private_key_generate,
    private_key_to_multibase,
    private_key_unwrap,
    private_key_wrap,
    public_key_bytes,
    public_key_from_multibase,
    public_key_to_multibase,
    signing_key_choose,
)


def test_public_multikey_round_trip_and_prefix():
    private_key = private_key_generate()
    multibase = public_key_to_multibase(private_key.public_key())
    assert multibase.startswith("z6Mk")
    assert public_key_bytes(public_key_from_multibase(multibase)) == public_key_bytes(
        private_key.public_key()
    )


def test_private_multikey_round_trip():
    private_key = private_key_generate()
    multibase = private_key_to_multibase(private_key)
    assert multibase.startswith("z3u2")
    assert private_key_bytes(private_key_from_multibase(multibase)) == private_key_bytes(
        private_key
    )


@pytest.mark.parametrize(
    "value",
    [
        "",
        "z",
        "6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "z0OIl",
        "zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76",
    ],
)
def test_malformed_or_foreign_multikeys_are_refused(value):
    with pytest.raises(KeyFormatError):
        public_key_from_multibase(value)


def test_did_key_document():
    private_key = private_key_generate()
    did = did_key_for(private_key.public_key())
    multibase = did.removeprefix("did:key:")
    method = f"{did}#{multibase}"
    assert did_key_verification_method(did) == method
    document = did_key_document(did)
    assert document["id"] == did
    assert document["verificationMethod"] == [
        {"id": method, "type": "Multikey", "controller": did, "publicKeyMultibase": multibase}
    ]
    assert document["assertionMethod"] == [method]
    [key] = did_key_resolve(did)
    assert key.id == method
    assert did_key_resolve("did:key:zNotAKey") == []
    assert did_key_resolve("did:web:example.org") == []


@pytest.mark.parametrize(
    ("domain", "path", "did", "url"),
    [
        ("example.org", (), "did:web:example.org", "https://example.org/.well-known/did.json"),
        (
            "Scholen.Example.nl",
            ("schools", "het-baken"),
            "did:web:scholen.example.nl:schools:het-baken",
            "https://scholen.example.nl/schools/het-baken/did.json",
        ),
        (
            "localhost.test:8443",
            (),
            "did:web:localhost.test%3A8443",
            "https://localhost.test:8443/.well-known/did.json",
        ),
    ],
)
def test_did_web_identifiers_and_where_they_are_served(domain, path, did, url):
    assert did_web_for(domain, path) == did
    assert did_web_document_url(did) == url


@pytest.mark.parametrize(
    ("domain", "path"),
    [("localhost", ()), ("exa mple.org", ()), ("example.org", ("a/b",)), ("example.org:99999", ())],
)
def test_did_web_refuses_bad_domains_and_paths(domain, path):
    with pytest.raises(KeyFormatError):
        did_web_for(domain, path)


def _key(fragment, *, retired=False):
    return IssuerKey(
        fragment, public_key_to_multibase(private_key_generate().public_key()), retired
    )


def test_did_web_document_lists_every_key_as_assertion_method():
    did = did_web_for("baken.example.nl")
    old, new = _key("key-2025", retired=True), _key("key-2026")
    document = did_document(did, [old, new])
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
    ]
    assert document["assertionMethod"] == [f"{did}#key-2025", f"{did}#key-2026"]
    assert document["authentication"] == [f"{did}#key-2026"]
    assert [method["publicKeyMultibase"] for method in document["verificationMethod"]] == [
        old.public_key_multibase,
        new.public_key_multibase,
    ]
    assert [key.id for key in assertion_keys_from_did_document(document)] == [
        f"{did}#key-2025",
        f"{did}#key-2026",
    ]


def test_rotation_signs_with_the_newest_active_key_only():
    keys = [_key("key-1", retired=True), _key("key-2"), _key("key-3", retired=True)]
    assert signing_key_choose(keys).fragment == "key-2"
    with pytest.raises(KeyFormatError, match="no active key"):
        signing_key_choose([_key("key-1", retired=True)])


def test_did_document_refuses_duplicate_fragments():
    with pytest.raises(KeyFormatError, match="unique"):
        did_document("did:web:example.org", [_key("key-1"), _key("key-1")])


def test_assertion_keys_skip_methods_of_other_controllers():
    did = "did:web:example.org"
    document = did_document(did, [_key("key-1")])
    document["verificationMethod"][0]["controller"] = "did:web:evil.example"
    assert assertion_keys_from_did_document(document) == []


def test_wrapped_private_key_opens_only_with_its_key_and_id():
    private_key = private_key_generate()
    kek = key_encryption_key_generate()
    wrapped = private_key_wrap(private_key, key_encryption_key=kek, key_id="school-1/key-1")
    assert private_key_bytes(private_key) not in wrapped
    opened = private_key_unwrap(wrapped, key_encryption_key=kek, key_id="school-1/key-1")
    assert private_key_bytes(opened) == private_key_bytes(private_key)
    with pytest.raises(KeyUnwrapError):
        private_key_unwrap(wrapped, key_encryption_key=os.urandom(32), key_id="school-1/key-1")
    with pytest.raises(KeyUnwrapError):
        private_key_unwrap(wrapped, key_encryption_key=kek, key_id="school-2/key-1")
    damaged = wrapped[:-1] + bytes([wrapped[-1] ^ 1])
    with pytest.raises(KeyUnwrapError):
        private_key_unwrap(damaged, key_encryption_key=kek, key_id="school-1/key-1")
    with pytest.raises(ValueError, match="32 bytes"):
        private_key_wrap(private_key, key_encryption_key=b"short", key_id="x")


def test_two_wraps_of_one_key_differ():
    private_key = private_key_generate()
    kek = key_encryption_key_generate()
    first = private_key_wrap(private_key, key_encryption_key=kek, key_id="k")
    second = private_key_wrap(private_key, key_encryption_key=kek, key_id="k")
    assert first != second
