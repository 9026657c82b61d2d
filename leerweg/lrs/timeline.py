"""Partners' statements on the students' timelines: put on when stored, taken off when voided.

Both run inside the transaction that stores the statements, so a statement
and its timeline activity are stored, or refused, together.
"""

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from leerweg.activities.services import (
    PartnerActivityInput,
    record_partner_activities,
    remove_statement_activities,
)
from leerweg.lrs.mapping import Rule, SchoolRules, map_statement
from leerweg.lrs.models_mapping import StatementMapping
from leerweg.schools.models import Student


@dataclass(frozen=True)
class Recorder:
    """The partner organisation whose statements these are."""

    id: int
    name: str
    kind: str


def sync_timeline(recorder: Recorder, statements: list[tuple[int, dict[str, Any]]]) -> None:
    """Map each (student id, statement) of a partner's stored batch onto the timeline.

    Two queries whatever the size of the batch: the students' schools' rules
    and the insert.
    """
    if not statements:
        return
    rules = school_rules_for_students({student_id for student_id, _ in statements})
    here = timezone.get_current_timezone()
    rows = []
    for student_id, statement in statements:
        mapped = map_statement(statement, recorder.kind, rules.get(student_id, {}), timezone=here)
        if mapped is None:
            continue
        rows.append(
            PartnerActivityInput(
                student_id=student_id,
                partner_id=recorder.id,
                statement_id=statement["id"],
                title=mapped.title,
                description=mapped.description,
                started_on=mapped.started_on,
                area=mapped.area,
                skills=mapped.skills,
                organisation=recorder.name,
            )
        )
    record_partner_activities(rows)


def remove_voided(statement_ids: Iterable[str], *, partner_id: int | None = None) -> None:
    """Take the activities of voided statements off the timeline (of one partner, if given)."""
    remove_statement_activities(list(statement_ids), partner_id=partner_id)


def school_rules_for_students(student_ids: Iterable[int]) -> dict[int, SchoolRules]:
    """Each student's school's own rules, in one query.

    Plain SQL: it runs for every batch a partner sends, and the ORM would
    spend longer building this join than the database spends running it.
    """
    ids = sorted(set(student_ids))
    if not ids:
        return {}
    quote = connection.ops.quote_name
    sql = (
        "SELECT student.id, rule.kind, rule.iri, rule.on_timeline, rule.area, rule.skills "  # noqa: S608 - names from the models, values as parameters
        f"FROM {quote(StatementMapping._meta.db_table)} rule "
        f"JOIN {quote(Student._meta.db_table)} student ON student.school_id = rule.school_id "
        f"WHERE student.id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        rows = cursor.fetchall()
    rules: dict[int, dict[tuple[str, str], Rule]] = defaultdict(dict)
    for student_id, kind, iri, on_timeline, area, skills in rows:
        if isinstance(skills, str):  # SQLite hands JSON back as text
            skills = json.loads(skills)
        rules[student_id][(kind, iri)] = Rule(
            on_timeline=bool(on_timeline), area=area, skills=tuple(skills or ())
        )
    return dict(rules)
