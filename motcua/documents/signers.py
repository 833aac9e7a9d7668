"""One interface, `ResultSigner`, over where the agency's private key lives.

`Pkcs12Signer`: the key of an uploaded PKCS#12 file, unsealed in memory for the signature.
`Pkcs11Signer`: the key stays on an HSM or USB token (PKCS#11); only digests go to it.
Both produce the same PAdES baseline signature (B-B, or B-T with a timestamp authority):
an incremental update with a certification signature that still allows further signatures
and form filling (DocMDP level 2), so anything else appended later is "content modified".
Signing is synchronous (pyHanko runs its own event loop); call it outside a running loop.
"""

import io
from abc import ABC, abstractmethod
from types import TracebackType

from asn1crypto import keys as asn1_keys
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers as pyhanko_signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from motcua.core.errors import ApplicationError
from motcua.documents.constants import SIGNATURE_FIELD

# Room for the CMS object: signature, signed attributes and every embedded certificate.
# Kept tight: verifiers tokenise the /Contents hex string byte by byte (pyHanko), so unused
# room costs verification time. Too little room falls back to pyHanko's own estimate.
_CMS_BASE_RESERVE = 2048
_TIMESTAMP_RESERVE = 8192


def _certificates_from_pem(text: str) -> list[asn1_x509.Certificate]:
    return [
        asn1_x509.Certificate.load(der)
        for _, _, der in asn1_pem.unarmor(text.encode("ascii"), multiple=True)
    ]


class ResultSigner(ABC):
    """Signs a result PDF with one agency certificate. Use as a context manager for batches."""

    def __init__(self, *, timestamper: TimeStamper | None = None) -> None:
        self.timestamper = timestamper

    @property
    @abstractmethod
    def certificate(self) -> asn1_x509.Certificate: ...

    @abstractmethod
    def _pyhanko_signer(self) -> pyhanko_signers.Signer: ...

    def open(self) -> None:  # noqa: B027 — optional hook (token login)
        """Acquire what signing needs (a token session); idempotent."""

    def close(self) -> None:  # noqa: B027 — optional hook
        """Release it."""

    def __enter__(self) -> "ResultSigner":
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _bytes_reserved(self, signer: pyhanko_signers.Signer) -> int:
        certs = [signer.signing_cert, *list(signer.cert_registry)]
        size = _CMS_BASE_RESERVE + sum(len(cert.dump()) for cert in certs if cert is not None)
        size += _TIMESTAMP_RESERVE if self.timestamper else 0
        return size + size % 2  # pyHanko wants an even count

    def sign_pdf(self, pdf: bytes, *, reason: str, location: str) -> bytes:
        """The PDF with one more revision holding the agency's PAdES signature."""
        self.open()
        signer = self._pyhanko_signer()
        meta = PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            certify=True,
            docmdp_permissions=MDPPerm.FILL_FORMS,
            reason=reason,
            location=location,
        )
        pdf_signer = PdfSigner(meta, signer, timestamper=self.timestamper)
        try:
            try:
                output = pdf_signer.sign_pdf(
                    IncrementalPdfFileWriter(io.BytesIO(pdf)),
                    bytes_reserved=self._bytes_reserved(signer),
                )
            except SigningError:  # the reserve was too small: let pyHanko measure
                output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
        except Exception as exc:  # pyHanko, the token or the TSA refused
            raise ApplicationError(
                "Không ký số được kết quả: " + str(exc),
                message_en="Signing the result failed: " + str(exc),
                code="signing_failed",
                status=502,
            ) from exc
        return output.getvalue()


