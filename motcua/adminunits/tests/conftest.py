"""Load the real maps once for this package's tests, and remove them afterwards.

Loading takes about a second; doing it per test would dominate the run. The rows are written
outside any test transaction, so they are deleted when the package's tests are done: other
apps' tests build their own small maps and must not meet these.
"""

import pytest

from motcua.adminunits.models import (
    AdminUnit,
    LegacyProvinceMapping,
    LegacyUnit,
    LegacyWardMapping,
)
from motcua.adminunits.services import adminunits_load


@pytest.fixture(scope="package")
def adminunits_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = adminunits_load()
    yield result
    with django_db_blocker.unblock():
        LegacyWardMapping.objects.all().delete()
        LegacyProvinceMapping.objects.all().delete()
        for level in ("ward", "district", "province"):
            LegacyUnit.objects.filter(level=level).delete()
        AdminUnit.objects.filter(parent__isnull=False).delete()
        AdminUnit.objects.all().delete()


@pytest.fixture
def loaded(adminunits_loaded, db):
    """The maps, inside the test's own transaction."""
    return adminunits_loaded
