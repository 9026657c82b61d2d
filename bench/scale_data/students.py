"""One class and everything its students own, written in one transaction."""

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction

from leerweg.accounts.models import User
from leerweg.activities.models import Activity, Setting, Source
from leerweg.demo.dates import birth_date
from leerweg.paths.models import (
    Evidence,
    EvidenceKind,
    GoalStatus,
    OwnGoal,
    PlanStep,
    Reflection,
    RouteItem,
    RouteItemKind,
    RouteProposal,
)
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
from leerweg.schools.models import GroupMembership, GuardianLink, Student

from . import texts
from .common import (
    BATCH_SIZE,
    BenchGroup,
    Build,
    PlannedClass,
    Shape,
    days_ago,
    later,
    moment_on,
    new_user,
    new_uuid,
)

GUARDIAN_SHARE = 0.8  # of minors
TWO_GUARDIANS_SHARE = 0.7
GOAL_CURRICULUM_SHARE = 0.5
EVIDENCE_CURRICULUM_SHARE = 0.3
# The chance that a student shares a part with an audience. Most share what
# the mentor needs for the route, many share interests and talents with all
# their teachers; fewer share with their parents.
SHARING_ODDS: dict[tuple[str, str], float] = {
    (ProfilePart.GOALS, Audience.MENTOR_COACH): 0.92,
    (ProfilePart.EVIDENCE, Audience.MENTOR_COACH): 0.9,
    (ProfilePart.ROUTE, Audience.MENTOR_COACH): 0.95,
    (ProfilePart.ABOUT_ME, Audience.MENTOR_COACH): 0.7,
    (ProfilePart.INTERESTS, Audience.MENTOR_COACH): 0.75,
    (ProfilePart.TALENTS, Audience.MENTOR_COACH): 0.7,
    (ProfilePart.SKILLS, Audience.MENTOR_COACH): 0.65,
    (ProfilePart.ACTIVITIES, Audience.MENTOR_COACH): 0.6,
    (ProfilePart.INTERESTS, Audience.TEACHERS): 0.65,
    (ProfilePart.TALENTS, Audience.TEACHERS): 0.6,
    (ProfilePart.ABOUT_ME, Audience.TEACHERS): 0.3,
    (ProfilePart.SKILLS, Audience.TEACHERS): 0.3,
    (ProfilePart.ACTIVITIES, Audience.TEACHERS): 0.25,
    (ProfilePart.GOALS, Audience.TEACHERS): 0.2,
    (ProfilePart.GOALS, Audience.GUARDIANS): 0.5,
    (ProfilePart.ROUTE, Audience.GUARDIANS): 0.5,
    (ProfilePart.ACTIVITIES, Audience.GUARDIANS): 0.45,
    (ProfilePart.EVIDENCE, Audience.GUARDIANS): 0.35,
    (ProfilePart.INTERESTS, Audience.GUARDIANS): 0.3,
}
# The first three seats of the first class: students the bench compares, who
# share every part with their mentor, so the views show them in full.
TYPICAL = Shape(goals=20, evidence=60, activities=100, route_items=6, shares_everything=True)
FEW_ACTIVITIES = Shape(goals=20, evidence=60, activities=5, route_items=6, shares_everything=True)
NEWCOMER = Shape(goals=2, evidence=4, activities=5, route_items=1, shares_everything=True)
COMPARED = (TYPICAL, FEW_ACTIVITIES, NEWCOMER)


def write_class(build: Build, planned: PlannedClass, *, first: bool) -> BenchGroup:
    shapes = [_shape(build.rng) for _ in range(planned.size)]
    if first:
        shapes[: len(COMPARED)] = COMPARED
    with transaction.atomic():
        students = _create_students(build, planned)
        with_guardians = _create_guardians(build, students)
        _create_profiles(build, students, shapes, with_guardians)
        goals = _create_goals(build, planned, students, shapes)
        _create_evidence(build, planned, students, shapes, goals)
        _create_activities(build, planned, students, shapes)
        _create_route(build, planned, students, shapes, goals)
    return BenchGroup(
        pk=planned.group.pk,
        name=planned.group.name,
        mentor_id=planned.mentor_id,
        students=tuple(s.public_id for s in students),
    )


def _shape(rng: random.Random) -> Shape:
    return Shape(
        goals=rng.randint(16, 24),
        evidence=rng.randint(48, 72),
        activities=rng.randint(80, 120),
        route_items=rng.randint(5, 7),
    )


