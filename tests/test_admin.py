"""The admin at /beheer/: a school admin sees their own school only; a superuser sees all.

The people: Johan administers school A (Het Baken). Anna is a student there,
Gerda her mother; Tess teaches at A but has no admin rights. Bram is a student
at school B (De Overkant), which Johan must never see. Sam is a superuser.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.audit.models import AuditAction, AuditEvent
from leerweg.partners.models import PartnerOrganisation, PartnerUser
from leerweg.schools.models import (
    Board,
    Group,
    GroupMembership,
    GuardianLink,
    School,
    SchoolYear,
    StaffMembership,
    Student,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
ENGLISH = {"Accept-Language": "en"}


@dataclass
class World:
    school: School
    other_school: School
    year: SchoolYear
    other_year: SchoolYear
    group: Group
    anna: Student
    bram: Student
    guardian: User
    school_admin: User
    teacher: User
    superuser: User


def make_user(username: str, first: str, last: str, **extra: object) -> User:
    return User.objects.create_user(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@example.org",
        password="not-used-in-these-tests",
        **extra,
    )


def make_school(name: str, brin: str) -> tuple[School, SchoolYear]:
    board = Board.objects.create(name=f"Stichting {name}")
    school = School.objects.create(board=board, name=name, brin=brin, sector="VO")
    today = timezone.localdate()
    year = SchoolYear.objects.create(
        school=school,
        name=f"{today.year}-{today.year + 1} {brin}",
        start_date=today - timedelta(days=60),
        end_date=today + timedelta(days=300),
    )
    return school, year


def make_student(username: str, first: str, last: str, group: Group) -> Student:
    student = Student.objects.create(
        user=make_user(username, first, last), school=group.school, date_of_birth=date(2011, 3, 4)
    )
    GroupMembership.objects.create(group=group, student=student)
    return student


@pytest.fixture
def world(db) -> World:
    school, year = make_school("Het Baken", "12AB")
    other_school, other_year = make_school("De Overkant", "34CD")
    group = Group.objects.create(
        school=school, school_year=year, name="4H1", kind="klas", year_level=4
    )
    other_group = Group.objects.create(
        school=other_school, school_year=other_year, name="2B", kind="klas", year_level=2
    )
    anna = make_student("anna", "Anna", "Smits", group)
    bram = make_student("bram", "Bram", "Overbeek", other_group)
    guardian = make_user("gerda", "Gerda", "Smits")
    GuardianLink.objects.create(guardian=guardian, student=anna)
    school_admin = make_user("johan", "Johan", "Mulder", is_staff=True)
    StaffMembership.objects.create(user=school_admin, school=school, role="school_admin")
    teacher = make_user("tess", "Tess", "Leraar")
    StaffMembership.objects.create(user=teacher, school=school, role="teacher")
    superuser = User.objects.create_superuser(
        username="sam", email="sam@example.org", password="not-used"
    )
    return World(
        school=school,
        other_school=other_school,
        year=year,
        other_year=other_year,
        group=group,
        anna=anna,
        bram=bram,
        guardian=guardian,
        school_admin=school_admin,
        teacher=teacher,
        superuser=superuser,
    )


def login(client: Client, user: User) -> Client:
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def change_url(obj: object) -> str:
    meta = obj._meta  # type: ignore[attr-defined]
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])  # type: ignore[attr-defined]


def student_form_data(student: Student, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "user": student.user_id,
        "school": student.school_id,
        "date_of_birth": student.date_of_birth.isoformat(),
        "eck_id": student.eck_id,
    }
    data.update(changes)
    return data


# Getting in ------------------------------------------------------------------


def test_teacher_without_staff_flag_is_sent_to_the_admin_login(client, world):
    response = login(client, world.teacher).get("/beheer/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_school_admin_index_lists_only_the_school_models(client, world):
    response = login(client, world.school_admin).get("/beheer/")

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("admin:schools_student_changelist") in page
    assert reverse("admin:schools_group_changelist") in page
    for hidden in (
        "admin:partners_partnerorganisation_changelist",
        "admin:audit_auditevent_changelist",
        "admin:schools_board_changelist",
        "admin:schools_boardviewer_changelist",
        "admin:auth_group_changelist",
        "admin:axes_accessattempt_changelist",
    ):
        assert reverse(hidden) not in page


# Students --------------------------------------------------------------------


def test_school_admin_sees_the_students_of_their_school(client, world):
    response = login(client, world.school_admin).get(reverse("admin:schools_student_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Anna Smits" in page
    assert "4H1" in page
    assert "Bram" not in page


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_school_admin_cannot_open_a_student_of_another_school(client, world, view):
    url = reverse(f"admin:schools_student_{view}", args=[world.bram.pk])

    response = login(client, world.school_admin).get(url, headers=ENGLISH, follow=True)

    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert any("doesn’t exist" in str(m) for m in response.context["messages"])
    assert "Bram" not in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_school_admin_cannot_change_a_student_of_another_school_by_post(client, world):
    url = change_url(world.bram)

    login(client, world.school_admin).post(url, student_form_data(world.bram, eck_id="X"))

    world.bram.refresh_from_db()
    assert world.bram.eck_id == ""


def scoped_objects(world: World) -> dict[str, tuple[object, object]]:
    """Per admin: (an object of the school admin's school, the same kind at the other school)."""
    other_admin = make_user("olga", "Olga", "Elders")
    other_role = StaffMembership.objects.create(
        user=other_admin, school=world.other_school, role="school_admin"
    )
    other_guardian = make_user("otto", "Otto", "Overbeek")
    return {
        "school": (world.school, world.other_school),
        "school year": (world.year, world.other_year),
        "group": (world.group, world.bram.groups.get()),
        "student": (world.anna, world.bram),
        "guardian": (
            world.anna.guardian_links.get(),
            GuardianLink.objects.create(guardian=other_guardian, student=world.bram),
        ),
        "staff role": (world.school_admin.staff_memberships.get(), other_role),
        "user": (world.guardian, other_guardian),
    }


@pytest.mark.parametrize(
    "kind", ["school", "school year", "group", "student", "guardian", "staff role", "user"]
)
def test_every_scoped_admin_opens_the_own_school_and_hides_the_other(client, world, kind):
    own, other = scoped_objects(world)[kind]
    login(client, world.school_admin)

    own_page = client.get(change_url(own))
    other_page = client.get(change_url(other))

    assert own_page.status_code == 200
    assert other_page.status_code == 302
    assert other_page["Location"] == reverse("admin:index")


def test_student_list_filters_by_group_year(client, world):
    url = reverse("admin:schools_student_changelist")

    response = login(client, world.superuser).get(url, {"group_year": "4"})

    assert "Anna Smits" in response.content.decode()
    assert "Bram" not in response.content.decode()


def test_opening_and_saving_a_student_writes_audit_events(client, world):
    login(client, world.school_admin)
    url = change_url(world.anna)

    opened = client.get(url)
    saved = client.post(url, student_form_data(world.anna, date_of_birth="2011-04-05"))

    assert opened.status_code == 200
    assert saved.status_code == 302
    world.anna.refresh_from_db()
    assert world.anna.date_of_birth == date(2011, 4, 5)
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.action for e in events] == [AuditAction.VIEW, AuditAction.CHANGE]
    for event in events:
        assert event.actor == world.school_admin
        assert event.actor_role == "staff:school_admin"
        assert event.what == "admin.student"
        assert event.subject_public_id == world.anna.public_id
        assert event.school_public_id == world.school.public_id


