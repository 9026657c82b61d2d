"""A year of formative data for the bench school (issue 5), after ``scale_data.generate``.

``generate_formative(data, today=...)`` adds, into the database ``generate``
filled:

1. six rubrics for the school (four levels × four criteria, a text in every
   cell): two attached to a curriculum goal, three to a learning line, one to
   neither;
2. class by class, in one transaction each:
   - feedback on about 40 % of each student's evidence, by the class's mentor
     or one of its teachers, a few days after the evidence; 60 % of it with a
     rubric level for every criterion;
   - self-assessments (always with a rubric and a level per criterion) on
     about 15 % of the evidence;
   - about 150 day starts per student on school days (weekdays) of the past
     year. The bench's ``today`` always counts as a school day, so the
     mentor's board has check-ins whatever day the bench runs; about one
     student in fifteen has a low streak (the board's "needs attention");
   - 3-5 coaching conversations per student with the mentor (one in eight
     with the coach), each with 0-2 agenda items, 1-2 notes and 1-3
     agreements; the newest conversation may lie in the coming weeks.

Everything comes from one seeded ``random.Random``: two runs give the same rows.
"""

import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone

from leerweg.assessment.models import (
    Feedback,
    FeedbackLevel,
    Rubric,
    RubricCriterion,
    RubricDescriptor,
    RubricLevel,
    SelfAssessment,
    SelfAssessmentLevel,
)
from leerweg.coaching.models import (
    AgendaItem,
    Agreement,
    AgreementOwner,
    AgreementStatus,
    Conversation,
    ConversationNote,
    DayStart,
    NoteVisibility,
)
from leerweg.curriculum.models import CurriculumGoal, LearningLine
from leerweg.paths.models import Evidence, OwnGoal
from leerweg.schools.models import GroupMembership, GroupStaff, GroupStaffRole, Student

from . import ScaleData
from .common import BATCH_SIZE, DAYS_OF_DATA, SEED

__all__ = ["FormativeData", "formative_row_counts", "generate_formative"]

FORMATIVE_SEED = SEED + 5  # issue 5; its own stream, so the school stays the same
FEEDBACK_SHARE = 0.4  # of evidence
FEEDBACK_RUBRIC_SHARE = 0.6  # of feedback
SELF_ASSESSMENT_SHARE = 0.15  # of evidence
DAY_STARTS = 150  # per student, about
TODAY_CHECK_IN = 0.75  # the share of students who checked in today
LOW_STREAK_SHARE = 1 / 15
CONVERSATIONS = (3, 5)  # per student
COACH_SHARE = 1 / 8  # conversations with the coach instead of the mentor

