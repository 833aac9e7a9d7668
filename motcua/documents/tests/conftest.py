"""A test PKI made once per session (EC P-256: fast) and a small world per test."""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from motcua.documents.pki import (
    KeyPair,
    agency_certificate_issue,
    ca_create,
    crl_build,
    pkcs12_build,
)

P12_PASSWORD = b"mat-khau-p12"


@dataclass
class TestPki:
    directory: Path
    root: KeyPair
    rogue_root: KeyPair
    dost: KeyPair
    khoai_chau: KeyPair
    expired: KeyPair  # DOST's name, expired yesterday
    untrusted: KeyPair  # DOST's name, issued by the rogue root
    revoked: KeyPair  # DOST's name, listed in crl_path
    crl_path: Path

    def p12(self, pair: KeyPair, password: bytes | None = P12_PASSWORD) -> bytes:
        issuer = self.rogue_root if pair is self.untrusted else self.root
        return pkcs12_build(pair=pair, chain=[issuer.certificate], password=password)


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> TestPki:
    directory = tmp_path_factory.mktemp("pki")
    from django.utils import timezone

    now = timezone.now()
    root = ca_create(name="motcua Test Root CA", now=now, key_kind="ec")
    rogue = ca_create(name="motcua Test Root CA", now=now, key_kind="ec", serial=2)

    def issue(
        ca, name, eid, not_before=now - timedelta(days=30), not_after=now + timedelta(days=365)
    ):
        return agency_certificate_issue(
            ca=ca,
            agency_name=name,
            agency_eid=eid,
            not_before=not_before,
            not_after=not_after,
            key_kind="ec",
            crl_url="http://pki.motcua.invalid/test-root.crl",
        )

    dost_name = "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    revoked = issue(root, dost_name, "H31.12")
    crl_path = directory / "test.crl"
    crl_path.write_bytes(
        crl_build(
            ca=root, revoked=[(revoked.certificate.serial_number, now - timedelta(days=1))], now=now
        )
    )
    return TestPki(
        directory=directory,
        root=root,
        rogue_root=rogue,
        dost=issue(root, dost_name, "H31.12"),
        khoai_chau=issue(root, "UBND xã Khoái Châu", "H31.50.002"),
        expired=issue(
            root, dost_name, "H31.12", now - timedelta(days=400), now - timedelta(days=1)
        ),
        untrusted=issue(rogue, dost_name, "H31.12"),
        revoked=revoked,
        crl_path=crl_path,
    )


@pytest.fixture
def world(db, settings, tmp_path, pki):
    from motcua.documents.tests.factories import build_world

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MOTCUA_SIGNING_KEY = "test-signing-key"
    settings.MOTCUA_PUBLIC_URL = "https://motcua.hungyen.gov.vn"
    settings.MOTCUA_SIGNING_CRL_FILES = [str(pki.crl_path)]
    return build_world(pki)
