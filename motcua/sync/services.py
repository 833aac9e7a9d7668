"""Hub side: province credentials, request authentication, idempotent ordered ingest.

ingest_apply takes one batch in one transaction, in a constant number of statements:

1. read the replicas' current `event_seq` for the batch's dossiers (one SELECT);
2. INSERT the event ids into AppliedEvent ... ON CONFLICT DO NOTHING RETURNING event_id —
   the ids returned are new, every other one is a duplicate (THE idempotency check, done by
   the unique index, so two concurrent deliveries of one batch cannot both apply it);
3. upsert the newest new event of each dossier into ReplicaDossier with
   ON CONFLICT (province, code) DO UPDATE ... WHERE replica.event_seq < excluded.event_seq,
   so an earlier status never overwrites a later one, even between concurrent transactions;
4. write one IngestLog row.

SQLite (≥ 3.35) runs multi-row VALUES statements (upsert with WHERE and RETURNING). On
PostgreSQL the same three statements take their rows as arrays (unnest) and the replicas as
one JSON array (jsonb_array_elements), with server-side binding: a few parameters per
statement instead of 17 per row, which psycopg and the server would otherwise parse and plan
(see the section "PostgreSQL" below).
"""

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, timedelta
from uuid import UUID

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from pydantic import TypeAdapter, ValidationError

from motcua.core.errors import ApplicationError, PermissionDeniedError
from motcua.sync import signing
from motcua.sync.contract import (
    DossierEventV1,
    EventBatchV1,
    IngestResponseV1,
    IngestResultV1,
)
from motcua.sync.digest import digest_day
from motcua.sync.models import AppliedEvent, IngestLog, ProvinceCredential, ReplicaDossier

# Keep each statement under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
MAX_PARAMS = 30_000
REPLICA_FIELDS = [
    "province", "code", "procedure_code", "handling_agency", "receiving_agency", "channel",
    "status", "day", "received_at", "due_at", "finished_at", "returned_at", "event_seq",
    "event_at", "last_event_id", "state", "applied_at",
]  # fmt: skip
APPLIED_FIELDS = ["event_id", "province", "code", "event_seq", "stale", "batch_id", "received_at"]


class UnauthenticatedError(ApplicationError):
    def __init__(self, message_en: str) -> None:
        super().__init__(
            "Yêu cầu đồng bộ không xác thực được.",
            message_en=message_en,
            code="unauthenticated",
            status=401,
        )


# --- credentials and authentication ----------------------------------------------------------


def _master_key() -> str:
    return getattr(settings, "MOTCUA_HUB_MASTER_KEY", None) or settings.SECRET_KEY


def credential_create(*, province: str, note: str = "") -> tuple[ProvinceCredential, str]:
    """A new credential for `province`; returns it and its secret (shown once, never stored)."""
    if not province.isdigit() or len(province) > 8:
        raise ApplicationError(
            "Mã tỉnh phải là chữ số, ví dụ 33.", message_en="Province code must be digits."
        )
    credential = ProvinceCredential.objects.create(
        province_code=province, key_id=signing.key_id_new(), note=note
    )
    secret = signing.secret_derive(
        master_key=_master_key(), province=province, key_id=credential.key_id
    )
    return credential, secret


def credential_revoke(*, credential: ProvinceCredential) -> None:
    ProvinceCredential.objects.filter(pk=credential.pk).update(is_active=False)


