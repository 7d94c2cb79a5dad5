"""Insert or update many rows, each with its own values, in one statement.

The billing run writes thousands of rows a batch. On PostgreSQL each column travels as one array, bound in
binary (`%b`) on a server-side-binding cursor, into `INSERT .. SELECT FROM UNNEST` or `UPDATE .. FROM UNNEST`:
the statement's text is the same whatever the batch size, and neither Django nor psycopg quotes each value in
Python. Values go as they are, without Django's per-field preparation, so callers pass plain values: ints,
strings, booleans, aware datetimes, None, foreign keys as ids. These statements bypass Django's query logging
(they are not in connection.queries). Elsewhere the helpers are bulk_create and bulk_update.
"""

import psycopg
from django.db import connection


def _column_array(field) -> str:
    # Drop a type's parameters (varchar(20) -> varchar) so no value is cut short on its way through the array.
    return f"%b::{field.db_type(connection).split('(')[0]}[]"


def _execute(sql: str, params: list) -> list[tuple]:
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=False)
        return cursor.fetchall() if cursor.description else []


def bulk_update_rows(model, objs: list, fields: list[str]) -> None:
    """Write `fields` of each object to its row."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, fields, batch_size=100)
        return
    meta = model._meta
    columns = [meta.pk] + [meta.get_field(name) for name in fields]
    params = [[getattr(obj, column.attname) for obj in objs] for column in columns]
    assignments = ", ".join(f'"{c.column}" = v."{c.column}"' for c in columns[1:])
    names = ", ".join(['"pk__"'] + [f'"{c.column}"' for c in columns[1:]])
    sql = (
        f'UPDATE "{meta.db_table}" AS t SET {assignments} '  # noqa: S608 - identifiers from model metadata only
        f"FROM UNNEST({', '.join(map(_column_array, columns))}) AS v({names}) "
        f'WHERE t."{meta.pk.column}" = v."pk__"'
    )
    _execute(sql, params)


def bulk_insert_rows(model, objs: list, *, set_pks: bool = False) -> None:
    """Insert unsaved objects in one statement; with set_pks, give each object its new primary key."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs)
        return
    meta = model._meta
    columns = [f for f in meta.concrete_fields if f is not meta.pk]
    pks = insert_rows(
        model,
        [c.attname for c in columns],
        list(zip(*[[column.pre_save(obj, True) for obj in objs] for column in columns], strict=True)),
        returning_pks=set_pks,
    )
    for obj, pk in zip(objs, pks, strict=False):
        obj.pk = pk
        obj._state.adding = False


def insert_rows(model, fields: list[str], rows: list[tuple], *, returning_pks: bool = False) -> list:
    """Insert rows given as tuples of plain values for `fields` (no model objects); return their new keys if asked.

    The fields must cover every column without a database default (Django's field defaults are not applied).
    """
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(objs)
        return [obj.pk for obj in objs] if returning_pks else []
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    names = ", ".join(f'"{c.column}"' for c in columns)
    sql = (
        f'INSERT INTO "{meta.db_table}" ({names}) '  # noqa: S608 - identifiers from model metadata only
        f"SELECT {names} FROM UNNEST({', '.join(map(_column_array, columns))}) WITH ORDINALITY AS v({names}, ord__) "
        "ORDER BY ord__"
    )
    if returning_pks:
        sql += f' RETURNING "{meta.pk.column}"'
    params = [list(values) for values in zip(*rows, strict=True)]
    inserted = _execute(sql, params)
    return [pk for (pk,) in inserted] if returning_pks else []