def test_student_choices_offer_only_the_own_school(client, world):
    response = login(client, world.school_admin).get(reverse("admin:schools_student_add"))

    form = response.context["adminform"].form
    assert list(form.fields["school"].queryset) == [world.school]
    assert world.bram.user not in form.fields["user"].queryset
    assert world.anna.user in form.fields["user"].queryset


def test_student_autocomplete_offers_only_the_own_school(client, world):
    response = login(client, world.school_admin).get(
        reverse("admin:autocomplete"),
        {"app_label": "schools", "model_name": "groupmembership", "field_name": "student"},
    )

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(world.anna.pk)]


def test_student_list_query_count_does_not_grow_with_students(client, world):
    login(client, world.school_admin)
    url = reverse("admin:schools_student_changelist")
    client.get(url)  # warm up the session and content type caches

    with CaptureQueriesContext(connection) as one_student:
        client.get(url)
    for n in range(10):
        make_student(f"extra{n}", "Extra", f"Leerling {n}", world.group)
    with CaptureQueriesContext(connection) as eleven_students:
        response = client.get(url)

    assert len(response.context["cl"].result_list) == 11
    assert len(eleven_students) == len(one_student)


# Groups and school years -----------------------------------------------------


def test_group_school_year_choices_are_limited_to_the_own_school(client, world):
    response = login(client, world.school_admin).get(reverse("admin:schools_group_add"))

    form = response.context["adminform"].form
    assert list(form.fields["school_year"].queryset) == [world.year]
    assert list(form.fields["school"].queryset) == [world.school]