def request_authenticate(
    *, headers: Mapping[str, str], method: str, path: str, body: bytes, now: float | None = None
) -> ProvinceCredential:
    """The credential that signed this request, or UnauthenticatedError (401)."""
    province = headers.get(signing.H_PROVINCE, "")
    key_id = headers.get(signing.H_KEY_ID, "")
    timestamp = headers.get(signing.H_TIMESTAMP, "")
    nonce = headers.get(signing.H_NONCE, "")
    signature = headers.get(signing.H_SIGNATURE, "")
    if not (province and key_id and timestamp and nonce and signature):
        raise UnauthenticatedError("Missing signature headers.")
    try:
        skew = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        raise UnauthenticatedError("Bad timestamp.") from None
    if skew > signing.MAX_SKEW_S:
        raise UnauthenticatedError(f"Timestamp outside ±{signing.MAX_SKEW_S} s of the hub clock.")
    credential = ProvinceCredential.objects.filter(
        key_id=key_id, province_code=province, is_active=True
    ).first()
    secret = signing.secret_derive(master_key=_master_key(), province=province, key_id=key_id)
    message = signing.canonical(
        method=method, path=path, province=province, timestamp=timestamp, nonce=nonce, body=body
    )
    # Compare even without a credential so timing does not tell which key ids exist.
    matches = signing.signature_matches(secret=secret, message=message, signature=signature)
    if credential is None or not matches:
        raise UnauthenticatedError("Bad signature or unknown credential.")
    now_dt = timezone.now()
    if credential.last_used_at is None or now_dt - credential.last_used_at > timedelta(minutes=1):
        ProvinceCredential.objects.filter(pk=credential.pk).update(last_used_at=now_dt)
    return credential


# --- ingest ----------------------------------------------------------------------------------


@dataclass
class ParsedBatch:
    batch: EventBatchV1
    rejected: list[IngestResultV1]


def ingest_parse(*, body: bytes, province: str) -> ParsedBatch:
    """Validate a batch body; a bad event is rejected alone, a bad envelope refuses all (422)."""
    try:
        return ParsedBatch(EventBatchV1.model_validate_json(body), [])
    except ValidationError:
        pass
    try:
        raw = json.loads(body)
        envelope = EventBatchV1.model_validate({**raw, "events": []})
        items = raw["events"]
        if not isinstance(items, list):
            raise TypeError("events must be a list")
    except (ValueError, TypeError, KeyError, ValidationError) as exc:
        raise ApplicationError(
            "Lô sự kiện không đúng định dạng.",
            message_en=f"Invalid batch envelope: {str(exc)[:300]}",
            code="invalid_batch",
            status=422,
        ) from None
    events, rejected = [], []
    for item in items:
        try:
            events.append(DossierEventV1.model_validate(item))
        except ValidationError as exc:
            event_id = item.get("event_id") if isinstance(item, dict) else None
            try:
                event_id = UUID(str(event_id)) if event_id else None
            except ValueError:
                event_id = None
            rejected.append(
                IngestResultV1(event_id=event_id, result="rejected", error=str(exc)[:500])
            )
    return ParsedBatch(envelope.model_copy(update={"events": events}), rejected)


def ingest_apply(
    *, province: str, batch: EventBatchV1, rejected: Iterable[IngestResultV1] = ()
) -> IngestResponseV1:
    """Apply a batch of `province` (already authenticated); see the module docstring."""
    if batch.province != province:
        raise PermissionDeniedError(
            "Khóa của tỉnh này không được ghi dữ liệu của tỉnh khác.",
            "This credential cannot write another province's dossiers.",
        )
    started = time.perf_counter()
    rejected = list(rejected)
    now = timezone.now()
    events = list({e.event_id: e for e in reversed(batch.events)}.values())[::-1]  # first wins
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        codes = {e.code for e in events}
        previous = (_previous_seqs_pg if postgres else _previous_seqs)(
            province=province, codes=codes
        )

        def newer(event: DossierEventV1, seq_before: int) -> bool:
            return event.event_seq > seq_before or (
                event.snapshot and event.event_seq == seq_before
            )

        stale_ids = {e.event_id for e in events if not newer(e, previous.get(e.code, 0))}
        new_ids = (_applied_insert_pg if postgres else _applied_insert)(
            province=province, batch=batch, events=events, stale_ids=stale_ids, now=now
        )
        newest: dict[str, DossierEventV1] = {}
        for event in events:
            if event.event_id not in new_ids or event.event_id in stale_ids:
                continue
            kept = newest.get(event.code)
            if kept is None or event.event_seq > kept.event_seq:
                newest[event.code] = event
        (_replicas_upsert_pg if postgres else _replicas_upsert)(
            province=province, events=list(newest.values()), now=now
        )
        results, seen = [], set()
        for e in batch.events:
            if e.event_id not in new_ids or e.event_id in seen:
                result = "duplicate"
            else:
                result = "stale" if e.event_id in stale_ids else "applied"
            seen.add(e.event_id)
            results.append(IngestResultV1(event_id=e.event_id, result=result))
        results += rejected
        counts = {kind: 0 for kind in ("applied", "duplicate", "stale", "rejected")}
        for result in results:
            counts[result.result] += 1
        IngestLog.objects.create(
            batch_id=batch.batch_id,
            province=province,
            received=len(batch.events) + len(rejected),
            applied=counts["applied"],
            duplicates=counts["duplicate"],
            stale=counts["stale"],
            errors=counts["rejected"],
            error_sample=rejected[0].error[:1000] if rejected else "",
            at=now,
            duration_ms=int((time.perf_counter() - started) * 1000),
        )
    return IngestResponseV1(
        batch_id=batch.batch_id,
        applied=counts["applied"],
        duplicates=counts["duplicate"],
        stale=counts["stale"],
        rejected=counts["rejected"],
        results=results,
    )


