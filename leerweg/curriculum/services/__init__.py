"""Writes to the curriculum: editing domains, lines and goals, and CSV import/export."""

from leerweg.curriculum.services.csv_transfer import (
    CurriculumImport,
    curriculum_export,
    curriculum_import,
)
from leerweg.curriculum.services.editing import (
    domain_create,
    domain_delete,
    domain_update,
    goal_create,
    goal_delete,
    goal_set_prerequisites,
    goal_update,
    line_create,
    line_delete,
    line_update,
)

__all__ = [
    "CurriculumImport",
    "curriculum_export",
    "curriculum_import",
    "domain_create",
    "domain_delete",
    "domain_update",
    "goal_create",
    "goal_delete",
    "goal_set_prerequisites",
    "goal_update",
    "line_create",
    "line_delete",
    "line_update",
]
