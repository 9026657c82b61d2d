"""Inserting many rows in one round trip, with little work per row.

Ingesting xAPI statements is a hot path: a batch of 100 statements writes
some 400 rows. Django's ``bulk_create`` compiles its SQL per object and field,
which costs more than the database itself; these write plain tuples, each
value prepared by its model field as Django would, in one short statement
(on PostgreSQL, one array per column).
"""

from collections.abc import Sequence
from typing import Any, cast

from django.db import connection, models

# Well below SQLite's limit on variables in one statement (32,766).
_ROWS_PER_STATEMENT = 500


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    returning: Sequence[str] = (),
    skip_conflicts_on: Sequence[str] = (),
    skip_any_conflict: bool = False,
) -> list[tuple[Any, ...]]:
    """Insert ``rows`` (values in the order of ``columns``).

    Returns the ``returning`` columns of the inserted rows, in order. With
    ``skip_conflicts_on`` (the columns of a unique constraint), rows that
    would break it are left out instead of failing the statement; they are
    then missing from what is returned. ``skip_any_conflict`` does the same
    for every unique constraint (needed for a partial one).
    """
    if not rows:
        return []
    fields = [_field(model, name) for name in columns]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(_column(field)) for field in fields)
    suffix = ""
    if skip_conflicts_on:
        suffix += f" ON CONFLICT ({_columns(model, skip_conflicts_on)}) DO NOTHING"
    elif skip_any_conflict:
        suffix += " ON CONFLICT DO NOTHING"
    if returning:
        # Rows come back in the order given, as Django's own bulk_create
        # relies on for PostgreSQL and SQLite.
        suffix += f" RETURNING {_columns(model, returning)}"
    result: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_STATEMENT):
            chunk = rows[start : start + _ROWS_PER_STATEMENT]
            sql, values = _statement(table, names, fields, chunk)
            cursor.execute(sql + suffix, values)
            if returning:
                result.extend(tuple(row) for row in cursor.fetchall())
    return result


def _field(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


def _column(field: "models.Field[Any, Any]") -> str:
    return str(field.column)


def _columns(model: type[models.Model], names: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    return ", ".join(quote(_column(_field(model, name))) for name in names)


def _statement(
    table: str, names: str, fields: "list[models.Field[Any, Any]]", rows: Sequence[Sequence[Any]]
) -> tuple[str, list[Any]]:
    prepared = [
        [
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row, strict=True)
        ]
        for row in rows
    ]
    # Table and column names come from the model; every value is a parameter.
    if connection.vendor == "postgresql":
        # One array per column: the query text stays short whatever the
        # number of rows, so the driver has nothing to parse per row.
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        columns = [list(column) for column in zip(*prepared, strict=True)]
        return f"INSERT INTO {table} ({names}) SELECT * FROM UNNEST({arrays})", columns  # noqa: S608
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    values = [value for row in prepared for value in row]
    return f"INSERT INTO {table} ({names}) VALUES {', '.join([placeholder] * len(rows))}", values  # noqa: S608
