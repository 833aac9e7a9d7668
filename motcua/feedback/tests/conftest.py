import pytest

from motcua.dossiers.tests.factories import (
    build_world,
    online_xray,
)


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MOTCUA_PROVINCE = "33"
    world = build_world()
    world.users["citizen"].email = "anh@example.vn"
    world.users["citizen"].save(update_fields=["email"])
    return world


@pytest.fixture
def dossier(world):
    """An online dossier of the citizen, handled by the Department of Science and Technology."""
    return online_xray(world)
