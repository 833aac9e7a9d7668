"""The destination handler contract and the built-in "log" destination.

A destination is a name mapped to a handler in the setting MOTCUA_OUTBOX_HANDLERS:

    MOTCUA_OUTBOX_HANDLERS = {"log": "motcua.outbox.handlers.log_handle", "hub": "..."}

A handler is `handle(messages: list[OutboxMessage]) -> dict[UUID, Outcome]`. It is called
outside any transaction, with at most one message per key (the head of each key's line).
It must be idempotent in effect: after a crash between delivery and recording, the same
message (same id) is handed over again, so the receiver deduplicates on `message.id`.
A message missing from the returned dict is retried; an exception retries the whole batch.

A handler whose receiver applies a key's messages in the order given may set the attribute
`messages_per_key = n` (n > 1): it is then given up to n consecutive messages of a key per
call, in sequence order (the hub handler does; a backlog drains in far fewer calls). A message
is recorded delivered only if every earlier message of its key in the call was: after one
that is not, the later ones of that key are retried, and the receiver sees them again.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from motcua.outbox.constants import OutcomeStatus
from motcua.outbox.models import OutboxMessage

logger = logging.getLogger("motcua.outbox.log")

DEFAULT_HANDLERS = {"log": "motcua.outbox.handlers.log_handle"}


@dataclass(frozen=True)
class Outcome:
    """What the destination did with one message."""

    status: OutcomeStatus
    error: str = ""

    @classmethod
    def delivered(cls) -> "Outcome":
        return cls(OutcomeStatus.DELIVERED)

    @classmethod
    def retry(cls, error: str) -> "Outcome":
        """A transient failure (timeout, 5xx, link down): back off and try again."""
        return cls(OutcomeStatus.RETRY, error)

    @classmethod
    def failed(cls, error: str) -> "Outcome":
        """The receiver refuses this message for good (4xx, invalid): mark it dead now."""
        return cls(OutcomeStatus.FAILED, error)


Handler = Callable[[list[OutboxMessage]], dict[UUID, Outcome]]


def handler_for_destination(destination: str) -> Handler:
    handlers = getattr(settings, "MOTCUA_OUTBOX_HANDLERS", DEFAULT_HANDLERS)
    try:
        path = handlers[destination]
    except KeyError:
        raise ImproperlyConfigured(
            f"Outbox destination {destination!r} is not in MOTCUA_OUTBOX_HANDLERS."
        ) from None
    return import_string(path)


def handler_messages_per_key(handler: Handler) -> int:
    """How many consecutive messages of one key `handler` takes per call (1 unless it says)."""
    return max(1, int(getattr(handler, "messages_per_key", 1)))


def destinations_configured() -> list[str]:
    return sorted(getattr(settings, "MOTCUA_OUTBOX_HANDLERS", DEFAULT_HANDLERS))


def log_handle(messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
    """Built-in destination "log": writes each message to the logger; always delivers."""
    for message in messages:
        logger.info(
            "outbox %s %s key=%s seq=%s id=%s payload=%s",
            message.destination,
            message.kind,
            message.key,
            message.sequence,
            message.id,
            message.payload,
        )
    return {message.id: Outcome.delivered() for message in messages}
