"""Admin actions go through the services."""

import pytest
from django.urls import reverse

from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_dispatch, outbox_enqueue

CHANGELIST = "admin:outbox_outboxmessage_changelist"


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_changelist_filters_and_finds_by_key_and_by_id(receiver, admin_client_logged_in):
    message = outbox_enqueue(destination="hub", kind="received", key="H-42", payload={})
    outbox_enqueue(destination="hub", kind="received", key="H-43", payload={})

    by_key = admin_client_logged_in.get(reverse(CHANGELIST), {"q": "H-42", "state": "pending"})
    by_id = admin_client_logged_in.get(reverse(CHANGELIST), {"q": str(message.id)})

    assert by_key.status_code == 200
    assert list(by_key.context["cl"].queryset) == [message]
    assert list(by_id.context["cl"].queryset) == [message]


@pytest.mark.django_db
def test_redrive_and_send_now_actions(receiver, admin_client_logged_in, settings):
    settings.MOTCUA_OUTBOX_MAX_ATTEMPTS = 1
    message = outbox_enqueue(destination="hub", kind="received", key="H-1", payload={})
    receiver.failing_keys = {"H-1"}
    outbox_dispatch(destination="hub", worker_id="w1")
    receiver.failing_keys = set()

    for action in ("redrive", "send_now"):
        response = admin_client_logged_in.post(
            reverse(CHANGELIST), {"action": action, "_selected_action": [str(message.id)]}
        )
        assert response.status_code == 302

    assert OutboxMessage.objects.get(id=message.id).state == OutboxState.DELIVERED
