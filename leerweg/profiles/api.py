"""The learner profile through the REST API: read what is shared, the student writes.

The same rules as the pages (docs/permissions.md, "the student decides"):
anyone who may see the student gets the profile with only the parts shared
with them; the other parts are ``null`` and ``visible_parts`` lists what they
may see, of all eight parts of profile and path. Only the student changes
their profile and chooses whom to share it with.
"""

from uuid import UUID

from ninja import Field, Router, Schema

from leerweg.accounts.http import AuthenticatedRequest, acting_role
from leerweg.accounts.roles import RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.core.api_errors import field_error, validated
from leerweg.profiles import services
from leerweg.profiles.access import is_owner, visible_parts
from leerweg.profiles.forms import AboutMeForm
from leerweg.profiles.models import (
    SKILL_SCALE,
    Audience,
    InterestArea,
    Profile,
    ProfilePart,
    Skill,
)
from leerweg.profiles.selectors import profile_of, sharing_of
from leerweg.schools.access import access_student
from leerweg.schools.models import Student
from leerweg.schools.services import students_access_record

router = Router(tags=["profile"])

VIEWERS = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)
TAG_MAX_LENGTH = 40
# The parts that live in the profile itself; the others have their own endpoints.
PROFILE_PARTS = frozenset(
    {ProfilePart.ABOUT_ME, ProfilePart.INTERESTS, ProfilePart.TALENTS, ProfilePart.SKILLS}
)


class InterestsOut(Schema):
    areas: list[InterestArea]
    tags: list[str]


class TalentOut(Schema):
    title: str
    description: str


class SkillOut(Schema):
    skill: Skill
    label: str
    rating: int | None


class ProfileOut(Schema):
    student_id: UUID
    visible_parts: list[ProfilePart]
    about_me: str | None = None
    interests: InterestsOut | None = None
    talents: list[TalentOut] | None = None
    skills: list[SkillOut] | None = None


class AboutMeIn(Schema):
    about_me: str = Field(max_length=2000)


class InterestsIn(Schema):
    areas: list[InterestArea] = []
    tags: list[str] = Field([], max_length=services.MAX_TAGS)


class SkillsIn(Schema):
    """The whole set of self-ratings: skills left out are no longer rated."""

    ratings: dict[Skill, int] = Field(
        description=f"Skill → {SKILL_SCALE[0]}…{SKILL_SCALE[1]}; leave a skill out to unrate it."
    )


class SharingBody(Schema):
    """Per part, the audiences it is shared with; a part left out is shared with nobody."""

    parts: dict[ProfilePart, list[Audience]]


class SharingOut(SharingBody):
    chosen: bool = Field(description="False while the defaults apply.")


def _profile_out(student: Student, parts: frozenset[str]) -> dict[str, object]:
    result: dict[str, object] = {
        "student_id": student.public_id,
        "visible_parts": [part for part in ProfilePart if part in parts],
    }
    if not parts & PROFILE_PARTS:
        return result
    profile = profile_of(student)
    if ProfilePart.ABOUT_ME in parts:
        result["about_me"] = profile["about_me"]
    if ProfilePart.INTERESTS in parts:
        interests = profile["interests"]
        result["interests"] = {
            "areas": [i.area for i in interests if i.area],  # type: ignore[attr-defined]
            "tags": [i.tag for i in interests if i.tag],  # type: ignore[attr-defined]
        }
    if ProfilePart.TALENTS in parts:
        result["talents"] = profile["talents"]
    if ProfilePart.SKILLS in parts:
        result["skills"] = [
            {
                "skill": row["skill"],
                "label": str(row["label"]),
                "rating": row["rating"].self_rating if row["rating"] else None,
            }
            for row in profile["skills"]  # type: ignore[attr-defined]
        ]
    return result


