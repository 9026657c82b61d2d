"""The demo board (``manage.py demo``), loaded at the small size to stay quick."""

import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleKind
from leerweg.curriculum.models import Aim, CurriculumGoal
from leerweg.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoSize, DemoUsername
from leerweg.demo.blueprint import DEMO_BOARD_PUBLIC_ID, PARTNERS, SCHOOLS
from leerweg.demo.dates import school_year_containing
from leerweg.demo.loader import demo_counts
from leerweg.demo.people import DemoPlan
from leerweg.demo.plan import demo_plan
from leerweg.partners.models import PartnerOrganisation, PartnerUser
from leerweg.schools.models import (
    Board,
    BoardViewer,
    Group,
    GroupStaff,
    School,
    StaffMembership,
    StaffRole,
    Student,
)
from leerweg.schools.selectors import school_role_contexts

# Test settings run with DEBUG off, which the command takes for production.
SMALL = {"size": "small", "quiet": True, "force": True}
GROUP_COUNT = sum(len(school.groups) for school in SCHOOLS)
ECK_ID = re.compile(r"^https://ketenid\.nl/201703/[0-9a-f]{40}$")
USERNAME = re.compile(r"^[a-z]+(\.[a-z0-9-]+)+$")


def load_small_demo() -> dict[str, int]:
    call_command("demo", **SMALL)
    return demo_counts(Board.objects.get(public_id=DEMO_BOARD_PUBLIC_ID))


def plan_snapshot(plan: DemoPlan) -> list[tuple[object, ...]]:
    return [(p.username, p.first_name, p.last_name) for p in plan.people] + [
        (s.named.username, s.group.spec.name, s.date_of_birth) for s in plan.students
    ]


@pytest.fixture
def small_demo(db) -> dict[str, int]:
    return load_small_demo()


def test_small_demo_has_one_student_per_group_and_the_full_staff(small_demo):
    staff_roles = sum(
        len(s.teacher_subjects) + len(s.groups) + s.coaches + s.school_leaders + s.school_admins
        for s in SCHOOLS
    )
    assert small_demo["schools"] == 3
    assert small_demo["school years"] == 3
    assert small_demo["groups"] == small_demo["students"] == GROUP_COUNT
    assert small_demo["group memberships"] == GROUP_COUNT
    assert small_demo["staff roles"] == staff_roles
    assert small_demo["board viewers"] == 2
    assert small_demo["partner organisations"] == len(PARTNERS)
    assert small_demo["partner users"] == sum(p.members for p in PARTNERS)
    assert small_demo["users"] == User.objects.count()


def test_every_school_has_every_staff_role_and_the_current_year(small_demo):
    today = timezone.localdate()
    for school in School.objects.all():
        roles = set(StaffMembership.objects.filter(school=school).values_list("role", flat=True))
        assert roles == set(StaffRole.values), school
        year = school.school_years.get()
        assert year.start_date <= today <= year.end_date
    admins = User.objects.filter(staff_memberships__role=StaffRole.SCHOOL_ADMIN)
    assert admins.exists()
    assert all(admin.is_staff for admin in admins)
    assert not User.objects.filter(is_staff=True).exclude(pk__in=admins).exists()


def test_every_group_has_one_mentor_who_teaches_it_and_two_to_four_teachers(small_demo):
    for group in Group.objects.all():
        mentors = group.staff.filter(role="mentor")
        teachers = group.staff.filter(role="teacher")
        assert mentors.count() == 1, group
        assert 2 <= teachers.count() <= 4, group
        assert all(teachers.values_list("subject", flat=True)), group
        mentor = mentors.get().user
        assert teachers.filter(user=mentor).exists()
        held = set(mentor.staff_memberships.values_list("role", flat=True))
        assert {"mentor", "teacher"} <= held
    for school in School.objects.all():
        assert GroupStaff.objects.filter(group__school=school, role="coach").exists(), school


