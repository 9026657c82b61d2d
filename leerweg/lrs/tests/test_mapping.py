"""map_statement: which statements reach the timeline, and what they say there (no database)."""

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from leerweg.activities.models import Activity
from leerweg.lrs import mapping
from leerweg.lrs.mapping import Rule, map_statement
from leerweg.partners.models import PartnerKind
from leerweg.profiles.models import InterestArea, Skill

ADL = "http://adlnet.gov/expapi/verbs/"
TYPES = "http://adlnet.gov/expapi/activities/"


def statement(verb: str = "completed", **changes: object) -> dict[str, object]:
    made: dict[str, object] = {
        "id": "9a2f1d52-2c55-4c43-8f1e-5d1d6f0b8a11",
        "actor": {"account": {"homePage": "https://leerweg.example/xapi", "name": "abc"}},
        "verb": {"id": ADL + verb, "display": {"en-US": verb, "nl-NL": "voltooide"}},
        "object": {
            "id": "https://zwemclub.example/diploma-b",
            "definition": {
                "name": {"en-US": "Swimming certificate B", "nl-NL": "Zwemdiploma B"},
                "description": {"en-US": "Second swimming certificate."},
                "type": TYPES + "course",
            },
        },
        "timestamp": "2024-05-01T22:30:00Z",
        "stored": "2024-05-03T10:00:00.000Z",
    }
    made.update(changes)
    return made


def test_the_tables_use_only_known_areas_skills_and_partner_kinds():
    assert set(mapping.AREAS) == set(InterestArea.values)
    assert set(mapping.SKILLS) == set(Skill.values)
    rules = [*mapping.DEFAULT_VERBS.values(), *mapping.DEFAULT_ACTIVITY_TYPES.values()]
    assert {rule.area for rule in rules} <= {"", *InterestArea.values}
    assert {skill for rule in rules for skill in rule.skills} <= set(Skill.values)
    assert set(mapping.PARTNER_KIND_AREAS) <= set(PartnerKind.values)
    assert set(mapping.PARTNER_KIND_AREAS.values()) <= set(InterestArea.values)


def test_the_limits_match_the_activity_fields():
    assert Activity._meta.get_field("title").max_length == mapping.TITLE_MAX
    assert Activity._meta.get_field("description").max_length == mapping.DESCRIPTION_MAX


def test_a_completed_course_at_a_sport_club_is_a_sport_activity_in_dutch():
    mapped = map_statement(statement(), "sport", {}, timezone=ZoneInfo("Europe/Amsterdam"))
    assert mapped is not None
    assert mapped.title == "Zwemdiploma B"
    assert mapped.description == "Second swimming certificate."
    # 22:30 UTC on 1 May is 2 May in the Netherlands.
    assert mapped.started_on == date(2024, 5, 2)
    assert mapped.area == "sport"
    assert mapped.skills == ("self_regulation",)


def test_steps_and_bookkeeping_stay_off_the_timeline():
    for verb in ("experienced", "launched", "answered", "initialized", "voided", "failed"):
        assert map_statement(statement(verb), "sport", {}) is None, verb


def test_unknown_verbs_stay_off_until_the_school_adds_a_rule():
    own_verb = "https://muziekschool.example/verbs/speelde-voor"
    made = statement()
    made["verb"] = {"id": own_verb, "display": {"nl": "speelde voor"}}
    assert map_statement(made, "music", {}) is None
    rules = {(mapping.VERB, own_verb): Rule(True, skills=("communicating",))}
    mapped = map_statement(made, "music", rules)
    assert mapped is not None
    assert (mapped.area, mapped.skills) == ("music", ("communicating", "self_regulation"))


def test_a_school_rule_overrides_the_default_for_that_iri_only():
    rules = {(mapping.VERB, ADL + "attended"): Rule(False)}
    assert map_statement(statement("attended"), "sport", rules) is None
    assert map_statement(statement("completed"), "sport", rules) is not None


