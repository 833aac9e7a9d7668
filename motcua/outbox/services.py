"""Every write to the outbox: enqueue inside the business transaction, dispatch, re-drive.

Delivery is at-least-once: a message can reach its destination twice (a dispatcher crashes
or outlives its claim between the handler's success and the recording). Receivers therefore
deduplicate on `OutboxMessage.id`. Per destination and key, delivery is in `sequence` order:
only the head of each key's line is handed to a handler, with the messages right behind it
if the handler takes runs (`messages_per_key`, claiming.py), in order, in the same call.
"""

import logging
import os
import random
import secrets
import socket
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from motcua.core.errors import ApplicationError
from motcua.outbox.claiming import batch_claim, ids_rhs
from motcua.outbox.constants import OutboxState, OutcomeStatus
from motcua.outbox.gcpause import gc_paused
from motcua.outbox.handlers import (
    Outcome,
    destinations_configured,
    handler_for_destination,
    handler_messages_per_key,
)
from motcua.outbox.models import OutboxDestinationState, OutboxKeySequence, OutboxMessage
from motcua.outbox.selectors import outbox_next_due_at

logger = logging.getLogger(__name__)

# Defaults of the tunables; each can be overridden by a Django setting of the same name.
DEFAULTS: dict[str, Any] = {
    "MOTCUA_OUTBOX_MAX_ATTEMPTS": 12,
    "MOTCUA_OUTBOX_BACKOFF_BASE_S": 10.0,
    "MOTCUA_OUTBOX_BACKOFF_CAP_S": 3600.0,
    # Longer than any handler call may take (set handler network timeouts below it).
    "MOTCUA_OUTBOX_CLAIM_TTL_S": 300.0,
    "MOTCUA_OUTBOX_TASK_BUDGET_S": 5.0,
    # A queued wakeup older than this is presumed lost (worker gone) and may be queued again.
    "MOTCUA_OUTBOX_WAKEUP_STALE_S": 300.0,
}
LAST_ERROR_MAX_CHARS = 4000


def _setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


class OutboxNotInTransactionError(RuntimeError):
    """outbox_enqueue was called in autocommit mode, where the row could outlive a rollback."""


@dataclass(frozen=True)
class DispatchReport:
    destination: str
    claimed: int = 0
    delivered: int = 0
    retried: int = 0
    dead: int = 0
    # Claims that expired and were taken over before we could record our outcome.
    lost: int = 0


@dataclass(frozen=True)
class DrainReport:
    destination: str
    passes: int
    delivered: int
    retried: int
    dead: int
    lost: int
    more_work: bool
    next_wakeup_at: datetime | None


def worker_id_default() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


# --- enqueue ---------------------------------------------------------------------------------


def outbox_enqueue(*, destination: str, kind: str, key: str, payload: dict) -> OutboxMessage:
    """Write one message in the caller's transaction; the dispatcher is woken after commit."""
    if not transaction.get_connection().in_atomic_block:
        raise OutboxNotInTransactionError(
            "outbox_enqueue must run inside transaction.atomic() with the business change."
        )
    if destination not in destinations_configured():
        raise ImproperlyConfigured(
            f"Outbox destination {destination!r} is not in MOTCUA_OUTBOX_HANDLERS."
        )
    message = OutboxMessage.objects.create(
        destination=destination,
        kind=kind,
        key=key,
        sequence=_sequence_allocate(destination=destination, key=key),
        payload=payload,
    )
    _wakeup_on_commit(destination=destination)
    return message


def _sequence_allocate(*, destination: str, key: str) -> int:
    counter = OutboxKeySequence.objects.filter(destination=destination, key=key)
    # The UPDATE locks the counter row until our commit, so writers of one key queue up
    # (PostgreSQL); SQLite's IMMEDIATE transactions already serialise all writers.
    if not counter.update(last_sequence=F("last_sequence") + 1):
        try:
            with transaction.atomic():
                OutboxKeySequence.objects.create(destination=destination, key=key, last_sequence=1)
            return 1
        except IntegrityError:
            # A concurrent first writer of this key created it; we come after it.
            counter.update(last_sequence=F("last_sequence") + 1)
    return counter.values_list("last_sequence", flat=True).get()


