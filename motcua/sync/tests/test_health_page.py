"""The sync health page: province administrators and monitors see backlog, lag, last success,
dead letters and failure reasons with a link to re-drive; other officers are refused."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from motcua.outbox.services import outbox_dispatch, outbox_enqueue
from motcua.sync.tests.conftest import batch_body, event, signed_post


@pytest.fixture
def failing_hub(settings):
    settings.MOTCUA_OUTBOX_HANDLERS = {
        "log": "motcua.outbox.handlers.log_handle",
        "hub": "motcua.sync.client.hub_handle",
    }
    settings.MOTCUA_HUB_URL = "http://127.0.0.1:9"
    settings.MOTCUA_HUB_SECRET = "k.0"
    return settings


def test_province_admin_sees_backlog_lag_dead_letters_and_reasons(client, world, failing_hub):
    from django.db import transaction

    failing_hub.MOTCUA_OUTBOX_MAX_ATTEMPTS = 1
    with transaction.atomic():
        outbox_enqueue(destination="hub", kind="dossier.event", key="A", payload={})
        outbox_enqueue(destination="hub", kind="dossier.event", key="A", payload={})
    outbox_dispatch(destination="hub", worker_id="t")
    client.force_login(world.users["province_admin"])
    response = client.get(reverse("sync:health"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tình trạng đồng bộ" in page and "Tin ngừng gửi (dead letter)" in page
    assert "mạng: ConnectError" in page
    assert "?destination=hub&amp;state=dead" in page
    health = {d["health"].destination: d["health"] for d in response.context["destinations"]}
    assert (health["hub"].backlog, health["hub"].dead_count) == (1, 1)


def test_monitor_sees_the_page(client, world):
    client.force_login(world.users["monitor"])
    assert client.get(reverse("sync:health")).status_code == 200


def test_commune_receiver_is_refused(client, world):
    client.force_login(world.users["kc_receiver"])
    response = client.get(reverse("sync:health"))
    assert response.status_code == 403
    assert "Không có quyền" in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("sync:health"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_hub_credential_command_prints_a_working_secret_once(client, db, hub, capsys):
    call_command("hub_credential_create", "--province", "33")
    secret = capsys.readouterr().out.strip()
    assert len(secret.split(".")[1]) == 64
    assert signed_post(client, batch_body([event()]), secret=secret).status_code == 200
    from motcua.sync.models import ProvinceCredential

    stored = " ".join(str(v) for v in ProvinceCredential.objects.values_list().get())
    assert secret.split(".")[1] not in stored  # the secret is derived, never stored
