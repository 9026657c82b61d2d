from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Personas
from leerweg.core.access import NotFoundOrNotYours
from leerweg.schools.access import access_group, access_student, students_visible_to
from leerweg.schools.selectors import school_role_contexts as available_roles
from leerweg.schools.tests.factories import (
    GroupFactory,
    SchoolYearFactory,
    add_to_group,
    link_staff,
)

pytestmark = pytest.mark.django_db


def role_of(user):
    roles = available_roles(user)
    return roles[0] if roles else None


def visible(personas: Personas, persona: str) -> set[str]:
    user = getattr(personas, persona)
    role = role_of(user)
    if role is None:
        return set()
    return set(students_visible_to(user, role).values_list("user__username", flat=True))


def test_who_sees_which_students(personas: Personas):
    assert visible(personas, "student") == {"sanne"}
    assert visible(personas, "guardian") == {"sanne"}
    assert visible(personas, "mentor") == {"sanne", "mila"}
    assert visible(personas, "other_teacher") == {"daan"}
    assert visible(personas, "leader") == {"sanne", "mila", "daan"}
    assert visible(personas, "school_admin") == {"sanne", "mila", "daan"}
    assert visible(personas, "other_school_staff") == set()
    assert visible(personas, "board_viewer") == set()
    assert visible(personas, "partner_with_consent") == set()
    assert visible(personas, "partner_without_consent") == set()


def test_not_yours_and_not_there_raise_the_same_error(personas: Personas):
    import uuid

    role = role_of(personas.other_teacher)
    with pytest.raises(NotFoundOrNotYours):
        access_student(personas.other_teacher, role, personas.student_record.public_id)
    with pytest.raises(NotFoundOrNotYours):
        access_student(personas.other_teacher, role, uuid.uuid4())
    with pytest.raises(NotFoundOrNotYours):
        access_group(personas.other_teacher, role, personas.group.pk)
    with pytest.raises(NotFoundOrNotYours):
        access_group(personas.other_teacher, role, 10_000_000)


def test_last_years_group_no_longer_opens_its_students(personas: Personas):
    today = timezone.localdate()
    last_year = SchoolYearFactory.create(
        school=personas.school,
        name="vorig jaar",
        start_date=today - timedelta(days=400),
        end_date=today - timedelta(days=40),
    )
    old_group = GroupFactory.create(school_year=last_year, name="3H1")
    add_to_group(personas.other_student_record, old_group)
    link_staff(personas.mentor, old_group, "mentor")
    assert "daan" not in visible(personas, "mentor")
    with pytest.raises(NotFoundOrNotYours):
        access_group(personas.mentor, role_of(personas.mentor), old_group.pk)


def test_a_teacher_at_two_schools_sees_only_the_school_they_act_for(personas: Personas):
    other_year = personas.other_school.school_years.get()
    elsewhere = GroupFactory.create(school_year=other_year, name="1A")
    link_staff(personas.mentor, elsewhere, "teacher")
    from leerweg.schools.tests.factories import StudentFactory

    stranger = StudentFactory.create(school=personas.other_school, user__username="ver.weg")
    add_to_group(stranger, elsewhere)
    roles = {role.school_id: role for role in available_roles(personas.mentor)}
    at_home = students_visible_to(personas.mentor, roles[personas.school.pk])
    away = students_visible_to(personas.mentor, roles[personas.other_school.pk])
    assert stranger not in at_home
    assert set(away) == {stranger}


def test_age_decides_who_gives_consent(personas: Personas):
    assert personas.student_record.decides_own_consent()
    assert not personas.young_student_record.decides_own_consent()
    born = personas.young_student_record.date_of_birth
    sixteenth_birthday = born.replace(year=born.year + 16)
    assert personas.young_student_record.decides_own_consent(on=sixteenth_birthday)
    assert not personas.young_student_record.decides_own_consent(
        on=sixteenth_birthday - timedelta(days=1)
    )