def _prep(model, names: list[str]):
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


def _chunks(rows: list, width: int) -> Iterable[list]:
    size = max(1, MAX_PARAMS // width)
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _applied_insert(
    *, province: str, batch: EventBatchV1, events: list[DossierEventV1], stale_ids: set, now
) -> set[UUID]:
    if not events:
        return set()
    preps, columns = _prep(AppliedEvent, APPLIED_FIELDS)
    table = connection.ops.quote_name(AppliedEvent._meta.db_table)
    event_id_column = connection.ops.quote_name("event_id")
    rows = [
        (e.event_id, province, e.code, e.event_seq, e.event_id in stale_ids, batch.batch_id, now)
        for e in events
    ]
    inserted: set[UUID] = set()
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, len(columns)):
            row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                + ", ".join([row_sql] * len(chunk))
                + f" ON CONFLICT ({event_id_column}) DO NOTHING RETURNING {event_id_column}"
            )
            params = [prep(value) for row in chunk for prep, value in zip(preps, row, strict=True)]
            cursor.execute(sql, params)
            inserted.update(UUID(str(value)) for (value,) in cursor.fetchall())
    return inserted


def _replicas_upsert(*, province: str, events: list[DossierEventV1], now) -> None:
    if not events:
        return
    preps, columns = _prep(ReplicaDossier, REPLICA_FIELDS)
    q = connection.ops.quote_name
    table = q(ReplicaDossier._meta.db_table)
    seq = q("event_seq")
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[2:])
    # A snapshot (reconciliation) may rewrite the state at an equal seq; an event may not.
    for snapshot in (False, True):
        group = [e for e in events if e.snapshot is snapshot]
        if not group:
            continue
        guard = (
            f"{table}.{seq} <= excluded.{seq}" if snapshot else f"{table}.{seq} < excluded.{seq}"
        )
        rows = [
            (
                province, e.code, e.procedure_code, e.handling_agency, e.receiving_agency,
                e.channel, e.status, digest_day(submitted_at=e.submitted_at, received_at=e.received_at),
                e.received_at, e.due_at, e.finished_at, e.returned_at, e.event_seq, e.at,
                e.event_id, e.model_dump_json(), now,
            )
            for e in group
        ]  # fmt: skip
        with connection.cursor() as cursor:
            for chunk in _chunks(rows, len(columns)):
                row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
                sql = (
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                    + ", ".join([row_sql] * len(chunk))
                    + f" ON CONFLICT ({q('province')}, {q('code')}) DO UPDATE SET {updates}"
                    + f" WHERE {guard}"
                )
                params = [prep(v) for row in chunk for prep, v in zip(preps, row, strict=True)]
                cursor.execute(sql, params)


# --- PostgreSQL: a constant number of short statements, the rows passed as arrays / JSON -----
#
# The generic path above spells out every value as a placeholder: on PostgreSQL, psycopg's
# query conversion and the server's parse/plan of a 17,000-parameter VALUES list cost more
# than the rows themselves. Here each statement has a handful of parameters: columns as
# arrays through unnest(), the replicas' documents as one JSON array dumped once (in Rust)
# and taken apart by jsonb_array_elements(). Rows are sorted by their conflict key so that
# concurrent batches touching the same dossiers lock them in the same order (no deadlock).


