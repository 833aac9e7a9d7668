"""Province side: compare digests with the hub and re-send what differs.

For each stream (dossiers, and since contract v1.3 PAKN and dossier ratings; digest.py says
how each is bucketed and what its lines are):

1. compute this node's digest (per bucket: agency and day) and fetch the hub's;
2. for each bucket whose count or hash differs, fetch the hub's lines of that bucket;
3. every item whose line differs there (or that the hub lacks) gets a synthetic "snapshot"
   event with its current state and newest event_seq, enqueued to the hub like any event.
   Safe: the hub applies by event id and never goes back in event_seq, so a snapshot that
   races a newer event is ignored as stale.

Items that already have messages waiting for the hub (pending, or dead and blocking) are not
re-sent: they converge when their line drains, or after an operator re-drive.

A hub older than v1.3 ignores `stream` and answers its dossier digest, without saying which
stream it is: the PAKN and rating streams are then skipped with a warning (and reported not
converged), never compared with dossier lines, which would re-send every PAKN and rating.

Scheduling: `manage.py sync_reconcile --loop` (a process beside `db_worker`), or the same
command without `--loop` from cron, hourly. Not a self-rescheduling django.tasks task: the
task backend has no periodic tasks and no de-duplication, so such a chain needs a lease row
(or a restart or a second worker starts a second chain) and a first kick, and it stops for
good, silently, the first time a re-enqueue fails; a supervised loop or a cron line restarts
by itself. The exchange is hourly, idempotent and cheap, so either costs nothing.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx
from django.db import transaction

from motcua.dossiers.events import event_payload
from motcua.feedback.hub_payloads import rating_hub_key
from motcua.feedback.hub_resend import (
    feedback_hub_snapshots_enqueue,
    feedback_syncs_to_hub,
    rating_hub_snapshots_enqueue,
)
from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_enqueue
from motcua.sync.client import DIGEST_PATH, SNAPSHOT_KIND, hub_configured, hub_request
from motcua.sync.contract import DigestLinesV1, DigestV1
from motcua.sync.digest import DOSSIER_STREAM, Line, digest_rows
from motcua.sync.selectors import (
    dossier_lines,
    dossiers_with_latest_event,
    feedback_lines,
    rating_lines,
)

logger = logging.getLogger(__name__)
HUB_DESTINATION = "hub"
ENQUEUE_CHUNK = 500
NOT_SYNCED = "not_synced"  # this node does not send the stream to the hub
HUB_TOO_OLD = "hub_too_old"  # the hub answers no digest of the stream (before contract v1.3)


class HubUnavailableError(RuntimeError):
    pass


@dataclass(frozen=True)
class ReconcileStream:
    """What reconciling one stream needs on the province: its digest lines, how to queue the
    current state of some of its keys (returns how many were queued), the outbox line of a
    key, and whether this node sends the stream at all."""

    name: str
    lines: Callable[[], Iterable[Line]]
    enqueue: Callable[[list[str]], int]
    outbox_key: Callable[[str], str] = str
    synced: Callable[[], bool] = lambda: True


def _dossier_snapshots_enqueue(codes: list[str]) -> int:
    with transaction.atomic():
        pairs = dossiers_with_latest_event(codes=codes)
        for dossier, event in pairs:
            outbox_enqueue(
                destination=HUB_DESTINATION,
                kind=SNAPSHOT_KIND,
                key=dossier.code,
                payload=event_payload(dossier=dossier, event=event),
            )
    return len(pairs)


STREAMS = {
    stream.name: stream
    for stream in (
        ReconcileStream(DOSSIER_STREAM, dossier_lines, _dossier_snapshots_enqueue),
        ReconcileStream(
            "feedback",
            feedback_lines,
            lambda keys: feedback_hub_snapshots_enqueue(references=keys),
            synced=feedback_syncs_to_hub,
        ),
        ReconcileStream(
            "rating",
            rating_lines,
            lambda keys: rating_hub_snapshots_enqueue(dossier_codes=keys),
            outbox_key=lambda code: rating_hub_key(dossier_code=code),
            synced=feedback_syncs_to_hub,
        ),
    )
}


@dataclass
class StreamReport:
    """One stream's exchange. `skipped`: why it was not compared (NOT_SYNCED, HUB_TOO_OLD)."""

    buckets: int = 0
    divergent_buckets: list[tuple[str, str]] = field(default_factory=list)
    resent: int = 0
    in_flight: int = 0
    blocked: int = 0
    unknown_on_province: list[str] = field(default_factory=list)
    skipped: str = ""

    @property
    def converged(self) -> bool:
        return not self.divergent_buckets and self.skipped != HUB_TOO_OLD


@dataclass
class ReconcileReport:
    """Each stream's report, by name. The fields below are the dossier stream's, as they were
    before PAKN and ratings were reconciled; `converged` is every stream's."""

    streams: dict[str, StreamReport] = field(default_factory=dict)

    @property
    def dossier(self) -> StreamReport:
        return self.streams[DOSSIER_STREAM]

    @property
    def buckets(self) -> int:
        return self.dossier.buckets

    @property
    def divergent_buckets(self) -> list[tuple[str, str]]:
        return self.dossier.divergent_buckets

    @property
    def resent(self) -> int:
        return self.dossier.resent

    @property
    def in_flight(self) -> int:
        return self.dossier.in_flight

    @property
    def blocked(self) -> int:
        return self.dossier.blocked

    @property
    def unknown_on_province(self) -> list[str]:
        return self.dossier.unknown_on_province

    @property
    def converged(self) -> bool:
        return all(report.converged for report in self.streams.values())


