"""The published eddsa-rdfc-2022 test vectors of the W3C EdDSA cryptosuites spec.

Matching them byte for byte (canonical forms, hashes, signature) shows that a
credential signed here verifies anywhere that implements the standard.
"""

import json
from pathlib import Path

import pytest

from leerweg.credentials.signing.documents import Canonicaliser, OfflineDocumentLoader
from leerweg.credentials.signing.keys import (
    private_key_from_multibase,
    public_key_from_multibase,
    public_key_to_multibase,
)
from leerweg.credentials.signing.proofs import proof_create, proof_hashes, proof_verify

VECTORS = json.loads((Path(__file__).parent / "vectors" / "eddsa_rdfc_2022.json").read_text())


@pytest.fixture(scope="module")
def canonicaliser():
    examples = VECTORS["examplesContext"]
    return Canonicaliser(OfflineDocumentLoader({examples["url"]: examples["document"]}))


def test_key_pair_multikeys_belong_together():
    private_key = private_key_from_multibase(VECTORS["keyPair"]["privateKeyMultibase"])
    assert (
        public_key_to_multibase(private_key.public_key())
        == (VECTORS["keyPair"]["publicKeyMultibase"])
    )


def test_canonical_forms_and_hashes_match(canonicaliser):
    hashes = proof_hashes(VECTORS["unsigned"], VECTORS["proofConfig"], canonicaliser)
    assert hashes.canonical_document == VECTORS["canonicalDocument"]
    assert hashes.canonical_proof_config == VECTORS["canonicalProofConfig"]
    # Proof configuration hash first, then the document hash.
    assert hashes.hash_data[:32].hex() == VECTORS["proofConfigHash"]
    assert hashes.hash_data[32:].hex() == VECTORS["documentHash"]
    assert hashes.hash_data.hex() == VECTORS["combinedHash"]


def test_signing_gives_the_published_proof(canonicaliser):
    config = VECTORS["proofConfig"]
    proof = proof_create(
        VECTORS["unsigned"],
        private_key=private_key_from_multibase(VECTORS["keyPair"]["privateKeyMultibase"]),
        verification_method=config["verificationMethod"],
        created=config["created"],
        canonicaliser=canonicaliser,
    )
    assert proof == VECTORS["signed"]["proof"]


def test_the_published_credential_verifies_and_a_changed_one_does_not(canonicaliser):
    public_key = public_key_from_multibase(VECTORS["keyPair"]["publicKeyMultibase"])
    signed = VECTORS["signed"]
    assert proof_verify(signed, public_key, canonicaliser)
    changed = signed | {"credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "Other"}}
    assert not proof_verify(changed, public_key, canonicaliser)
