"""Drawing Plusdocument lines from what is already recorded about a student.

Sources: the activity timeline (in and out of school; activities a partner
recorded, or that school staff marked as validated by a partner, keep the
partner as their backing), evidence in the student's path,
and progress per learning goal from rubric feedback. The document states
what a student can do and has done, never how well against a grade and never
what went wrong: a learning goal becomes a line only once its mastery level is
proficient or advanced (``MASTERY_SHOWN``), with the level's name; beginning
and developing stay out, as do grades, which Leerweg does not record.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from leerweg.activities.models import Activity, Setting, Source
from leerweg.assessment.mastery import Level
from leerweg.assessment.selectors import goal_progress
from leerweg.credentials.models import Backing, LineSource, Plusdocument, Section
from leerweg.partners.models import PartnerUser
from leerweg.paths.models import Evidence
from leerweg.profiles.models import InterestArea

MASTERY_SHOWN = (Level.PROFICIENT, Level.ADVANCED)

AREA_SECTIONS = {
    InterestArea.CARING: Section.SOCIALISATION,
    InterestArea.NATURE: Section.SOCIALISATION,
    InterestArea.ENTREPRENEURSHIP: Section.QUALIFICATION,
    InterestArea.TECHNOLOGY: Section.QUALIFICATION,
    InterestArea.SCIENCE: Section.QUALIFICATION,
}


@dataclass
class DrawnLine:
    section: str
    text: str
    source: str
    detail: str = ""
    backing: str = Backing.SELF_REPORTED
    partner_name: str = ""
    refs: dict[str, object] = field(default_factory=dict)


def _period(document: Plusdocument) -> tuple[date, date] | None:
    if document.at_leaving or document.school_year is None:
        return None
    return document.school_year.start_date, document.school_year.end_date


def _activity_section(activity: Activity) -> str:
    if activity.area in AREA_SECTIONS:
        return AREA_SECTIONS[InterestArea(activity.area)]
    if activity.setting == Setting.IN_SCHOOL:
        return Section.SOCIALISATION
    return Section.PERSONAL_FORMATION


def _dates(started: date, ended: date | None) -> str:
    if ended is None:
        return f"{started:%m-%Y} –"
    if (started.year, started.month) == (ended.year, ended.month):
        return f"{started:%m-%Y}"
    return f"{started:%m-%Y} – {ended:%m-%Y}"


def _partner_user_names(activities: list[Activity]) -> dict[int, str]:
    """For partner activities without a partner organisation: the recording user's one."""
    users = {
        a.recorded_by_id
        for a in activities
        if a.source == Source.PARTNER and a.partner_id is None and a.recorded_by_id
    }
    if not users:
        return {}
    names: dict[int, str] = {}
    for user_id, name in PartnerUser.objects.filter(user_id__in=users).values_list(
        "user_id", "organisation__name"
    ):
        names.setdefault(user_id, name)
    return names


def activity_lines(document: Plusdocument) -> list[DrawnLine]:
    activities = Activity.objects.filter(student=document.student)
    period = _period(document)
    if period is not None:
        start, end = period
        activities = activities.filter(started_on__lte=end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=start)
        )
    rows = list(activities.select_related("partner").order_by("started_on", "id"))
    partner_users = _partner_user_names(rows)
    lines = []
    for activity in rows:
        detail = " · ".join(
            part
            for part in (activity.organisation, _dates(activity.started_on, activity.ended_on))
            if part
        )
        line = DrawnLine(
            section=_activity_section(activity),
            text=activity.title,
            detail=detail[:200],
            source=LineSource.ACTIVITY,
            refs={"activity": activity},
        )
        # Backed by a partner: recorded by one (xAPI), or validated by one as
        # school staff marked it.
        if activity.source == Source.PARTNER or activity.partner_validated_at is not None:
            if activity.source == Source.PARTNER:
                line.source = LineSource.PARTNER_ACTIVITY
            line.backing = Backing.PARTNER
            line.partner_name = (
                (activity.partner.name if activity.partner else "")
                or partner_users.get(activity.recorded_by_id or 0, "")
                or activity.organisation
            )
        lines.append(line)
    return lines


def evidence_lines(document: Plusdocument) -> list[DrawnLine]:
    evidence = Evidence.objects.filter(student=document.student).prefetch_related(
        "curriculum_goals"
    )
    period = _period(document)
    if period is not None:
        evidence = evidence.filter(created_at__date__range=period)
    lines = []
    for item in evidence.order_by("created_at", "id"):
        goals = list(item.curriculum_goals.all())
        section = goals[0].aim if goals else Section.QUALIFICATION
        detail = ", ".join(goal.title for goal in goals)[:200]
        lines.append(
            DrawnLine(
                section=section,
                text=item.title,
                detail=detail,
                source=LineSource.EVIDENCE,
                refs={"evidence": item},
            )
        )
    return lines


def progress_lines(document: Plusdocument) -> list[DrawnLine]:
    lines = []
    for progress in goal_progress(document.student):
        if progress.mastery is None or progress.mastery.level not in MASTERY_SHOWN:
            continue
        lines.append(
            DrawnLine(
                section=progress.goal.aim,
                text=progress.goal.title,
                source=LineSource.RUBRIC_PROGRESS,
                refs={
                    "curriculum_goal": progress.goal,
                    "mastery_level": int(progress.mastery.level),
                },
            )
        )
    return lines


def lines_from_records(document: Plusdocument) -> list[DrawnLine]:
    return [*progress_lines(document), *evidence_lines(document), *activity_lines(document)]
