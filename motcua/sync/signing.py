"""HMAC-SHA256 request signing shared by the province client and the hub (pure, no ORM).

A province secret looks like "<key id>.<64 hex>". A signed request carries:

    X-Motcua-Province:  33
    X-Motcua-Key-Id:    <key id>
    X-Motcua-Timestamp: <unix seconds>
    X-Motcua-Nonce:     <batch id or random>
    X-Motcua-Signature: v1=<hex HMAC-SHA256(secret, canonical)>

canonical = METHOD \n path?query \n province \n timestamp \n nonce \n sha256(body) hex.
The hub refuses a timestamp more than MAX_SKEW_S away from its clock. A replay inside that
window can only repeat an already-applied batch, which ingest ignores (idempotent by event id).
"""

import hashlib
import hmac
import secrets
import time

MAX_SKEW_S = 300
SIGNATURE_VERSION = "v1"
H_PROVINCE = "X-Motcua-Province"
H_KEY_ID = "X-Motcua-Key-Id"
H_TIMESTAMP = "X-Motcua-Timestamp"
H_NONCE = "X-Motcua-Nonce"
H_SIGNATURE = "X-Motcua-Signature"


def secret_derive(*, master_key: str, province: str, key_id: str) -> str:
    """The secret of credential `key_id`: derived, so the hub stores no secret at all."""
    digest = hmac.new(
        master_key.encode(), f"motcua-sync:{province}:{key_id}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{key_id}.{digest}"


def key_id_new() -> str:
    return secrets.token_hex(8)


def key_id_of(secret: str) -> str:
    return secret.split(".", 1)[0]


def canonical(
    *, method: str, path: str, province: str, timestamp: str, nonce: str, body: bytes
) -> bytes:
    return "\n".join(
        [method.upper(), path, province, timestamp, nonce, hashlib.sha256(body).hexdigest()]
    ).encode()


def signature_compute(*, secret: str, message: bytes) -> str:
    return f"{SIGNATURE_VERSION}=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def headers_sign(
    *,
    secret: str,
    province: str,
    method: str,
    path: str,
    body: bytes,
    nonce: str | None = None,
    timestamp: float | None = None,
) -> dict[str, str]:
    """Headers that authenticate this request as `province` (path includes the query)."""
    ts = str(int(time.time() if timestamp is None else timestamp))
    nonce = nonce or secrets.token_hex(12)
    message = canonical(
        method=method, path=path, province=province, timestamp=ts, nonce=nonce, body=body
    )
    return {
        H_PROVINCE: province,
        H_KEY_ID: key_id_of(secret),
        H_TIMESTAMP: ts,
        H_NONCE: nonce,
        H_SIGNATURE: signature_compute(secret=secret, message=message),
    }


def signature_matches(*, secret: str, message: bytes, signature: str) -> bool:
    return hmac.compare_digest(signature_compute(secret=secret, message=message), signature)
