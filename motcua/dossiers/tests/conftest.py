from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from motcua.documents.constants import TrustSource
from motcua.documents.pki import KeyPair, agency_certificate_issue, ca_create, pkcs12_build
from motcua.documents.services.certificates import certificate_upload_pkcs12, trusted_root_add
from motcua.dossiers.tests.factories import build_world

P12_PASSWORD = "mat-khau-thu"


@dataclass
class SigningPki:
    root: KeyPair
    agencies: dict[str, KeyPair]


@pytest.fixture(scope="session")
def signing_pki() -> SigningPki:
    """A test root and a certificate for every world agency that signs (EC keys: fast)."""
    now = timezone.now()
    root = ca_create(name="motcua Dossier Test Root", now=now, key_kind="ec")
    names = {
        "H31.12": "Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        "H31.50.001": "UBND phường Phố Hiến",
        "H31.50.002": "UBND xã Khoái Châu",
    }
    agencies = {
        eid: agency_certificate_issue(
            ca=root,
            agency_name=name,
            agency_eid=eid,
            key_kind="ec",
            not_before=datetime(2025, 1, 1, tzinfo=UTC),
            not_after=now + timedelta(days=365),
        )
        for eid, name in names.items()
    }
    return SigningPki(root=root, agencies=agencies)


@pytest.fixture
def world(db, settings, tmp_path, signing_pki):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    world = build_world()
    trusted_root_add(
        certificate_pem_text=signing_pki.root.certificate_pem,
        name="Test root",
        source=TrustSource.DEMO,
    )
    for agency in (world.dost, world.pho_hien_pc, world.khoai_chau_pc):
        pair = signing_pki.agencies[agency.eid]
        certificate_upload_pkcs12(
            agency=agency,
            pkcs12_bytes=pkcs12_build(
                pair=pair, chain=[signing_pki.root.certificate], password=P12_PASSWORD.encode()
            ),
            password=P12_PASSWORD,
        )
    return world
