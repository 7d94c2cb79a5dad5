"""Update many rows, each with its own values, in one statement.

Django's bulk_update writes `CASE WHEN id=1 THEN .. WHEN id=2 ..` per column, which costs time quadratic in the
batch size; on PostgreSQL we join against a VALUES list instead (linear), elsewhere we keep bulk_update.
"""

from django.db import connection


def bulk_update_rows(model, objs: list, fields: list[str]) -> None:
    """Write `fields` of each object to its row."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, fields, batch_size=100)
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    types = [meta.pk.db_type(connection)] + [column.db_type(connection) for column in columns]
    row = "(" + ", ".join(f"%s::{db_type}" for db_type in types) + ")"
    params: list = []
    for obj in objs:
        params.append(obj.pk)
        params.extend(column.get_db_prep_save(getattr(obj, column.attname), connection) for column in columns)
    assignments = ", ".join(f'"{c.column}" = v."{c.column}"' for c in columns)
    names = ", ".join(['"pk__"'] + [f'"{c.column}"' for c in columns])
    sql = (
        f'UPDATE "{meta.db_table}" AS t SET {assignments} '  # noqa: S608 - identifiers from model metadata only
        f"FROM (VALUES {', '.join([row] * len(objs))}) AS v({names}) "
        f'WHERE t."{meta.pk.column}" = v."pk__"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