LEVELS = ("Beginnend", "Onderweg", "Op niveau", "Voorbij het niveau")
RUBRICS = (  # (title, attached to: "goal", "line" or ""), criteria
    ("Presenteren", "goal", ("Opbouw", "Contact met publiek", "Stem en houding", "Hulpmiddelen")),
    ("Betoog schrijven", "goal", ("Standpunt", "Argumenten", "Structuur", "Taalverzorging")),
    ("Samenwerken", "line", ("Afspraken nakomen", "Bijdrage", "Luisteren", "Feedback geven")),
    ("Onderzoeken", "line", ("Onderzoeksvraag", "Bronnen", "Verwerking", "Conclusie")),
    ("Plannen", "line", ("Doel", "Tijdsplanning", "Bijsturen", "Terugblik")),
    ("Reflecteren", "", ("Wat ging goed", "Wat kan beter", "Oorzaken", "Volgende stap")),
)
DESCRIPTOR_STARTS = (
    "Laat nog weinig zien van",
    "Laat met hulp zien:",
    "Laat zelfstandig zien:",
    "Laat overtuigend en in nieuwe situaties zien:",
)
FEED_UPS = (
    "Je wilt laten zien dat je zelfstandig kunt werken.",
    "Het doel was een helder verhaal met een duidelijke opbouw.",
    "Je werkt aan je leerdoel over plannen.",
    "",
)
FEED_BACKS = (
    "De inleiding is sterk; het midden kan korter.",
    "Je hebt goede bronnen gebruikt en ze netjes vermeld.",
    "Je laat goed zien hoe je het hebt aangepakt.",
    "De conclusie sluit nog niet aan op je vraag.",
    "Mooi dat je om hulp hebt gevraagd toen je vastliep.",
    "Je planning klopte niet helemaal, maar je hebt goed bijgestuurd.",
)
FEED_FORWARDS = (
    "Probeer de volgende keer eerst een opzet te maken.",
    "Vraag een klasgenoot om je tekst te lezen voor je hem inlevert.",
    "Kies één argument en werk dat verder uit.",
    "Oefen je presentatie een keer hardop thuis.",
    "",
)
SELF_NOTES = (
    "Ik denk dat ik hier beter in ben geworden.",
    "Dit vond ik lastig.",
    "Ik heb hier veel tijd in gestoken.",
    "",
    "",
)
DAY_PLANS = (
    "Verder met mijn werkstuk",
    "Leren voor de toets",
    "Oefenen met breuken",
    "Mijn presentatie voorbereiden",
    "Huiswerk plannen voor deze week",
    "Feedback verwerken",
    "Samenwerken aan het project",
    "Engelse woordjes",
)
DAY_WHERES = ("Leerplein", "Mediatheek", "Lokaal 12", "Stilteruimte", "", "")
DAY_WITH_WHOM = ("Alleen", "Met een klasgenoot", "Met mijn groepje", "", "")
TOPICS = (
    "Voortgangsgesprek",
    "Terugblik op de toetsweek",
    "Keuze profiel",
    "Planning en huiswerk",
    "Stage",
    "Hoe gaat het in de klas?",
)
AGENDA_TEXTS = ("Mijn cijfers", "De stage", "Planning", "Thuis", "Mijn leerdoelen")
NOTE_TEXTS = (
    "We hebben de planning voor de komende weken doorgenomen.",
    "Het gaat beter met het huiswerk; de agenda helpt.",
    "Leerling wil graag meer uitdaging bij wiskunde.",
    "Afgesproken dat we over twee weken terugkijken.",
    "Thuis is het onrustig; even in de gaten houden.",
)
AGREEMENTS = (
    (AgreementOwner.STUDENT, "Elke dag de agenda bijwerken"),
    (AgreementOwner.STUDENT, "Een opzet maken voor het werkstuk"),
    (AgreementOwner.STUDENT, "Om hulp vragen bij de docent wiskunde"),
    (AgreementOwner.COACH, "Contact opnemen met de stagebegeleider"),
    (AgreementOwner.COACH, "Extra oefenstof regelen"),
)
AGREEMENT_STATUSES, AGREEMENT_ODDS = (
    (AgreementStatus.DONE, AgreementStatus.OPEN, AgreementStatus.DROPPED),
    (0.6, 0.3, 0.1),
)
# Timestamped models whose created_at (and updated_at) the generator sets itself.
STAMPED_BY_HAND: tuple[type[models.Model], ...] = (
    Rubric,
    Feedback,
    SelfAssessment,
    DayStart,
    Conversation,
    AgendaItem,
    ConversationNote,
    Agreement,
)


@dataclass(frozen=True)
class FormativeData:
    rubric_ids: tuple[int, ...]
    seconds: float


@dataclass(frozen=True)
class _Rubric:
    pk: int
    criteria: tuple[int, ...]
    levels: tuple[int, ...]  # lowest first


@dataclass
class _Gen:
    rng: random.Random
    today: date
    now: datetime
    rubrics: list[_Rubric]
    school_days: list[date]  # the past year's weekdays and today, oldest first

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def on(self, day: date) -> datetime:
        """A moment in the school day of ``day`` (UTC), never later than now."""
        moment = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
        return min(moment + timedelta(minutes=self.rng.randint(0, 600)), self.now)

    def after(self, moment: datetime, most_days: int) -> datetime:
        """A moment up to ``most_days`` after ``moment``, never later than now."""
        return min(moment + timedelta(minutes=self.rng.randint(5, most_days * 24 * 60)), self.now)


