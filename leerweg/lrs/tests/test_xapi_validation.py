"""Statement validation against the rules of the xAPI spec and ADL's LRS conformance suite.

Each case changes a known-good statement at dotted paths ("object.definition.type")
and says which JSON path the error must name, or None when the statement is valid.
"""

import copy
from typing import Any

import pytest

from leerweg.lrs.xapi.errors import XapiError
from leerweg.lrs.xapi.indexing import agent_ifi
from leerweg.lrs.xapi.validation import (
    normalize_timestamp,
    validate_agent_parameter,
    validate_statement,
)
from leerweg.lrs.xapi.versions import XapiVersion, negotiate_version

V1 = XapiVersion.V1_0_3
V2 = XapiVersion.V2_0_0
BOTH = (V1, V2)
DELETE = object()

UUID = "8f87ccde-bb56-4c2e-ab83-44982ef22df0"
MBOX_AGENT = {"objectType": "Agent", "name": "Sanne", "mbox": "mailto:sanne@example.com"}
ACCOUNT = {"homePage": "https://leerweg.example", "name": "sanne"}
ACTIVITY = {"objectType": "Activity", "id": "https://leerweg.example/activities/fractions"}
GROUP = {
    "objectType": "Group",
    "name": "Klas 2B",
    "mbox": "mailto:klas2b@example.com",
    "member": [MBOX_AGENT],
}
ANONYMOUS_GROUP = {"objectType": "Group", "member": [MBOX_AGENT, {"account": ACCOUNT}]}
SUBSTATEMENT = {
    "objectType": "SubStatement",
    "actor": MBOX_AGENT,
    "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"},
    "object": ACTIVITY,
}
CHOICE = {
    "interactionType": "choice",
    "correctResponsesPattern": ["a[,]b"],
    "choices": [
        {"id": "a", "description": {"nl": "Een"}},
        {"id": "b", "description": {"nl": "Twee"}},
    ],
}
CONTEXT_AGENT = {
    "objectType": "contextAgent",
    "agent": MBOX_AGENT,
    "relevantTypes": ["https://example.com/types/coach"],
}
CONTEXT_GROUP = {
    "objectType": "contextGroup",
    "group": GROUP,
    "relevantTypes": ["https://example.com/types/team"],
}


def without(obj: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in obj.items() if name != key}


def base_statement() -> dict[str, Any]:
    return {
        "id": UUID,
        "actor": copy.deepcopy(MBOX_AGENT),
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed", "nl-NL": "voltooid"},
        },
        "object": copy.deepcopy(ACTIVITY),
    }


def build(changes: dict[str, Any]) -> dict[str, Any]:
    statement = base_statement()
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = statement
        for key in parents:
            node = node.setdefault(key, {})
        if value is DELETE:
            del node[last]
        else:
            node[last] = copy.deepcopy(value)
    return statement


def error_path(statement: object, version: XapiVersion) -> str | None:
    try:
        validate_statement(statement, version)
    except XapiError as error:
        assert error.status == 400
        return error.message.split(": ", 1)[0]
    return None


