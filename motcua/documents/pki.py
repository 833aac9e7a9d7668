"""A demo public-key infrastructure: a root CA, agency signing certificates, a CRL.

Pure `cryptography`, no database: `manage.py demo_pki` and the tests build on it. The demo
uses RSA 2048 like the government CA (Ban Cơ yếu Chính phủ); tests pass `key_kind="ec"`
(P-256), which is a hundred times faster to generate. Production trusts configured roots
only (TrustedRoot rows of source "configured"): nothing here is ever trusted by default.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class KeyPair:
    key: PrivateKey
    certificate: x509.Certificate

    @property
    def certificate_pem(self) -> str:
        return certificate_pem(self.certificate)

    @property
    def key_pkcs8_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def key_generate(kind: str = "rsa") -> PrivateKey:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def certificate_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def _name(common_name: str, organization: str = "", unit: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    if unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,  # non-repudiation: what pyHanko asks of a PDF signer
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def ca_create(
    *, name: str, now: datetime, days: int = 3650, key_kind: str = "rsa", serial: int = 1
) -> KeyPair:
    """A self-signed root CA valid from a day before `now`."""
    key = key_generate(key_kind)
    subject = _name(name, organization="motcua demo")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return KeyPair(key=key, certificate=certificate)


def agency_certificate_issue(
    *,
    ca: KeyPair,
    agency_name: str,
    agency_eid: str,
    not_before: datetime,
    not_after: datetime,
    key_kind: str = "rsa",
    ocsp_url: str | None = None,
    crl_url: str | None = None,
) -> KeyPair:
    """A signing certificate for one agency: CN = its name, OU = its electronic identifier."""
    key = key_generate(key_kind)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(agency_name, organization="motcua demo", unit=agency_eid))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()),
            critical=False,
        )
    )
    if crl_url:
        # Verifiers look revocation up only for certificates that say where (CDP); the
        # CRL itself is given to them as a local file (MOTCUA_SIGNING_CRL_FILES).
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier(crl_url)], None, None, None
                    )
                ]
            ),
            critical=False,
        )
    if ocsp_url:
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url)
                    )
                ]
            ),
            critical=False,
        )
    return KeyPair(key=key, certificate=builder.sign(ca.key, hashes.SHA256()))


def pkcs12_build(
    *, pair: KeyPair, chain: list[x509.Certificate], password: bytes | None, name: bytes = b"motcua"
) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(
        name, pair.key, pair.certificate, chain or None, encryption
    )


def crl_build(
    *, ca: KeyPair, revoked: list[tuple[int, datetime]], now: datetime, days: int = 7
) -> bytes:
    """A DER CRL of `ca` listing (serial number, revocation date) pairs."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(now - timedelta(hours=1))
        .next_update(now + timedelta(days=days))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()),
            critical=False,
        )
    )
    for serial, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
        )
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
