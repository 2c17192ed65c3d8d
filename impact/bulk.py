"""Bulk inserts that stay fast with JSON columns on PostgreSQL.

Django 5.2 inserts many rows on PostgreSQL as ``SELECT * FROM UNNEST(%s::jsonb[], ...)``; with
psycopg's client-side binding each array element is then quoted in Python, character by
character, which costs more than the insert itself for rows carrying JSON (a stored result is tens
of kilobytes). A row with an expression in it makes Django write plain ``VALUES`` rows instead,
quoted by libpq. ``bulk_insert`` puts one column of each row in such an expression (the same
value) and otherwise is ``bulk_create``. ``copy_insert`` writes new rows with COPY instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import orjson
from django.db import connection, models
from django.db.models import Value

M = TypeVar("M", bound=models.Model)


def bulk_insert(objs: Sequence[M], *, plain_field: str, **options: Any) -> list[M]:
    """``bulk_create`` of ``objs`` (all of one model), as VALUES rows; ``plain_field`` names a
    column that is neither a relation nor filled by ``pre_save`` (e.g. not ``auto_now``)."""
    if not objs:
        return []
    model = type(objs[0])
    field = model._meta.get_field(plain_field)
    for obj in objs:
        setattr(obj, field.attname, Value(getattr(obj, field.attname), output_field=field))
    return model._default_manager.bulk_create(objs, **options)


def copy_insert(objs: Sequence[M], *, with_ids: bool = False) -> list[M]:
    """Insert new objects of one model with PostgreSQL's COPY, several times faster than the
    ORM's INSERTs for large batches; values are prepared by the model's fields as for an INSERT
    (``pre_save``, ``get_db_prep_save``). With ``with_ids`` the primary keys are taken from the
    table's sequence first and set on the objects, so that other rows can refer to them. Another
    database gets ``bulk_create``."""
    if not objs:
        return []
    model = type(objs[0])
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=500)
    meta = model._meta
    if with_ids:
        for obj, pk in zip(objs, _next_ids(model, len(objs)), strict=True):
            obj.pk = pk
    fields = [f for f in meta.concrete_fields if with_ids or f is not meta.auto_field]
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(
            f"COPY {connection.ops.quote_name(meta.db_table)} ({names}) FROM STDIN") as copy:
        for obj in objs:
            copy.write_row([_copy_value(f, obj) for f in fields])
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return list(objs)


def _copy_value(field: models.Field[Any, Any], obj: models.Model) -> Any:
    value = field.pre_save(obj, True)
    if isinstance(field, models.JSONField) and field.encoder is None and value is not None:
        return orjson.dumps(value).decode()  # JSON text, read by the server into jsonb: faster than json.dumps
    return field.get_db_prep_save(value, connection)


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count])
        return [row[0] for row in cursor.fetchall()]