# (name, changes, versions, expected error path or None for valid)
CASES: list[tuple[str, dict[str, Any], tuple[XapiVersion, ...], str | None]] = [
    # Top level
    ("minimal statement", {}, BOTH, None),
    ("no id", {"id": DELETE}, BOTH, None),
    ("upper-case id", {"id": UUID.upper()}, BOTH, None),
    ("id too long", {"id": UUID + "8"}, BOTH, "id"),
    ("id with non-hex", {"id": "M" + UUID[1:]}, BOTH, "id"),
    ("id numeric", {"id": 12345}, BOTH, "id"),
    ("unknown property", {"dummy": "x"}, BOTH, "statement"),
    ("property with wrong case", {"Actor": MBOX_AGENT}, BOTH, "statement"),
    ("actor missing", {"actor": DELETE}, BOTH, "statement"),
    ("verb missing", {"verb": DELETE}, BOTH, "statement"),
    ("object missing", {"object": DELETE}, BOTH, "statement"),
    ("actor null", {"actor": None}, BOTH, "actor"),
    ("context null", {"context": None}, BOTH, "context"),
    # Actor: Agent
    ("agent without objectType", {"actor.objectType": DELETE}, BOTH, None),
    ("agent objectType lower case", {"actor.objectType": "agent"}, BOTH, "actor.objectType"),
    ("agent without IFI", {"actor.mbox": DELETE}, BOTH, "actor"),
    ("agent with two IFIs", {"actor.openid": "http://openid.example.org/1"}, BOTH, "actor"),
    ("mbox without mailto", {"actor.mbox": "sanne@example.com"}, BOTH, "actor.mbox"),
    ("mbox without @", {"actor.mbox": "mailto:should.fail.com"}, BOTH, "actor.mbox"),
    ("mbox http IRI", {"actor.mbox": "http://should.fail.com"}, BOTH, "actor.mbox"),
    (
        "mbox_sha1sum",
        {"actor.mbox": DELETE, "actor.mbox_sha1sum": "cd9b00a5611f94eaa7b1661edab976068e364975"},
        BOTH,
        None,
    ),
    (
        "mbox_sha1sum too short",
        {"actor.mbox": DELETE, "actor.mbox_sha1sum": "cd9b00a5611f"},
        BOTH,
        "actor.mbox_sha1sum",
    ),
    ("openid", {"actor.mbox": DELETE, "actor.openid": "http://openid.example.org/1"}, BOTH, None),
    (
        "openid without scheme",
        {"actor.mbox": DELETE, "actor.openid": "open.id.com/testUser"},
        BOTH,
        "actor.openid",
    ),
    (
        "openid with bad scheme",
        {"actor.mbox": DELETE, "actor.openid": "ab=c://should.fail.com"},
        BOTH,
        "actor.openid",
    ),
    ("account", {"actor.mbox": DELETE, "actor.account": ACCOUNT}, BOTH, None),
    (
        "account without homePage",
        {"actor.mbox": DELETE, "actor.account": {"name": "sanne"}},
        BOTH,
        "actor.account",
    ),
    (
        "account without name",
        {"actor.mbox": DELETE, "actor.account": {"homePage": "https://x.example"}},
        BOTH,
        "actor.account",
    ),
    (
        "account homePage without scheme",
        {"actor.mbox": DELETE, "actor.account": {"homePage": "homePage.com/u", "name": "1"}},
        BOTH,
        "actor.account.homePage",
    ),
    (
        "account name not a string",
        {"actor.mbox": DELETE, "actor.account": {"homePage": "https://x.example", "name": 1}},
        BOTH,
        "actor.account.name",
    ),
    ("agent name numeric", {"actor.name": 123}, BOTH, "actor.name"),
    ("agent with member", {"actor.member": [MBOX_AGENT]}, BOTH, "actor"),
    # Actor: Group
    ("identified group", {"actor": GROUP}, BOTH, None),
    ("identified group without members", {"actor": without(GROUP, "member")}, BOTH, None),
    ("anonymous group", {"actor": ANONYMOUS_GROUP}, BOTH, None),
    ("anonymous group without member", {"actor": {"objectType": "Group"}}, BOTH, "actor"),
    (
        "group with two IFIs",
        {"actor": {**GROUP, "openid": "http://openid.example.org/1"}},
        BOTH,
        "actor",
    ),
    (
        "group member is a group",
        {"actor": {**GROUP, "member": [ANONYMOUS_GROUP]}},
        BOTH,
        "actor.member[0].objectType",
    ),
    (
        "group member without IFI",
        {"actor": {**GROUP, "member": [{"name": "x"}]}},
        BOTH,
        "actor.member[0]",
    ),
    (
        "group objectType lower case",
        {"actor": {**GROUP, "objectType": "group"}},
        BOTH,
        "actor.objectType",
    ),
    # Verb
    ("verb without display", {"verb.display": DELETE}, BOTH, None),
    ("verb without id", {"verb.id": DELETE}, BOTH, "verb"),
    ("verb id without scheme", {"verb.id": "adlnet.gov/expapi/verbs/completed"}, BOTH, "verb.id"),
    ("verb id with space", {"verb.id": "http://example.com/a b"}, BOTH, "verb.id"),
    ("verb display a string", {"verb.display": "completed"}, BOTH, "verb.display"),
    ("verb display bad tag", {"verb.display": {"a12345678": "x"}}, BOTH, "verb.display"),
    ("verb display value numeric", {"verb.display": {"en": 1}}, BOTH, "verb.display.en"),
    ("verb unknown property", {"verb.name": "x"}, BOTH, "verb"),
    # Language tags
    ("tag de", {"verb.display": {"de": "x"}}, BOTH, None),
    ("tag zh-Hant", {"verb.display": {"zh-Hant": "x"}}, BOTH, None),
    ("tag sr-Latn-RS", {"verb.display": {"sr-Latn-RS": "x"}}, BOTH, None),
    ("tag es-419", {"verb.display": {"es-419": "x"}}, BOTH, None),
    ("tag cmn", {"verb.display": {"cmn": "x"}}, BOTH, None),
    ("tag private use", {"verb.display": {"x-leerweg": "x"}}, BOTH, None),
    ("tag grandfathered", {"verb.display": {"i-klingon": "x"}}, BOTH, None),
    (
        "tag repeated singleton",
        {"verb.display": {"zh-z-aaa-z-bbb-c-ccc": "x"}},
        BOTH,
        "verb.display",
    ),
    ("tag with underscore", {"verb.display": {"en_US": "x"}}, BOTH, "verb.display"),
    # Object: Activity
    ("activity without objectType", {"object.objectType": DELETE}, BOTH, None),
    ("activity without id", {"object.id": DELETE}, BOTH, "object"),
    ("activity id not an IRI", {"object.id": "should fail"}, BOTH, "object.id"),
    (
        "activity objectType lower case",
        {"object.objectType": "activity"},
        BOTH,
        "object.objectType",
    ),
    (
        "full definition",
        {
            "object.definition": {
                "name": {"nl": "Breuken"},
                "description": {"en-US": "Fractions"},
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "moreInfo": "https://leerweg.example/more",
                "extensions": {"https://example.com/ext": {"any": ["json"]}},
                **CHOICE,
            }
        },
        BOTH,
        None,
    ),
    ("definition name a string", {"object.definition.name": "x"}, BOTH, "object.definition.name"),
    (
        "definition type no scheme",
        {"object.definition.type": "a/b"},
        BOTH,
        "object.definition.type",
    ),
    (
        "moreInfo no scheme",
        {"object.definition.moreInfo": "a/b"},
        BOTH,
        "object.definition.moreInfo",
    ),
    ("definition unknown key", {"object.definition.foo": 1}, BOTH, "object.definition"),
    (
        "extension key not an IRI",
        {"object.definition.extensions": {"not.valid.com/x": 1}},
        BOTH,
        "object.definition.extensions",
    ),
    ("extensions empty", {"object.definition.extensions": {}}, BOTH, None),
    (
        "extension value null",
        {"object.definition.extensions": {"http://e.com/x": None}},
        BOTH,
        None,
    ),
    (
        "extension value empty string",
        {"object.definition.extensions": {"http://e.com/x": ""}},
        BOTH,
        None,
    ),
    (
        "interactionType wrong case",
        {"object.definition": {"interactionType": "true-faLse"}},
        BOTH,
        "object.definition.interactionType",
    ),
    (
        "interactionType an object",
        {"object.definition": {"interactionType": {"a": 1}}},
        BOTH,
        "object.definition.interactionType",
    ),
    (
        "choices without interactionType",
        {"object.definition": {"choices": CHOICE["choices"]}},
        BOTH,
        "object.definition",
    ),
    (
        "correctResponsesPattern without interactionType",
        {"object.definition": {"correctResponsesPattern": ["true"]}},
        BOTH,
        "object.definition",
    ),
    (
        "correctResponsesPattern not strings",
        {"object.definition": {"interactionType": "numeric", "correctResponsesPattern": [4]}},
        BOTH,
        "object.definition.correctResponsesPattern",
    ),
    (
        "scale with choice",
        {"object.definition": {**CHOICE, "scale": CHOICE["choices"]}},
        BOTH,
        "object.definition.scale",
    ),
    (
        "matching source and target",
        {
            "object.definition": {
                "interactionType": "matching",
                "source": [{"id": "1"}],
                "target": [{"id": "A"}],
            }
        },
        BOTH,
        None,
    ),
    (
        "performance steps",
        {"object.definition": {"interactionType": "performance", "steps": [{"id": "1"}]}},
        BOTH,
        None,
    ),
    (
        "likert scale",
        {"object.definition": {"interactionType": "likert", "scale": [{"id": "1"}]}},
        BOTH,
        None,
    ),
    (
        "duplicate component ids",
        {"object.definition": {"interactionType": "choice", "choices": [{"id": "a"}, {"id": "a"}]}},
        BOTH,
        "object.definition.choices[1].id",
    ),
    (
        "component description bad tag",
        {
            "object.definition": {
                "interactionType": "choice",
                "choices": [{"id": "a", "description": {"a12345678": "x"}}],
            }
        },
        BOTH,
        "object.definition.choices[0].description",
    ),
    # Object: Agent, Group, StatementRef, SubStatement
    ("object agent", {"object": MBOX_AGENT}, BOTH, None),
    ("object group", {"object": GROUP}, BOTH, None),
    ("object agent without objectType", {"object": {"mbox": "mailto:a@b.nl"}}, BOTH, "object"),
    ("object statementref", {"object": {"objectType": "StatementRef", "id": UUID}}, BOTH, None),
    ("statementref without id", {"object": {"objectType": "StatementRef"}}, BOTH, "object.id"),
    (
        "statementref bad id",
        {"object": {"objectType": "StatementRef", "id": "x"}},
        BOTH,
        "object.id",
    ),
    (
        "statementref wrong case",
        {"object": {"objectType": "statementref", "id": UUID}},
        BOTH,
        "object.objectType",
    ),
    ("substatement", {"object": SUBSTATEMENT}, BOTH, None),
    ("substatement without verb", {"object": without(SUBSTATEMENT, "verb")}, BOTH, "object"),
    ("substatement with id", {"object": {**SUBSTATEMENT, "id": UUID}}, BOTH, "object"),
    (
        "substatement with stored",
        {"object": {**SUBSTATEMENT, "stored": "2024-01-01T00:00:00Z"}},
        BOTH,
        "object",
    ),
    ("substatement with version", {"object": {**SUBSTATEMENT, "version": "1.0.0"}}, BOTH, "object"),
    (
        "substatement with authority",
        {"object": {**SUBSTATEMENT, "authority": MBOX_AGENT}},
        BOTH,
        "object",
    ),
    (
        "nested substatement",
        {"object": {**SUBSTATEMENT, "object": SUBSTATEMENT}},
        BOTH,
        "object.object.objectType",
    ),
    (
        "substatement timestamp invalid",
        {"object": {**SUBSTATEMENT, "timestamp": "01/011/2015"}},
        BOTH,
        "object.timestamp",
    ),
    (
        "substatement verb display bad tag",
        {
            "object": {
                **SUBSTATEMENT,
                "verb": {"id": "http://e.com/v", "display": {"a12345678": "x"}},
            }
        },
        BOTH,
        "object.verb.display",
    ),
    # Voiding
    (
        "voiding statement",
        {
            "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
            "object": {"objectType": "StatementRef", "id": UUID},
        },
        BOTH,
        None,
    ),
    (
        "voiding an activity",
        {"verb": {"id": "http://adlnet.gov/expapi/verbs/voided"}},
        BOTH,
        "object",
    ),
    # Result
    (
        "full result",
        {
            "result": {
                "score": {"scaled": -1.0, "raw": 0.5, "min": 0, "max": 1},
                "success": True,
                "completion": False,
                "response": "a",
                "duration": "PT1.5S",
                "extensions": {},
            }
        },
        BOTH,
        None,
    ),
    ("score a number", {"result.score": 95}, BOTH, "result.score"),
    ("scaled above 1", {"result.score": {"scaled": 1.01}}, BOTH, "result.score.scaled"),
    ("scaled below -1", {"result.score": {"scaled": -1.00001}}, BOTH, "result.score.scaled"),
    ("raw above max", {"result.score": {"raw": 11, "max": 10}}, BOTH, "result.score.raw"),
    ("raw below min", {"result.score": {"raw": 1, "min": 2}}, BOTH, "result.score.raw"),
    ("min above max", {"result.score": {"min": 5, "max": 4}}, BOTH, "result.score.max"),
    ("raw a string", {"result.score": {"raw": "95"}}, BOTH, "result.score.raw"),
    ("raw a boolean", {"result.score": {"raw": True}}, BOTH, "result.score.raw"),
    ("success a string", {"result.success": "true"}, BOTH, "result.success"),
    ("completion a number", {"result.completion": 1}, BOTH, "result.completion"),
    ("response a number", {"result.response": 1}, BOTH, "result.response"),
    ("result unknown key", {"result.grade": "A"}, BOTH, "result"),
    # Durations
    ("duration P4W", {"result.duration": "P4W"}, BOTH, None),
    ("duration P3Y1M29DT4H35M59.14S", {"result.duration": "P3Y1M29DT4H35M59.14S"}, BOTH, None),
    ("duration PT16559.14S", {"result.duration": "PT16559.14S"}, BOTH, None),
    ("duration beyond 0.01 s", {"result.duration": "P1DT12H36M0.12567S"}, BOTH, None),
    ("duration weeks and days", {"result.duration": "P4W1D"}, BOTH, "result.duration"),
    (
        "duration alternative format",
        {"result.duration": "P0003-01-29T04:35:59"},
        BOTH,
        "result.duration",
    ),
    ("duration empty", {"result.duration": "P"}, BOTH, "result.duration"),
    ("duration T without time", {"result.duration": "P1DT"}, BOTH, "result.duration"),
    ("duration fraction not last", {"result.duration": "PT1.5H3M"}, BOTH, "result.duration"),
    ("duration a number", {"result.duration": 12}, BOTH, "result.duration"),
    # Context
    (
        "full context",
        {
            "context": {
                "registration": UUID,
                "instructor": MBOX_AGENT,
                "team": GROUP,
                "contextActivities": {
                    "parent": ACTIVITY,
                    "grouping": [ACTIVITY],
                    "category": [{"id": "http://e.com/cat"}],
                    "other": [],
                },
                "revision": "2",
                "platform": "Leerweg",
                "language": "nl-NL",
                "statement": {"objectType": "StatementRef", "id": UUID},
                "extensions": {"http://e.com/x": 1},
            }
        },
        BOTH,
        None,
    ),
    ("registration not a UUID", {"context.registration": "abc"}, BOTH, "context.registration"),
    ("instructor a string", {"context.instructor": "x"}, BOTH, "context.instructor"),
    ("team an agent", {"context.team": MBOX_AGENT}, BOTH, "context.team.objectType"),
    (
        "contextActivities a string",
        {"context.contextActivities": "x"},
        BOTH,
        "context.contextActivities",
    ),
    (
        "contextActivities unknown key",
        {"context.contextActivities": {"sibling": ACTIVITY}},
        BOTH,
        "context.contextActivities",
    ),
    (
        "context activity without id",
        {"context.contextActivities": {"parent": [{"objectType": "Activity"}]}},
        BOTH,
        "context.contextActivities.parent[0]",
    ),
    ("revision numeric", {"context.revision": 2}, BOTH, "context.revision"),
    (
        "revision with agent object",
        {"object": MBOX_AGENT, "context.revision": "2"},
        BOTH,
        "context.revision",
    ),
    (
        "platform with group object",
        {"object": GROUP, "context.platform": "x"},
        BOTH,
        "context.platform",
    ),
    (
        "platform with statementref object",
        {"object": {"objectType": "StatementRef", "id": UUID}, "context.platform": "x"},
        BOTH,
        "context.platform",
    ),
    (
        "platform with substatement object",
        {"object": SUBSTATEMENT, "context.platform": "x"},
        BOTH,
        "context.platform",
    ),
    ("context language bad tag", {"context.language": "a12345678"}, BOTH, "context.language"),
    (
        "context statement not a StatementRef",
        {"context.statement": {"objectType": "Activity", "id": UUID}},
        BOTH,
        "context.statement.objectType",
    ),
    # contextAgents / contextGroups (2.0 only)
    ("contextAgents in 1.0.3", {"context.contextAgents": [CONTEXT_AGENT]}, (V1,), "context"),
    ("contextGroups in 1.0.3", {"context.contextGroups": [CONTEXT_GROUP]}, (V1,), "context"),
    ("contextAgents", {"context.contextAgents": [CONTEXT_AGENT]}, (V2,), None),
    ("contextGroups", {"context.contextGroups": [CONTEXT_GROUP]}, (V2,), None),
    (
        "contextAgent without relevantTypes",
        {"context.contextAgents": [without(CONTEXT_AGENT, "relevantTypes")]},
        (V2,),
        None,
    ),
    (
        "contextAgent wrong objectType",
        {"context.contextAgents": [{**CONTEXT_AGENT, "objectType": "Should fail"}]},
        (V2,),
        "context.contextAgents[0].objectType",
    ),
    (
        "contextAgent invalid agent",
        {"context.contextAgents": [{**CONTEXT_AGENT, "agent": {"key": "x"}}]},
        (V2,),
        "context.contextAgents[0].agent",
    ),
    (
        "contextAgent empty relevantTypes",
        {"context.contextAgents": [{**CONTEXT_AGENT, "relevantTypes": []}]},
        (V2,),
        "context.contextAgents[0].relevantTypes",
    ),
    (
        "contextAgent relevantTypes not IRIs",
        {"context.contextAgents": [{**CONTEXT_AGENT, "relevantTypes": ["not an iri"]}]},
        (V2,),
        "context.contextAgents[0].relevantTypes[0]",
    ),
    (
        "contextGroup with an agent",
        {"context.contextGroups": [{**CONTEXT_GROUP, "group": MBOX_AGENT}]},
        (V2,),
        "context.contextGroups[0].group.objectType",
    ),
    (
        "contextGroup wrong objectType",
        {"context.contextGroups": [{**CONTEXT_GROUP, "objectType": "contextAgent"}]},
        (V2,),
        "context.contextGroups[0].objectType",
    ),
    # Timestamps and stored
    ("timestamp UTC", {"timestamp": "2008-09-15T15:53:00.601Z"}, BOTH, None),
    ("timestamp +00:00", {"timestamp": "2008-09-15T15:53:00.601+00:00"}, BOTH, None),
    ("timestamp -05:00", {"timestamp": "2023-05-04T12:00:00-05:00"}, BOTH, None),
    ("timestamp nanoseconds", {"timestamp": "2023-05-04T12:00:00.123456789Z"}, BOTH, None),
    ("timestamp -00", {"timestamp": "2008-09-15T15:53:00.601-00"}, BOTH, "timestamp"),
    ("timestamp -0000", {"timestamp": "2008-09-15T15:53:00.601-0000"}, BOTH, "timestamp"),
    ("timestamp -00:00", {"timestamp": "2008-09-15T15:53:00.601-00:00"}, BOTH, "timestamp"),
    ("timestamp text", {"timestamp": "should fail"}, BOTH, "timestamp"),
    ("timestamp US date", {"timestamp": "01/011/2015"}, BOTH, "timestamp"),
    ("timestamp 30 February", {"timestamp": "2023-02-30T12:00:00Z"}, BOTH, "timestamp"),
    ("timestamp hour 24", {"timestamp": "2023-02-03T24:00:00Z"}, BOTH, "timestamp"),
    ("timestamp without zone 1.0.3", {"timestamp": "2023-05-04T12:00:00"}, (V1,), None),
    ("timestamp without zone 2.0", {"timestamp": "2023-05-04T12:00:00"}, (V2,), "timestamp"),
    ("timestamp +0200 1.0.3", {"timestamp": "2023-05-04T12:00:00+0200"}, (V1,), None),
    ("timestamp +0200 2.0", {"timestamp": "2023-05-04T12:00:00+0200"}, (V2,), "timestamp"),
    ("timestamp null 2.0", {"timestamp": None}, (V2,), None),
    ("timestamp null 1.0.3", {"timestamp": None}, (V1,), "timestamp"),
    ("stored", {"stored": "2011-07-15T00:00:00.000Z"}, BOTH, None),
    ("stored invalid", {"stored": "yesterday"}, BOTH, "stored"),
    # Version
    ("version 1.0", {"version": "1.0"}, BOTH, None),
    ("version 1.0.9", {"version": "1.0.9"}, BOTH, None),
    ("version 2.0.0 in 2.0", {"version": "2.0.0"}, (V2,), None),
    ("version 2.0.0 in 1.0.3", {"version": "2.0.0"}, (V1,), "version"),
    ("version 0.9.9", {"version": "0.9.9"}, BOTH, "version"),
    ("version 1.1.0", {"version": "1.1.0"}, BOTH, "version"),
    ("version text", {"version": "should fail"}, BOTH, "version"),
    # Authority
    ("authority agent", {"authority": MBOX_AGENT}, BOTH, None),
    ("authority OAuth group", {"authority": ANONYMOUS_GROUP}, BOTH, None),
    (
        "authority group of one",
        {"authority": {"objectType": "Group", "member": [MBOX_AGENT]}},
        BOTH,
        "authority",
    ),
    (
        "authority group of three",
        {"authority": {**ANONYMOUS_GROUP, "member": [MBOX_AGENT] * 3}},
        BOTH,
        "authority",
    ),
    (
        "authority identified group",
        {"authority": {**ANONYMOUS_GROUP, "mbox": "mailto:g@example.com"}},
        BOTH,
        "authority",
    ),
    (
        "authority objectType wrong",
        {"authority": {**MBOX_AGENT, "objectType": "agent"}},
        BOTH,
        "authority.objectType",
    ),
    # Attachments
    (
        "attachment",
        {
            "attachments": [
                {
                    "usageType": "http://example.com/attachment-usage/test",
                    "display": {"en-US": "A test attachment"},
                    "description": {"es-MX": "Un adjunto"},
                    "contentType": "text/plain; charset=ascii",
                    "length": 27,
                    "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
                    "fileUrl": "http://over.there.com/file.txt",
                }
            ]
        },
        BOTH,
        None,
    ),
    ("attachments not a list", {"attachments": {"usageType": "x"}}, BOTH, "attachments"),
    ("attachment a number", {"attachments": [12345]}, BOTH, "attachments[0]"),
]

