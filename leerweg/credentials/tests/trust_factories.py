"""A signed credential for a student, and the URL arguments of the trust pages."""

from datetime import timedelta

from django.utils import timezone

from leerweg.credentials.models import IssuedCredential
from leerweg.credentials.trust.services import credential_issue
from leerweg.schools.models import Student


def credential_for(student: Student, name: str = "Leerlingenraad") -> IssuedCredential:
    return credential_issue(
        school=student.school,
        student=student,
        achievement={
            "name": name,
            "description": "Lid van de leerlingenraad.",
            "criteria": "Een schooljaar actief lid, bevestigd door de school.",
            "achievement_type": "Membership",
        },
        subject_name=student.user.get_full_name(),
        evidence=[],
        valid_from=timezone.now() - timedelta(minutes=1),
        kind="line",
    )


def trust_url_arguments(student: Student) -> dict[str, object]:
    issued = credential_for(student)
    return {
        "credential_id": issued.public_id,
        "school_id": student.school.public_id,
        "list_id": issued.status_list.public_id,
    }
