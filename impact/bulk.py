"""Bulk inserts that stay fast with JSON columns on PostgreSQL.

Django 5.2 inserts many rows on PostgreSQL as ``SELECT * FROM UNNEST(%s::jsonb[], ...)``; with
psycopg's client-side binding each array element is then quoted in Python, character by
character, which costs more than the insert itself for rows carrying JSON (a stored result is tens
of kilobytes). A row with an expression in it makes Django write plain ``VALUES`` rows instead,
quoted by libpq. ``bulk_insert`` puts one column of each row in such an expression (the same
value) and otherwise is ``bulk_create``; ``json_literal`` is such an expression for a JSON value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import orjson
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast

M = TypeVar("M", bound=models.Model)


def json_literal(value: Any) -> Cast:
    """A JSON column's value as an expression, encoded by orjson (a stored result is tens of
    kilobytes: faster than the standard library); a row holding it is inserted as VALUES."""
    return Cast(Value(orjson.dumps(value).decode(), output_field=models.TextField()), models.JSONField())


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
