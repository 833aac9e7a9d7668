"""Province side: the outbox handler of destination "hub" (settings.MOTCUA_OUTBOX_HANDLERS).

`hub_handle(messages)` posts the messages as one signed EventBatchV1 (split when the body
would be too large) to MOTCUA_HUB_URL + /api/sync/ingest and maps the hub's per-event
results to outbox outcomes: applied, duplicate and stale are delivered (the hub has the event
or something newer), rejected is failed (dead letter), anything else is retried with back-off.
The outbox gives up to MESSAGES_PER_KEY consecutive events of a dossier per call, in
sequence order (the hub applies a batch as if event by event in that order), and retries a
message until an outcome is recorded, so the hub may see an event twice; it deduplicates by
event id. JSON is encoded and decoded by pydantic-core (Rust): a 1,000-event batch is ≈ 1 MB.

PAKN and dossier ratings (outbox kinds `feedback.*` and `rating.*`, contract v1.2) travel in the
same batches, in the envelope's `feedback_events` and `rating_events`; a batch without them is
exactly a v1 batch.
"""

import gzip
import json
import threading
import uuid
from collections.abc import Iterator
from uuid import UUID

import httpx
import pydantic_core
from django.conf import settings
from django.utils import timezone

from motcua.outbox.handlers import Outcome
from motcua.outbox.models import OutboxMessage
from motcua.sync import signing

INGEST_PATH = "/api/sync/ingest"
DIGEST_PATH = "/api/sync/digest"
SNAPSHOT_KIND = "dossier.snapshot"
# Below Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) on the hub.
MAX_BODY_BYTES = 2_000_000
# A dossier's events after an outage (≈ 5–10 a day) fit in one call; a piece split off by
# MAX_BODY_BYTES still keeps each dossier's events in order (pieces are posted in order).
MESSAGES_PER_KEY = 20
DEFAULT_TIMEOUT_S = 30.0

_local = threading.local()


def _client() -> httpx.Client:
    timeout = float(getattr(settings, "MOTCUA_HUB_TIMEOUT_S", DEFAULT_TIMEOUT_S))
    client = getattr(_local, "client", None)
    if client is None or _local.timeout != timeout:
        client = httpx.Client(timeout=timeout, headers={"User-Agent": "motcua-sync/1"})
        _local.client, _local.timeout = client, timeout
    return client


def hub_configured() -> tuple[str, str, str]:
    """(hub URL without trailing slash, secret, province) — empty strings when unset."""
    url = (getattr(settings, "MOTCUA_HUB_URL", None) or "").rstrip("/")
    return url, getattr(settings, "MOTCUA_HUB_SECRET", None) or "", settings.MOTCUA_PROVINCE


def hub_request(
    *, method: str, path: str, body: bytes = b"", nonce: str | None = None, compress: bool = False
) -> httpx.Response:
    """One signed request to the hub; raises httpx.HTTPError on network failure.

    `compress`: the body goes gzipped (level 1: ≈ 2 ms per MB, JSON of events shrinks ≈ 10–20×,
    which is what matters on a province's link to the national hub); the signature covers the
    bytes sent, so the hub checks it before inflating anything."""
    url, secret, province = hub_configured()
    headers = {"Content-Type": "application/json"} if body else {}
    if body and compress:
        body = gzip.compress(body, compresslevel=1, mtime=0)
        headers["Content-Encoding"] = "gzip"
    headers |= signing.headers_sign(
        secret=secret, province=province, method=method, path=path, body=body, nonce=nonce
    )
    return _client().request(method, url + path, content=body, headers=headers)


def _event(message: OutboxMessage) -> dict:
    event = dict(message.payload)
    event["event_id"] = str(message.id)
    if message.kind.endswith(".snapshot"):
        event["snapshot"] = True
    return event


def _list_of(message: OutboxMessage) -> str:
    """The envelope list a message goes in, by its outbox kind."""
    if message.kind.startswith("feedback."):
        return "feedback_events"
    if message.kind.startswith("rating."):
        return "rating_events"
    return "events"


def _bodies(messages: list[OutboxMessage], province: str) -> Iterator[tuple[str, bytes, list]]:
    """(batch id, JSON body, messages in it) pieces, each under MAX_BODY_BYTES."""
    encoded = [(m, pydantic_core.to_json(_event(m)).decode()) for m in messages]
    piece: list = []
    size = 0
    for message, text in encoded:
        if piece and size + len(text) > MAX_BODY_BYTES:
            yield _envelope(piece, province)
            piece, size = [], 0
        piece.append((message, text))
        size += len(text) + 1
    if piece:
        yield _envelope(piece, province)


def _envelope(piece: list, province: str) -> tuple[str, bytes, list]:
    batch_id = str(uuid.uuid4())
    head = json.dumps(
        {"v": 1, "province": province, "batch_id": batch_id, "sent_at": timezone.now().isoformat()}
    )
    lists: dict[str, list[str]] = {"events": [], "feedback_events": [], "rating_events": []}
    for message, text in piece:
        lists[_list_of(message)].append(text)
    # `events` always (v1 requires it); the v1.2 lists only when they have something.
    parts = [
        f'"{name}": [{", ".join(texts)}]'
        for name, texts in lists.items()
        if texts or name == "events"
    ]
    body = head[:-1] + ", " + ", ".join(parts) + "}"
    return batch_id, body.encode(), [message for message, _ in piece]


def hub_handle(messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
    url, secret, province = hub_configured()
    if not url or not secret:
        return {
            m.id: Outcome.retry("cấu hình: thiếu MOTCUA_HUB_URL hoặc MOTCUA_HUB_SECRET")
            for m in messages
        }
    outcomes: dict[UUID, Outcome] = {}
    for batch_id, body, piece in _bodies(messages, province):
        outcomes.update(_post(batch_id=batch_id, body=body, messages=piece))
    return outcomes


hub_handle.messages_per_key = MESSAGES_PER_KEY


def _post(*, batch_id: str, body: bytes, messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
    def all_retry(error: str) -> dict[UUID, Outcome]:
        return {m.id: Outcome.retry(error) for m in messages}

    try:
        response = hub_request(
            method="POST",
            path=INGEST_PATH,
            body=body,
            nonce=batch_id,
            compress=getattr(settings, "MOTCUA_HUB_GZIP", True),
        )
    except httpx.HTTPError as exc:
        return all_retry(f"mạng: {type(exc).__name__}")
    if response.status_code != 200:
        try:
            code = response.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            code = ""
        return all_retry(f"hub trả lời HTTP {response.status_code} {code}".strip())
    try:
        results = pydantic_core.from_json(response.content)["results"]
        by_id = {UUID(item["event_id"]): item for item in results if item.get("event_id")}
    except (ValueError, KeyError, TypeError):
        return all_retry("hub trả lời không đúng định dạng")
    outcomes = {}
    for message in messages:
        item = by_id.get(message.id)
        if item is None:
            outcomes[message.id] = Outcome.retry("hub không trả kết quả cho sự kiện")
        elif item["result"] == "rejected":
            outcomes[message.id] = Outcome.failed(f"hub từ chối: {item.get('error', '')}"[:2000])
        else:
            outcomes[message.id] = Outcome.delivered()
    return outcomes