def _hub_get(path: str, params: dict) -> dict:
    try:
        response = hub_request(method="GET", path=f"{path}?{urlencode(params)}")
    except httpx.HTTPError as exc:
        raise HubUnavailableError(f"hub unreachable: {type(exc).__name__}") from exc
    if response.status_code != 200:
        raise HubUnavailableError(
            f"hub answered HTTP {response.status_code}: {response.text[:200]}"
        )
    return response.json()


def _params(stream: str, **params: str) -> dict:
    """The query of a digest request; the dossier one is the same as before v1.3."""
    _, _, province = hub_configured()
    if stream != DOSSIER_STREAM:
        params["stream"] = stream
    return {"province": province, **params}


def hub_digest_fetch(*, stream: str = DOSSIER_STREAM) -> DigestV1 | None:
    """The hub's digest of `stream`; None when the hub does not have one (a hub before v1.3
    answers dossiers whatever the stream asked, and does not say which stream it answers)."""
    digest = DigestV1.model_validate(_hub_get(DIGEST_PATH, _params(stream)))
    if stream != DOSSIER_STREAM and digest.stream != stream:
        return None
    return digest


def hub_bucket_fetch(*, agency: str, day: str, stream: str = DOSSIER_STREAM) -> DigestLinesV1:
    bucket = DigestLinesV1.model_validate(
        _hub_get(DIGEST_PATH, _params(stream, agency=agency, day=day))
    )
    if stream != DOSSIER_STREAM and bucket.stream != stream:
        raise HubUnavailableError(f"hub answered the lines of {bucket.stream!r}, not {stream!r}")
    return bucket


def sync_reconcile(*, dry_run: bool = False) -> ReconcileReport:
    """One digest exchange per stream; raises HubUnavailableError when the hub cannot be asked."""
    report = ReconcileReport()
    for stream in STREAMS.values():
        report.streams[stream.name] = _stream_reconcile(stream, dry_run=dry_run)
    return report


def _stream_reconcile(stream: ReconcileStream, *, dry_run: bool) -> StreamReport:
    if not stream.synced():
        return StreamReport(skipped=NOT_SYNCED)
    hub_digest = hub_digest_fetch(stream=stream.name)
    if hub_digest is None:
        logger.warning(
            "sync: the hub answers no %s digest (older than contract v1.3): %s not reconciled",
            stream.name,
            stream.name,
        )
        return StreamReport(skipped=HUB_TOO_OLD)
    buckets: dict[tuple[str, str], list[Line]] = {}
    for line in stream.lines():
        buckets.setdefault((line.agency, line.day), []).append(line)
    ours = {
        (r.agency, r.day): r for r in digest_rows(lines=(x for b in buckets.values() for x in b))
    }
    theirs = {(r.agency, r.day): r for r in hub_digest.rows}
    report = StreamReport(buckets=len(ours.keys() | theirs.keys()))
    report.divergent_buckets = sorted(
        key
        for key in ours.keys() | theirs.keys()
        if key not in ours
        or key not in theirs
        or (ours[key].count, ours[key].sha256) != (theirs[key].count, theirs[key].sha256)
    )
    if not report.divergent_buckets:
        return report
    all_keys = {line.code for lines in buckets.values() for line in lines}
    differing: set[str] = set()
    for agency, day in report.divergent_buckets:
        hub_lines = {
            line.code: (line.status, line.event_seq)
            for line in hub_bucket_fetch(agency=agency, day=day, stream=stream.name).lines
        }
        mine = {line.code: (line.status, line.event_seq) for line in buckets.get((agency, day), [])}
        differing.update(key for key, state in mine.items() if hub_lines.get(key) != state)
        report.unknown_on_province += sorted(key for key in hub_lines if key not in all_keys)
    outbox_keys = {stream.outbox_key(key): key for key in differing}
    waiting = dict(
        OutboxMessage.objects.filter(
            destination=HUB_DESTINATION,
            key__in=outbox_keys,
            state__in=[OutboxState.PENDING, OutboxState.DEAD],
        )
        .values_list("key", "state")
        .order_by()
    )
    report.in_flight = sum(1 for state in waiting.values() if state == OutboxState.PENDING)
    report.blocked = len(waiting) - report.in_flight
    to_send = sorted(differing - {outbox_keys[key] for key in waiting})
    if not dry_run:
        for start in range(0, len(to_send), ENQUEUE_CHUNK):
            report.resent += stream.enqueue(to_send[start : start + ENQUEUE_CHUNK])
    if report.unknown_on_province:
        logger.warning(
            "sync: the hub has %s %s item(s) this node does not know, e.g. %s",
            len(report.unknown_on_province),
            stream.name,
            report.unknown_on_province[:5],
        )
    return report