def _pg_cursor():
    """A cursor with server-side parameter binding on Django's connection (same transaction).

    Django's psycopg cursors bind client-side: every value is quoted into the SQL text, which
    the server then lexes again — for the ~800 kB JSON of a 1,000-event batch that is several
    milliseconds on each side. Server-side binding sends the values apart from the query."""
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def _previous_seqs(*, province: str, codes: set[str]) -> dict[str, int]:
    return dict(
        ReplicaDossier.objects.filter(province=province, code__in=codes).values_list(
            "code", "event_seq"
        )
    )


def _previous_seqs_pg(*, province: str, codes: set[str]) -> dict[str, int]:
    if not codes:
        return {}
    q = connection.ops.quote_name
    # A join, not `code = ANY(array)`: on a table without statistics yet the planner may
    # scan it and compare each row with the whole array (rows × batch comparisons).
    with _pg_cursor() as cursor:
        cursor.execute(
            f"SELECT r.{q('code')}, r.{q('event_seq')} FROM {q(ReplicaDossier._meta.db_table)} r"
            f" JOIN unnest(%s::varchar[]) AS c(code) ON r.{q('code')} = c.code"
            f" WHERE r.{q('province')} = %s",
            [list(codes), province],
        )
        return dict(cursor.fetchall())


def _applied_insert_pg(
    *, province: str, batch: EventBatchV1, events: list[DossierEventV1], stale_ids: set, now
) -> set[UUID]:
    if not events:
        return set()
    q = connection.ops.quote_name
    columns = ", ".join(q(AppliedEvent._meta.get_field(n).column) for n in APPLIED_FIELDS)
    sql = (
        f"INSERT INTO {q(AppliedEvent._meta.db_table)} ({columns})"
        " SELECT t.event_id, %s, t.code, t.event_seq, t.stale, %s, %s"
        " FROM unnest(%s::uuid[], %s::varchar[], %s::integer[], %s::boolean[])"
        " AS t(event_id, code, event_seq, stale) ORDER BY t.event_id"
        f" ON CONFLICT ({q('event_id')}) DO NOTHING RETURNING {q('event_id')}"
    )
    params = [
        province,
        batch.batch_id,
        now,
        [e.event_id for e in events],
        [e.code for e in events],
        [e.event_seq for e in events],
        [e.event_id in stale_ids for e in events],
    ]
    with _pg_cursor() as cursor:
        cursor.execute(sql, params)
        return {value for (value,) in cursor.fetchall()}


_EVENTS_JSON = TypeAdapter(list[DossierEventV1])


def _replica_select_pg() -> str:
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


def _replicas_upsert_pg(*, province: str, events: list[DossierEventV1], now) -> None:
    if not events:
        return
    q = connection.ops.quote_name
    table = q(ReplicaDossier._meta.db_table)
    columns = [q(ReplicaDossier._meta.get_field(n).column) for n in REPLICA_FIELDS]
    seq = q("event_seq")
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns[2:])
    sql = (
        f"INSERT INTO {table} AS r ({', '.join(columns)})"
        f" SELECT {_replica_select_pg()}"
        " FROM jsonb_array_elements(%(docs)s::jsonb) AS d ORDER BY d->>'code'"
        f" ON CONFLICT ({q('province')}, {q('code')}) DO UPDATE SET {updates}"
        # A snapshot (reconciliation) may rewrite the state at an equal seq; an event may not.
        f" WHERE r.{seq} < EXCLUDED.{seq}"
        f" OR (r.{seq} = EXCLUDED.{seq} AND EXCLUDED.{q('state')}->'snapshot' = 'true')"
    )
    params = {
        "province": province,
        "tz": settings.TIME_ZONE,
        "now": now,
        "docs": _EVENTS_JSON.dump_json(events).decode(),
    }
    with _pg_cursor() as cursor:
        cursor.execute(sql, params)
