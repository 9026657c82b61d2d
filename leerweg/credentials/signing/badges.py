"""Open Badges 3.0 ``OpenBadgeCredential`` documents built from plain data.

The shape follows the Open Badges 3.0 specification and its JSON schema: the
``@context`` starts with the VC 2.0 context followed by the OB 3.0.3 context;
``type`` lists are arrays (the schema requires arrays); ``validFrom`` (VC 2.0),
never the VC 1.1 ``issuanceDate``. Only terms that the two bundled contexts define
are used, so canonicalisation drops nothing.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .documents import OB_V3_CONTEXT, VC_V2_CONTEXT
from .proofs import xsd_datetime

CREDENTIAL_CONTEXT = [VC_V2_CONTEXT, OB_V3_CONTEXT]

# Open Badges 3.0, AchievementType enumeration; extensions are written "ext:Name".
ACHIEVEMENT_TYPES = frozenset(
    {
        "Achievement",
        "ApprenticeshipCertificate",
        "Assessment",
        "Assignment",
        "AssociateDegree",
        "Award",
        "Badge",
        "BachelorDegree",
        "Certificate",
        "CertificateOfCompletion",
        "Certification",
        "CommunityService",
        "Competency",
        "Course",
        "CoCurricular",
        "Degree",
        "Diploma",
        "DoctoralDegree",
        "Fieldwork",
        "GeneralEducationDevelopment",
        "JourneymanCertificate",
        "LearningProgram",
        "License",
        "Membership",
        "ProfessionalDoctorate",
        "QualityAssuranceCredential",
        "MasterCertificate",
        "MasterDegree",
        "MicroCredential",
        "ResearchDoctorate",
        "SecondarySchoolDiploma",
    }
)
_EXTENSION_TYPE = re.compile(r"ext:[A-Za-z0-9._-]+")


class BadgeDataError(ValueError):
    """The data for a credential is incomplete or not allowed by Open Badges 3.0."""


def achievement_type_is_valid(value: str) -> bool:
    return value in ACHIEVEMENT_TYPES or _EXTENSION_TYPE.fullmatch(value) is not None


@dataclass(frozen=True)
class IssuerProfile:
    """The issuing school: ``id`` is its DID, ``url`` its public web address."""

    id: str
    name: str
    url: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": ["Profile"], "name": self.name, "url": self.url}


@dataclass(frozen=True)
class Achievement:
    id: str
    name: str
    description: str
    criteria_narrative: str
    achievement_type: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": ["Achievement"],
            "achievementType": self.achievement_type,
            "name": self.name,
            "description": self.description,
            "criteria": {"narrative": self.criteria_narrative},
        }


@dataclass(frozen=True)
class Evidence:
    name: str
    narrative: str = ""
    description: str = ""
    id: str = ""

    def as_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"type": ["Evidence"], "name": self.name}
        if self.id:
            entry["id"] = self.id
        if self.description:
            entry["description"] = self.description
        if self.narrative:
            entry["narrative"] = self.narrative
        return entry


def _require_text(**values: str) -> None:
    for field, value in values.items():
        if not isinstance(value, str) or not value.strip():
            raise BadgeDataError(f"{field} is required")


def _require_iri(**values: str) -> None:
    for field, value in values.items():
        if not isinstance(value, str) or not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:\S+", value):
            raise BadgeDataError(f"{field} must be an absolute IRI")


def open_badge_credential_build(
    *,
    credential_id: str,
    name: str,
    issuer: IssuerProfile,
    achievement: Achievement,
    valid_from: datetime,
    subject_id: str | None = None,
    evidence: Sequence[Evidence] = (),
    valid_until: datetime | None = None,
    credential_status: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The unsigned ``OpenBadgeCredential``; sign it with ``proofs.document_sign``."""
    _require_text(
        name=name,
        issuer_name=issuer.name,
        achievement_name=achievement.name,
        achievement_description=achievement.description,
        criteria_narrative=achievement.criteria_narrative,
    )
    _require_iri(credential_id=credential_id, issuer_id=issuer.id, achievement_id=achievement.id)
    _require_iri(issuer_url=issuer.url)
    if subject_id is not None:
        _require_iri(subject_id=subject_id)
    if not achievement_type_is_valid(achievement.achievement_type):
        raise BadgeDataError(
            f"{achievement.achievement_type!r} is not an Open Badges achievementType"
        )
    for item in evidence:
        _require_text(evidence_name=item.name)
    if valid_until is not None and valid_until <= valid_from:
        raise BadgeDataError("valid_until must come after valid_from")

    subject: dict[str, Any] = {"type": ["AchievementSubject"], "achievement": achievement.as_json()}
    if subject_id is not None:
        subject = {"id": subject_id} | subject
    credential: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": issuer.as_json(),
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": subject,
    }
    if valid_until is not None:
        credential["validUntil"] = xsd_datetime(valid_until)
    if evidence:
        credential["evidence"] = [item.as_json() for item in evidence]
    if credential_status is not None:
        credential["credentialStatus"] = credential_status
    return credential