def test_school_admin_cannot_create_a_group_in_another_schools_year(client, world):
    data = {
        "school": world.school.pk,
        "school_year": world.other_year.pk,
        "name": "5V1",
        "kind": "klas",
        **{
            f"{prefix}-{key}": value
            for prefix in ("memberships", "staff")
            for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
        },
    }

    response = login(client, world.school_admin).post(reverse("admin:schools_group_add"), data)

    assert response.status_code == 200
    assert "school_year" in response.context["adminform"].form.errors
    assert not Group.objects.filter(name="5V1").exists()


def test_a_group_takes_only_students_of_its_own_school(client, world):
    data = {
        "school": world.school.pk,
        "school_year": world.year.pk,
        "name": world.group.name,
        "kind": "klas",
        "year_level": 4,
        "memberships-TOTAL_FORMS": 1,
        "memberships-INITIAL_FORMS": 0,
        "memberships-0-student": world.bram.pk,
        "staff-TOTAL_FORMS": 0,
        "staff-INITIAL_FORMS": 0,
    }

    # Even a superuser, who may pick any student, cannot mix schools in a group.
    response = login(client, world.superuser).post(change_url(world.group), data)

    assert response.status_code == 200
    assert not world.group.memberships.filter(student=world.bram).exists()


def test_school_year_list_shows_only_the_own_school(client, world):
    response = login(client, world.school_admin).get(reverse("admin:schools_schoolyear_changelist"))

    assert world.year.name in response.content.decode()
    assert world.other_year.name not in response.content.decode()


# The school record -----------------------------------------------------------


def test_school_admin_may_rename_their_school_but_not_change_its_brin(client, world):
    data = {
        "name": "Het Nieuwe Baken",
        "brin": "99ZZ",
        "city": "Zwolle",
        "primary_colour": "#112233",
        "secondary_colour": "#445566",
    }

    response = login(client, world.school_admin).post(change_url(world.school), data)

    assert response.status_code == 302
    world.school.refresh_from_db()
    assert world.school.name == "Het Nieuwe Baken"
    assert world.school.primary_colour == "#112233"
    assert world.school.brin == "12AB"


def test_school_admin_cannot_open_another_school_nor_add_one(client, world):
    login(client, world.school_admin)

    other = client.get(change_url(world.other_school))
    add = client.get(reverse("admin:schools_school_add"))

    assert other.status_code == 302
    assert other["Location"] == reverse("admin:index")
    assert add.status_code == 403


# Superuser-only parts --------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "admin:partners_partnerorganisation_changelist",
        "admin:audit_auditevent_changelist",
        "admin:schools_board_changelist",
        "admin:schools_boardviewer_changelist",
        "admin:auth_group_changelist",
        "admin:axes_accessattempt_changelist",
    ],
)
def test_school_admin_cannot_see_superuser_only_models(client, world, name):
    response = login(client, world.school_admin).get(reverse(name))

    assert response.status_code == 403