def test_students_sit_in_one_group_and_minors_have_guardians(small_demo):
    start = school_year_containing(timezone.localdate()).start
    students = Student.objects.annotate(
        groups_count=Count("memberships", distinct=True),
        guardians=Count("guardian_links", distinct=True),
    )
    for student in students:
        assert student.groups_count == 1
        assert (1 <= student.guardians <= 2) if student.age(start) < 18 else student.guardians == 0
        assert student.eck_id == "" or ECK_ID.match(student.eck_id)
    assert all(USERNAME.match(name) for name in User.objects.values_list("username", flat=True))


def test_each_school_has_its_sectors_curriculum_with_prerequisites(small_demo):
    assert small_demo["learning domains"] == 3 * 6
    for school in School.objects.all():
        goals = CurriculumGoal.objects.filter(school=school)
        assert set(goals.values_list("sector", flat=True)) == {school.sector}, school
        assert 50 <= goals.count() <= 80, school
        assert set(goals.values_list("aim", flat=True)) == set(Aim.values), school
        assert goals.filter(prerequisites__isnull=False).exists(), school
        lines = Count("lines", distinct=True)
        per_domain = school.learning_domains.annotate(n=lines).values_list("n", flat=True)
        assert all(2 <= n <= 3 for n in per_domain), school
    assert small_demo["curriculum goals"] == CurriculumGoal.objects.count()


def test_viewers_and_partners_cover_every_kind(small_demo):
    assert set(BoardViewer.objects.values_list("kind", flat=True)) == {"board", "municipality"}
    organisations = PartnerOrganisation.objects
    assert set(organisations.values_list("kind", flat=True)) == {
        "sport",
        "music",
        "library",
        "youth_work",
        "culture",
    }
    assert not organisations.annotate(n=Count("members")).exclude(n__in=[1, 2]).exists()


EXPECTED_ROLE_KINDS = {
    DemoUsername.STUDENT: {RoleKind.STUDENT},
    DemoUsername.YOUNG_STUDENT: {RoleKind.STUDENT},
    DemoUsername.GUARDIAN: {RoleKind.GUARDIAN},
    DemoUsername.MENTOR: {RoleKind.STAFF},
    DemoUsername.TEACHER: {RoleKind.STAFF},
    DemoUsername.COACH: {RoleKind.STAFF},
    DemoUsername.SCHOOL_LEADER: {RoleKind.STAFF},
    DemoUsername.SCHOOL_ADMIN: {RoleKind.STAFF},
    DemoUsername.TEACHER_GUARDIAN: {RoleKind.STAFF, RoleKind.GUARDIAN},
    DemoUsername.BOARD: {RoleKind.BOARD},
    DemoUsername.MUNICIPALITY: {RoleKind.BOARD},
    DemoUsername.PARTNER: set(),  # partner roles come from the partners app
}


def test_each_demo_login_works_and_holds_its_roles(small_demo):
    assert {login.username for login in DEMO_LOGINS} == set(DemoUsername)
    for username, kinds in EXPECTED_ROLE_KINDS.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
        assert {role.kind for role in school_role_contexts(user)} == kinds, username
    staff_roles = {
        username: set(
            StaffMembership.objects.filter(user__username=username).values_list("role", flat=True)
        )
        for username in (DemoUsername.MENTOR, DemoUsername.TEACHER, DemoUsername.COACH)
    }
    assert staff_roles[DemoUsername.MENTOR] == {"mentor", "teacher"}
    assert staff_roles[DemoUsername.TEACHER] == {"teacher"}
    assert staff_roles[DemoUsername.COACH] == {"coach"}
    partner_users = PartnerUser.objects
    assert partner_users.filter(user__username=DemoUsername.PARTNER).exists()


def test_demo_students_and_families_show_consent_and_role_switch(small_demo):
    student = Student.objects.get(user__username=DemoUsername.STUDENT)
    young = Student.objects.get(user__username=DemoUsername.YOUNG_STUDENT)
    assert student.school.sector == "VO" and student.decides_own_consent()
    assert young.school.sector == "PO" and not young.decides_own_consent()
    children = Student.objects.filter(guardian_links__guardian__username=DemoUsername.GUARDIAN)
    assert set(children.values_list("school__sector", flat=True)) == {"PO", "VO"}
    teacher_parent = User.objects.get(username=DemoUsername.TEACHER_GUARDIAN)
    assert teacher_parent.staff_memberships.get().school.sector == "VO"
    assert teacher_parent.guardian_links.get().student.school.sector == "PO"


