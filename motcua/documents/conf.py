"""The settings this app reads, with their defaults (all optional but MOTCUA_SIGNING_KEY in
production, which keystore.py requires). config/settings.py is the only reader of the env."""

from django.conf import settings

from motcua.documents.constants import DEFAULT_UPLOAD_MAX_BYTES


def public_url() -> str:
    return (getattr(settings, "MOTCUA_PUBLIC_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def tsa_url() -> str | None:
    """RFC 3161 timestamp authority; None signs without a timestamp (PAdES B-B)."""
    return getattr(settings, "MOTCUA_TSA_URL", None) or None


def crl_files() -> list[str]:
    """Local CRL files (DER or PEM) consulted when verifying; no network."""
    return list(getattr(settings, "MOTCUA_SIGNING_CRL_FILES", None) or [])


def ocsp_url() -> str | None:
    """When set, verification may go online for revocation (OCSP/CRL named in certificates),
    and `demo_pki` writes this responder into the certificates it issues."""
    return getattr(settings, "MOTCUA_SIGNING_OCSP_URL", None) or None


def trusted_roots_file() -> str | None:
    """A PEM bundle of roots trusted besides the TrustedRoot rows (e.g. the government CA)."""
    return getattr(settings, "MOTCUA_TRUSTED_ROOTS_FILE", None) or None


def pkcs11_module() -> str | None:
    return getattr(settings, "MOTCUA_PKCS11_MODULE", None) or None


def pkcs11_pin() -> str | None:
    return getattr(settings, "MOTCUA_PKCS11_PIN", None) or None


def upload_max_bytes() -> int:
    return int(getattr(settings, "MOTCUA_RESULT_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))