class _KeyCachingSigner(pyhanko_signers.SimpleSigner):
    """pyHanko's SimpleSigner re-parses the private key for every signature; with RSA that
    costs ~65 ms of OpenSSL key checks. This one parses it once."""

    @classmethod
    def from_pkcs12(cls, data: bytes, *, passphrase: bytes | None) -> "_KeyCachingSigner":
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase)
        if key is None or cert is None:
            raise ValueError("no key or certificate")
        der = serialization.Encoding.DER
        registry = SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(c.public_bytes(der)) for c in extra or []]
        )
        signer = cls(
            signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
            signing_key=asn1_keys.PrivateKeyInfo.load(
                key.private_bytes(
                    der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
            cert_registry=registry,
        )
        signer._private_key = key
        return signer

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        key = self._private_key
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, PKCS1v15(), hash_algorithm)
        if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


class Pkcs12Signer(ResultSigner):
    """A key and certificate chain from PKCS#12 bytes (already unsealed)."""

    def __init__(
        self,
        *,
        pkcs12: bytes,
        passphrase: bytes | None = None,
        timestamper: TimeStamper | None = None,
    ) -> None:
        super().__init__(timestamper=timestamper)
        try:
            self._signer = _KeyCachingSigner.from_pkcs12(pkcs12, passphrase=passphrase)
        except Exception as exc:
            raise ApplicationError(
                "Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp không hợp lệ.",
                message_en="Cannot open the PKCS#12 file: wrong password or invalid file.",
                code="pkcs12_invalid",
                status=422,
            ) from exc
        if self._signer is None or self._signer.signing_cert is None:
            raise ApplicationError(
                "Tệp PKCS#12 không có khóa bí mật và chứng thư ký.",
                message_en="The PKCS#12 file holds no private key with its certificate.",
                code="pkcs12_invalid",
                status=422,
            )

    @property
    def certificate(self) -> asn1_x509.Certificate:
        return self._signer.signing_cert

    @property
    def chain(self) -> list[asn1_x509.Certificate]:
        return list(self._signer.cert_registry)

    def _pyhanko_signer(self) -> pyhanko_signers.Signer:
        return self._signer


class Pkcs11Signer(ResultSigner):
    """A key on a PKCS#11 token (HSM, USB token, SoftHSM in tests).

    The certificate comes from the database (no need to store it on the token); the PIN
    comes from the environment (MOTCUA_PKCS11_PIN) and is used only to log in.
    """

    def __init__(
        self,
        *,
        module_path: str,
        token_label: str,
        pin: str | None,
        certificate_pem: str,
        chain_pem: str = "",
        key_label: str | None = None,
        key_id: bytes | None = None,
        timestamper: TimeStamper | None = None,
    ) -> None:
        super().__init__(timestamper=timestamper)
        self.module_path = module_path
        self.token_label = token_label
        self.pin = pin
        self.key_label = key_label
        self.key_id = key_id
        self._certificate = _certificates_from_pem(certificate_pem)[0]
        self._chain = _certificates_from_pem(chain_pem) if chain_pem else []
        self._session = None
        self._signer: pyhanko_signers.Signer | None = None

    @property
    def certificate(self) -> asn1_x509.Certificate:
        return self._certificate

    def open(self) -> None:
        if self._session is not None:
            return
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        try:
            self._session = open_pkcs11_session(
                self.module_path,
                token_criteria=TokenCriteria(label=self.token_label),
                user_pin=self.pin,
            )
        except Exception as exc:
            raise ApplicationError(
                f"Không mở được token ký số “{self.token_label}”: {exc}",
                message_en=f"Cannot open the signing token '{self.token_label}': {exc}",
                code="token_unavailable",
                status=503,
            ) from exc
        self._signer = PKCS11Signer(
            self._session,
            key_label=self.key_label,
            key_id=self.key_id,
            signing_cert=self._certificate,
            ca_chain=self._chain,
            other_certs_to_pull=None,
            # Many tokens (SoftHSM among them) only offer raw ECDSA: hash here, sign there.
            use_raw_mechanism=self._certificate.public_key.algorithm == "ec",
        )

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
        self._session = None
        self._signer = None

    def _pyhanko_signer(self) -> pyhanko_signers.Signer:
        self.open()
        assert self._signer is not None
        return self._signer
