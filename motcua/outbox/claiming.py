"""Claiming a batch for one dispatcher (used by services.outbox_dispatch).

A claim is a lease: `claimed_by` / `claimed_until` are set in a short transaction, the handler
runs outside any transaction, and the outcome is recorded only for rows still held. Heads of
line are taken with SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL), so concurrent dispatchers
take different keys instead of queueing on each other's rows; the claim itself is a
conditional UPDATE, exclusive even where row locks do not exist (SQLite).

Runs: a handler that declares `messages_per_key = n` (handlers.py) is given up to n messages
of one key per call: the head and the messages right behind it, in sequence order, as long as
each is due and unclaimed (a gap, a back-off or a live claim ends the run). After a 24-hour
outage a destination's backlog is mostly such runs; one call per message of each key would
take as many round trips as the longest line.
"""

import json
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxMessage
from motcua.outbox.selectors import outbox_claimable


def ids_rhs(ids: Iterable[UUID]) -> RawSQL:
    """`id__in=ids_rhs(ids)`: the ids as ONE parameter (an array), not one placeholder each.

    With a few hundred ids, building and quoting an `IN (%s, %s, …)` list costs Django and
    psycopg more than the query costs PostgreSQL; SQLite gets a JSON array (json_each).
    """
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::uuid[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps([i.hex for i in ids])])


def keys_rhs(keys: Iterable[str]) -> RawSQL:
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::varchar[])", [list(keys)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(keys))])


def batch_claim(
    *,
    destination: str,
    batch_size: int,
    claim_token: str,
    claim_ttl_s: float,
    per_key: int = 1,
    message_ids: Collection[UUID] | None = None,
) -> list[OutboxMessage]:
    """Claim up to `batch_size` due messages (runs of up to `per_key` per key); returns them
    ordered by the heads' age, each key's messages in sequence order."""
    now = timezone.now()
    claimed_until = now + timedelta(seconds=claim_ttl_s)
    with transaction.atomic():
        candidates = outbox_claimable(destination=destination, now=now)
        if message_ids is not None:
            candidates = candidates.filter(id__in=message_ids)
        if transaction.get_connection().features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        candidates = candidates.order_by("available_at", "created_at")
        runs = per_key > 1 and message_ids is None
        # With runs, lock only the heads the batch needs: first as many as full runs would
        # need, then more as the runs found so far say (a backlog of 5 events per dossier
        # takes 2 rounds for 1,000 messages instead of locking 1,000 heads to use 200).
        wanted = -(-batch_size // per_key) if runs else batch_size
        ids: list[UUID] = []
        heads_seen = 0
        while True:
            taken = candidates.exclude(id__in=ids_rhs(ids)) if ids else candidates
            heads = list(taken.values_list("id", "key", "sequence")[:wanted])
            heads_seen += len(heads)
            if runs and heads:
                ids += _runs(destination=destination, heads=heads, now=now, per_key=per_key)
            else:
                ids += [head_id for head_id, _, _ in heads]
            if not runs or len(heads) < wanted or len(ids) >= batch_size:
                break
            wanted = -(-(batch_size - len(ids)) * heads_seen // len(ids))
        if not ids:
            return []
        ids = ids[:batch_size]
        # The claim is a conditional UPDATE, so it is exclusive even where SELECT ... FOR UPDATE
        # is a no-op (SQLite): a row another dispatcher claimed meanwhile no longer matches.
        OutboxMessage.objects.filter(id__in=ids_rhs(ids), state=OutboxState.PENDING).filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
        ).update(claimed_by=claim_token, claimed_until=claimed_until)
    position = {message_id: index for index, message_id in enumerate(ids)}
    messages = list(OutboxMessage.objects.filter(id__in=ids_rhs(ids), claimed_by=claim_token))
    messages.sort(key=lambda m: position[m.id])
    return messages


def _runs(*, destination: str, heads: list[tuple], now: datetime, per_key: int) -> list[UUID]:
    """The heads' ids, each followed by the due, unclaimed messages right behind it."""
    first_of_key = {key: sequence for _, key, sequence in heads}
    followers: dict[str, list[tuple]] = {}
    # One bound for all keys (heads are usually at similar depths; extra rows are dropped).
    below = max(first_of_key.values()) + per_key
    rows = (
        OutboxMessage.objects.filter(
            destination=destination,
            state=OutboxState.PENDING,
            key__in=keys_rhs(first_of_key),
            sequence__lt=below,
        )
        .order_by("key", "sequence")
        .values_list("id", "key", "sequence", "available_at", "claimed_until")
    )
    for row in rows:
        _, key, sequence, _, _ = row
        if first_of_key[key] < sequence <= first_of_key[key] + per_key - 1:
            followers.setdefault(key, []).append(row)
    ids: list[UUID] = []
    for head_id, key, sequence in heads:
        ids.append(head_id)
        expected = sequence + 1
        for message_id, _, follower_sequence, available_at, claimed_until in followers.get(key, ()):
            due = available_at <= now and (claimed_until is None or claimed_until <= now)
            if follower_sequence != expected or not due:
                break
            ids.append(message_id)
            expected += 1
    return ids
