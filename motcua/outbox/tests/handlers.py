"""Test-only destinations, wired in through MOTCUA_OUTBOX_HANDLERS by the `receiver` fixture."""

import threading
import time
from uuid import UUID

from motcua.outbox.handlers import Outcome
from motcua.outbox.models import OutboxMessage


class SimulatedCrash(BaseException):
    """The dispatcher process dies: not an Exception, so nothing in the dispatcher catches it."""


class FakeReceiver:
    """A receiver like the hub: applies each event id once, remembers what it was handed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.batches: list[list[OutboxMessage]] = []
        self.applied: dict[UUID, OutboxMessage] = {}
        self.duplicates: list[UUID] = []
        self.failing_keys: set[str] = set()
        self.refused_keys: set[str] = set()
        self.crash_after_apply = False
        self.during_call = None  # callable run inside the handler, e.g. another dispatcher
        self.delay_s = 0.0

    def handle(self, messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
        with self.lock:
            self.batches.append(list(messages))
        if self.delay_s:
            time.sleep(self.delay_s)
        outcomes = {}
        for message in messages:
            if message.key in self.refused_keys:
                outcomes[message.id] = Outcome.failed("422 payload rejected")
            elif message.key in self.failing_keys:
                outcomes[message.id] = Outcome.retry("503 hub unavailable")
            else:
                with self.lock:
                    if message.id in self.applied:
                        self.duplicates.append(message.id)  # deduplicated, not applied twice
                    else:
                        self.applied[message.id] = message
                outcomes[message.id] = Outcome.delivered()
        if self.crash_after_apply:
            self.crash_after_apply = False
            raise SimulatedCrash
        if self.during_call is not None:
            during_call, self.during_call = self.during_call, None
            during_call()
        return outcomes

    def handed_over(self) -> list[OutboxMessage]:
        return [message for batch in self.batches for message in batch]


RECEIVER = FakeReceiver()


def handle(messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
    return RECEIVER.handle(messages)


def handle_raising(messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
    raise ConnectionError("link down")


def handle_silent(messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
    return {}


def handle_runs(messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
    """Like `handle`, for a receiver that applies a key's messages in the order given."""
    return RECEIVER.handle(messages)


handle_runs.messages_per_key = 3