def _create_students(build: Build, planned: PlannedClass) -> list[Student]:
    people = [build.names.person("leerling") for _ in range(planned.size)]
    users = [new_user(build, "leerling", p.first_name, p.last_name) for p in people]
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    students = [
        Student(
            public_id=new_uuid(build.rng),
            user=user,
            school=build.school,
            date_of_birth=birth_date(build.rng, build.year, planned.age_at_start),
        )
        for user in users
    ]
    Student.objects.bulk_create(students, batch_size=BATCH_SIZE)
    GroupMembership.objects.bulk_create(
        GroupMembership(group=planned.group, student=student) for student in students
    )
    return students


def _create_guardians(build: Build, students: list[Student]) -> set[int]:
    """One or two parents for most minors; returns the students who have them."""
    links: list[tuple[User, Student]] = []
    for student in students:
        if student.age(build.today) >= 18 or build.rng.random() > GUARDIAN_SHARE:
            continue
        parents = 2 if build.rng.random() < TWO_GUARDIANS_SHARE else 1
        for number in range(parents):
            last_name = student.user.last_name if number == 0 else build.names.last_name()
            parent = new_user(build, "ouder", build.names.first_name(), last_name)
            links.append((parent, student))
    User.objects.bulk_create([parent for parent, _ in links], batch_size=BATCH_SIZE)
    GuardianLink.objects.bulk_create(
        (GuardianLink(guardian=parent, student=student) for parent, student in links),
        batch_size=BATCH_SIZE,
    )
    return {student.pk for _, student in links}


def _create_profiles(
    build: Build, students: list[Student], shapes: list[Shape], with_guardians: set[int]
) -> None:
    rng = build.rng
    profiles, sharing, interests, talents, ratings = [], [], [], [], []
    for student, shape in zip(students, shapes, strict=True):
        made = moment_on(build, days_ago(build))
        profiles.append(
            Profile(
                student=student,
                about_me=texts.about_me(rng),
                sharing_chosen=True,
                created_at=made,
                updated_at=later(build, made),
            )
        )
        sharing += [
            Sharing(student=student, part=part, audience=audience)
            for (part, audience), odds in SHARING_ODDS.items()
            if (audience != Audience.GUARDIANS or student.pk in with_guardians)
            and (shape.shares_everything or rng.random() < odds)
        ]
        areas = rng.sample(list(InterestArea), rng.randint(3, 6))
        tags = rng.sample(texts.FREE_INTERESTS, 1) if rng.random() < 0.3 else []
        interests += [
            Interest(student=student, area=a, created_at=made, updated_at=made) for a in areas
        ]
        interests += [
            Interest(student=student, tag=t, created_at=made, updated_at=made) for t in tags
        ]
        talents += [
            Talent(
                student=student,
                title=title,
                description=rng.choice(texts.TALENT_EXAMPLES),
                created_at=made,
                updated_at=made,
            )
            for title in rng.sample(texts.TALENTS, rng.randint(1, 3))
        ]
        ratings += [
            SkillRating(
                student=student,
                skill=skill,
                self_rating=rng.randint(1, 4),
                note=rng.choice(texts.SKILL_NOTES),
                created_at=made,
                updated_at=made,
            )
            for skill in Skill
        ]
    Profile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
    Sharing.objects.bulk_create(sharing, batch_size=BATCH_SIZE)
    Interest.objects.bulk_create(interests, batch_size=BATCH_SIZE)
    Talent.objects.bulk_create(talents, batch_size=BATCH_SIZE)
    SkillRating.objects.bulk_create(ratings, batch_size=BATCH_SIZE)


def _create_goals(
    build: Build, planned: PlannedClass, students: list[Student], shapes: list[Shape]
) -> dict[int, list[OwnGoal]]:
    goals = [
        _own_goal(build, planned, student)
        for student, shape in zip(students, shapes, strict=True)
        for _ in range(shape.goals)
    ]
    OwnGoal.objects.bulk_create(goals, batch_size=BATCH_SIZE)
    rng = build.rng
    link = OwnGoal.curriculum_goals.through
    curriculum = build.curriculum_by_year[planned.group.year_level or 1]
    steps, links, reflections = [], [], []
    for goal in goals:
        steps += _plan_steps(build, goal)
        reflections += _reflections(build, goal, planned.mentor_id)
        if rng.random() < GOAL_CURRICULUM_SHARE:
            links += [
                link(owngoal_id=goal.pk, curriculumgoal_id=pk)
                for pk in rng.sample(curriculum, rng.randint(1, 2))
            ]
    PlanStep.objects.bulk_create(steps, batch_size=BATCH_SIZE)
    Reflection.objects.bulk_create(reflections, batch_size=BATCH_SIZE)
    link.objects.bulk_create(links, batch_size=BATCH_SIZE)
    by_student: dict[int, list[OwnGoal]] = defaultdict(list)
    for goal in goals:
        by_student[goal.student_id].append(goal)
    return by_student


