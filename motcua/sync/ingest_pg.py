"""Hub ingest on PostgreSQL: one batch in one statement (services.ingest_apply decides what
the results mean; this module only writes).

The generic path (services.py) reads the replicas' current event_seq, inserts the event ids,
then upserts the replicas: three round trips, each with one placeholder per value. Here one
statement does all three, with a handful of parameters:

* `ev`: the batch's events as columns (unnest of uuid[], varchar[], int4[], bool[] arrays,
  sent in binary, so nothing is quoted or parsed as text);
* `prev`: each dossier's current event_seq, one index probe per distinct dossier (a
  correlated subquery: the plan does not depend on the table's statistics, which a fresh hub
  lacks);
* `ins`: INSERT the event ids ... ON CONFLICT (event_id) DO NOTHING RETURNING — the ids
  returned are new, every other one is a duplicate (THE idempotency check, done by the unique
  index, so two concurrent deliveries of one batch cannot both apply it); `stale` = not newer
  than `prev`;
* `up`: upsert the newest event of each dossier (chosen by the caller) if `ins` returned it
  as new and not stale, with ON CONFLICT ... DO UPDATE ... WHERE replica.event_seq <
  excluded.event_seq, so an earlier status never overwrites a later one, even between
  concurrent transactions. The documents come as one JSON array dumped once (pydantic, in
  Rust) and taken apart by jsonb_array_elements; the replica's columns are read from it.

All sub-statements of one statement see the same snapshot, so `prev` is the state before
the batch. Rows are sorted by their conflict key so that concurrent batches touching the same
dossiers lock them in the same order (no deadlock). Parameters are bound server-side: the
~1 MB JSON of a batch is sent apart from the query text, not quoted into it.
"""

from uuid import UUID

from django.conf import settings
from django.db import connection
from pydantic import TypeAdapter

from motcua.sync.contract import DossierEventV1, EventBatchV1
from motcua.sync.models import AppliedEvent, ReplicaDossier

REPLICA_FIELDS = [
    "province", "code", "procedure_code", "handling_agency", "receiving_agency", "channel",
    "status", "day", "received_at", "due_at", "finished_at", "returned_at", "event_seq",
    "event_at", "last_event_id", "state", "applied_at",
]  # fmt: skip
APPLIED_FIELDS = ["event_id", "province", "code", "event_seq", "stale", "batch_id", "received_at"]

_EVENTS_JSON = TypeAdapter(list[DossierEventV1])


def _replica_select() -> str:
    """The SELECT list (in REPLICA_FIELDS order) building a replica row from an event document
    `d` (its model_dump_json, so `state` is what the generic path stores)."""

    def at(key: str) -> str:
        return f"(d->>'{key}')::timestamptz"

    expressions = {
        "province": "%(province)s",
        "code": "d->>'code'",
        "procedure_code": "d->>'procedure_code'",
        "handling_agency": "d->>'handling_agency'",
        "receiving_agency": "d->>'receiving_agency'",
        "channel": "(d->>'channel')::smallint",
        "status": "(d->>'status')::smallint",
        # digest_day: the submission, else reception, date in the country's time zone.
        "day": "(COALESCE(" + at("submitted_at") + ", " + at("received_at") + ")"
        " AT TIME ZONE %(tz)s)::date",
        "received_at": at("received_at"),
        "due_at": at("due_at"),
        "finished_at": at("finished_at"),
        "returned_at": at("returned_at"),
        "event_seq": "(d->>'event_seq')::integer",
        "event_at": at("at"),
        "last_event_id": "(d->>'event_id')::uuid",
        "state": "d",
        "applied_at": "%(now)s",
    }
    return ", ".join(expressions[name] for name in REPLICA_FIELDS)


def _sql() -> str:
    q = connection.ops.quote_name
    replica = q(ReplicaDossier._meta.db_table)
    applied = q(AppliedEvent._meta.db_table)
    applied_columns = ", ".join(q(AppliedEvent._meta.get_field(n).column) for n in APPLIED_FIELDS)
    replica_columns = [q(ReplicaDossier._meta.get_field(n).column) for n in REPLICA_FIELDS]
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in replica_columns[2:])
    seq, code, event_id = q("event_seq"), q("code"), q("event_id")
    return (
        "WITH ev AS ("
        "  SELECT * FROM unnest(%(ids)b::uuid[], %(codes)b::varchar[], %(seqs)b::int4[],"
        "   %(snapshots)b::bool[]) AS t(event_id, code, event_seq, snapshot)"
        "), prev AS MATERIALIZED ("
        f"  SELECT c.code, (SELECT r.{seq} FROM {replica} r"
        f"   WHERE r.{q('province')} = %(province)s AND r.{code} = c.code) AS event_seq"
        "  FROM unnest(%(distinct_codes)b::varchar[]) AS c(code)"
        "), ins AS ("
        f"  INSERT INTO {applied} ({applied_columns})"
        "  SELECT ev.event_id, %(province)s, ev.code, ev.event_seq,"
        "   NOT (ev.event_seq > COALESCE(prev.event_seq, 0)"
        "        OR (ev.snapshot AND ev.event_seq = prev.event_seq)),"
        "   %(batch_id)s, %(now)s"
        "  FROM ev JOIN prev ON prev.code = ev.code ORDER BY ev.event_id"
        f"  ON CONFLICT ({event_id}) DO NOTHING RETURNING {event_id}, {q('stale')}"
        "), up AS ("
        f"  INSERT INTO {replica} AS r ({', '.join(replica_columns)})"
        f"  SELECT {_replica_select()}"
        "  FROM jsonb_array_elements(%(docs)s::jsonb) AS d"
        f"  WHERE (d->>'event_id')::uuid IN (SELECT {event_id} FROM ins WHERE NOT {q('stale')})"
        "  ORDER BY d->>'code'"
        f"  ON CONFLICT ({q('province')}, {code}) DO UPDATE SET {updates}"
        # A snapshot (reconciliation) may rewrite the state at an equal seq; an event may not.
        f"  WHERE r.{seq} < EXCLUDED.{seq}"
        f"   OR (r.{seq} = EXCLUDED.{seq} AND EXCLUDED.{q('state')}->'snapshot' = 'true')"
        ")"
        f" SELECT {event_id}, {q('stale')} FROM ins"
    )


def ingest_write_pg(
    *,
    province: str,
    batch: EventBatchV1,
    events: list[DossierEventV1],
    newest: list[DossierEventV1],
    now,
) -> tuple[set[UUID], set[UUID]]:
    """Record `events` (distinct ids) and upsert the replicas from `newest` (the newest event
    of each dossier in the batch); returns (new event ids, the stale ones among them)."""
    if not events:
        return set(), set()
    import psycopg

    params = {
        "ids": [e.event_id for e in events],
        "codes": [e.code for e in events],
        "seqs": [e.event_seq for e in events],
        "snapshots": [e.snapshot for e in events],
        "distinct_codes": sorted({e.code for e in events}),
        "province": province,
        "batch_id": batch.batch_id,
        "now": now,
        "tz": settings.TIME_ZONE,
        "docs": _EVENTS_JSON.dump_json(newest).decode(),
    }
    connection.ensure_connection()
    # A plain psycopg cursor on Django's connection (same transaction): server-side binding.
    with psycopg.Cursor(connection.connection) as cursor:
        # The planner's row estimates for unnest() push the cost over jit_above_cost, and
        # compiling the plan (≈ 15–20 ms) would cost more than running it.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(_sql(), params)
        rows = cursor.fetchall()
    return {event_id for event_id, _ in rows}, {event_id for event_id, stale in rows if stale}