@dataclass(frozen=True)
class _WakeupOnCommit:
    """An on_commit callback we can recognise, so one transaction queues one wakeup."""

    destination: str

    def __call__(self) -> None:
        outbox_wakeup_request(destination=self.destination)


def _wakeup_on_commit(*, destination: str) -> None:
    connection = transaction.get_connection()
    # run_on_commit is where Django keeps this transaction's callbacks, and it forgets them
    # on rollback (also of a savepoint), so looking there never misses or keeps a stale kick.
    for _savepoint_ids, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _WakeupOnCommit) and callback.destination == destination:
            return
    # robust: the business transaction has committed; a failed kick must not look like a
    # failed business operation. The row is durable and a later kick or the loop finds it.
    transaction.on_commit(_WakeupOnCommit(destination), robust=True)


def outbox_wakeup_request(*, destination: str, at: datetime | None = None) -> bool:
    """Queue one dispatcher task for `at` (now by default) unless one is already due by then.

    Returns whether a task was queued. Coalescing keeps the task queue small when thousands of
    transactions commit per second: a queued task drains everything committed before it starts.
    """
    now = timezone.now()
    due = now if at is None or at < now else at
    stale_before = now - timedelta(seconds=_setting("MOTCUA_OUTBOX_WAKEUP_STALE_S"))
    OutboxDestinationState.objects.get_or_create(destination=destination)
    claimed = (
        OutboxDestinationState.objects.filter(destination=destination)
        .filter(Q(wakeup_at__isnull=True) | Q(wakeup_at__gt=due) | Q(wakeup_at__lt=stale_before))
        .update(wakeup_at=due)
    )
    if not claimed:
        return False
    from motcua.outbox.tasks import outbox_dispatch_task  # tasks imports this module

    task = outbox_dispatch_task
    if due > now:
        if not task.get_backend().supports_defer:
            logger.info("outbox: task backend cannot defer; wakeup at %s dropped", due)
            _wakeup_clear(destination=destination, due=due)
            return False
        task = task.using(run_after=due)
    try:
        task.enqueue(destination)
    except Exception:
        _wakeup_clear(destination=destination, due=due)
        raise
    return True


def _wakeup_clear(*, destination: str, due: datetime) -> None:
    OutboxDestinationState.objects.filter(destination=destination, wakeup_at__lte=due).update(
        wakeup_at=None
    )


# --- dispatch --------------------------------------------------------------------------------


def outbox_dispatch(
    *,
    destination: str,
    worker_id: str,
    batch_size: int = 500,
    message_ids: Collection[UUID] | None = None,
) -> DispatchReport:
    """Claim one batch of due head-of-line messages, hand it to the handler, record outcomes.

    A handler with `messages_per_key` > 1 also gets the messages right behind each head
    (claiming.py). `message_ids` narrows the batch (admin "send now") to heads only; messages
    that are not the head of their key are still left waiting.
    """
    with gc_paused():
        return _dispatch(
            destination=destination,
            worker_id=worker_id,
            batch_size=batch_size,
            message_ids=message_ids,
        )


