from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from leerweg.profiles.access import shared_parts_for_students
from leerweg.profiles.models import Interest, Profile, Skill, SkillRating, Talent
from leerweg.schools.models import Student


def profile_of(student: Student) -> dict[str, object]:
    """Everything in a student's profile, for their own page or a portrait."""
    profile = Profile.objects.filter(student=student).first()
    ratings = {r.skill: r for r in SkillRating.objects.filter(student=student)}
    return {
        "about_me": profile.about_me if profile else "",
        "interests": list(Interest.objects.filter(student=student)),
        "talents": list(Talent.objects.filter(student=student)),
        "skills": [
            {"skill": skill, "label": skill.label, "rating": ratings.get(skill)} for skill in Skill
        ],
    }


def sharing_of(student: Student) -> set[tuple[str, str]]:
    return shared_parts_for_students([student])[student.pk]


class InterestBadge(NamedTuple):
    area: str
    tag: str


class TalentBadge(NamedTuple):
    title: str


def interests_and_talents_for(students: Iterable[Student]) -> dict[int, dict[str, list]]:
    """Interests and talents per student, in two queries, as light rows for badges."""
    ids = [student.pk for student in students]
    result: dict[int, dict[str, list]] = defaultdict(lambda: {"interests": [], "talents": []})
    interests = Interest.objects.filter(student_id__in=ids).order_by("area", "tag")
    for student_id, area, tag in interests.values_list("student_id", "area", "tag"):
        result[student_id]["interests"].append(InterestBadge(area, tag))
    talents = Talent.objects.filter(student_id__in=ids).order_by("created_at")
    for student_id, title in talents.values_list("student_id", "title"):
        result[student_id]["talents"].append(TalentBadge(title))
    return result