def _own_student(request: AuthenticatedRequest, student_id: UUID) -> Student:
    """The student themself, acting as student; others 403 (role) or 404 (someone else)."""
    role = acting_role(request, RoleKind.STUDENT)
    student = access_student(request.user, role, student_id)
    if not is_owner(request.user, role, student):
        raise NotFoundOrNotYours
    return student


def _own_profile(student: Student) -> dict[str, object]:
    return _profile_out(student, frozenset(ProfilePart))


@router.get("/students/{uuid:student_id}/profile", response=ProfileOut)
def profile_detail(request: AuthenticatedRequest, student_id: UUID) -> dict[str, object]:
    """The parts of the profile the student shares with you (all of it for the student)."""
    role = acting_role(request, *VIEWERS)
    student = access_student(request.user, role, student_id)
    students_access_record(user=request.user, role=role, students=[student], what="api.profile")
    return _profile_out(student, visible_parts(request.user, role, student))


@router.put("/students/{uuid:student_id}/profile/about-me", response=ProfileOut)
def profile_about_me_set(
    request: AuthenticatedRequest, student_id: UUID, payload: AboutMeIn
) -> dict[str, object]:
    student = _own_student(request, student_id)
    data = validated(AboutMeForm({"about_me": payload.about_me}))
    services.profile_set_about_me(student=student, about_me=data["about_me"])
    return _own_profile(student)


@router.put("/students/{uuid:student_id}/profile/interests", response=ProfileOut)
def profile_interests_set(
    request: AuthenticatedRequest, student_id: UUID, payload: InterestsIn
) -> dict[str, object]:
    """Replace the interests: areas from the list, and up to 15 words of the student's own."""
    student = _own_student(request, student_id)
    if any(len(tag.strip()) > TAG_MAX_LENGTH for tag in payload.tags):
        raise field_error("tags", f"Keep each word under {TAG_MAX_LENGTH} characters.")
    if any("\x00" in tag for tag in payload.tags):
        raise field_error("tags", "Words cannot contain null characters.")
    services.interests_set(student=student, areas=payload.areas, tags=payload.tags)
    return _own_profile(student)


@router.put("/students/{uuid:student_id}/profile/skills", response=ProfileOut)
def profile_skills_set(
    request: AuthenticatedRequest, student_id: UUID, payload: SkillsIn
) -> dict[str, object]:
    student = _own_student(request, student_id)
    low, high = SKILL_SCALE
    wrong = sorted(
        skill.value for skill, value in payload.ratings.items() if not low <= value <= high
    )
    if wrong:
        raise field_error("ratings", f"Ratings go from {low} to {high}: {', '.join(wrong)}.")
    ratings: dict[str, int | None] = {skill.value: None for skill in Skill}
    ratings.update({skill.value: value for skill, value in payload.ratings.items()})
    services.skills_rate(student=student, ratings=ratings)
    return _own_profile(student)


def _sharing_out(student: Student) -> dict[str, object]:
    choices = sharing_of(student)
    parts: dict[str, list[str]] = {part.value: [] for part in ProfilePart}
    for part, audience in sorted(choices):
        parts[part].append(audience)
    chosen = Profile.objects.filter(student=student, sharing_chosen=True).exists()
    return {"parts": parts, "chosen": chosen}


@router.get("/students/{uuid:student_id}/profile/sharing", response=SharingOut)
def profile_sharing(request: AuthenticatedRequest, student_id: UUID) -> dict[str, object]:
    """Whom each part of profile and path is shared with (the student only)."""
    return _sharing_out(_own_student(request, student_id))


@router.put("/students/{uuid:student_id}/profile/sharing", response=SharingOut)
def profile_sharing_set(
    request: AuthenticatedRequest, student_id: UUID, payload: SharingBody
) -> dict[str, object]:
    student = _own_student(request, student_id)
    services.sharing_set(
        student=student,
        choices=[
            (part, audience) for part, audiences in payload.parts.items() for audience in audiences
        ],
    )
    return _sharing_out(student)
