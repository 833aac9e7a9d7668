"""Runs: a handler with `messages_per_key = n` gets up to n consecutive messages of a key per
call, in sequence order; a message is recorded delivered only after every earlier one of its
key, and a message behind a failure is neither charged an attempt nor killed with it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_dispatch, outbox_enqueue

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def enqueue(key: str, destination: str = "runs"):
    return outbox_enqueue(destination=destination, kind="status_changed", key=key, payload={})


def dispatch(destination: str = "runs", **kwargs):
    return outbox_dispatch(destination=destination, worker_id="w1", **kwargs)


def state_of(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(id=message.id)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.mark.django_db(transaction=True)
def test_a_run_hands_over_up_to_n_messages_of_a_key_in_sequence_order(receiver, clock):
    from django.db import transaction

    with transaction.atomic():
        a = [enqueue("A") for _ in range(4)]
        b1 = enqueue("B")
    first = dispatch()
    batch = receiver.batches[0]
    assert [m.id for m in batch if m.key == "A"] == [m.id for m in a[:3]]
    assert b1.id in {m.id for m in batch}
    assert (first.claimed, first.delivered) == (4, 4)
    dispatch()
    assert [m.id for m in receiver.batches[1]] == [a[3].id]
    assert dispatch().claimed == 0
    assert all(state_of(m).state == OutboxState.DELIVERED for m in [*a, b1])


@pytest.mark.django_db
def test_the_batch_size_counts_every_message_of_the_runs(receiver):
    for _ in range(3):
        enqueue("A")
    enqueue("B")
    assert dispatch(batch_size=2).claimed == 2
    assert [m.key for m in receiver.batches[0]] == ["A", "A"]


@pytest.mark.django_db
def test_a_message_not_due_ends_the_run(receiver, clock):
    a1, a2, a3 = enqueue("A"), enqueue("A"), enqueue("A")
    OutboxMessage.objects.filter(id=a2.id).update(available_at=START + timedelta(minutes=5))
    dispatch()
    assert [m.id for m in receiver.batches[0]] == [a1.id]
    assert state_of(a3).state == OutboxState.PENDING


@pytest.mark.django_db
def test_messages_behind_a_failure_are_retried_later_without_an_attempt(receiver, clock, settings):
    settings.MOTCUA_OUTBOX_MAX_ATTEMPTS = 1
    a1, a2, a3, b1 = enqueue("A"), enqueue("A"), enqueue("A"), enqueue("B")
    receiver.failing_keys = {"A"}

    report = dispatch()

    assert (report.claimed, report.delivered, report.dead, report.retried) == (4, 1, 1, 2)
    assert state_of(a1).state == OutboxState.DEAD
    for follower in (a2, a3):
        row = state_of(follower)
        assert (row.state, row.attempts, row.claimed_by) == (OutboxState.PENDING, 0, "")
    assert state_of(b1).state == OutboxState.DELIVERED


@pytest.mark.django_db
def test_a_delivered_message_behind_a_failed_one_is_not_recorded_delivered(receiver, clock):
    a1, a2 = enqueue("A"), enqueue("A")

    def handle(messages):
        # The receiver takes a2 but not a1 (say a1's result was lost): a2 must go again.
        from motcua.outbox.handlers import Outcome

        return {a1.id: Outcome.retry("timeout"), a2.id: Outcome.delivered()}

    handle.messages_per_key = 3
    import motcua.outbox.tests.handlers as handlers

    original = handlers.RECEIVER.handle
    handlers.RECEIVER.handle = handle
    try:
        dispatch()
    finally:
        handlers.RECEIVER.handle = original
    assert (state_of(a1).attempts, state_of(a1).state) == (1, OutboxState.PENDING)
    assert (state_of(a2).attempts, state_of(a2).state) == (0, OutboxState.PENDING)

    clock.shift(timedelta(hours=1))
    dispatch()
    assert [m.id for m in receiver.batches[-1]] == [a1.id, a2.id]
    assert {state_of(a1).state, state_of(a2).state} == {OutboxState.DELIVERED}
