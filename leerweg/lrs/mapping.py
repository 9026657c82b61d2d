"""Which xAPI statements become activities on a student's timeline, and how.

A partner records many statements; only some say something a student did
that belongs on their timeline ("completed the swimming course", "performed
at the spring concert"), not every click ("launched", "answered question 3").
Two tables decide, both documented in docs/xapi-mapping.md:

- verbs: whether a statement with the verb goes on the timeline, with the
  interest area and skills it shows;
- activity types: the area and skills an activity of the type shows, and
  whether its statements stay off (a single question is part of a larger
  activity, not a line of its own).

Defaults are looked up by the *name* of a verb or type: the last segment of
its IRI, so ``http://adlnet.gov/expapi/verbs/completed`` and
``http://activitystrea.ms/schema/1.0/complete`` both count. A school's own
rule names one exact IRI and wins over the default for it.

The area comes from the activity type, else the verb, else the kind of
partner (a sport club's statements are about sport). Skills are those of the
verb and of the type together. Plain data and functions: no Django.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITY_TYPES = "http://adlnet.gov/expapi/activities/"

VERB = "verb"
ACTIVITY_TYPE = "activity_type"
KINDS = (VERB, ACTIVITY_TYPE)

# The sizes of Activity.title and Activity.description.
TITLE_MAX = 150
DESCRIPTION_MAX = 2000
# The longest IRI a school rule names (kept short enough for a unique index).
RULE_IRI_MAX = 500

# The values of profiles.InterestArea and profiles.Skill (a test keeps them equal).
SPORT, MUSIC, ART_CULTURE, NATURE = "sport", "music", "art_culture", "nature"
TECHNOLOGY, READING, CARING = "technology", "reading", "caring"
ENTREPRENEURSHIP, SCIENCE, DIGITAL = "entrepreneurship", "science", "digital"
AREAS = (
    SPORT,
    MUSIC,
    ART_CULTURE,
    NATURE,
    TECHNOLOGY,
    READING,
    CARING,
    ENTREPRENEURSHIP,
    SCIENCE,
    DIGITAL,
)
CREATIVE, CRITICAL, PROBLEMS = "creative_thinking", "critical_thinking", "problem_solving"
COLLABORATING, COMMUNICATING = "collaborating", "communicating"
DIGITAL_LITERACY, SELF_REGULATION = "digital_literacy", "self_regulation"
SOCIAL_CULTURAL = "social_cultural"
SKILLS = (
    CREATIVE,
    CRITICAL,
    PROBLEMS,
    COLLABORATING,
    COMMUNICATING,
    DIGITAL_LITERACY,
    SELF_REGULATION,
    SOCIAL_CULTURAL,
)


@dataclass(frozen=True)
class Rule:
    on_timeline: bool
    area: str = ""
    skills: tuple[str, ...] = ()


ON = Rule(on_timeline=True)
OFF = Rule(on_timeline=False)

# Verbs by name. On the timeline: something done, finished or achieved.
# Off: steps inside a lesson or an app, the bookkeeping of a session, and
# "failed" (the timeline shows what a student did, never what went wrong).
DEFAULT_VERBS: dict[str, Rule] = {
    "completed": ON,
    "complete": ON,
    "passed": Rule(True, skills=(SELF_REGULATION,)),
    "mastered": Rule(True, skills=(SELF_REGULATION,)),
    "achieved": ON,
    "earned": ON,
    "scored": ON,
    "won": ON,
    "win": ON,
    "attended": ON,
    "attend": ON,
    "participated": Rule(True, skills=(COLLABORATING,)),
    "joined": Rule(True, skills=(COLLABORATING,)),
    "join": Rule(True, skills=(COLLABORATING,)),
    "performed": Rule(True, skills=(CREATIVE, COMMUNICATING)),
    "perform": Rule(True, skills=(CREATIVE, COMMUNICATING)),
    "presented": Rule(True, skills=(COMMUNICATING,)),
    "present": Rule(True, skills=(COMMUNICATING,)),
    "created": Rule(True, skills=(CREATIVE,)),
    "create": Rule(True, skills=(CREATIVE,)),
    "volunteered": Rule(True, area=CARING, skills=(SOCIAL_CULTURAL,)),
    "read": Rule(True, area=READING),
    "experienced": OFF,
    "attempted": OFF,
    "initialized": OFF,
    "launched": OFF,
    "terminated": OFF,
    "suspended": OFF,
    "resumed": OFF,
    "exited": OFF,
    "answered": OFF,
    "responded": OFF,
    "interacted": OFF,
    "progressed": OFF,
    "commented": OFF,
    "asked": OFF,
    "shared": OFF,
    "preferred": OFF,
    "imported": OFF,
    "registered": OFF,
    "failed": OFF,
    "satisfied": OFF,
    "waived": OFF,
    "abandoned": OFF,
    "logged-in": OFF,
    "logged-out": OFF,
    "voided": OFF,
}

# Activity types by name (the ADL ones under ADL_ACTIVITY_TYPES, and a few
# common in other vocabularies).
DEFAULT_ACTIVITY_TYPES: dict[str, Rule] = {
    "course": Rule(True, skills=(SELF_REGULATION,)),
    "module": ON,
    "lesson": ON,
    "meeting": Rule(True, skills=(COMMUNICATING, COLLABORATING)),
    "performance": Rule(True, skills=(CREATIVE, COMMUNICATING)),
    "assessment": Rule(True, skills=(SELF_REGULATION,)),
    "simulation": Rule(True, skills=(PROBLEMS, DIGITAL_LITERACY)),
    "media": Rule(True, skills=(DIGITAL_LITERACY,)),
    "event": Rule(True, skills=(SOCIAL_CULTURAL,)),
    "badge": ON,
    "objective": OFF,
    "question": OFF,
    "interaction": OFF,
    "cmi.interaction": OFF,
    "attempt": OFF,
    "file": OFF,
    "link": OFF,
    "profile": OFF,
}

# The names above that ADL itself defines (under ADL_VERBS and ADL_ACTIVITY_TYPES);
# the others come from vocabularies such as Activity Streams.
ADL_VERB_NAMES = frozenset(
    {
        "answered", "asked", "attempted", "attended", "commented", "completed", "exited",
        "experienced", "failed", "imported", "initialized", "interacted", "launched",
        "mastered", "passed", "preferred", "progressed", "registered", "responded",
        "resumed", "scored", "shared", "suspended", "terminated", "voided",
    }
)  # fmt: skip
ADL_ACTIVITY_TYPE_NAMES = frozenset(
    {
        "assessment", "attempt", "cmi.interaction", "course", "file", "interaction",
        "lesson", "link", "media", "meeting", "module", "objective", "performance",
        "profile", "question", "simulation",
    }
)  # fmt: skip

# The area of a statement whose verb and type name none: what the partner does.
PARTNER_KIND_AREAS: dict[str, str] = {
    "sport": SPORT,
    "music": MUSIC,
    "library": READING,
    "culture": ART_CULTURE,
    "youth_work": CARING,
    "company": ENTREPRENEURSHIP,
}

# A school's own rules: (kind, exact IRI) -> rule.
SchoolRules = Mapping[tuple[str, str], Rule]


@dataclass(frozen=True)
class MappedActivity:
    title: str
    description: str
    started_on: date
    area: str
    skills: tuple[str, ...]


def iri_name(iri: str) -> str:
    """The last segment of an IRI: ``completed`` for ``…/verbs/completed``."""
    trimmed = iri.strip().rstrip("/#")
    for separator in ("/", "#", ":"):
        trimmed = trimmed.rsplit(separator, 1)[-1]
    return trimmed.lower()


def default_rule(kind: str, iri: str) -> Rule | None:
    table = DEFAULT_VERBS if kind == VERB else DEFAULT_ACTIVITY_TYPES
    return table.get(iri_name(iri))


def effective_rule(kind: str, iri: str, school_rules: SchoolRules) -> Rule | None:
    return school_rules.get((kind, iri)) or default_rule(kind, iri)


def map_statement(
    statement: dict[str, Any],
    partner_kind: str,
    school_rules: SchoolRules,
    *,
    timezone: tzinfo = UTC,
) -> MappedActivity | None:
    """The timeline activity a stored statement stands for, or None when it stays off.

    Unknown verbs stay off: a partner's own vocabulary reaches the timeline
    once the school adds a rule for it.
    """
    verb = statement.get("verb") or {}
    target = statement.get("object") or {}
    if not isinstance(verb, dict) or not isinstance(target, dict):
        return None
    if target.get("objectType", "Activity") != "Activity":
        return None
    verb_rule = effective_rule(VERB, str(verb.get("id", "")), school_rules)
    if verb_rule is None or not verb_rule.on_timeline:
        return None
    definition = target.get("definition")
    definition = definition if isinstance(definition, dict) else {}
    activity_type = definition.get("type")
    type_rule = (
        effective_rule(ACTIVITY_TYPE, activity_type, school_rules)
        if isinstance(activity_type, str)
        else None
    )
    if type_rule is not None and not type_rule.on_timeline:
        return None
    started_on = _day(statement.get("timestamp"), timezone) or _day(
        statement.get("stored"), timezone
    )
    if started_on is None:
        return None
    return MappedActivity(
        title=_title(definition, verb, str(target.get("id", ""))),
        description=shorten(_in_dutch_first(definition.get("description")), DESCRIPTION_MAX),
        started_on=started_on,
        area=_area(type_rule, verb_rule, partner_kind),
        skills=_skills(verb_rule, type_rule),
    )


def _title(definition: dict[str, Any], verb: dict[str, Any], activity_id: str) -> str:
    name = _in_dutch_first(definition.get("name"))
    if not name:
        name = " ".join(
            part for part in (_in_dutch_first(verb.get("display")), activity_id) if part
        )
    return shorten(name, TITLE_MAX, one_line=True)


def _in_dutch_first(language_map: object) -> str:
    """The Dutch text of a language map, else English, else any; "" if there is none."""
    if not isinstance(language_map, dict):
        return ""
    texts = {
        str(tag).lower(): value.strip()
        for tag, value in language_map.items()
        if isinstance(value, str) and value.strip()
    }
    for wanted in ("nl", "en"):
        for tag, text in sorted(texts.items()):
            if tag == wanted or tag.startswith(wanted + "-"):
                return text
    return next(iter(texts.values()), "")


def _day(value: object, timezone: tzinfo) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(timezone).date()


def _area(type_rule: Rule | None, verb_rule: Rule, partner_kind: str) -> str:
    for area in (type_rule.area if type_rule else "", verb_rule.area):
        if area in AREAS:
            return area
    return PARTNER_KIND_AREAS.get(partner_kind, "")


def _skills(verb_rule: Rule, type_rule: Rule | None) -> tuple[str, ...]:
    found = set(verb_rule.skills) | set(type_rule.skills if type_rule else ())
    return tuple(skill for skill in SKILLS if skill in found)


def shorten(text: str, limit: int, *, one_line: bool = False) -> str:
    """``text`` in at most ``limit`` characters, with "…" where it was cut."""
    text = " ".join(text.split()) if one_line else text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"