def test_second_run_changes_nothing_and_prints_the_same_logins(small_demo, capsys):
    users = sorted(User.objects.values_list("username", flat=True))
    call_command("demo", size="small", force=True)
    printed = capsys.readouterr().out
    assert demo_counts(Board.objects.get()) == small_demo
    assert sorted(User.objects.values_list("username", flat=True)) == users
    assert "nothing changed" in printed
    assert "DEMO ACCOUNTS" in printed
    assert all(f" {login.username} " in printed for login in DEMO_LOGINS)
    assert "(missing" not in printed


def test_loaded_demo_is_the_deterministic_plan(small_demo):
    plan = demo_plan(size=DemoSize.SMALL, today=timezone.localdate())
    assert plan_snapshot(plan) == plan_snapshot(
        demo_plan(size=DemoSize.SMALL, today=timezone.localdate())
    )
    assert sorted(p.username for p in plan.people) == sorted(
        User.objects.values_list("username", flat=True)
    )
    born = dict(Student.objects.values_list("user__username", "date_of_birth"))
    assert born == {s.named.username: s.date_of_birth for s in plan.students}


@pytest.mark.parametrize("last_day", [date(2028, 7, 31), date(2028, 2, 29)])
def test_plan_is_the_same_on_every_day_of_a_school_year(last_day):
    first = demo_plan(size=DemoSize.FULL, today=date(2027, 8, 1))
    later = demo_plan(size=DemoSize.FULL, today=last_day)
    assert plan_snapshot(first) == plan_snapshot(later)


def test_demo_logins_are_the_same_people_at_every_size():
    def logins(size: DemoSize) -> dict[str, tuple[str, str]]:
        plan = demo_plan(size=size, today=date(2026, 11, 22))
        return {p.username: (p.first_name, p.last_name) for p in plan.people if p.fixed_username}

    assert logins(DemoSize.SMALL) == logins(DemoSize.FULL)
    assert set(logins(DemoSize.SMALL)) == set(DemoUsername)


def test_full_plan_has_about_900_students_of_fitting_ages():
    plan = demo_plan(size=DemoSize.FULL, today=date(2026, 11, 22))
    by_school = {school.key: 0 for school in SCHOOLS}
    for student in plan.students:
        by_school[student.school.key] += 1
    assert 850 <= len(plan.students) <= 950
    assert 200 <= by_school["po"] <= 280 and 380 <= by_school["vo"] <= 460
    group_3 = [s for s in plan.students if s.group.spec.name == "Groep 3"]
    on = date(2026, 11, 22)
    assert {s.date_of_birth.year for s in group_3} <= {2019, 2020}
    assert any(not s.is_minor_on(on) for s in plan.students if s.school.key == "mbo")
    assert len({p.username for p in plan.people}) == len(plan.people)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 8, 1), "2026-2027"),
        (date(2027, 7, 31), "2026-2027"),
        (date(2026, 7, 31), "2025-2026"),
    ],
)
def test_school_year_runs_from_august_to_july(day, name):
    year = school_year_containing(day)
    assert year.name == name
    assert year.start <= day <= year.end


@pytest.mark.django_db
def test_refuses_to_run_with_debug_off_unless_forced():
    with pytest.raises(CommandError, match=re.escape("--force")):
        call_command("demo", size="small", quiet=True)
    assert not Board.objects.exists()


@pytest.mark.django_db
def test_refuses_to_write_over_users_with_demo_names():
    User.objects.create(username=DemoUsername.STUDENT)
    with pytest.raises(CommandError, match=re.escape(DemoUsername.STUDENT)):
        call_command("demo", **SMALL)
    assert not Board.objects.exists()
    assert User.objects.count() == 1
