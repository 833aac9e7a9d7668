"""Agencies' signing certificates and the trusted roots: upload, register, choose a signer.

A PKCS#12 upload is opened with the password the admin types, re-serialised without it and
sealed with MOTCUA_SIGNING_KEY (keystore.py): neither the uploaded bytes nor the password are
stored. PKCS#11 keys stay on their token; only the token/key labels are stored.
"""

from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.db import transaction
from django.utils import timezone

from motcua.core.errors import ApplicationError, ErrorDetail
from motcua.documents import conf
from motcua.documents.constants import CertificateKind, TrustSource
from motcua.documents.keystore import secret_seal, secret_unseal
from motcua.documents.models import SigningCertificate, TrustedRoot
from motcua.documents.pki import certificate_fingerprint, certificate_pem
from motcua.documents.signers import Pkcs11Signer, Pkcs12Signer, ResultSigner


def _pkcs12_error() -> ApplicationError:
    return ApplicationError(
        "Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp không hợp lệ.",
        message_en="Cannot open the PKCS#12 file: wrong password or invalid file.",
        code="pkcs12_invalid",
        status=422,
        details=[
            ErrorDetail(
                "pkcs12", "Sai mật khẩu hoặc tệp không hợp lệ.", "Wrong password or invalid file."
            )
        ],
    )


def _certificate_fields(certificate: x509.Certificate) -> dict:
    return {
        "certificate_pem": certificate_pem(certificate),
        "subject": certificate.subject.rfc4514_string(),
        "issuer": certificate.issuer.rfc4514_string(),
        "serial": format(certificate.serial_number, "x"),
        "fingerprint": certificate_fingerprint(certificate),
        "not_before": certificate.not_valid_before_utc,
        "not_after": certificate.not_valid_after_utc,
    }


def _activate(*, certificate: SigningCertificate, activate: bool) -> SigningCertificate:
    with transaction.atomic():
        if activate:
            SigningCertificate.objects.filter(agency=certificate.agency, is_active=True).update(
                is_active=False
            )
        certificate.is_active = activate
        certificate.save()
    return certificate


def certificate_upload_pkcs12(
    *, agency, pkcs12_bytes: bytes, password: str, activate: bool = True
) -> SigningCertificate:
    """Store an agency's PKCS#12 sealed; it becomes the agency's active certificate."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(
            pkcs12_bytes, password.encode("utf-8") if password else None
        )
    except (ValueError, TypeError):
        raise _pkcs12_error() from None
    if key is None or cert is None:
        raise _pkcs12_error()
    fields = _certificate_fields(cert)
    if SigningCertificate.objects.filter(fingerprint=fields["fingerprint"]).exists():
        raise ApplicationError(
            "Chứng thư số này đã được tải lên.",
            message_en="This certificate is already uploaded.",
            code="certificate_duplicate",
            status=409,
        )
    plain = pkcs12.serialize_key_and_certificates(
        b"motcua", key, cert, extra or None, serialization.NoEncryption()
    )
    certificate = SigningCertificate(
        agency=agency,
        kind=CertificateKind.PKCS12,
        pkcs12_sealed=secret_seal(plaintext=plain, associated=fields["fingerprint"]),
        chain_pem="".join(certificate_pem(c) for c in extra or []),
        **fields,
    )
    return _activate(certificate=certificate, activate=activate)


def certificate_register_pkcs11(
    *,
    agency,
    token_label: str,
    certificate_pem_text: str,
    chain_pem: str = "",
    key_label: str = "",
    key_id: str = "",
    activate: bool = True,
) -> SigningCertificate:
    """Record a key held on a PKCS#11 token (its PIN comes from MOTCUA_PKCS11_PIN)."""
    try:
        cert = x509.load_pem_x509_certificate(certificate_pem_text.encode("ascii"))
    except ValueError:
        raise ApplicationError(
            "Chứng thư số (PEM) không hợp lệ.",
            message_en="Invalid certificate (PEM).",
            code="certificate_invalid",
            status=422,
        ) from None
    certificate = SigningCertificate(
        agency=agency,
        kind=CertificateKind.PKCS11,
        token_label=token_label,
        key_label=key_label,
        key_id=key_id,
        chain_pem=chain_pem,
        **_certificate_fields(cert),
    )
    return _activate(certificate=certificate, activate=activate)


def trusted_root_add(*, certificate_pem_text: str, name: str, source: str) -> TrustedRoot:
    """Trust a root CA for verification (idempotent on its fingerprint)."""
    cert = x509.load_pem_x509_certificate(certificate_pem_text.encode("ascii"))
    root, _ = TrustedRoot.objects.update_or_create(
        fingerprint=certificate_fingerprint(cert),
        defaults={
            "name": name,
            "certificate_pem": certificate_pem(cert),
            "source": TrustSource(source),
            "is_active": True,
        },
    )
    return root


def timestamper_from_settings():
    url = conf.tsa_url()
    if not url:
        return None
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    return HTTPTimeStamper(url)


def signer_for_certificate(*, certificate: SigningCertificate, timestamper=None) -> ResultSigner:
    timestamper = timestamper if timestamper is not None else timestamper_from_settings()
    if certificate.kind == CertificateKind.PKCS11:
        module = conf.pkcs11_module()
        if not module:
            raise ApplicationError(
                "Chưa cấu hình thư viện PKCS#11 (MOTCUA_PKCS11_MODULE) để ký bằng token.",
                message_en="MOTCUA_PKCS11_MODULE is not configured for token signing.",
                code="pkcs11_not_configured",
                status=503,
            )
        return Pkcs11Signer(
            module_path=module,
            token_label=certificate.token_label,
            pin=conf.pkcs11_pin(),
            certificate_pem=certificate.certificate_pem,
            chain_pem=certificate.chain_pem,
            key_label=certificate.key_label or None,
            key_id=bytes.fromhex(certificate.key_id) if certificate.key_id else None,
            timestamper=timestamper,
        )
    plain = secret_unseal(sealed=certificate.pkcs12_sealed, associated=certificate.fingerprint)
    return Pkcs12Signer(pkcs12=plain, timestamper=timestamper)


def signing_certificate_active(*, agency, now: datetime | None = None) -> SigningCertificate:
    """The agency's active certificate, valid at `now`; 409 with the reason otherwise."""
    now = now or timezone.now()
    certificate = SigningCertificate.objects.filter(agency=agency, is_active=True).first()
    if certificate is None:
        raise ApplicationError(
            f"{agency.name} chưa có chứng thư ký số đang sử dụng; quản trị cấp tỉnh cần tải "
            "lên chứng thư trước khi ký kết quả.",
            message_en=f"{agency.name} has no active signing certificate; the province "
            "administrator must upload one before results can be signed.",
            code="no_signing_certificate",
            status=409,
        )
    if not (certificate.not_before <= now <= certificate.not_after):
        raise ApplicationError(
            f"Chứng thư ký số của {agency.name} không còn hiệu lực "
            f"(hiệu lực đến {timezone.localtime(certificate.not_after):%d/%m/%Y}).",
            message_en=f"The signing certificate of {agency.name} is not valid now.",
            code="signing_certificate_expired",
            status=409,
        )
    return certificate
