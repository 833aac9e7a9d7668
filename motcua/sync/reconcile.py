"""Province side: compare digests with the hub and re-send what differs.

1. compute this node's digest (per handling agency and day) and fetch the hub's;
2. for each agency-day whose count or hash differs, fetch the hub's lines of that bucket;
3. every dossier whose `code:status:event_seq` differs there (or that the hub lacks) gets a
   synthetic "snapshot" event with its current state and newest event_seq, enqueued to the
   hub like any event. Safe: the hub applies by event id and never goes back in event_seq,
   so a snapshot that races a newer event is ignored as stale.

Dossiers that already have messages waiting for the hub (pending, or dead and blocking) are
not re-sent: they converge when their line drains, or after an operator re-drive.

Scheduling: `manage.py sync_reconcile --loop` (a process beside `db_worker`), or the same
command without `--loop` from cron, hourly. Not a self-rescheduling django.tasks task: the
task backend has no periodic tasks and no de-duplication, so such a chain needs a lease row
(or a restart or a second worker starts a second chain) and a first kick, and it stops for
good, silently, the first time a re-enqueue fails; a supervised loop or a cron line restarts
by itself. The exchange is hourly, idempotent and cheap, so either costs nothing.
"""

import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx
from django.db import transaction

from motcua.dossiers.events import event_payload
from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_enqueue
from motcua.sync.client import DIGEST_PATH, SNAPSHOT_KIND, hub_configured, hub_request
from motcua.sync.contract import DigestLinesV1, DigestV1
from motcua.sync.digest import Line, digest_rows
from motcua.sync.selectors import dossier_lines, dossiers_with_latest_event

logger = logging.getLogger(__name__)
HUB_DESTINATION = "hub"
ENQUEUE_CHUNK = 500


class HubUnavailableError(RuntimeError):
    pass


@dataclass
class ReconcileReport:
    buckets: int = 0
    divergent_buckets: list[tuple[str, str]] = field(default_factory=list)
    resent: int = 0
    in_flight: int = 0
    blocked: int = 0
    unknown_on_province: list[str] = field(default_factory=list)

    @property
    def converged(self) -> bool:
        return not self.divergent_buckets


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


def hub_digest_fetch() -> DigestV1:
    _, _, province = hub_configured()
    return DigestV1.model_validate(_hub_get(DIGEST_PATH, {"province": province}))


def hub_bucket_fetch(*, agency: str, day: str) -> DigestLinesV1:
    _, _, province = hub_configured()
    params = {"province": province, "agency": agency, "day": day}
    return DigestLinesV1.model_validate(_hub_get(DIGEST_PATH, params))


def sync_reconcile(*, dry_run: bool = False) -> ReconcileReport:
    """One digest exchange; raises HubUnavailableError when the hub cannot be asked."""
    buckets: dict[tuple[str, str], list[Line]] = {}
    for line in dossier_lines():
        buckets.setdefault((line.agency, line.day), []).append(line)
    ours = {
        (r.agency, r.day): r for r in digest_rows(lines=(x for b in buckets.values() for x in b))
    }
    theirs = {(r.agency, r.day): r for r in hub_digest_fetch().rows}
    report = ReconcileReport(buckets=len(ours.keys() | theirs.keys()))
    report.divergent_buckets = sorted(
        key
        for key in ours.keys() | theirs.keys()
        if key not in ours
        or key not in theirs
        or (ours[key].count, ours[key].sha256) != (theirs[key].count, theirs[key].sha256)
    )
    if not report.divergent_buckets:
        return report
    all_codes = {line.code for lines in buckets.values() for line in lines}
    differing: set[str] = set()
    for agency, day in report.divergent_buckets:
        hub_lines = {
            line.code: (line.status, line.event_seq)
            for line in hub_bucket_fetch(agency=agency, day=day).lines
        }
        mine = {line.code: (line.status, line.event_seq) for line in buckets.get((agency, day), [])}
        differing.update(code for code, state in mine.items() if hub_lines.get(code) != state)
        report.unknown_on_province += sorted(code for code in hub_lines if code not in all_codes)
    waiting = dict(
        OutboxMessage.objects.filter(
            destination=HUB_DESTINATION,
            key__in=differing,
            state__in=[OutboxState.PENDING, OutboxState.DEAD],
        )
        .values_list("key", "state")
        .order_by()
    )
    report.in_flight = sum(1 for state in waiting.values() if state == OutboxState.PENDING)
    report.blocked = len(waiting) - report.in_flight
    to_send = sorted(differing - waiting.keys())
    if not dry_run:
        for start in range(0, len(to_send), ENQUEUE_CHUNK):
            report.resent += _snapshots_enqueue(codes=to_send[start : start + ENQUEUE_CHUNK])
    if report.unknown_on_province:
        logger.warning(
            "sync: the hub has %s dossier(s) this node does not know, e.g. %s",
            len(report.unknown_on_province),
            report.unknown_on_province[:5],
        )
    return report


def _snapshots_enqueue(*, codes: list[str]) -> int:
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