def generate_formative(
    data: ScaleData,
    *,
    today: date,
    seed: int = FORMATIVE_SEED,
    progress: Callable[[str], None] = print,
) -> FormativeData:
    started = time.perf_counter()
    rng = random.Random(seed)
    first = date.fromordinal(today.toordinal() - DAYS_OF_DATA + 1)
    days = [first + timedelta(days=n) for n in range(DAYS_OF_DATA)]
    school_days = [d for d in days if d.weekday() < 5 or d == today]
    with _explicit_timestamps():
        gen = _Gen(rng, today, timezone.now(), [], school_days)
        gen.rubrics = _create_rubrics(gen, data)
        for number, group in enumerate(data.groups, start=1):
            with transaction.atomic():
                _write_class(gen, group.pk, group.mentor_id)
            if number % 10 == 0 or number == len(data.groups):
                seconds = time.perf_counter() - started
                progress(
                    f"  {number:3}/{len(data.groups)} classes' formative data, {seconds:6.1f} s"
                )
    return FormativeData(
        rubric_ids=tuple(r.pk for r in gen.rubrics), seconds=time.perf_counter() - started
    )


def formative_row_counts() -> dict[str, int]:
    tables: dict[str, type[models.Model]] = {
        "rubrics": Rubric,
        "rubric cells": RubricDescriptor,
        "feedback": Feedback,
        "feedback levels": FeedbackLevel,
        "self-assessments": SelfAssessment,
        "self-assessment levels": SelfAssessmentLevel,
        "day starts": DayStart,
        "conversations": Conversation,
        "agenda items": AgendaItem,
        "conversation notes": ConversationNote,
        "agreements": Agreement,
    }
    return {label: model._default_manager.count() for label, model in tables.items()}


def _create_rubrics(gen: _Gen, data: ScaleData) -> list[_Rubric]:
    goals = list(CurriculumGoal.objects.filter(school_id=data.school_id).order_by("pk"))
    lines = list(LearningLine.objects.filter(domain__school_id=data.school_id).order_by("pk"))
    goal_picks = iter(gen.rng.sample(goals, 2))
    line_picks = iter(gen.rng.sample(lines, 3))
    made = gen.on(gen.school_days[0])
    rubrics = Rubric.objects.bulk_create(
        Rubric(
            school_id=data.school_id,
            title=title,
            description=f"Rubric voor {title.lower()}.",
            curriculum_goal=next(goal_picks) if attached == "goal" else None,
            learning_line=next(line_picks) if attached == "line" else None,
            author_id=data.groups[0].mentor_id,
            created_at=made,
            updated_at=made,
        )
        for title, attached, _ in RUBRICS
    )
    levels = RubricLevel.objects.bulk_create(
        RubricLevel(rubric=rubric, rank=rank, name=name)
        for rubric in rubrics
        for rank, name in enumerate(LEVELS, start=1)
    )
    criteria = RubricCriterion.objects.bulk_create(
        RubricCriterion(rubric=rubric, position=position, title=title)
        for rubric, (_, _, titles) in zip(rubrics, RUBRICS, strict=True)
        for position, title in enumerate(titles)
    )
    levels_of: dict[int, list[RubricLevel]] = defaultdict(list)
    for level in levels:
        levels_of[level.rubric_id].append(level)
    RubricDescriptor.objects.bulk_create(
        RubricDescriptor(
            criterion=criterion,
            level=level,
            text=f"{DESCRIPTOR_STARTS[level.rank - 1]} {criterion.title.lower()}.",
        )
        for criterion in criteria
        for level in levels_of[criterion.rubric_id]
    )
    criteria_of: dict[int, list[int]] = defaultdict(list)
    for criterion in criteria:
        criteria_of[criterion.rubric_id].append(criterion.pk)
    return [
        _Rubric(r.pk, tuple(criteria_of[r.pk]), tuple(level.pk for level in levels_of[r.pk]))
        for r in rubrics
    ]


def _write_class(gen: _Gen, group_id: int, mentor_id: int) -> None:
    staff = list(GroupStaff.objects.filter(group_id=group_id).values_list("user_id", "role"))
    teachers = [user for user, role in staff if role == GroupStaffRole.TEACHER]
    coach = next((user for user, role in staff if role == GroupStaffRole.COACH), mentor_id)
    student_ids = list(
        GroupMembership.objects.filter(group_id=group_id)
        .order_by("pk")
        .values_list("student_id", flat=True)
    )
    users = dict(Student.objects.filter(pk__in=student_ids).values_list("pk", "user_id"))
    goals: dict[int, list[int]] = defaultdict(list)
    for student_id, goal_id in OwnGoal.objects.filter(student_id__in=student_ids).values_list(
        "student_id", "pk"
    ):
        goals[student_id].append(goal_id)
    evidence = list(
        Evidence.objects.filter(student_id__in=student_ids).values_list(
            "pk", "student_id", "created_at"
        )
    )
    _create_feedback(gen, evidence, [mentor_id, *teachers])
    _create_self_assessments(gen, evidence)
    _create_day_starts(gen, student_ids, goals)
    _create_conversations(gen, student_ids, users, mentor_id, coach)