def test_django_permissions_do_not_widen_a_school_admin(client, world):
    everything = AuthGroup.objects.create(name="everything")
    everything.permissions.set(Permission.objects.all())
    world.school_admin.groups.add(everything)
    PartnerOrganisation.objects.create(name="VV De Toekomst", kind="sport")
    login(client, world.school_admin)

    partners = client.get(reverse("admin:partners_partnerorganisation_changelist"))
    students = client.get(reverse("admin:schools_student_changelist"))

    assert partners.status_code == 403
    assert "Bram" not in students.content.decode()


# User accounts ---------------------------------------------------------------


def test_school_admin_sees_only_the_people_of_their_school(client, world):
    response = login(client, world.school_admin).get(reverse("admin:accounts_user_changelist"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "anna" in page
    assert "gerda" in page
    assert "tess" in page
    assert "bram" not in page
    assert "sam@example.org" not in page


def test_school_admin_may_change_a_students_name_but_not_their_powers(client, world):
    user = world.anna.user
    data = {
        "first_name": "Annabel",
        "last_name": "Smits",
        "email": "annabel@example.org",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "username": "hacked",
    }

    response = login(client, world.school_admin).post(change_url(user), data)

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.email, user.username) == (
        "Annabel",
        "annabel@example.org",
        "anna",
    )
    assert not user.is_staff
    assert not user.is_superuser


def test_school_admin_cannot_set_passwords(client, world):
    url = reverse("admin:auth_user_password_change", args=[world.anna.user.pk])

    response = login(client, world.school_admin).get(url)

    assert response.status_code == 403


def test_school_admin_cannot_open_a_user_of_another_school(client, world):
    response = login(client, world.school_admin).get(change_url(world.bram.user))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_school_admin_cannot_change_someone_who_is_also_a_partner_user(client, world):
    # Changing Gerda's e-mail address would let the school admin reset her
    # password, and with it take over her partner account.
    organisation = PartnerOrganisation.objects.create(name="VV De Toekomst", kind="sport")
    PartnerUser.objects.create(user=world.guardian, organisation=organisation)
    login(client, world.school_admin)
    url = change_url(world.guardian)

    page = client.get(url)
    post = client.post(url, {"first_name": "X", "last_name": "Y", "email": "evil@example.org"})

    assert page.status_code == 200  # visible, read-only
    assert post.status_code == 403
    world.guardian.refresh_from_db()
    assert world.guardian.email == "gerda@example.org"


def test_school_admin_cannot_add_users(client, world):
    response = login(client, world.school_admin).get(reverse("admin:accounts_user_add"))

    assert response.status_code == 403


# Superuser -------------------------------------------------------------------


def test_superuser_sees_everything(client, world):
    PartnerOrganisation.objects.create(name="VV De Toekomst", kind="sport")
    login(client, world.superuser)

    students = client.get(reverse("admin:schools_student_changelist"))
    other_student = client.get(change_url(world.bram))
    partners = client.get(reverse("admin:partners_partnerorganisation_changelist"))
    audit = client.get(reverse("admin:audit_auditevent_changelist"))
    users = client.get(reverse("admin:accounts_user_changelist"))
    auth_groups = client.get(reverse("admin:auth_group_changelist"))
    lockouts = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert "Anna Smits" in students.content.decode()
    assert "Bram Overbeek" in students.content.decode()
    assert other_student.status_code == 200
    assert "VV De Toekomst" in partners.content.decode()
    assert audit.status_code == 200
    assert "bram" in users.content.decode()
    assert (auth_groups.status_code, lockouts.status_code) == (200, 200)


def test_audit_events_are_read_only_even_for_a_superuser(client, world):
    event = AuditEvent.objects.create(
        actor=world.school_admin,
        actor_role="staff:school_admin",
        subject_public_id=world.anna.public_id,
        school_public_id=world.school.public_id,
        action=AuditAction.VIEW,
        what="admin.student",
    )
    login(client, world.superuser)

    add = client.get(reverse("admin:audit_auditevent_add"))
    delete = client.get(reverse("admin:audit_auditevent_delete", args=[event.pk]))
    change = client.post(change_url(event), {"what": "nothing"})

    assert add.status_code == 403
    assert delete.status_code == 403
    assert change.status_code == 403
    event.refresh_from_db()
    assert event.what == "admin.student"
