import pytest

from motcua.agencies.tests.factories import hung_yen_units


@pytest.fixture
def units(db, settings):
    settings.MOTCUA_REGISTRY_CONNECTOR = "reference"
    return hung_yen_units()
