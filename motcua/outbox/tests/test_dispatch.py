"""outbox_dispatch: per-key order, back-off, dead letters, re-drive, at-least-once redelivery."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from motcua.core.errors import ApplicationError
from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import (
    outbox_backoff_s,
    outbox_dispatch,
    outbox_enqueue,
    outbox_redrive,
    outbox_send_now,
)
from motcua.outbox.tests.handlers import SimulatedCrash

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def enqueue(key: str, destination: str = "hub", kind: str = "status_changed"):
    return outbox_enqueue(destination=destination, kind=kind, key=key, payload={"key": key})


def dispatch(destination: str = "hub", worker_id: str = "w1", **kwargs):
    return outbox_dispatch(destination=destination, worker_id=worker_id, **kwargs)


def state_of(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(id=message.id)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.mark.django_db
def test_one_pass_hands_over_only_the_head_of_each_key(receiver):
    a1, a2, b1, b2 = enqueue("A"), enqueue("A"), enqueue("B"), enqueue("B")

    first = dispatch()
    assert {m.id for m in receiver.batches[0]} == {a1.id, b1.id}
    assert (first.claimed, first.delivered) == (2, 2)

    dispatch()
    assert {m.id for m in receiver.batches[1]} == {a2.id, b2.id}
    assert dispatch().claimed == 0
    for message in (a1, a2, b1, b2):
        delivered = state_of(message)
        assert delivered.state == OutboxState.DELIVERED
        assert delivered.attempts == 1
        assert delivered.delivered_at is not None
        assert delivered.claimed_by == ""


@pytest.mark.django_db
def test_a_failing_key_waits_in_order_while_other_keys_proceed(receiver, clock):
    a1, a2 = enqueue("A"), enqueue("A")
    b1, b2 = enqueue("B"), enqueue("B")
    receiver.failing_keys = {"A"}

    report = dispatch()
    assert (report.delivered, report.retried) == (1, 1)
    dispatch()  # B's second message goes; A's second may not overtake its first
    assert dispatch().claimed == 0
    assert state_of(a1).attempts == 1
    assert state_of(a1).last_error == "503 hub unavailable"
    assert state_of(a2).attempts == 0
    assert {state_of(b1).state, state_of(b2).state} == {OutboxState.DELIVERED}

    receiver.failing_keys = set()
    clock.move_to(state_of(a1).available_at)
    dispatch()
    dispatch()

    sent_a = [m.id for m in receiver.handed_over() if m.key == "A"]
    assert sent_a == [a1.id, a1.id, a2.id]
    assert all(state_of(m).state == OutboxState.DELIVERED for m in (a1, a2))


@pytest.mark.django_db
def test_a_retried_message_is_not_picked_before_its_back_off_ends(receiver, clock):
    message = enqueue("A")
    receiver.failing_keys = {"A"}
    dispatch()
    available_at = state_of(message).available_at

    clock.move_to(available_at - timedelta(seconds=1))
    assert dispatch().claimed == 0
    clock.move_to(available_at)
    assert dispatch().claimed == 1


def test_back_off_doubles_up_to_the_cap_with_jitter_half_to_one_and_a_half(settings):
    settings.MOTCUA_OUTBOX_BACKOFF_BASE_S = 10.0
    settings.MOTCUA_OUTBOX_BACKOFF_CAP_S = 300.0
    for previous_attempts, nominal in [(0, 10), (1, 20), (2, 40), (4, 160), (5, 300), (40, 300)]:
        samples = [outbox_backoff_s(previous_attempts=previous_attempts) for _ in range(300)]
        assert min(samples) >= 0.5 * nominal
        assert max(samples) <= 1.5 * nominal
        assert max(samples) - min(samples) > 0.3 * nominal, "jittered, not constant"


@pytest.mark.django_db
def test_recorded_back_off_grows_with_each_failed_attempt(receiver, clock, settings):
    settings.MOTCUA_OUTBOX_BACKOFF_BASE_S = 10.0
    settings.MOTCUA_OUTBOX_BACKOFF_CAP_S = 100.0
    message = enqueue("A")
    receiver.failing_keys = {"A"}

    for previous_attempts, nominal in [(0, 10), (1, 20), (2, 40), (3, 80), (4, 100), (5, 100)]:
        now = timezone.now()
        assert dispatch().retried == 1
        row = state_of(message)
        assert row.attempts == previous_attempts + 1
        assert row.last_attempt_at == now
        delay = (row.available_at - now).total_seconds()
        assert 0.5 * nominal <= delay <= 1.5 * nominal
        clock.move_to(row.available_at)


@pytest.mark.django_db
def test_dead_after_max_attempts_and_the_dead_head_blocks_its_key(receiver, clock, settings):
    settings.MOTCUA_OUTBOX_MAX_ATTEMPTS = 3
    a1, a2, b1 = enqueue("A"), enqueue("A"), enqueue("B")
    receiver.failing_keys = {"A"}

    reports = []
    for _ in range(3):
        reports.append(dispatch())
        clock.shift(timedelta(hours=2))
    assert [r.retried for r in reports] == [1, 1, 0]
    assert reports[-1].dead == 1
    assert state_of(a1).state == OutboxState.DEAD
    assert state_of(a1).attempts == 3
    assert state_of(b1).state == OutboxState.DELIVERED

    # A dead head is not skipped: delivering a2 first would apply A's events out of order.
    receiver.failing_keys = set()
    assert dispatch().claimed == 0
    assert state_of(a2).state == OutboxState.PENDING


@pytest.mark.django_db
def test_a_permanent_failure_goes_dead_at_once(receiver):
    a1, _b1 = enqueue("A"), enqueue("B")
    receiver.refused_keys = {"A"}

    report = dispatch()

    assert (report.dead, report.delivered) == (1, 1)
    assert state_of(a1).state == OutboxState.DEAD
    assert state_of(a1).attempts == 1
    assert state_of(a1).last_error == "422 payload rejected"


@pytest.mark.django_db
def test_redrive_puts_dead_messages_back_in_line_with_attempts_reset(receiver, settings):
    settings.MOTCUA_OUTBOX_MAX_ATTEMPTS = 1
    a1, a2 = enqueue("A"), enqueue("A")
    receiver.failing_keys = {"A"}
    dispatch()
    assert state_of(a1).state == OutboxState.DEAD

    receiver.failing_keys = set()
    assert outbox_redrive(message_ids=[a1.id]) == 1
    redriven = state_of(a1)
    assert (redriven.state, redriven.attempts) == (OutboxState.PENDING, 0)
    assert redriven.last_error == "503 hub unavailable", "kept for the record"

    dispatch()
    dispatch()
    assert [m.id for m in receiver.handed_over()] == [a1.id, a1.id, a2.id]
    assert state_of(a2).state == OutboxState.DELIVERED


@pytest.mark.django_db
def test_redrive_by_destination_touches_only_that_destination(receiver, settings):
    settings.MOTCUA_OUTBOX_MAX_ATTEMPTS = 1
    hub = enqueue("A")
    broken = enqueue("A", destination="broken")
    receiver.failing_keys = {"A"}
    dispatch()
    dispatch(destination="broken")

    assert outbox_redrive(destination="broken") == 1
    assert state_of(broken).state == OutboxState.PENDING
    assert state_of(hub).state == OutboxState.DEAD


@pytest.mark.django_db
def test_redrive_without_any_filter_is_refused(receiver):
    with pytest.raises(ApplicationError):
        outbox_redrive()


@pytest.mark.django_db
def test_a_handler_that_raises_retries_the_whole_batch(receiver):
    a1, b1 = enqueue("A", destination="broken"), enqueue("B", destination="broken")

    report = dispatch(destination="broken")

    assert report.retried == 2
    assert state_of(a1).last_error == "ConnectionError: link down"
    assert state_of(b1).state == OutboxState.PENDING


@pytest.mark.django_db
def test_a_message_without_an_outcome_is_retried(receiver):
    message = enqueue("A", destination="silent")
    assert dispatch(destination="silent").retried == 1
    assert state_of(message).last_error == "handler returned no outcome"


@pytest.mark.django_db
def test_a_crash_after_delivery_means_the_same_message_is_delivered_again(receiver, clock):
    """The idempotence contract: at-least-once, so the receiver deduplicates on message id.

    The handler applies the message at the receiver, then the dispatcher dies before it
    records "delivered". Its claim expires and another dispatcher hands over the same id.
    """
    message = enqueue("A")
    receiver.crash_after_apply = True

    with pytest.raises(SimulatedCrash):
        dispatch(worker_id="crashing")
    claimed = state_of(message)
    assert claimed.state == OutboxState.PENDING
    assert claimed.claimed_by.startswith("crashing#")
    assert dispatch(worker_id="second").claimed == 0, "a live claim is respected"

    clock.move_to(claimed.claimed_until)
    report = dispatch(worker_id="second")

    assert report.delivered == 1
    assert [m.id for m in receiver.handed_over()] == [message.id, message.id]
    assert receiver.duplicates == [message.id]
    assert list(receiver.applied) == [message.id]
    assert state_of(message).state == OutboxState.DELIVERED


@pytest.mark.django_db
def test_a_late_recording_after_the_claim_was_taken_over_is_dropped(receiver, clock):
    message = enqueue("A")

    def second_dispatcher_takes_over():
        clock.shift(timedelta(seconds=301))
        assert dispatch(worker_id="second").delivered == 1

    receiver.failing_keys = {"A"}
    receiver.during_call = lambda: (receiver.failing_keys.clear(), second_dispatcher_takes_over())

    report = dispatch(worker_id="slow")

    assert (report.claimed, report.retried, report.lost) == (1, 0, 1)
    assert state_of(message).state == OutboxState.DELIVERED


@pytest.mark.django_db
def test_send_now_dispatches_the_chosen_messages_even_during_back_off(receiver):
    a1, _b1 = enqueue("A"), enqueue("B")
    receiver.failing_keys = {"A"}
    dispatch()
    receiver.failing_keys = set()

    reports = outbox_send_now(message_ids=[a1.id], worker_id="admin")

    assert [r.delivered for r in reports] == [1]
    assert state_of(a1).state == OutboxState.DELIVERED
    assert state_of(a1).attempts == 2


@pytest.mark.django_db
def test_the_log_destination_writes_each_message_to_the_logger(receiver, caplog):
    message = enqueue("H-7", destination="log")
    with caplog.at_level(logging.INFO, logger="motcua.outbox.log"):
        report = dispatch(destination="log")
    assert report.delivered == 1
    assert str(message.id) in caplog.text
    assert "H-7" in caplog.text