def _levels(gen: _Gen, rubric: _Rubric, model: type[models.Model], **owner: object) -> list:
    """One level per criterion, mostly around the middle."""
    ranks = gen.rng.choices(
        range(len(rubric.levels)), (0.15, 0.35, 0.35, 0.15), k=len(rubric.criteria)
    )
    return [
        model(criterion_id=criterion, level_id=rubric.levels[rank], **owner)
        for criterion, rank in zip(rubric.criteria, ranks, strict=True)
    ]


def _create_feedback(
    gen: _Gen, evidence: Sequence[tuple[int, int, datetime]], authors: list[int]
) -> None:
    rng = gen.rng
    rows, rubrics = [], []
    for evidence_id, student_id, created_at in evidence:
        if rng.random() >= FEEDBACK_SHARE:
            continue
        made = gen.after(created_at, 10)
        rubric = rng.choice(gen.rubrics) if rng.random() < FEEDBACK_RUBRIC_SHARE else None
        rows.append(
            Feedback(
                public_id=gen.uuid(),
                student_id=student_id,
                evidence_id=evidence_id,
                author_id=rng.choice(authors),
                feed_up=rng.choice(FEED_UPS),
                feed_back=rng.choice(FEED_BACKS),
                feed_forward=rng.choice(FEED_FORWARDS),
                rubric_id=rubric.pk if rubric else None,
                created_at=made,
                updated_at=made,
            )
        )
        rubrics.append(rubric)
    Feedback.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    levels = [
        level
        for feedback, rubric in zip(rows, rubrics, strict=True)
        if rubric is not None
        for level in _levels(gen, rubric, FeedbackLevel, feedback_id=feedback.pk)
    ]
    FeedbackLevel.objects.bulk_create(levels, batch_size=BATCH_SIZE)


def _create_self_assessments(gen: _Gen, evidence: Sequence[tuple[int, int, datetime]]) -> None:
    rng = gen.rng
    rows, rubrics = [], []
    for evidence_id, student_id, created_at in evidence:
        if rng.random() >= SELF_ASSESSMENT_SHARE:
            continue
        made = gen.after(created_at, 3)
        rubric = rng.choice(gen.rubrics)
        rows.append(
            SelfAssessment(
                public_id=gen.uuid(),
                student_id=student_id,
                evidence_id=evidence_id,
                rubric_id=rubric.pk,
                note=rng.choice(SELF_NOTES),
                created_at=made,
                updated_at=made,
            )
        )
        rubrics.append(rubric)
    SelfAssessment.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    levels = [
        level
        for assessment, rubric in zip(rows, rubrics, strict=True)
        for level in _levels(gen, rubric, SelfAssessmentLevel, self_assessment_id=assessment.pk)
    ]
    SelfAssessmentLevel.objects.bulk_create(levels, batch_size=BATCH_SIZE)


