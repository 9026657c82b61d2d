"""Shared test set-up: the named personas every app's tests can use.

One school ("Het Baken") with two groups, a second school of another board,
and the people around them. Each persona has a clear relation to Sanne, the
student most tests are about:

- ``student`` Sanne (16, decides her own consent), group 4H1 at Het Baken;
- ``other_student`` Daan, group 4H2 at the same school;
- ``guardian`` Sanne's mother;
- ``mentor`` Sanne's mentor (also teaches 4H1);
- ``other_teacher`` teaches 4H2 only, so Sanne is not theirs;
- ``leader`` school leader of Het Baken;
- ``school_admin`` school administrator of Het Baken (may use the admin);
- ``other_school_staff`` school leader at another school, another board;
- ``board_viewer`` board officer of Het Baken's board (aggregates only);
- ``partner_with_consent`` / ``partner_without_consent`` users of two
  partner organisations. The first is linked to Sanne, who consented to both
  purposes (recording activities and seeing them); the second has no link.
- ``young_student`` Mila (14), also in 4H1: her guardian ``young_guardian``
  decides about consent and sees her privacy log.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.tests.factories import UserFactory
from leerweg.activities.models import Activity, Setting, Source
from leerweg.consent.tests.factories import make_link
from leerweg.partners.models import PartnerOrganisation
from leerweg.partners.tests.factories import PartnerOrganisationFactory, make_partner_user
from leerweg.paths.models import (
    Evidence,
    EvidenceKind,
    OwnGoal,
    PlanStep,
    RouteItem,
    RouteItemKind,
)
from leerweg.profiles.models import Talent
from leerweg.schools.models import Group, School, Student
from leerweg.schools.tests.factories import (
    BoardFactory,
    GroupFactory,
    SchoolFactory,
    SchoolYearFactory,
    StudentFactory,
    add_to_group,
    birth_date_for_age,
    grant_staff_role,
    link_guardian,
    link_staff,
    make_board_viewer,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass
class Personas:
    school: School
    other_school: School
    group: Group
    other_group: Group
    student_record: Student
    other_student_record: Student
    young_student_record: Student
    student: User
    other_student: User
    young_student: User
    guardian: User
    young_guardian: User
    mentor: User
    other_teacher: User
    leader: User
    school_admin: User
    other_school_staff: User
    board_viewer: User
    partner_with_consent: User
    partner_without_consent: User
    partner_organisation: PartnerOrganisation
    # Sanne's learning path: one own goal, one piece of evidence, one route
    # item. She has not chosen whom to share with, so the defaults apply:
    # goals, evidence and route are shared with her mentor only.
    own_goal: OwnGoal
    evidence: Evidence
    route_item: RouteItem
    step: PlanStep
    talent: Talent
    activity: Activity

    def get(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def _user(username: str, first: str, last: str, **extra: object) -> User:
    return UserFactory.create(username=username, first_name=first, last_name=last, **extra)


@pytest.fixture
def personas(db) -> Personas:
    return make_personas()


def make_personas() -> Personas:
    """Create the personas; shared by ``personas`` and the browser tests' fixture."""
    board = BoardFactory.create(name="Stichting Het Baken")
    school = SchoolFactory.create(board=board, name="Het Baken", brin="12AB", sector="VO")
    year = SchoolYearFactory.create(school=school)
    group = GroupFactory.create(school_year=year, name="4H1", year_level=4)
    other_group = GroupFactory.create(school_year=year, name="4H2", year_level=4)

    other_board = BoardFactory.create(name="Stichting Elders")
    other_school = SchoolFactory.create(board=other_board, name="De Overkant", brin="34CD")
    SchoolYearFactory.create(school=other_school)

    student = _user("sanne", "Sanne", "de Vries")
    student_record = StudentFactory.create(
        user=student, school=school, date_of_birth=birth_date_for_age(16)
    )
    add_to_group(student_record, group)
    young_student = _user("mila", "Mila", "Jansen")
    young_student_record = StudentFactory.create(
        user=young_student, school=school, date_of_birth=birth_date_for_age(14)
    )
    add_to_group(young_student_record, group)
    other_student = _user("daan", "Daan", "Bakker")
    other_student_record = StudentFactory.create(
        user=other_student, school=school, date_of_birth=birth_date_for_age(16)
    )
    add_to_group(other_student_record, other_group)

    guardian = _user("ouder.devries", "Petra", "de Vries")
    link_guardian(guardian, student_record)
    young_guardian = _user("ouder.jansen", "Kees", "Jansen")
    link_guardian(young_guardian, young_student_record)

    mentor = _user("mentor", "Ahmed", "El Amrani")
    link_staff(mentor, group, "mentor")
    link_staff(mentor, group, "teacher", subject="Nederlands")
    other_teacher = _user("docent.4h2", "Lotte", "Visser")
    link_staff(other_teacher, other_group, "teacher", subject="Wiskunde")
    leader = _user("leider", "Marieke", "Smit")
    grant_staff_role(leader, school, "school_leader")
    school_admin = _user("beheer", "Johan", "Mulder", is_staff=True)
    grant_staff_role(school_admin, school, "school_admin")
    other_school_staff = _user("leider.elders", "Femke", "de Boer")
    grant_staff_role(other_school_staff, other_school, "school_leader")
    board_viewer = _user("bestuur", "Willem", "Peters")
    make_board_viewer(board_viewer, board)

    organisation = PartnerOrganisationFactory.create(name="VV De Toekomst")
    partner_with_consent = _user("partner.toekomst", "Rob", "Hendriks")
    make_partner_user(partner_with_consent, organisation)
    make_link(student_record, organisation, by=student)
    partner_without_consent = _user("partner.muziek", "Iris", "Kok")
    make_partner_user(
        partner_without_consent,
        PartnerOrganisationFactory.create(name="Muziekschool Klank", kind="music"),
    )
    own_goal = OwnGoal.objects.create(
        student=student_record,
        title="Ik wil beter presenteren",
        description="Een presentatie van vijf minuten houden zonder spiekbriefje.",
        plan_how="Elke week oefenen voor de spiegel en voor mijn zus.",
        created_by=student,
    )
    evidence = Evidence.objects.create(
        student=student_record,
        kind=EvidenceKind.TEXT,
        title="Presentatie over bijen",
        text="Ik heb vijf minuten gepresenteerd over bijen.",
        created_by=student,
    )
    evidence.own_goals.add(own_goal)
    today = timezone.localdate()
    route_item = RouteItem.objects.create(
        student=student_record,
        kind=RouteItemKind.OWN_GOAL,
        title=own_goal.title,
        own_goal=own_goal,
        starts_on=today,
        ends_on=today + timedelta(weeks=4),
    )
    step = PlanStep.objects.create(goal=own_goal, title="Oefenen voor de spiegel")
    talent = Talent.objects.create(student=student_record, title="Goed uitleggen")
    activity = Activity.objects.create(
        student=student_record,
        title="Hockeytraining",
        setting=Setting.OUT_OF_SCHOOL,
        started_on=today - timedelta(days=10),
        source=Source.STUDENT,
        recorded_by=student,
    )
    return Personas(
        school=school,
        other_school=other_school,
        group=group,
        other_group=other_group,
        student_record=student_record,
        other_student_record=other_student_record,
        young_student_record=young_student_record,
        student=student,
        other_student=other_student,
        young_student=young_student,
        guardian=guardian,
        young_guardian=young_guardian,
        mentor=mentor,
        other_teacher=other_teacher,
        leader=leader,
        school_admin=school_admin,
        other_school_staff=other_school_staff,
        board_viewer=board_viewer,
        partner_with_consent=partner_with_consent,
        partner_without_consent=partner_without_consent,
        partner_organisation=organisation,
        own_goal=own_goal,
        evidence=evidence,
        route_item=route_item,
        step=step,
        talent=talent,
        activity=activity,
    )


def login(client: Client, user: User | None) -> Client:
    if user is not None:
        client.force_login(user, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def login_as(client: Client):
    def _login_as(user: User | None) -> Client:
        client.logout()
        return login(client, user)

    return _login_as
