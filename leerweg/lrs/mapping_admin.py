"""Who keeps a school's own xAPI mapping rules, and how they are written.

School leaders and administrators of a school keep its rules; nobody else
sees them. Another school's rule gives the same 404 as one that does not exist.
"""

from dataclasses import dataclass

from django.db import transaction

from leerweg.accounts.decorators import role_required
from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.lrs import mapping
from leerweg.lrs.models_mapping import StatementMapping
from leerweg.profiles.models import InterestArea, Skill
from leerweg.schools.models import School, StaffRole

MAPPING_ROLES = (StaffRole.SCHOOL_LEADER, StaffRole.SCHOOL_ADMIN)

# The mapping pages: any other role gets a 403.
mapping_admin_required = role_required(RoleKind.STAFF, staff_roles=MAPPING_ROLES)


def keeps_statement_mapping(role: RoleContext) -> bool:
    return role.kind is RoleKind.STAFF and role.has_staff_role(*MAPPING_ROLES)


def access_statement_mapping(role: RoleContext, rule_id: int) -> StatementMapping:
    rule = StatementMapping.objects.filter(pk=rule_id, school_id=role.school_id).first()
    if rule is None or not keeps_statement_mapping(role):
        raise NotFoundOrNotYours
    return rule


def statement_mappings_of(school_id: int) -> list[StatementMapping]:
    return list(StatementMapping.objects.filter(school_id=school_id).select_related("updated_by"))


@transaction.atomic
def statement_mapping_save(*, rule: StatementMapping, school: School, user: User) -> None:
    rule.school = school
    rule.updated_by = user
    rule.skills = [skill for skill in mapping.SKILLS if skill in (rule.skills or [])]
    rule.save()


@transaction.atomic
def statement_mapping_delete(*, rule: StatementMapping) -> None:
    rule.delete()


@dataclass(frozen=True)
class DefaultRow:
    kind: str
    name: str
    example_iri: str
    rule: mapping.Rule
    # The school's own rules for IRIs with this name, which replace this row for them.
    own_iris: tuple[str, ...]

    @property
    def area_label(self) -> str:
        return str(InterestArea(self.rule.area).label) if self.rule.area else ""

    @property
    def skill_labels(self) -> list[str]:
        return [str(Skill(value).label) for value in self.rule.skills]


def default_rows(own: list[StatementMapping]) -> list[DefaultRow]:
    """The default table, each row with the school's own rules that replace it."""
    own_by_name: dict[tuple[str, str], list[str]] = {}
    for rule in own:
        own_by_name.setdefault((rule.kind, mapping.iri_name(rule.iri)), []).append(rule.iri)
    tables = (
        (mapping.VERB, mapping.DEFAULT_VERBS, mapping.ADL_VERBS, mapping.ADL_VERB_NAMES),
        (
            mapping.ACTIVITY_TYPE,
            mapping.DEFAULT_ACTIVITY_TYPES,
            mapping.ADL_ACTIVITY_TYPES,
            mapping.ADL_ACTIVITY_TYPE_NAMES,
        ),
    )
    return [
        DefaultRow(
            kind=kind,
            name=name,
            example_iri=prefix + name if name in adl_names else "",
            rule=rule,
            own_iris=tuple(own_by_name.get((kind, name), ())),
        )
        for kind, table, prefix, adl_names in tables
        for name, rule in table.items()
    ]
