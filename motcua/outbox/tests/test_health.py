"""outbox_health: the figures a sync health page shows."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from motcua.outbox.selectors import outbox_health, outbox_next_due_at
from motcua.outbox.services import outbox_dispatch, outbox_enqueue

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def enqueue(key: str, destination: str = "hub"):
    return outbox_enqueue(destination=destination, kind="event", key=key, payload={})


@pytest.mark.django_db
def test_health_of_an_empty_destination(receiver):
    health = outbox_health(destination="hub")
    assert (health.backlog, health.dead_count) == (0, 0)
    assert health.oldest_pending_age_s is None
    assert health.last_success_at is None
    assert health.failures_by_reason == {}


@pytest.mark.django_db
def test_health_counts_backlog_age_dead_and_failure_reasons(receiver, settings):
    settings.MOTCUA_OUTBOX_MAX_ATTEMPTS = 2
    with time_machine.travel(START, tick=False) as clock:
        enqueue("A")
        enqueue("A")
        enqueue("R")
        enqueue("OK")
        enqueue("X", destination="log")  # another destination is not counted
        clock.shift(timedelta(minutes=5))
        receiver.failing_keys = {"A"}
        receiver.refused_keys = {"R"}
        outbox_dispatch(destination="hub", worker_id="w1")
        success_at = START + timedelta(minutes=5)
        clock.shift(timedelta(minutes=5))

        health = outbox_health(destination="hub")

    assert health.backlog == 2  # A1 (retrying) and A2 (waiting behind it)
    assert health.oldest_pending_age_s == 600.0
    assert health.dead_count == 1
    assert health.last_success_at == success_at
    assert health.failures_by_reason == {"503 hub unavailable": 1, "422 payload rejected": 1}


@pytest.mark.django_db
def test_next_due_is_the_end_of_the_earliest_back_off_of_a_head(receiver):
    with time_machine.travel(START, tick=False):
        enqueue("A")
        enqueue("A")
        assert outbox_next_due_at(destination="hub") == START
        receiver.failing_keys = {"A"}
        outbox_dispatch(destination="hub", worker_id="w1")
        due = outbox_next_due_at(destination="hub")
    assert START + timedelta(seconds=5) <= due <= START + timedelta(seconds=15)