def _own_goal(build: Build, planned: PlannedClass, student: Student) -> OwnGoal:
    rng = build.rng
    made = moment_on(build, days_ago(build))
    age = (build.now - made).days
    if age > 180:
        status = rng.choices(texts.OLD_GOAL_STATUSES, texts.OLD_GOAL_ODDS)[0]
    elif age > 30:
        status = rng.choices(texts.GOAL_STATUSES, texts.GOAL_ODDS)[0]
    else:
        status = rng.choices(texts.NEW_GOAL_STATUSES, texts.NEW_GOAL_ODDS)[0]
    agreed = rng.random() < 0.4
    return OwnGoal(
        public_id=new_uuid(rng),
        student=student,
        title=texts.goal_title(rng),
        description=texts.goal_description(rng),
        why=rng.choice(texts.GOAL_WHYS),
        status=status,
        target_date=made.date() + timedelta(days=rng.randint(30, 180)),
        plan_how=texts.plan_how(rng),
        plan_when=rng.choice(texts.PLAN_WHENS),
        plan_where=rng.choice(texts.PLAN_WHERES),
        plan_with_whom=rng.choice(texts.PLAN_WITH_WHOM),
        agreed_by_id=planned.mentor_id if agreed else None,
        agreed_at=later(build, made) if agreed else None,
        version=rng.randint(1, 4),
        created_by_id=student.user.pk,
        created_at=made,
        updated_at=later(build, made),
    )


def _plan_steps(build: Build, goal: OwnGoal) -> list[PlanStep]:
    rng = build.rng
    made = goal.created_at
    steps = []
    for position, title in enumerate(rng.sample(texts.PLAN_STEPS, rng.randint(2, 4))):
        done = goal.status == GoalStatus.ACHIEVED or rng.random() < 0.4
        steps.append(
            PlanStep(
                goal=goal,
                title=title,
                position=position,
                due_on=made.date() + timedelta(days=14 * (position + 1)),
                done_at=later(build, made) if done else None,
            )
        )
    return steps


def _reflections(build: Build, goal: OwnGoal, mentor_id: int) -> list[Reflection]:
    rng = build.rng
    return [
        Reflection(
            goal=goal,
            author_id=goal.created_by_id if rng.random() < 0.8 else mentor_id,
            text=texts.reflection(rng),
            status_then=goal.status,
            created_at=(moment := later(build, goal.created_at)),
            updated_at=moment,
        )
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2)))
    ]


def _create_evidence(
    build: Build,
    planned: PlannedClass,
    students: list[Student],
    shapes: list[Shape],
    goals: dict[int, list[OwnGoal]],
) -> None:
    items = [
        _evidence(build, student)
        for student, shape in zip(students, shapes, strict=True)
        for _ in range(shape.evidence)
    ]
    Evidence.objects.bulk_create(items, batch_size=BATCH_SIZE)
    rng = build.rng
    to_goal, to_curriculum = Evidence.own_goals.through, Evidence.curriculum_goals.through
    curriculum = build.curriculum_by_year[planned.group.year_level or 1]
    goal_links, curriculum_links = [], []
    for item in items:
        own = goals[item.student_id]
        picked = rng.sample(own, min(len(own), rng.randint(1, 2)))
        goal_links += [to_goal(evidence_id=item.pk, owngoal_id=goal.pk) for goal in picked]
        if rng.random() < EVIDENCE_CURRICULUM_SHARE:
            curriculum_links.append(
                to_curriculum(evidence_id=item.pk, curriculumgoal_id=rng.choice(curriculum))
            )
    to_goal.objects.bulk_create(goal_links, batch_size=BATCH_SIZE)
    to_curriculum.objects.bulk_create(curriculum_links, batch_size=BATCH_SIZE)


def _evidence(build: Build, student: Student) -> Evidence:
    rng = build.rng
    made = moment_on(build, days_ago(build))
    link = rng.random() < 0.4
    public_id = new_uuid(rng)
    return Evidence(
        public_id=public_id,
        student=student,
        kind=EvidenceKind.LINK if link else EvidenceKind.TEXT,
        title=texts.evidence_title(rng),
        text=rng.choice(texts.LINK_NOTES) if link else texts.evidence_text(rng),
        url=f"https://portfolio.example.org/{public_id.hex[:12]}" if link else "",
        created_by_id=student.user.pk,
        created_at=made,
        updated_at=made,
    )


