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

A batch may hold several events of one dossier (a province drains a dossier's backlog in
order): all that are new and newer than the replica are `applied`, and the replica ends at
the newest of them, which is what applying them one by one in order would leave.

SQLite (≥ 3.35) runs multi-row VALUES statements (upsert with WHERE and RETURNING). On
PostgreSQL steps 1–3 are one statement with array and JSON parameters (ingest_pg.py).

PAKN and dossier rating events (contract v1.2, `feedback_events`, `rating_events`) go through
steps 1–3 per PAKN reference / rated dossier (ingest_keyed.py), in the same transaction,
before the log row; a batch without them costs nothing more.
"""

import json
import time
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from pydantic import TypeAdapter, ValidationError

from motcua.core.errors import ApplicationError, PermissionDeniedError
from motcua.outbox.gcpause import gc_paused
from motcua.sync import signing
from motcua.sync.contract import (
    DossierEventV1,
    EventBatchV1,
    FeedbackEventV1,
    IngestResponseV1,
    IngestResultV1,
    RatingEventV1,
)
from motcua.sync.digest import digest_day
from motcua.sync.ingest_keyed import FEEDBACK, RATING, keyed_write
from motcua.sync.ingest_pg import APPLIED_FIELDS, REPLICA_FIELDS, ingest_write_pg
from motcua.sync.ingest_sql import applied_insert, chunks, column_preps
from motcua.sync.models import IngestLog, ProvinceCredential, ReplicaDossier

_RESULTS = TypeAdapter(list[IngestResultV1])
# The batch's event lists (contract v1.2 added the last two), in the order of the results.
EVENT_LISTS = {
    "events": DossierEventV1,
    "feedback_events": FeedbackEventV1,
    "rating_events": RatingEventV1,
}
GZIP_MAGIC = b"\x1f\x8b"
# The client splits batches at 2 MB of JSON; a little room for a newer client's larger ones.
MAX_INFLATED_BYTES = 8_000_000


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


def _inflate(body: bytes) -> bytes:
    """A gzipped body (the province client sends `Content-Encoding: gzip`), inflated to at
    most MAX_INFLATED_BYTES: a small body must not be allowed to grow without bound."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_INFLATED_BYTES)
    except zlib.error:
        data, inflater = b"", None
    if inflater is None or not inflater.eof or inflater.unconsumed_tail:
        raise ApplicationError(
            "Lô sự kiện nén không đọc được hoặc quá lớn khi giải nén.",
            message_en=f"Unreadable gzip body, or over {MAX_INFLATED_BYTES} bytes inflated.",
            code="invalid_batch",
            status=422,
        )
    return data


@gc_paused()
def ingest_parse(*, body: bytes, province: str) -> ParsedBatch:
    """Validate a batch body; a bad event is rejected alone, a bad envelope refuses all (422).

    A gzip body (recognised by its magic bytes: JSON never starts with them) is inflated
    first; the signature was checked over the bytes received."""
    if body[:2] == GZIP_MAGIC:
        body = _inflate(body)
    try:
        return ParsedBatch(EventBatchV1.model_validate_json(body), [])
    except ValidationError:
        pass
    try:
        raw = json.loads(body)
        envelope = EventBatchV1.model_validate({**raw, **{name: [] for name in EVENT_LISTS}})
        lists = {name: raw[name] if name == "events" else raw.get(name, []) for name in EVENT_LISTS}
        for name, items in lists.items():
            if not isinstance(items, list):
                raise TypeError(f"{name} must be a list")
    except (ValueError, TypeError, KeyError, ValidationError) as exc:
        raise ApplicationError(
            "Lô sự kiện không đúng định dạng.",
            message_en=f"Invalid batch envelope: {str(exc)[:300]}",
            code="invalid_batch",
            status=422,
        ) from None
    valid: dict[str, list] = {}
    rejected = []
    for name, model in EVENT_LISTS.items():
        valid[name] = []
        for item in lists[name]:
            try:
                valid[name].append(model.model_validate(item))
            except ValidationError as exc:
                event_id = item.get("event_id") if isinstance(item, dict) else None
                try:
                    event_id = UUID(str(event_id)) if event_id else None
                except ValueError:
                    event_id = None
                rejected.append(
                    IngestResultV1(event_id=event_id, result="rejected", error=str(exc)[:500])
                )
    return ParsedBatch(envelope.model_copy(update=valid), rejected)


