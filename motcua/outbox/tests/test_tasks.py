"""The dispatcher task, the worker end to end, and the operator command."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_enqueue
from motcua.outbox.tasks import outbox_dispatch_task

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def enqueue(key: str, destination: str = "hub"):
    return outbox_enqueue(destination=destination, kind="event", key=key, payload={"k": key})


@pytest.mark.django_db
def test_the_task_drains_and_queues_itself_for_the_end_of_the_back_off(receiver, enqueued_tasks):
    with time_machine.travel(START, tick=False):
        failing = enqueue("A")
        enqueue("B")
        receiver.failing_keys = {"A"}

        result = outbox_dispatch_task.call("hub")

    assert (result["delivered"], result["retried"], result["more_work"]) == (1, 1, False)
    retry_at = OutboxMessage.objects.get(id=failing.id).available_at
    assert result["next_wakeup_at"] == retry_at.isoformat()
    assert len(enqueued_tasks) == 1
    assert enqueued_tasks[0].task.run_after == retry_at
    assert enqueued_tasks[0].args == ["hub"]


@pytest.mark.django_db
def test_the_task_queues_itself_at_once_when_its_time_budget_is_spent(
    receiver, enqueued_tasks, settings
):
    settings.MOTCUA_OUTBOX_TASK_BUDGET_S = 0
    enqueue("A")
    enqueue("A")

    result = outbox_dispatch_task.call("hub")

    assert (result["passes"], result["more_work"]) == (1, True)
    assert len(enqueued_tasks) == 1
    assert enqueued_tasks[0].task.run_after is None


@pytest.mark.django_db
def test_an_idle_task_queues_nothing(receiver, enqueued_tasks):
    result = outbox_dispatch_task.call("hub")
    assert result["passes"] == 0
    assert enqueued_tasks == []


@pytest.mark.django_db(transaction=True)
def test_commit_then_db_worker_delivers_through_the_queued_task(receiver):
    with transaction.atomic():
        first = enqueue("H-1")
        second = enqueue("H-1")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert [m.id for m in receiver.handed_over()] == [first.id, second.id]
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.DELIVERED}


@pytest.mark.django_db
def test_the_command_delivers_pending_messages(receiver, capsys):
    enqueue("A")
    enqueue("B", destination="log")

    call_command("outbox_dispatch", "--destination", "hub")

    assert len(receiver.applied) == 1
    assert "hub: delivered=1" in capsys.readouterr().out
    assert OutboxMessage.objects.get(destination="log").state == OutboxState.PENDING


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_destination(receiver):
    with pytest.raises(CommandError):
        call_command("outbox_dispatch", "--destination", "nowhere")