def _create_activities(
    build: Build, planned: PlannedClass, students: list[Student], shapes: list[Shape]
) -> None:
    rows = [
        _activity(build, planned, student)
        for student, shape in zip(students, shapes, strict=True)
        for _ in range(shape.activities)
    ]
    Activity.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _activity(build: Build, planned: PlannedClass, student: Student) -> Activity:
    rng = build.rng
    started = days_ago(build)
    in_school = rng.random() < 0.55
    by_staff = rng.random() < (0.6 if in_school else 0.1)
    title, organisation = texts.activity(rng, in_school=in_school)
    ends = rng.random()
    ended = started if ends < 0.5 else started + timedelta(days=rng.randint(1, 60))
    made = moment_on(build, started)
    return Activity(
        public_id=new_uuid(rng),
        student=student,
        title=title,
        description=texts.activity_description(rng),
        setting=Setting.IN_SCHOOL if in_school else Setting.OUT_OF_SCHOOL,
        area=rng.choice(texts.AREAS_OR_NONE),
        organisation=organisation,
        started_on=started,
        ended_on=None if ends > 0.8 else ended,
        source=Source.STAFF if by_staff else Source.STUDENT,
        recorded_by_id=rng.choice(planned.teacher_ids) if by_staff else student.user.pk,
        created_at=made,
        updated_at=made,
    )


def _create_route(
    build: Build,
    planned: PlannedClass,
    students: list[Student],
    shapes: list[Shape],
    goals: dict[int, list[OwnGoal]],
) -> None:
    curriculum = build.curriculum_by_year[planned.group.year_level or 1]
    items: list[RouteItem] = []
    for student, shape in zip(students, shapes, strict=True):
        items += [
            _route_item(build, student, position, goals[student.pk], curriculum)
            for position in range(shape.route_items)
        ]
    RouteItem.objects.bulk_create(items, batch_size=BATCH_SIZE)
    by_student: dict[int, list[RouteItem]] = defaultdict(list)
    for item in items:
        by_student[item.student_id].append(item)
    proposals = [
        _proposal(build, student, by_student[student.pk], planned.mentor_id)
        for student in students
        for _ in range(build.rng.choice((0, 0, 1, 1, 2)))
    ]
    RouteProposal.objects.bulk_create(proposals, batch_size=BATCH_SIZE)


def _route_item(
    build: Build, student: Student, position: int, goals: Sequence[OwnGoal], curriculum: list[int]
) -> RouteItem:
    rng = build.rng
    starts = build.year.start + timedelta(days=rng.randint(0, 300))
    kind = rng.choices(list(RouteItemKind), (0.5, 0.3, 0.2))[0]
    if kind == RouteItemKind.OWN_GOAL and not goals:
        kind = RouteItemKind.ACTIVITY
    goal = rng.choice(goals) if kind == RouteItemKind.OWN_GOAL else None
    curriculum_goal = rng.choice(curriculum) if kind == RouteItemKind.CURRICULUM_GOAL else None
    made = moment_on(build, min(starts, build.today))
    return RouteItem(
        public_id=new_uuid(rng),
        student=student,
        kind=kind,
        title=goal.title if goal else rng.choice(texts.ROUTE_TITLES),
        own_goal=goal,
        curriculum_goal_id=curriculum_goal,
        starts_on=starts,
        ends_on=starts + timedelta(days=rng.randint(14, 90)),
        position=position,
        created_at=made,
        updated_at=made,
    )


def _proposal(
    build: Build, student: Student, items: list[RouteItem], mentor_id: int
) -> RouteProposal:
    rng = build.rng
    by_student = rng.random() < 0.5
    status = rng.choices(texts.PROPOSAL_STATUSES, texts.PROPOSAL_ODDS)[0]
    made = moment_on(build, days_ago(build, 90))
    starts = build.today + timedelta(days=rng.randint(7, 60))
    proposer, other = (student.user.pk, mentor_id) if by_student else (mentor_id, student.user.pk)
    return RouteProposal(
        public_id=new_uuid(rng),
        student=student,
        action="add",
        by_student=by_student,
        proposed={
            "title": rng.choice(texts.ROUTE_TITLES),
            "kind": "activity",
            "starts_on": starts.isoformat(),
            "ends_on": (starts + timedelta(days=28)).isoformat(),
        },
        note=rng.choice(texts.PROPOSAL_NOTES),
        proposed_by_id=proposer,
        status=status,
        item=rng.choice(items) if items and status == "accepted" else None,
        decided_by_id=None if status == "open" else other,
        decided_at=None if status == "open" else later(build, made),
        created_at=made,
        updated_at=made,
    )