_ATTACHMENT = {
    "usageType": "http://example.com/attachment-usage/test",
    "display": {"en-US": "A test attachment"},
    "contentType": "text/plain",
    "length": 27,
    "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
}
ATTACHMENT_CASES: list[tuple[str, dict[str, Any], str | None]] = [
    ("no fileUrl", {}, None),
    ("usageType not an IRI", {"usageType": "should fail"}, "attachments[0].usageType"),
    ("display missing", {"display": DELETE}, "attachments[0]"),
    ("display a string", {"display": "x"}, "attachments[0].display"),
    ("description a number", {"description": 12345}, "attachments[0].description"),
    ("contentType a number", {"contentType": 12345}, "attachments[0].contentType"),
    ("length a string", {"length": "27"}, "attachments[0].length"),
    ("length negative", {"length": -1}, "attachments[0].length"),
    ("sha2 a number", {"sha2": 12345}, "attachments[0].sha2"),
    ("fileUrl not an IRL", {"fileUrl": "over.there.com/file.txt"}, "attachments[0].fileUrl"),
]


@pytest.mark.parametrize(
    ("changes", "version", "expected"),
    [
        pytest.param(changes, version, expected, id=f"{name} [{version}]")
        for name, changes, versions, expected in CASES
        for version in versions
    ],
)
def test_statement_rules(
    changes: dict[str, Any], version: XapiVersion, expected: str | None
) -> None:
    assert error_path(build(changes), version) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [pytest.param(changes, expected, id=name) for name, changes, expected in ATTACHMENT_CASES],
)
def test_attachment_rules(changes: dict[str, Any], expected: str | None) -> None:
    attachment = {**_ATTACHMENT, **changes}
    attachment = {key: value for key, value in attachment.items() if value is not DELETE}
    for version in (V1, V2):
        assert error_path(build({"attachments": [attachment]}), version) == expected


