import pytest

from motcua.documents.constants import TrustSource
from motcua.documents.pki import pkcs12_build
from motcua.documents.services.certificates import certificate_upload_pkcs12, trusted_root_add
from motcua.dossiers.tests.conftest import P12_PASSWORD, signing_pki  # noqa: F401 (fixture)
from motcua.dossiers.tests.factories import build_world


@pytest.fixture(autouse=True)
def _clear_cache():
    """The rankings are cached in Django's (per-process) cache: no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def indicators_on(settings):
    """Dossier events go to the "indicators" destination (the wiring the issue asks for)."""
    settings.MOTCUA_OUTBOX_HANDLERS = {
        "log": "motcua.outbox.handlers.log_handle",
        "indicators": "motcua.indicators.services.indicators_handle",
    }
    settings.MOTCUA_DOSSIER_EVENT_DESTINATIONS = ["indicators"]


@pytest.fixture
def world(db, settings, tmp_path, signing_pki, indicators_on):  # noqa: F811
    """The dossiers' test world, with signing certificates (signing issues the e-result)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    world = build_world()
    trusted_root_add(
        certificate_pem_text=signing_pki.root.certificate_pem,
        name="Test root",
        source=TrustSource.DEMO,
    )
    for agency in (world.dost, world.pho_hien_pc, world.khoai_chau_pc):
        certificate_upload_pkcs12(
            agency=agency,
            pkcs12_bytes=pkcs12_build(
                pair=signing_pki.agencies[agency.eid],
                chain=[signing_pki.root.certificate],
                password=P12_PASSWORD.encode(),
            ),
            password=P12_PASSWORD,
        )
    return world


def drain():
    from motcua.outbox.services import outbox_drain

    return outbox_drain(
        destination="indicators", worker_id="test", budget_s=60.0, schedule_next=False
    )
