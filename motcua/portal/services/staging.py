"""Uploads waiting between wizard steps: checked by content, stored under their SHA-256.

The same bytes are stored once (content-addressed). Only files that pass `file_check` are ever
written, so nothing malformed waits here; the final submission re-checks every byte anyway.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from motcua.dossiers.files import file_check

STAGING_DIR = "portal/staging"


def _path(sha256: str) -> str:
    return f"{STAGING_DIR}/{sha256[:2]}/{sha256}"


def staged_store(*, content: bytes) -> str:
    """Store checked bytes; returns their SHA-256. The caller has already run `file_check`."""
    if not file_check(content).ok:
        raise ValueError("refusing to stage a file that failed file_check")
    sha256 = hashlib.sha256(content).hexdigest()
    path = _path(sha256)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(content))
    return sha256


def staged_read(*, sha256: str) -> bytes | None:
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        return None
    path = _path(sha256)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as file:
        return file.read()
