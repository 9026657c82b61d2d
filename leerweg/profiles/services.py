from collections.abc import Iterable

from django.db import transaction

from leerweg.profiles.models import (
    Audience,
    Interest,
    InterestArea,
    Profile,
    ProfilePart,
    Sharing,
    Skill,
    SkillRating,
    Talent,
)
from leerweg.schools.models import Student

MAX_TAGS = 15
MAX_TALENTS = 12


def profile_get_or_create(*, student: Student) -> Profile:
    return Profile.objects.get_or_create(student=student)[0]


@transaction.atomic
def profile_set_about_me(*, student: Student, about_me: str) -> Profile:
    profile = profile_get_or_create(student=student)
    profile.about_me = about_me.strip()
    profile.full_clean()
    profile.save(update_fields=["about_me", "updated_at"])
    return profile


@transaction.atomic
def interests_set(*, student: Student, areas: Iterable[str], tags: Iterable[str]) -> list[Interest]:
    """Replace the student's interests with these areas and free tags."""
    wanted_areas = {InterestArea(area) for area in areas}
    wanted_tags = list(dict.fromkeys(tag.strip().lower() for tag in tags if tag.strip()))
    if len(wanted_tags) > MAX_TAGS:
        raise ValueError(f"at most {MAX_TAGS} own words")
    Interest.objects.filter(student=student).delete()
    interests = [Interest(student=student, area=area) for area in sorted(wanted_areas)]
    interests += [Interest(student=student, tag=tag[:40]) for tag in wanted_tags]
    return Interest.objects.bulk_create(interests)


@transaction.atomic
def talent_add(*, student: Student, title: str, description: str = "") -> Talent:
    if Talent.objects.filter(student=student).count() >= MAX_TALENTS:
        raise ValueError(f"at most {MAX_TALENTS} talents")
    talent = Talent(student=student, title=title.strip(), description=description.strip())
    talent.full_clean()
    talent.save()
    return talent


@transaction.atomic
def talent_delete(*, student: Student, talent_id: int) -> bool:
    deleted, _ = Talent.objects.filter(student=student, pk=talent_id).delete()
    return bool(deleted)


@transaction.atomic
def skills_rate(*, student: Student, ratings: dict[str, int | None]) -> list[SkillRating]:
    """Set the self-rating per skill; ``None`` removes a rating."""
    saved = []
    for code, value in ratings.items():
        skill = Skill(code)
        if value is None:
            SkillRating.objects.filter(student=student, skill=skill).delete()
            continue
        rating, _ = SkillRating.objects.update_or_create(
            student=student, skill=skill, defaults={"self_rating": value}
        )
        saved.append(rating)
    return saved


@transaction.atomic
def sharing_set(*, student: Student, choices: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Replace the student's sharing choices with ``(part, audience)`` pairs."""
    wanted = {(ProfilePart(part), Audience(audience)) for part, audience in choices}
    profile = profile_get_or_create(student=student)
    Sharing.objects.filter(student=student).delete()
    Sharing.objects.bulk_create(
        Sharing(student=student, part=part, audience=audience) for part, audience in wanted
    )
    profile.sharing_chosen = True
    profile.save(update_fields=["sharing_chosen", "updated_at"])
    return {(str(part), str(audience)) for part, audience in wanted}