def test_verbs_from_other_vocabularies_count_by_their_name():
    made = statement()
    made["verb"] = {"id": "http://activitystrea.ms/schema/1.0/join"}
    mapped = map_statement(made, "youth_work", {})
    assert mapped is not None
    assert mapped.area == "caring"
    assert "collaborating" in mapped.skills


def test_the_activity_type_can_keep_a_statement_off_and_gives_the_area_first():
    question = statement()
    question["object"]["definition"]["type"] = TYPES + "question"  # type: ignore[index]
    assert map_statement(question, "sport", {}) is None
    rules = {(mapping.ACTIVITY_TYPE, TYPES + "course"): Rule(True, area="music")}
    mapped = map_statement(statement(), "sport", rules)
    assert mapped is not None and mapped.area == "music"
    # The school's rule replaced the default's skills for the type.
    assert mapped.skills == ()


def test_the_partner_kind_is_the_fallback_area():
    assert map_statement(statement(), "library", {}).area == "reading"  # type: ignore[union-attr]
    assert map_statement(statement(), "other", {}).area == ""  # type: ignore[union-attr]
    volunteering = statement("volunteered")
    assert map_statement(volunteering, "sport", {}).area == "caring"  # type: ignore[union-attr]


def test_titles_prefer_dutch_then_english_then_any():
    made = statement()
    definition = made["object"]["definition"]  # type: ignore[index]
    definition["name"] = {"de": "Schwimmabzeichen", "en-GB": "Swimming badge"}
    assert map_statement(made, "sport", {}).title == "Swimming badge"  # type: ignore[union-attr]
    definition["name"] = {"de": "Schwimmabzeichen"}
    assert map_statement(made, "sport", {}).title == "Schwimmabzeichen"  # type: ignore[union-attr]


def test_without_a_name_the_title_is_the_verb_and_the_activity_id():
    made = statement()
    del made["object"]["definition"]["name"]  # type: ignore[index]
    mapped = map_statement(made, "sport", {})
    assert mapped is not None
    assert mapped.title == "voltooide https://zwemclub.example/diploma-b"


def test_long_texts_are_shortened_to_fit():
    made = statement()
    definition = made["object"]["definition"]  # type: ignore[index]
    definition["name"] = {"nl": "Lange\ntitel " + "x" * 400}
    definition["description"] = {"nl": "y" * 3000}
    mapped = map_statement(made, "sport", {})
    assert mapped is not None
    assert len(mapped.title) == mapping.TITLE_MAX and mapped.title.endswith("…")
    assert "\n" not in mapped.title
    assert len(mapped.description) == mapping.DESCRIPTION_MAX


def test_odd_statements_give_none_rather_than_an_error():
    assert map_statement({}, "sport", {}) is None
    assert map_statement(statement(object={"objectType": "Agent", "name": "x"}), "", {}) is None
    assert map_statement(statement(timestamp="gisteren", stored=None), "", {}) is None
    broken = statement()
    broken["object"]["definition"] = "geen definitie"  # type: ignore[index]
    assert map_statement(broken, "sport", {}) is not None


def test_without_a_usable_timestamp_the_stored_day_counts():
    mapped = map_statement(statement(timestamp="nooit"), "sport", {})
    assert mapped is not None and mapped.started_on == date(2024, 5, 3)


def test_iri_names():
    assert mapping.iri_name(ADL + "completed") == "completed"
    assert mapping.iri_name("http://example.org/verbs#Joined") == "joined"
    assert mapping.iri_name("urn:x:performed/") == "performed"


def test_the_documentation_lists_every_default():
    doc = (Path(__file__).resolve().parents[3] / "docs" / "xapi-mapping.md").read_text()
    for name, rule in [*mapping.DEFAULT_VERBS.items(), *mapping.DEFAULT_ACTIVITY_TYPES.items()]:
        row = next((line for line in doc.splitlines() if line.startswith(f"| `{name}` |")), "")
        assert row, f"docs/xapi-mapping.md misses {name}"
        assert ("| yes |" in row) == rule.on_timeline, name