def _dispatch(
    *, destination: str, worker_id: str, batch_size: int, message_ids: Collection[UUID] | None
) -> DispatchReport:
    handler = handler_for_destination(destination)
    claim_token = f"{worker_id}#{secrets.token_hex(4)}"
    messages = batch_claim(
        destination=destination,
        batch_size=batch_size,
        claim_token=claim_token,
        claim_ttl_s=_setting("MOTCUA_OUTBOX_CLAIM_TTL_S"),
        per_key=handler_messages_per_key(handler),
        message_ids=message_ids,
    )
    if not messages:
        return DispatchReport(destination=destination)
    # Outside any transaction of ours: a slow receiver must not hold locks.
    try:
        outcomes = handler(messages)
    except Exception as exc:
        logger.exception("outbox: handler for %s raised; batch will be retried", destination)
        error = f"{type(exc).__name__}: {exc}"
        outcomes = {message.id: Outcome.retry(error) for message in messages}
    return _record(
        destination=destination, messages=messages, outcomes=outcomes, claim_token=claim_token
    )


def outbox_backoff_s(*, previous_attempts: int) -> float:
    """Seconds to wait before the next try: exponential, capped, jittered ×0.5–1.5.

    `previous_attempts` counts the failed tries before this one, so the first retry waits
    about the base delay. Jitter spreads out a crowd of messages that failed together.
    """
    base = float(_setting("MOTCUA_OUTBOX_BACKOFF_BASE_S"))
    cap = float(_setting("MOTCUA_OUTBOX_BACKOFF_CAP_S"))
    return min(cap, base * 2 ** min(previous_attempts, 64)) * random.uniform(0.5, 1.5)


def _record(
    *,
    destination: str,
    messages: list[OutboxMessage],
    outcomes: dict[UUID, Outcome],
    claim_token: str,
) -> DispatchReport:
    now = timezone.now()
    max_attempts = int(_setting("MOTCUA_OUTBOX_MAX_ATTEMPTS"))
    delivered_ids: list[UUID] = []
    retry: list[OutboxMessage] = []
    dead: list[OutboxMessage] = []
    requeue: list[OutboxMessage] = []
    held_back: set[str] = set()
    for message in messages:  # each key's messages in sequence order
        outcome = outcomes.get(message.id) or Outcome.retry("handler returned no outcome")
        if message.key in held_back and outcome.status != OutcomeStatus.FAILED:
            # Behind a message of its key that did not get through: recorded delivered only
            # after it (the receiver deduplicates a repeat), and not charged an attempt (it
            # could not have been applied on its own), so it never dies of its head's failure.
            message.claimed_by = ""
            message.claimed_until = None
            requeue.append(message)
            continue
        if outcome.status == OutcomeStatus.DELIVERED:
            delivered_ids.append(message.id)
            continue
        held_back.add(message.key)
        previous_attempts = message.attempts
        message.attempts += 1
        message.last_attempt_at = now
        message.last_error = (outcome.error or outcome.status.label)[:LAST_ERROR_MAX_CHARS]
        message.claimed_by = ""
        message.claimed_until = None
        if outcome.status == OutcomeStatus.FAILED or message.attempts >= max_attempts:
            message.state = OutboxState.DEAD
            dead.append(message)
        else:
            message.available_at = now + timedelta(
                seconds=outbox_backoff_s(previous_attempts=previous_attempts)
            )
            retry.append(message)

    # Only rows we still hold: if our claim expired and another dispatcher took the message,
    # its recording wins and ours is dropped (counted as lost).
    ours = OutboxMessage.objects.filter(claimed_by=claim_token, state=OutboxState.PENDING)
    failure_fields = ["attempts", "last_attempt_at", "last_error", "claimed_by", "claimed_until"]
    with transaction.atomic():
        delivered = ours.filter(id__in=ids_rhs(delivered_ids)).update(
            state=OutboxState.DELIVERED,
            delivered_at=now,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            last_error="",
            claimed_by="",
            claimed_until=None,
        )
        retried = ours.bulk_update(retry, [*failure_fields, "available_at"]) if retry else 0
        if requeue:
            retried += ours.bulk_update(requeue, ["claimed_by", "claimed_until"])
        died = ours.bulk_update(dead, [*failure_fields, "state"]) if dead else 0
        OutboxDestinationState.objects.get_or_create(destination=destination)
        state_changes = {}
        if delivered:
            state_changes["last_success_at"] = now
        if retried or died:
            state_changes["last_failure_at"] = now
        if state_changes:
            OutboxDestinationState.objects.filter(destination=destination).update(**state_changes)
    if died:
        logger.warning(
            "outbox: %s message(s) to %s are dead and block their keys", died, destination
        )
    return DispatchReport(
        destination=destination,
        claimed=len(messages),
        delivered=delivered,
        retried=retried,
        dead=died,
        lost=len(messages) - delivered - retried - died,
    )


