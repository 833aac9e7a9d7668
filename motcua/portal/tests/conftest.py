import pytest

from motcua.portal.tests.factories import portal_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MOTCUA_PROVINCE = "33"
    settings.MOTCUA_REGISTRY_CONNECTOR = "reference"
    return portal_world()


@pytest.fixture
def citizen_client(client, world):
    client.force_login(world.users["citizen"])
    return client
