"""The hub tests (MOTCUA_ROLE=hub): the March scenario's events as the hub receives them, and a
signed post to the real ingest endpoint (its after-commit hooks run)."""

import pytest
from django.contrib.auth.models import Permission

from motcua.accounts.models import User
from motcua.indicators.tests.conftest import drain
from motcua.indicators.tests.scenario import build_march
from motcua.outbox.models import OutboxMessage
from motcua.sync.services import credential_create
from motcua.sync.tests.conftest import batch_body, signed_post


@pytest.fixture
def hub_events(world, settings):
    """The March scenario on the province node, its "hub" outbox messages as contract events
    (what `sync.client.hub_handle` posts), and this process playing the hub as well."""
    settings.MOTCUA_ROLE = "hub"
    settings.MOTCUA_OUTBOX_HANDLERS = {
        **settings.MOTCUA_OUTBOX_HANDLERS,
        "hub": "motcua.sync.client.hub_handle",
    }
    settings.MOTCUA_DOSSIER_EVENT_DESTINATIONS = ["indicators", "hub"]
    settings.MOTCUA_SYNC_INGEST_HOOKS = ["motcua.indicators.hub.hub_ingest_hook"]
    build_march(world)
    drain()
    messages = OutboxMessage.objects.filter(destination="hub").order_by("key", "sequence")
    return [{**m.payload, "event_id": str(m.id)} for m in messages]


@pytest.fixture
def secret(db) -> str:
    return credential_create(province="33")[1]


@pytest.fixture
def ministry(db) -> User:
    """A ministry officer allowed to see the hub's indicators."""
    user = User.objects.create_user(
        username="bo_noi_vu", password="pw-test-12345", full_name="Cán bộ Bộ Nội vụ"
    )
    user.user_permissions.add(Permission.objects.get(codename="view_hubdailyrollup"))
    return user


def post(client, events, *, secret, capture):
    with capture(execute=True):
        response = signed_post(client, batch_body(events), secret=secret)
    assert response.status_code == 200, response.content
    return response.json()
