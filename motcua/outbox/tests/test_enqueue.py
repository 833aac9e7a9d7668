"""outbox_enqueue: rows only inside the business transaction, one wakeup per transaction."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import (
    OutboxNotInTransactionError,
    outbox_drain,
    outbox_enqueue,
)

TASK_PATH = "motcua.outbox.tasks.outbox_dispatch_task"


def enqueue(key: str = "H-1", destination: str = "hub", kind: str = "received", **payload):
    return outbox_enqueue(destination=destination, kind=kind, key=key, payload=payload)


@pytest.mark.django_db(transaction=True)
def test_enqueue_outside_a_transaction_raises(receiver, enqueued_tasks):
    with pytest.raises(OutboxNotInTransactionError):
        enqueue()
    assert not OutboxMessage.objects.exists()
    assert enqueued_tasks == []


@pytest.mark.django_db(transaction=True)
def test_enqueue_in_a_rolled_back_transaction_leaves_no_row_and_no_task(receiver, enqueued_tasks):
    class BusinessRuleSaidNo(Exception):
        pass

    with pytest.raises(BusinessRuleSaidNo), transaction.atomic():
        enqueue(key="H-1")
        enqueue(key="H-2")
        raise BusinessRuleSaidNo

    assert not OutboxMessage.objects.exists()
    assert enqueued_tasks == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_transaction_queues_one_dispatcher_task_in_the_database(
    receiver, enqueued_tasks
):
    with transaction.atomic():
        for number in range(3):
            enqueue(key=f"H-{number}")
        assert enqueued_tasks == []  # nothing leaves before commit

    assert len(enqueued_tasks) == 1
    task_result = enqueued_tasks[0]
    assert task_result.task.module_path == TASK_PATH
    assert task_result.args == ["hub"]
    # DatabaseBackend: enqueue() from an on_commit callback stored a row a worker can pick up.
    from motcua.outbox.tasks import outbox_dispatch_task

    assert outbox_dispatch_task.get_result(task_result.id).status == "READY"


@pytest.mark.django_db(transaction=True)
def test_wakeups_coalesce_until_the_dispatcher_starts(receiver, enqueued_tasks):
    for number in range(3):
        with transaction.atomic():
            enqueue(key=f"H-{number}")
    assert len(enqueued_tasks) == 1, "the queued task will drain all three"

    outbox_drain(destination="hub", worker_id="w1")
    assert len(receiver.applied) == 3

    with transaction.atomic():
        enqueue(key="H-9")
    assert len(enqueued_tasks) == 2, "after a drain started, a new commit needs a new task"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_drops_its_wakeup_but_keeps_the_outer_one(receiver, enqueued_tasks):
    with transaction.atomic():
        enqueue(key="H-1")
        with pytest.raises(ValueError), transaction.atomic():
            enqueue(key="H-2")
            raise ValueError
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == ["H-1"]
    assert len(enqueued_tasks) == 1


@pytest.mark.django_db
def test_one_wakeup_callback_per_destination_and_transaction(
    receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue(key="H-1")
        enqueue(key="H-1")
        enqueue(key="H-2")
        enqueue(key="H-1", destination="log")
    assert sorted(callback.destination for callback in callbacks) == ["hub", "log"]


@pytest.mark.django_db
def test_sequence_counts_per_destination_and_key(receiver):
    first = enqueue(key="H-1")
    second = enqueue(key="H-1")
    other_key = enqueue(key="H-2")
    other_destination = enqueue(key="H-1", destination="log")
    third = enqueue(key="H-1")

    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert other_key.sequence == 1
    assert other_destination.sequence == 1
    assert first.id != second.id


@pytest.mark.django_db
def test_enqueue_to_an_unconfigured_destination_raises(receiver):
    with pytest.raises(ImproperlyConfigured):
        enqueue(destination="nowhere")