def outbox_drain(
    *,
    destination: str,
    worker_id: str,
    budget_s: float | None = None,
    batch_size: int = 500,
    schedule_next: bool = True,
) -> DrainReport:
    """Dispatch batches until none is left or the time budget is spent.

    With `schedule_next` (the task), queue the next run: now if work remains, else when the
    earliest back-off or claim ends, so retries happen without a cron.
    """
    if budget_s is None:
        budget_s = float(_setting("MOTCUA_OUTBOX_TASK_BUDGET_S"))
    if schedule_next:
        # From here on, anything committed is either seen by this drain or queues a new task.
        _wakeup_clear(destination=destination, due=timezone.now())
    deadline = time.monotonic() + budget_s
    passes = delivered = retried = dead = lost = 0
    more_work = False
    while True:
        report = outbox_dispatch(
            destination=destination, worker_id=worker_id, batch_size=batch_size
        )
        if not report.claimed:
            break
        passes += 1
        delivered += report.delivered
        retried += report.retried
        dead += report.dead
        lost += report.lost
        if time.monotonic() >= deadline:
            more_work = True
            break
    next_wakeup_at = None
    if schedule_next:
        next_wakeup_at = (
            timezone.now() if more_work else outbox_next_due_at(destination=destination)
        )
        if next_wakeup_at is not None:
            outbox_wakeup_request(destination=destination, at=next_wakeup_at)
    return DrainReport(
        destination=destination,
        passes=passes,
        delivered=delivered,
        retried=retried,
        dead=dead,
        lost=lost,
        more_work=more_work,
        next_wakeup_at=next_wakeup_at,
    )


# --- operator actions ------------------------------------------------------------------------


def outbox_redrive(
    *, message_ids: Collection[UUID] | None = None, destination: str | None = None
) -> int:
    """Put dead messages back in line with attempts reset; returns how many were re-driven.

    The last error is kept for the record until the next attempt overwrites it.
    """
    if message_ids is None and destination is None:
        raise ApplicationError(
            "Hãy chọn tin hoặc nơi nhận cần gửi lại.",
            message_en="Give message ids or a destination to re-drive.",
        )
    dead = OutboxMessage.objects.filter(state=OutboxState.DEAD)
    if message_ids is not None:
        dead = dead.filter(id__in=message_ids)
    if destination is not None:
        dead = dead.filter(destination=destination)
    now = timezone.now()
    with transaction.atomic():
        destinations = set(dead.order_by().values_list("destination", flat=True).distinct())
        count = dead.update(
            state=OutboxState.PENDING,
            attempts=0,
            available_at=now,
            claimed_by="",
            claimed_until=None,
        )
        for name in destinations:
            _wakeup_on_commit(destination=name)
    return count


def outbox_send_now(*, message_ids: Collection[UUID], worker_id: str) -> list[DispatchReport]:
    """Make the chosen pending messages due now and dispatch them at once (admin "send now")."""
    pending = OutboxMessage.objects.filter(id__in=message_ids, state=OutboxState.PENDING)
    with transaction.atomic():
        destinations = sorted(set(pending.order_by().values_list("destination", flat=True)))
        pending.update(available_at=timezone.now())
    return [
        outbox_dispatch(
            destination=name,
            worker_id=worker_id,
            batch_size=len(message_ids),
            message_ids=message_ids,
        )
        for name in destinations
    ]
