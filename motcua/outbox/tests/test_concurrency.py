"""Two dispatchers, or two writers, at the same time on a real database (SQLite and PostgreSQL)."""

import threading
from collections import defaultdict

import pytest
from django.db import connection, transaction

from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_dispatch, outbox_enqueue


def run_in_threads(target, count: int) -> list[BaseException]:
    errors: list[BaseException] = []

    def wrapped(number: int) -> None:
        try:
            target(number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=wrapped, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_never_hand_over_the_same_message_and_deliver_everything(receiver):
    keys = [f"H-{n}" for n in range(40)]
    with transaction.atomic():
        expected = [
            outbox_enqueue(destination="hub", kind="status_changed", key=key, payload={"n": n})
            for n in range(4)
            for key in keys
        ]
    receiver.delay_s = 0.005  # keep both dispatchers inside their handlers at once
    passes: dict[int, int] = defaultdict(int)

    def dispatcher(number: int) -> None:
        while True:
            report = outbox_dispatch(destination="hub", worker_id=f"w{number}", batch_size=7)
            if not report.claimed:
                # The other dispatcher may still hold heads whose successors come next.
                if not OutboxMessage.objects.filter(state=OutboxState.PENDING).exists():
                    return
                continue
            passes[number] += 1

    assert run_in_threads(dispatcher, 2) == []

    handed_over = [message.id for message in receiver.handed_over()]
    assert len(handed_over) == len(set(handed_over)), "no message handed over twice"
    assert set(handed_over) == {message.id for message in expected}
    assert receiver.duplicates == []
    assert all(passes[n] > 0 for n in range(2)), "both dispatchers took part"
    assert not OutboxMessage.objects.exclude(state=OutboxState.DELIVERED).exists()
    for key in keys:
        sequences = [m.sequence for m in receiver.handed_over() if m.key == key]
        assert sequences == [1, 2, 3, 4], f"order kept for {key}"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_one_new_key_get_distinct_consecutive_sequences(receiver):
    def writer(number: int) -> None:
        for _ in range(10):
            with transaction.atomic():
                outbox_enqueue(destination="hub", kind="event", key="H-NEW", payload={})

    assert run_in_threads(writer, 4) == []

    sequences = sorted(OutboxMessage.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 41))