@pytest.mark.parametrize("statement", [None, [], "x", 1])
def test_statement_must_be_an_object(statement: object) -> None:
    assert error_path(statement, V2) == "statement"


@pytest.mark.parametrize(
    ("header", "version"),
    [
        ("1.0", V1),
        ("1.0.0", V1),
        ("1.0.3", V1),
        (" 1.0.1 ", V1),
        ("2.0", V2),
        ("2.0.0", V2),
        ("2.0.1", V2),
    ],
)
def test_version_header_accepted(header: str, version: XapiVersion) -> None:
    assert negotiate_version(header) is version


@pytest.mark.parametrize(
    "header", [None, "", "BAD", "0.95", "0.9", "1.1.0", "1", "2", "3.0.0", "1.0.x"]
)
def test_version_header_refused(header: str | None) -> None:
    with pytest.raises(XapiError) as raised:
        negotiate_version(header)
    assert raised.value.status == 400
    assert "X-Experience-API-Version" in raised.value.message


@pytest.mark.parametrize(
    ("agent", "valid"),
    [
        (MBOX_AGENT, True),
        ({"account": ACCOUNT}, True),
        (GROUP, True),
        (ANONYMOUS_GROUP, False),
        ({"objectType": "Agent", "name": "no identifier"}, False),
        ({"account": {"name": "sanne"}}, False),
        (True, False),
        ("mailto:a@b.nl", False),
    ],
)
def test_agent_parameter(agent: object, valid: bool) -> None:
    for version in (V1, V2):
        if valid:
            validate_agent_parameter(agent, version)
        else:
            with pytest.raises(XapiError):
                validate_agent_parameter(agent, version)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-04T12:00:00-05:00", "2023-05-04T17:00:00Z"),
        ("2023-05-04T12:00:00.1234567+02:00", "2023-05-04T10:00:00.1234567Z"),
        ("2023-12-31T23:30:00.601-01:00", "2024-01-01T00:30:00.601Z"),
        ("2008-09-15T15:53:00.601+00:00", "2008-09-15T15:53:00.601Z"),
        ("2008-09-15T15:53:00.601Z", "2008-09-15T15:53:00.601Z"),
        ("2008-09-15t15:53:00z", "2008-09-15T15:53:00Z"),
    ],
)
def test_normalize_timestamp_to_utc_in_2_0(value: str, expected: str) -> None:
    assert normalize_timestamp(value, V2) == expected


def test_normalize_timestamp_keeps_1_0_3_value() -> None:
    assert normalize_timestamp("2023-05-04T12:00:00-05:00", V1) == "2023-05-04T12:00:00-05:00"


def test_normalize_timestamp_refuses_invalid_value() -> None:
    with pytest.raises(XapiError):
        normalize_timestamp("yesterday", V2)


@pytest.mark.parametrize(
    ("agent", "key"),
    [
        (MBOX_AGENT, "mbox:mailto:sanne@example.com"),
        (
            {"mbox_sha1sum": "CD9B00A5611F94EAA7B1661EDAB976068E364975"},
            "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975",
        ),
        ({"openid": "http://openid.example.org/1"}, "openid:http://openid.example.org/1"),
        (
            {"account": {"homePage": "https://x.example", "name": "a b"}},
            "account:https://x.example a b",
        ),
        (GROUP, "mbox:mailto:klas2b@example.com"),
        (ANONYMOUS_GROUP, ""),
    ],
)
def test_agent_ifi(agent: dict[str, Any], key: str) -> None:
    assert agent_ifi(agent) == key
