import pytest

from motcua.dossiers.tests.factories import build_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_world()
