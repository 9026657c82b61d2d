"""Profiles and learning paths for the demo students.

Every demo student gets interests, talents, a few skill self-ratings, own goals
with a plan and steps, evidence, activities in and out of school and a short
learning route, so that class overviews and portraits have something to show.
Sharing choices vary the way real students' would: most share their goals,
evidence and route with their mentor, many their interests with all teachers,
some their profile with their parents.

Deterministic (one seeded ``random.Random``) and written with ``bulk_create``.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Min
from django.utils import timezone

from leerweg.activities.models import Activity, Setting, Source
from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.models import (
    Evidence,
    EvidenceKind,
    GoalStatus,
    OwnGoal,
    PlanStep,
    RouteItem,
    RouteItemKind,
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
from leerweg.schools.models import Board, Sector, Student

SEED = 20261122
BATCH = 2000

ABOUT_ME = {
    InterestArea.SPORT: "Ik sport veel en ik vind het fijn om samen te werken in een team.",
    InterestArea.MUSIC: "Muziek maken is mijn ding; ik speel al een paar jaar een instrument.",
    InterestArea.ART_CULTURE: "Ik teken en maak graag dingen; musea vind ik stiekem leuk.",
    InterestArea.NATURE: "Ik ben graag buiten en wil later iets doen voor natuur en klimaat.",
    InterestArea.TECHNOLOGY: "Ik wil altijd weten hoe dingen werken en bouw graag dingen.",
    InterestArea.READING: "Ik lees veel en schrijf soms verhalen.",
    InterestArea.CARING: "Ik help graag anderen, thuis en bij de buren.",
    InterestArea.ENTREPRENEURSHIP: "Ik heb iets verkocht op de markt en wil dat vaker doen.",
    InterestArea.SCIENCE: "Proefjes doen en ontdekken hoe dingen werken vind ik het leukst.",
    InterestArea.GAMES_DIGITAL: "Ik game en probeer nu zelf een spel te maken.",
}
TALENTS = [
    ("Goed uitleggen", "Klasgenoten vragen mij vaak om iets uit te leggen."),
    ("Doorzetten", "Ik geef niet snel op, ook niet als iets moeilijk is."),
    ("Creatief", "Ik bedenk vaak een andere oplossing dan de rest."),
    ("Rustig blijven", "Als het spannend wordt, blijf ik kalm."),
    ("Organiseren", "Ik plan graag dingen voor de groep."),
    ("Luisteren", "Vrienden komen bij mij met hun verhaal."),
    ("Handig", "Ik repareer fietsen en kleine apparaten."),
]
GOALS = [
    (
        "Ik wil een presentatie van vijf minuten geven zonder spiekbriefje",
        "Elke week oefenen voor de spiegel en voor mijn familie.",
        "Op school en thuis",
        ["Onderwerp kiezen", "Opbouw maken", "Oefenen met een klasgenoot"],
    ),
    (
        "Ik wil beter worden in breuken en procenten",
        "Elke dinsdag in het flexuur oefenen met de uitlegvideo's.",
        "In het flexuur",
        ["Uitlegvideo kijken", "Tien sommen per week", "Toets oefenen"],
    ),
    (
        "Ik wil een boek van meer dan 200 bladzijden uitlezen",
        "Elke avond een half uur lezen voor het slapen.",
        "Thuis en in de bibliotheek",
        ["Boek kiezen in de bibliotheek", "Halverwege een verslagje schrijven"],
    ),
    (
        "Ik wil mijn eigen moestuin opzetten",
        "Samen met opa een stukje tuin inrichten en bijhouden.",
        "Bij opa en oma",
        ["Zaadjes kopen", "Bakken maken", "Elke week water geven en meten"],
    ),
    (
        "Ik wil een eenvoudig spel programmeren",
        "Een online cursus volgen en elke week iets bouwen.",
        "Thuis en op school",
        ["Cursus kiezen", "Eerste level bouwen", "Laten testen door vrienden"],
    ),
    (
        "Ik wil vlot Engels spreken op vakantie",
        "Series met Engelse ondertiteling kijken en oefenen met een app.",
        "Thuis",
        ["Elke dag tien minuten de app", "Een gesprek oefenen met de docent"],
    ),
    (
        "Ik wil mijn huiswerk beter plannen",
        "Elke zondag mijn week plannen in mijn agenda.",
        "Thuis",
        ["Agenda kiezen", "Elke zondag plannen", "Na vier weken terugkijken"],
    ),
    (
        "Ik wil leren samenwerken in een project",
        "In het project duurzaamheid een rol in de groep nemen.",
        "Op school",
        ["Rol kiezen", "Afspraken maken met de groep", "Terugkijken op de samenwerking"],
    ),
]
ACTIVITIES_OUT = [
    ("Voetbaltraining", InterestArea.SPORT, "VV Rivierenland"),
    ("Muziekles", InterestArea.MUSIC, "Muziekschool Rivierenland"),
    ("Scouting opkomst", InterestArea.NATURE, "Scouting Tiel"),
    ("Voorleesmiddag", InterestArea.READING, "Bibliotheek Rivierenland"),
    ("Toneelworkshop", InterestArea.ART_CULTURE, "Theater De Agnietenhof"),
    ("Vrijwilliger dierenopvang", InterestArea.CARING, "Dierenopvang De Betuwe"),
    ("Bijbaan bij de supermarkt", InterestArea.ENTREPRENEURSHIP, ""),
    ("Codeclub", InterestArea.GAMES_DIGITAL, "Bibliotheek Rivierenland"),
]
ACTIVITIES_IN = [
    ("Leerlingenraad", InterestArea.ENTREPRENEURSHIP),
    ("Schoolkrant", InterestArea.READING),
    ("Project duurzaamheid", InterestArea.NATURE),
    ("Schoolmusical", InterestArea.MUSIC),
    ("Sportdag organiseren", InterestArea.SPORT),
]
EVIDENCE = [
    (EvidenceKind.TEXT, "Verslag van mijn presentatie", "Het ging goed; ik keek de klas aan."),
    (EvidenceKind.LINK, "Mijn project online", "https://example.org/project"),
    (EvidenceKind.TEXT, "Reflectie na de toets", "Breuken gingen beter dan vorige keer."),
    (EvidenceKind.TEXT, "Logboek moestuin", "Week 3: de eerste radijsjes komen op."),
    (EvidenceKind.LINK, "Filmpje van ons spel", "https://example.org/spel"),
]


@dataclass
class _Rows:
    """Unsaved rows; steps, evidence and route items name their goal by index."""

    profiles: list[Profile] = field(default_factory=list)
    sharing: list[Sharing] = field(default_factory=list)
    interests: list[Interest] = field(default_factory=list)
    talents: list[Talent] = field(default_factory=list)
    skills: list[SkillRating] = field(default_factory=list)
    goals: list[OwnGoal] = field(default_factory=list)
    goal_links: list[tuple[int, int]] = field(default_factory=list)  # (goal, curriculum goal)
    steps: list[tuple[int, PlanStep]] = field(default_factory=list)
    evidence: list[tuple[int, Evidence]] = field(default_factory=list)
    route: list[tuple[int, RouteItem]] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


def learning_data_create(*, board: Board, today: date | None = None) -> None:
    """Give every student of ``board`` a profile and a learning path."""
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    students = list(
        Student.objects.filter(school__board=board)
        .select_related("school", "user")
        .annotate(year_level=Min("memberships__group__year_level"))
        .order_by("pk")
    )
    curriculum = _curriculum_by_school_and_year(board)
    rows = _Rows()
    for student in students:
        year = student.year_level or 1
        _plan_student(rng, student, today, rows, curriculum.get((student.school_id, year), []))
    _write(rows)


def _curriculum_by_school_and_year(board: Board) -> dict[tuple[int, int], list[int]]:
    """Learning goal ids per (school, year), so own goals link to goals of the right year."""
    ids: dict[tuple[int, int], list[int]] = defaultdict(list)
    goals = CurriculumGoal.objects.filter(school__board=board).order_by("pk")
    for school_id, goal_id, first, last in goals.values_list(
        "school_id", "pk", "year_from", "year_to"
    ):
        for year in range(first, last + 1):
            ids[(school_id, year)].append(goal_id)
    return ids


def _plan_student(
    rng: random.Random,
    student: Student,
    today: date,
    rows: _Rows,
    curriculum: list[int],
) -> None:
    areas = rng.sample(list(InterestArea), k=rng.randint(2, 3))
    young = student.school.sector == Sector.PO
    rows.profiles.append(Profile(student=student, about_me=ABOUT_ME[areas[0]], sharing_chosen=True))
    rows.sharing += [Sharing(student=student, part=p, audience=a) for p, a in _sharing(rng, young)]
    rows.interests += [Interest(student=student, area=area) for area in areas]
    for title, example in rng.sample(TALENTS, k=rng.randint(1, 2)):
        rows.talents.append(Talent(student=student, title=title, description=example))
    if rng.random() < 0.5:
        rows.skills += [
            SkillRating(student=student, skill=skill, self_rating=rng.randint(1, 4))
            for skill in Skill
        ]
    for title, how, where, steps in rng.sample(GOALS, k=rng.randint(1, 2)):
        status = rng.choice([GoalStatus.ACTIVE, GoalStatus.ACTIVE, GoalStatus.ACHIEVED])
        goal = OwnGoal(
            student=student,
            title=title,
            status=status,
            plan_how=how,
            plan_where=where,
            plan_when="Elke week",
            plan_with_whom=rng.choice(["Alleen", "Met mijn mentor", "Met een klasgenoot"]),
            target_date=today + timedelta(weeks=rng.randint(4, 20)),
            created_by=student.user,
        )
        rows.goals.append(goal)
        goal_index = len(rows.goals) - 1
        for position, step in enumerate(steps):
            done = status == GoalStatus.ACHIEVED or rng.random() < 0.4
            rows.steps.append(
                (
                    goal_index,
                    PlanStep(
                        title=step,
                        position=position,
                        due_on=today + timedelta(weeks=position + 1),
                        done_at=timezone.now() - timedelta(days=rng.randint(1, 60))
                        if done
                        else None,
                    ),
                )
            )
        for curriculum_goal in rng.sample(curriculum, k=min(len(curriculum), rng.randint(1, 3))):
            rows.goal_links.append((goal_index, curriculum_goal))
        kind, ev_title, content = rng.choice(EVIDENCE)
        rows.evidence.append(
            (
                goal_index,
                Evidence(
                    student=student,
                    kind=kind,
                    title=ev_title,
                    created_by=student.user,
                    text=content if kind == EvidenceKind.TEXT else "",
                    url=content if kind == EvidenceKind.LINK else "",
                ),
            )
        )
        start = today - timedelta(weeks=rng.randint(0, 3))
        rows.route.append(
            (
                goal_index,
                RouteItem(
                    student=student,
                    kind=RouteItemKind.OWN_GOAL,
                    title=title,
                    starts_on=start,
                    ends_on=start + timedelta(weeks=rng.randint(3, 10)),
                ),
            )
        )
    for title, area, organisation in rng.sample(ACTIVITIES_OUT, k=rng.randint(1, 2)):
        rows.activities.append(_activity(rng, student, today, title, area, organisation, out=True))
    for title, area in rng.sample(ACTIVITIES_IN, k=rng.randint(0, 1)):
        rows.activities.append(_activity(rng, student, today, title, area, "", out=False))


def _sharing(rng: random.Random, young: bool) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = [
        (ProfilePart.GOALS, Audience.MENTOR_COACH),
        (ProfilePart.EVIDENCE, Audience.MENTOR_COACH),
        (ProfilePart.ROUTE, Audience.MENTOR_COACH),
    ]
    if rng.random() < 0.7:
        choices += [
            (ProfilePart.INTERESTS, Audience.TEACHERS),
            (ProfilePart.TALENTS, Audience.TEACHERS),
        ]
    if rng.random() < 0.6:
        choices += [
            (ProfilePart.ABOUT_ME, Audience.MENTOR_COACH),
            (ProfilePart.SKILLS, Audience.MENTOR_COACH),
        ]
    if rng.random() < 0.5:
        choices += [(ProfilePart.ACTIVITIES, Audience.MENTOR_COACH)]
    if young or rng.random() < 0.4:
        choices += [
            (part, Audience.GUARDIANS)
            for part in (ProfilePart.ABOUT_ME, ProfilePart.INTERESTS, ProfilePart.GOALS)
        ]
    return choices


def _activity(
    rng: random.Random,
    student: Student,
    today: date,
    title: str,
    area: str,
    organisation: str,
    *,
    out: bool,
) -> Activity:
    started = today - timedelta(days=rng.randint(3, 300))
    return Activity(
        student=student,
        title=title,
        area=area,
        organisation=organisation,
        setting=Setting.OUT_OF_SCHOOL if out else Setting.IN_SCHOOL,
        started_on=started,
        source=Source.STUDENT if out else Source.STAFF,
        recorded_by=student.user if out else None,
    )


def _write(rows: _Rows) -> None:
    Profile.objects.bulk_create(rows.profiles, batch_size=BATCH)
    Sharing.objects.bulk_create(rows.sharing, batch_size=BATCH)
    Interest.objects.bulk_create(rows.interests, batch_size=BATCH)
    Talent.objects.bulk_create(rows.talents, batch_size=BATCH)
    SkillRating.objects.bulk_create(rows.skills, batch_size=BATCH)
    goals = OwnGoal.objects.bulk_create(rows.goals, batch_size=BATCH)
    for index, step in rows.steps:
        step.goal = goals[index]
    PlanStep.objects.bulk_create([step for _index, step in rows.steps], batch_size=BATCH)
    curriculum_of_goal: dict[int, list[int]] = defaultdict(list)
    for index, curriculum_goal in rows.goal_links:
        curriculum_of_goal[index].append(curriculum_goal)
    OwnGoal.curriculum_goals.through.objects.bulk_create(
        [
            OwnGoal.curriculum_goals.through(owngoal_id=goals[index].pk, curriculumgoal_id=cg)
            for index, cgs in curriculum_of_goal.items()
            for cg in cgs
        ],
        batch_size=BATCH,
    )
    evidence = Evidence.objects.bulk_create([e for _index, e in rows.evidence], batch_size=BATCH)
    indexes = [index for index, _evidence in rows.evidence]
    Evidence.own_goals.through.objects.bulk_create(
        [
            Evidence.own_goals.through(evidence_id=item.pk, owngoal_id=goals[index].pk)
            for item, index in zip(evidence, indexes, strict=True)
        ],
        batch_size=BATCH,
    )
    Evidence.curriculum_goals.through.objects.bulk_create(
        [
            Evidence.curriculum_goals.through(evidence_id=item.pk, curriculumgoal_id=cg)
            for item, index in zip(evidence, indexes, strict=True)
            for cg in curriculum_of_goal[index]
        ],
        batch_size=BATCH,
    )
    for index, item in rows.route:
        item.own_goal = goals[index]
    RouteItem.objects.bulk_create([item for _index, item in rows.route], batch_size=BATCH)
    Activity.objects.bulk_create(rows.activities, batch_size=BATCH)
