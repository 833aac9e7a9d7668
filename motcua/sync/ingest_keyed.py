"""Hub ingest of the v1.2 event streams: PAKN (`FeedbackEventV1` → `ReplicaFeedback`) and
dossier ratings (`RatingEventV1` → `ReplicaRating`), in the caller's transaction.

The same rules as dossier events (services.py), per key (the PAKN reference, the rated
dossier's code) instead of per dossier:

1. read the replicas' current `event_seq` for the batch's keys (one SELECT);
2. INSERT the event ids into AppliedEvent ... ON CONFLICT DO NOTHING RETURNING event_id —
   the ids returned are new, every other one is a duplicate (the unique index decides, so two
   concurrent deliveries of one batch cannot both apply it);
3. upsert the newest new event of each key with ON CONFLICT ... DO UPDATE ... WHERE
   replica.event_seq < excluded.event_seq (≤ for a reconciliation snapshot), so an earlier
   state never overwrites a later one, even between concurrent transactions.

PAKN and ratings are few (a handful per agency and month), so one portable path serves
SQLite and PostgreSQL.
"""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from django.db import connection
from pydantic import BaseModel

from motcua.sync.contract import FeedbackEventV1, RatingEventV1
from motcua.sync.ingest_sql import applied_insert, chunks, column_preps
from motcua.sync.models import ReplicaFeedback, ReplicaRating

APPLIED_COLUMNS = [
    "event_id", "province", "stream", "code", "event_seq", "stale", "batch_id", "received_at",
]  # fmt: skip


@dataclass(frozen=True)
class Stream:
    """One keyed event stream: its name in AppliedEvent, its replica table and columns (the
    first two are the conflict key: province and the key), and how an event fills them."""

    name: str
    model: type
    key: Callable[[BaseModel], str]
    fields: tuple[str, ...]
    row: Callable[[str, BaseModel, object], tuple]


def _feedback_row(province: str, e: FeedbackEventV1, now) -> tuple:
    return (
        province, e.reference, e.handling_agency, e.status, e.category, e.dossier_code,
        e.procedure_code, e.procedure_field_code, e.repeat_of, e.received_at,
        e.started_at or e.received_at, e.rejected_at, e.first_supplement_at, e.answered_at,
        e.published_at, e.likes, e.dislikes, e.event_seq, e.at, e.event_id, e.model_dump_json(),
        now,
    )  # fmt: skip


def _rating_row(province: str, e: RatingEventV1, now) -> tuple:
    return (
        province, e.dossier_code, e.procedure_code, e.procedure_field_code, e.score,
        e.event_seq, e.at, e.event_id, e.model_dump_json(), now,
    )  # fmt: skip


FEEDBACK_FIELDS = (
    "province", "reference", "handling_agency", "status", "category", "dossier_code",
    "procedure_code", "procedure_field_code", "repeat_of", "received_at", "started_at",
    "rejected_at", "first_supplement_at", "answered_at", "published_at", "likes", "dislikes",
    "event_seq", "event_at", "last_event_id", "state", "applied_at",
)  # fmt: skip
RATING_FIELDS = (
    "province", "dossier_code", "procedure_code", "procedure_field_code", "score", "event_seq",
    "event_at", "last_event_id", "state", "applied_at",
)  # fmt: skip
FEEDBACK = Stream(
    "feedback", ReplicaFeedback, lambda e: e.reference, FEEDBACK_FIELDS, _feedback_row
)
RATING = Stream("rating", ReplicaRating, lambda e: e.dossier_code, RATING_FIELDS, _rating_row)


def _newer(event, seq_before: int) -> bool:
    """A new event moves the replica forward; a snapshot may rewrite an equal seq."""
    return event.event_seq > seq_before or (event.snapshot and event.event_seq == seq_before)


def keyed_write(
    *, stream: Stream, province: str, batch_id: UUID, events: list, now
) -> tuple[set[UUID], set[UUID]]:
    """Record `events` (distinct ids, in batch order) and upsert the replicas from the newest
    event of each key; returns (new event ids, the stale ones among them)."""
    if not events:
        return set(), set()
    key_field = stream.fields[1]
    previous = dict(
        stream.model.objects.filter(
            province=province, **{f"{key_field}__in": {stream.key(e) for e in events}}
        ).values_list(key_field, "event_seq")
    )
    stale_ids = {e.event_id for e in events if not _newer(e, previous.get(stream.key(e), 0))}
    new_ids = _applied_insert(
        stream=stream, province=province, batch_id=batch_id, events=events, stale_ids=stale_ids,
        now=now,
    )  # fmt: skip
    newest: dict[str, BaseModel] = {}
    for event in events:
        kept = newest.get(stream.key(event))
        if kept is None or _newer(event, kept.event_seq):
            newest[stream.key(event)] = event
    _replicas_upsert(
        stream=stream,
        province=province,
        events=[e for e in newest.values() if e.event_id in new_ids - stale_ids],
        now=now,
    )
    return new_ids, stale_ids & new_ids


def _applied_insert(
    *, stream: Stream, province: str, batch_id: UUID, events: list, stale_ids: set, now
) -> set[UUID]:
    rows = [
        (e.event_id, province, stream.name, stream.key(e), e.event_seq, e.event_id in stale_ids,
         batch_id, now)
        for e in events
    ]  # fmt: skip
    return applied_insert(APPLIED_COLUMNS, rows)


def _replicas_upsert(*, stream: Stream, province: str, events: list, now) -> None:
    if not events:
        return
    preps, columns = column_preps(stream.model, list(stream.fields))
    q = connection.ops.quote_name
    table, seq = q(stream.model._meta.db_table), q("event_seq")
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[2:])
    for snapshot in (False, True):
        group = sorted(
            (e for e in events if e.snapshot is snapshot), key=stream.key
        )  # key order: concurrent batches lock rows in the same order
        if not group:
            continue
        guard = f"{table}.{seq} {'<=' if snapshot else '<'} excluded.{seq}"
        rows = [stream.row(province, e, now) for e in group]
        with connection.cursor() as cursor:
            for chunk in chunks(rows, len(columns)):
                row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
                sql = (
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                    + ", ".join([row_sql] * len(chunk))
                    + f" ON CONFLICT ({columns[0]}, {columns[1]}) DO UPDATE SET {updates}"
                    + f" WHERE {guard}"
                )
                params = [prep(v) for row in chunk for prep, v in zip(preps, row, strict=True)]
                cursor.execute(sql, params)