def _create_day_starts(gen: _Gen, student_ids: list[int], goals: dict[int, list[int]]) -> None:
    rng = gen.rng
    past = gen.school_days[:-1] if gen.school_days[-1] == gen.today else gen.school_days
    rows = []
    for student_id in student_ids:
        count = min(len(past), rng.randint(DAY_STARTS - 25, DAY_STARTS + 25))
        days = sorted(rng.sample(past, count))
        if rng.random() < TODAY_CHECK_IN:
            days.append(gen.today)
        low_streak = rng.random() < LOW_STREAK_SHARE
        own = goals.get(student_id, [])
        for day in days:
            recent = (gen.today - day).days < 14
            mood = (
                rng.choice((1, 2))
                if low_streak and recent
                else rng.choices((1, 2, 3, 4, 5), (0.03, 0.09, 0.3, 0.4, 0.18))[0]
            )
            made = gen.on(day)
            rows.append(
                DayStart(
                    student_id=student_id,
                    day=day,
                    mood=mood,
                    plan=rng.choice(DAY_PLANS),
                    own_goal_id=rng.choice(own) if own and rng.random() < 0.4 else None,
                    where=rng.choice(DAY_WHERES),
                    with_whom=rng.choice(DAY_WITH_WHOM),
                    created_at=made,
                    updated_at=made,
                )
            )
    DayStart.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _create_conversations(
    gen: _Gen, student_ids: list[int], users: dict[int, int], mentor_id: int, coach_id: int
) -> None:
    rng = gen.rng
    conversations: list[Conversation] = []
    for student_id in student_ids:
        count = rng.randint(*CONVERSATIONS)
        # Spread over the year, oldest first; the last may be planned in the coming weeks.
        offsets = sorted(rng.sample(range(-21, DAYS_OF_DATA - 1), count), reverse=True)
        for offset in offsets:
            day = gen.today - timedelta(days=offset)
            planned = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(
                minutes=rng.randint(0, 480)
            )
            made = min(planned - timedelta(days=rng.randint(1, 14)), gen.now)
            conversations.append(
                Conversation(
                    public_id=gen.uuid(),
                    student_id=student_id,
                    coach_id=coach_id if rng.random() < COACH_SHARE else mentor_id,
                    planned_at=planned,
                    topic=rng.choice(TOPICS),
                    created_at=made,
                    updated_at=made,
                )
            )
    Conversation.objects.bulk_create(conversations, batch_size=BATCH_SIZE)
    agenda, notes, agreements = [], [], []
    by_student: dict[int, list[Conversation]] = defaultdict(list)
    for conversation in conversations:
        by_student[conversation.student_id].append(conversation)
    for student_id, own in by_student.items():
        for position, conversation in enumerate(own):
            held = conversation.planned_at <= gen.now
            made = min(conversation.created_at + timedelta(hours=1), gen.now)
            agenda += [
                AgendaItem(
                    conversation=conversation,
                    added_by_id=rng.choice((users[student_id], conversation.coach_id)),
                    text=rng.choice(AGENDA_TEXTS),
                    created_at=made,
                )
                for _ in range(rng.randint(0, 2))
            ]
            if not held:
                continue
            after = min(conversation.planned_at + timedelta(hours=1), gen.now)
            notes += [
                ConversationNote(
                    public_id=gen.uuid(),
                    conversation=conversation,
                    author_id=conversation.coach_id,
                    visibility=rng.choices(list(NoteVisibility), (0.75, 0.25))[0],
                    text=rng.choice(NOTE_TEXTS),
                    created_at=after,
                    updated_at=after,
                )
                for _ in range(rng.randint(1, 2))
            ]
            later = next((c for c in own[position + 1 :] if c.planned_at <= gen.now), None)
            for _ in range(rng.randint(1, 3)):
                owner, description = rng.choice(AGREEMENTS)
                status = AgreementStatus.OPEN
                if later is not None:
                    status = rng.choices(AGREEMENT_STATUSES, AGREEMENT_ODDS)[0]
                agreements.append(
                    Agreement(
                        public_id=gen.uuid(),
                        student_id=student_id,
                        conversation=conversation,
                        reviewed_in=later if status != AgreementStatus.OPEN else None,
                        owner=owner,
                        description=description,
                        due_on=conversation.planned_at.date() + timedelta(days=rng.randint(7, 42))
                        if rng.random() < 0.8
                        else None,
                        status=status,
                        created_at=after,
                        updated_at=after,
                    )
                )
    AgendaItem.objects.bulk_create(agenda, batch_size=BATCH_SIZE)
    ConversationNote.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    Agreement.objects.bulk_create(agreements, batch_size=BATCH_SIZE)


@contextmanager
def _explicit_timestamps() -> Iterator[None]:
    """Let ``created_at``/``updated_at`` keep the values the generator gives (see ``generate``)."""
    fields = []
    for model in STAMPED_BY_HAND:
        for name in ("created_at", "updated_at"):
            try:
                found = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(found, models.DateTimeField):
                fields.append((found, found.auto_now, found.auto_now_add))
    for found, _, _ in fields:
        found.auto_now = found.auto_now_add = False
    try:
        yield
    finally:
        for found, auto_now, auto_now_add in fields:
            found.auto_now, found.auto_now_add = auto_now, auto_now_add
