"""What a statement is filtered on, pulled out of its JSON for indexed columns."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"


def agent_ifi(agent: Any) -> str:
    """A canonical key for an Agent's or identified Group's identifier; "" for anonymous ones.

    "mbox:mailto:a@b", "mbox_sha1sum:<lower-case hex>", "openid:<uri>" or
    "account:<homePage> <name>". A valid homePage is an IRL, which holds no
    whitespace, so the first space ends the homePage and the name may hold anything.
    """
    if not isinstance(agent, dict):
        return ""
    if (mbox := agent.get("mbox")) is not None:
        return f"mbox:{mbox}"
    if (sha1 := agent.get("mbox_sha1sum")) is not None:
        return f"mbox_sha1sum:{str(sha1).lower()}"
    if (openid := agent.get("openid")) is not None:
        return f"openid:{openid}"
    account = agent.get("account")
    if isinstance(account, dict):
        return f"account:{account.get('homePage')} {account.get('name')}"
    return ""


@dataclass
class StatementIndex:
    verb_id: str = ""
    actor_ifi: str = ""
    activity_id: str = ""
    object_ifi: str = ""
    target_statement_id: str | None = None
    registration: str | None = None
    # Agents and activities the statement mentions besides its actor, its
    # object and its authority (context, group members, a sub-statement).
    related_agents: set[str] = field(default_factory=set)
    related_activities: set[str] = field(default_factory=set)

    @property
    def is_voiding(self) -> bool:
        return self.verb_id == VOIDED_VERB and self.target_statement_id is not None


def index_statement(statement: dict[str, Any]) -> StatementIndex:
    index = StatementIndex(verb_id=statement["verb"]["id"])
    actor = statement["actor"]
    index.actor_ifi = agent_ifi(actor)
    target = statement["object"]
    kind = target.get("objectType", "Activity")
    if kind == "Activity":
        index.activity_id = target["id"]
    elif kind in ("Agent", "Group"):
        index.object_ifi = agent_ifi(target)
    elif kind == "StatementRef":
        index.target_statement_id = target["id"]
    context = statement.get("context") or {}
    index.registration = context.get("registration")
    _collect(statement, index, top_level=True)
    # The side tables hold only what the columns above do not: most
    # statements (an actor, a verb, an activity) then need no side rows. The
    # authority is the LRS's own, found through the credential that stored it.
    index.related_agents -= {
        index.actor_ifi,
        index.object_ifi,
        agent_ifi(statement.get("authority")),
    }
    index.related_agents.discard("")
    index.related_activities.discard(index.activity_id)
    return index


def _collect(statement: dict[str, Any], index: StatementIndex, *, top_level: bool) -> None:
    index.related_agents.update(filter(None, map(agent_ifi, agents_in(statement))))
    index.related_activities.update(activity["id"] for activity in activities_in(statement))
    target = statement["object"]
    if target.get("objectType") == "SubStatement" and top_level:
        _collect(target, index, top_level=False)


def activities_in(statement: dict[str, Any]) -> list[dict[str, Any]]:
    """The statement's object when it is an Activity, then its context activities.

    A sub-statement's activities are its own: call this again on it.
    """
    found = []
    target = statement.get("object") or {}
    if target.get("objectType", "Activity") == "Activity":
        found.append(target)
    context_activities = (statement.get("context") or {}).get("contextActivities") or {}
    for group in context_activities.values():
        found.extend(group if isinstance(group, list) else [group])
    return found


def agents_in(statement: dict[str, Any]) -> Iterator[Any]:
    """Every agent and group (with their members) a statement names, outside sub-statements."""
    yield from agents_and_members(statement.get("actor"))
    target = statement.get("object") or {}
    if target.get("objectType") in ("Agent", "Group"):
        yield from agents_and_members(target)
    yield from agents_and_members(statement.get("authority"))
    context = statement.get("context") or {}
    yield from agents_and_members(context.get("instructor"))
    yield from agents_and_members(context.get("team"))
    for context_agent in context.get("contextAgents") or []:
        yield from agents_and_members(context_agent.get("agent"))
    for context_group in context.get("contextGroups") or []:
        yield from agents_and_members(context_group.get("group"))


def agents_and_members(agent: Any) -> Iterator[Any]:
    if not isinstance(agent, dict):
        return
    yield agent
    yield from agent.get("member") or []
