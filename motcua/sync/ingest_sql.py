"""Portable SQL helpers of the hub ingest: database values per column and statement chunks.

Writing a batch with multi-row VALUES statements and converting each value once per column is
what keeps ingest cheap (services.py, ingest_keyed.py); PostgreSQL's dossier path is
ingest_pg.py.
"""

import json
from collections.abc import Iterable
from datetime import UTC
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

# Keep each statement under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
MAX_PARAMS = 30_000


def column_preps(model, names: list[str]):
    """Per-column converters to database values, cheaper than Field.get_db_prep_save per value
    (which looks the connection up each time: 4× the cost of the whole insert)."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        from psycopg.types.json import Jsonb

    def same(value):
        return value

    def sqlite_datetime(value):
        return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))

    def sqlite_date(value):
        return None if value is None else value.isoformat()

    def sqlite_uuid(value):
        return value.hex

    def as_json(value):
        # Already JSON text (model_dump_json, in Rust): an untyped literal PostgreSQL casts to
        # jsonb by the column, and what SQLite stores as is.
        if isinstance(value, str):
            return value
        return Jsonb(value) if postgres else json.dumps(value, cls=DjangoJSONEncoder)

    converters = {
        "DateTimeField": same if postgres else sqlite_datetime,
        "DateField": same if postgres else sqlite_date,
        "UUIDField": same if postgres else sqlite_uuid,
        "JSONField": as_json,
    }
    fields = [model._meta.get_field(name) for name in names]
    return [converters.get(f.get_internal_type(), same) for f in fields], [
        connection.ops.quote_name(f.column) for f in fields
    ]


def chunks(rows: list, width: int) -> Iterable[list]:
    size = max(1, MAX_PARAMS // width)
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def applied_insert(names: list[str], rows: list[tuple]) -> set:
    """Insert AppliedEvent rows (values in the order of `names`), skipping event ids already
    recorded; the ids inserted now. One statement per chunk, on both databases."""
    from motcua.sync.models import AppliedEvent

    preps, columns = column_preps(AppliedEvent, names)
    event_id = connection.ops.quote_name("event_id")
    table = connection.ops.quote_name(AppliedEvent._meta.db_table)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    inserted = set()
    with connection.cursor() as cursor:
        for chunk in chunks(rows, len(columns)):
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                + ", ".join([row_sql] * len(chunk))
                + f" ON CONFLICT ({event_id}) DO NOTHING RETURNING {event_id}"
            )
            params = [prep(value) for row in chunk for prep, value in zip(preps, row, strict=True)]
            cursor.execute(sql, params)
            inserted.update(UUID(str(value)) for (value,) in cursor.fetchall())
    return inserted
