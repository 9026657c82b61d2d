"""Word search for public lists: full-text on PostgreSQL, a substring match elsewhere.

On PostgreSQL the searched fields are read as Dutch text (``dutch``
configuration: stemming and stop words), so "leerlingen" finds "leerling"
and the other way round. Every word typed must occur; the last letters may be
left off ("talentmid" finds "talentmiddag"). A GIN index over the very same
expression (``search_index``, created by ``AddIndexOnPostgres`` in the app's
migrations) keeps a search fast however large the list, and there is nothing
to keep up to date on save.

On SQLite (development, part of the tests) there is no full-text search: each
word must occur, in any case, in one of the fields.
"""

import re
from collections.abc import Sequence
from typing import cast

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState
from django.db.models import Model, Q, QuerySet

SEARCH_CONFIG = "dutch"
MAX_WORDS = 8
WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> list[str]:
    """The words of ``text``: letters and digits only, so no query syntax gets through."""
    return [word.lower() for word in WORD.findall(text)][:MAX_WORDS]


def search_vector(fields: Sequence[str]) -> SearchVector:
    return SearchVector(*fields, config=SEARCH_CONFIG)


def search_index(name: str, fields: Sequence[str]) -> GinIndex:
    return GinIndex(search_vector(fields), name=name)


def text_search[M: Model](queryset: QuerySet[M], text: str, fields: Sequence[str]) -> QuerySet[M]:
    """``queryset`` narrowed to rows containing every word of ``text`` in ``fields``."""
    words = search_words(text)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        query = SearchQuery(
            " & ".join(f"{word}:*" for word in words), config=SEARCH_CONFIG, search_type="raw"
        )
        return cast(
            QuerySet[M], queryset.alias(_search=search_vector(fields)).filter(_search=query)
        )
    for word in words:
        matches = Q()
        for field in fields:
            matches |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset


class AddIndexOnPostgres(migrations.AddIndex):
    """An index that exists on PostgreSQL only (such as ``search_index``).

    The index is not part of the model state: other databases have no use
    for it, and the model's ``Meta.indexes`` would create it everywhere.
    """

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self.index)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index)

    def describe(self) -> str:
        return f"Create index {self.index.name} on {self.model_name} (PostgreSQL only)"
