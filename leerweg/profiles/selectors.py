from collections import defaultdict
from collections.abc import Iterable

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


def interests_and_talents_for(students: Iterable[Student]) -> dict[int, dict[str, list]]:
    """Interests and talents per student, in two queries."""
    ids = [student.pk for student in students]
    result: dict[int, dict[str, list]] = defaultdict(lambda: {"interests": [], "talents": []})
    for interest in Interest.objects.filter(student_id__in=ids):
        result[interest.student_id]["interests"].append(interest)
    for talent in Talent.objects.filter(student_id__in=ids):
        result[talent.student_id]["talents"].append(talent)
    return result