@gc_paused()
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
    newest = _newest_per_dossier(events)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            new_ids, stale_ids = ingest_write_pg(
                province=province, batch=batch, events=events, newest=newest, now=now
            )
        else:
            new_ids, stale_ids = _ingest_write(
                province=province, batch=batch, events=events, newest=newest, now=now
            )
        written = [(batch.events, new_ids, stale_ids)]
        for stream, name in ((FEEDBACK, "feedback_events"), (RATING, "rating_events")):
            listed = getattr(batch, name)
            distinct = list({e.event_id: e for e in reversed(listed)}.values())[::-1]
            written.append(
                (
                    listed,
                    *keyed_write(
                        stream=stream,
                        province=province,
                        batch_id=batch.batch_id,
                        events=distinct,
                        now=now,
                    ),
                )
            )
        outcomes, seen = [], set()
        for listed, new, stale in written:
            for e in listed:
                if e.event_id not in new or e.event_id in seen:
                    result = "duplicate"
                else:
                    result = "stale" if e.event_id in stale else "applied"
                seen.add(e.event_id)
                outcomes.append({"event_id": e.event_id, "result": result})
        # One validation call for the whole list (in Rust): 1,000 model constructions in
        # Python would cost more than the validation itself.
        results = _RESULTS.validate_python(outcomes) + rejected
        counts = {kind: 0 for kind in ("applied", "duplicate", "stale", "rejected")}
        for result in results:
            counts[result.result] += 1
        IngestLog.objects.create(
            batch_id=batch.batch_id,
            province=province,
            received=len(outcomes) + len(rejected),
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


def _newest_per_dossier(events: list[DossierEventV1]) -> list[DossierEventV1]:
    """The event each dossier's replica should end at if the batch is applied in order: the
    highest event_seq; at an equal seq a later snapshot (a re-sent current state) wins."""
    newest: dict[str, DossierEventV1] = {}
    for event in events:
        kept = newest.get(event.code)
        if (
            kept is None
            or event.event_seq > kept.event_seq
            or (event.event_seq == kept.event_seq and event.snapshot)
        ):
            newest[event.code] = event
    return list(newest.values())


# --- the generic path (SQLite): three statements, one placeholder per value ------------------


def _ingest_write(
    *,
    province: str,
    batch: EventBatchV1,
    events: list[DossierEventV1],
    newest: list[DossierEventV1],
    now,
) -> tuple[set[UUID], set[UUID]]:
    """What ingest_pg.ingest_write_pg does, in portable SQL (see the module docstring)."""
    previous = _previous_seqs(province=province, codes={e.code for e in events})

    def newer(event: DossierEventV1, seq_before: int) -> bool:
        return event.event_seq > seq_before or (event.snapshot and event.event_seq == seq_before)

    stale_ids = {e.event_id for e in events if not newer(e, previous.get(e.code, 0))}
    new_ids = _applied_insert(
        province=province, batch=batch, events=events, stale_ids=stale_ids, now=now
    )
    _replicas_upsert(
        province=province,
        events=[e for e in newest if e.event_id in new_ids and e.event_id not in stale_ids],
        now=now,
    )
    return new_ids, stale_ids & new_ids


def _previous_seqs(*, province: str, codes: set[str]) -> dict[str, int]:
    return dict(
        ReplicaDossier.objects.filter(province=province, code__in=codes).values_list(
            "code", "event_seq"
        )
    )


def _applied_insert(
    *, province: str, batch: EventBatchV1, events: list[DossierEventV1], stale_ids: set, now
) -> set[UUID]:
    if not events:
        return set()
    rows = [
        (e.event_id, province, e.code, e.event_seq, e.event_id in stale_ids, batch.batch_id, now)
        for e in events
    ]
    return applied_insert(APPLIED_FIELDS, rows)


def _replicas_upsert(*, province: str, events: list[DossierEventV1], now) -> None:
    if not events:
        return
    preps, columns = column_preps(ReplicaDossier, REPLICA_FIELDS)
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
            for chunk in chunks(rows, len(columns)):
                row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
                sql = (
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                    + ", ".join([row_sql] * len(chunk))
                    + f" ON CONFLICT ({q('province')}, {q('code')}) DO UPDATE SET {updates}"
                    + f" WHERE {guard}"
                )
                params = [prep(v) for row in chunk for prep, v in zip(preps, row, strict=True)]
                cursor.execute(sql, params)
