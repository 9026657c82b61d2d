"""The Open Badges 3.0 JSON schema for AchievementCredential / OpenBadgeCredential.

The schema file is bundled (``schemas/README.md`` says where it comes from); it has
only internal references, so validation never loads anything.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft201909Validator

SCHEMA_PATH = (
    Path(__file__).resolve().parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"
)


@cache
def _validator() -> Draft201909Validator:
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        schema = json.load(handle)
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def schema_errors(credential: Any, *, limit: int = 5) -> list[str]:
    """Up to ``limit`` readable schema violations, each as "path: message"; empty when valid."""
    errors = sorted(_validator().iter_errors(credential), key=lambda error: list(error.path))
    return [
        f"{'/'.join(str(part) for part in error.path) or '(root)'}: {error.message[:200]}"
        for error in errors[:limit]
    ]
