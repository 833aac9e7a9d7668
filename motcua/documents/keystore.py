"""Seal PKCS#12 key material at rest with a key that lives only in the environment.

AES-256-GCM; the key is HKDF-SHA256 of settings.MOTCUA_SIGNING_KEY (env MOTCUA_SIGNING_KEY);
the certificate fingerprint is the associated data, so a sealed blob cannot be moved to
another certificate row. Losing MOTCUA_SIGNING_KEY means uploading the PKCS#12 files again.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from motcua.core.errors import ApplicationError

_VERSION = b"MCS1"
_DEV_KEY = "motcua-dev-only-signing-key"


def _signing_key() -> bytes:
    secret = getattr(settings, "MOTCUA_SIGNING_KEY", None)
    if not secret:
        if getattr(settings, "DEBUG", False) or getattr(settings, "TESTING", False):
            secret = _DEV_KEY
        else:
            raise ApplicationError(
                "Chưa cấu hình khóa bảo vệ chứng thư ký số (MOTCUA_SIGNING_KEY).",
                message_en="MOTCUA_SIGNING_KEY is not configured.",
                code="signing_key_missing",
                status=503,
            )
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"motcua-signing-v1", info=b"pkcs12"
    ).derive(secret.encode("utf-8"))


def secret_seal(*, plaintext: bytes, associated: str) -> bytes:
    nonce = os.urandom(12)
    return _VERSION + nonce + AESGCM(_signing_key()).encrypt(nonce, plaintext, associated.encode())


def secret_unseal(*, sealed: bytes, associated: str) -> bytes:
    sealed = bytes(sealed)
    if not sealed.startswith(_VERSION):
        raise _unseal_error()
    nonce, ciphertext = sealed[4:16], sealed[16:]
    try:
        return AESGCM(_signing_key()).decrypt(nonce, ciphertext, associated.encode())
    except InvalidTag:
        raise _unseal_error() from None


def _unseal_error() -> ApplicationError:
    return ApplicationError(
        "Không giải mã được chứng thư ký số: khóa MOTCUA_SIGNING_KEY đã thay đổi hoặc dữ liệu "
        "bị hỏng. Hãy tải lại tệp PKCS#12.",
        message_en="Cannot decrypt the signing certificate: MOTCUA_SIGNING_KEY changed or the "
        "data is corrupt. Upload the PKCS#12 file again.",
        code="signing_key_mismatch",
        status=409,
    )
