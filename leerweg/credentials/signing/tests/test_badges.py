from datetime import timedelta

import pytest

from leerweg.credentials.signing.badges import (
    Achievement,
    BadgeDataError,
    IssuerProfile,
    achievement_type_is_valid,
    open_badge_credential_build,
)
from leerweg.credentials.signing.documents import UndefinedTermError, default_canonicaliser
from leerweg.credentials.signing.schema import schema_errors

from .conftest import NOW, unsigned_credential

ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"


def test_credential_shape(school):
    credential = unsigned_credential(school.did)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["validFrom"] == "2026-05-31T12:00:00Z"
    assert "issuanceDate" not in credential
    assert credential["issuer"]["id"] == school.did


def test_signed_credential_matches_the_open_badges_schema(school, signed):
    assert schema_errors(signed) == []
    assert schema_errors(unsigned_credential(school.did)) == []


def test_schema_reports_what_is_wrong(signed):
    broken = signed | {"credentialSubject": {"type": ["AchievementSubject"]}}
    errors = schema_errors(broken)
    assert any("achievement" in error for error in errors)


def _iris(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key == "@type":
                found.update(value if isinstance(value, list) else [value])
            _iris(value, found)
    elif isinstance(node, list):
        for item in node:
            _iris(item, found)
    return found


def test_every_term_is_defined_by_the_bundled_contexts(signed):
    dropped: list[str | None] = []
    expanded = default_canonicaliser().expand(signed, on_property_dropped=dropped.append)
    assert dropped == []
    iris = _iris(expanded, set())
    assert not [iri for iri in iris if iri.startswith(ISSUER_DEPENDENT)]
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievementType" in iris
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#narrative" in iris
    assert "https://www.w3.org/ns/credentials/status#statusListIndex" in iris


def test_an_undefined_term_would_be_noticed(signed):
    # The check above is only worth something if it can fail: the VC 2.0 context has
    # no @vocab, so an undefined property silently disappears from the expanded form.
    extended = signed | {"credentialSubject": signed["credentialSubject"] | {"klas": "4H1"}}
    dropped: list[str | None] = []
    default_canonicaliser().expand(extended, on_property_dropped=dropped.append)
    assert dropped == ["klas"]


def test_signing_refuses_undefined_terms(school):
    credential = unsigned_credential(school.did) | {"klas": "4H1"}
    with pytest.raises(UndefinedTermError, match="klas"):
        school.sign(credential)


@pytest.mark.parametrize("value", ["Competency", "CoCurricular", "Award", "ext:Plusdocument"])
def test_allowed_achievement_types(value):
    assert achievement_type_is_valid(value)


@pytest.mark.parametrize("value", ["ExtraCurricular", "competency", "ext:", "ext:met spatie"])
def test_refused_achievement_types(value, school):
    assert not achievement_type_is_valid(value)
    achievement = Achievement("https://x.example/a", "A", "B", "C", value)
    with pytest.raises(BadgeDataError, match="achievementType"):
        unsigned_credential(school.did, achievement=achievement)


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": " "},
        {"credential_id": "not an iri"},
        {"subject_id": "1234"},
        {"valid_until": NOW - timedelta(days=2)},
    ],
)
def test_incomplete_or_wrong_data_is_refused(overrides, school):
    with pytest.raises(BadgeDataError):
        unsigned_credential(school.did, **overrides)


def test_optional_parts_can_be_left_out(school):
    credential = open_badge_credential_build(
        credential_id="urn:uuid:2b0f3c2e-6a1d-4f7b-9c3e-8d2a1b0c9e7f",
        name="Robotica",
        issuer=IssuerProfile(school.did, "Het Baken", "https://baken.example.nl"),
        achievement=Achievement("https://x.example/a", "A", "B", "C", "Award"),
        valid_from=NOW,
    )
    assert "evidence" not in credential
    assert "credentialStatus" not in credential
    assert "id" not in credential["credentialSubject"]
    assert schema_errors(credential) == []
