"""Types shared by the path endpoints."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

# A learning goal of the school, by its code (a slug, unique per school).
CurriculumCode = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=40)]
# A goal's version, as read; the database column is a positive 32-bit integer.
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
