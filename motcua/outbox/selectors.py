"""Reads of the outbox: the head-of-line query the dispatcher claims from, and health figures."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest, Substr
from django.utils import timezone

from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxDestinationState, OutboxMessage

# Messages that hold back later messages of the same key: still on their way, or given up
# (dead). A dead head keeps its key blocked until re-driven, because the receiver applies
# events of one key in order; skipping one would make the replica silently wrong.
BLOCKING_STATES = (OutboxState.PENDING, OutboxState.DEAD)
FAILURE_REASON_CHARS = 120


def outbox_heads_pending(*, destination: str) -> QuerySet[OutboxMessage]:
    """Pending messages that are first in line for their key (no earlier pending/dead one)."""
    earlier_blocking = OutboxMessage.objects.filter(
        destination=destination,
        key=OuterRef("key"),
        sequence__lt=OuterRef("sequence"),
        state__in=BLOCKING_STATES,
    )
    return OutboxMessage.objects.filter(destination=destination, state=OutboxState.PENDING).filter(
        ~Exists(earlier_blocking)
    )


def outbox_claimable(*, destination: str, now: datetime) -> QuerySet[OutboxMessage]:
    """Heads that are due and not held by a live claim (an expired claim is fair game)."""
    return (
        outbox_heads_pending(destination=destination)
        .filter(available_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
    )


def outbox_next_due_at(*, destination: str) -> datetime | None:
    """When the dispatcher next has something to do: a back-off ends or a claim expires."""
    return (
        outbox_heads_pending(destination=destination)
        .annotate(due=Greatest(F("available_at"), Coalesce(F("claimed_until"), F("available_at"))))
        .aggregate(next_due=Min("due"))["next_due"]
    )


@dataclass(frozen=True)
class Health:
    destination: str
    backlog: int
    oldest_pending_age_s: float | None
    last_success_at: datetime | None
    dead_count: int
    # Start of the last error text → number of dead or failing (retried) messages.
    failures_by_reason: dict[str, int] = field(default_factory=dict)


def outbox_health(*, destination: str) -> Health:
    now = timezone.now()
    messages = OutboxMessage.objects.filter(destination=destination)
    figures = messages.aggregate(
        backlog=Count("id", filter=Q(state=OutboxState.PENDING)),
        oldest_pending=Min("created_at", filter=Q(state=OutboxState.PENDING)),
        dead_count=Count("id", filter=Q(state=OutboxState.DEAD)),
    )
    reasons = (
        messages.filter(
            Q(state=OutboxState.DEAD) | Q(state=OutboxState.PENDING, attempts__gt=0),
        )
        .exclude(last_error="")
        .annotate(reason=Substr("last_error", 1, FAILURE_REASON_CHARS))
        .values("reason")
        .annotate(count=Count("id"))
        .order_by("-count", "reason")[:20]
    )
    last_success_at = (
        OutboxDestinationState.objects.filter(destination=destination)
        .values_list("last_success_at", flat=True)
        .first()
    )
    oldest = figures["oldest_pending"]
    return Health(
        destination=destination,
        backlog=figures["backlog"],
        oldest_pending_age_s=(now - oldest).total_seconds() if oldest else None,
        last_success_at=last_success_at,
        dead_count=figures["dead_count"],
        failures_by_reason={row["reason"]: row["count"] for row in reasons},
    )
