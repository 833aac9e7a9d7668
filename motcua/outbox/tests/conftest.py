import pytest

from motcua.outbox.tests import handlers


@pytest.fixture
def receiver(settings) -> handlers.FakeReceiver:
    settings.MOTCUA_OUTBOX_HANDLERS = {
        "hub": "motcua.outbox.tests.handlers.handle",
        "runs": "motcua.outbox.tests.handlers.handle_runs",
        "broken": "motcua.outbox.tests.handlers.handle_raising",
        "silent": "motcua.outbox.tests.handlers.handle_silent",
        "log": "motcua.outbox.handlers.log_handle",
    }
    settings.MOTCUA_OUTBOX_MAX_ATTEMPTS = 12
    settings.MOTCUA_OUTBOX_BACKOFF_BASE_S = 10.0
    settings.MOTCUA_OUTBOX_BACKOFF_CAP_S = 3600.0
    settings.MOTCUA_OUTBOX_CLAIM_TTL_S = 300.0
    handlers.RECEIVER = handlers.FakeReceiver()
    return handlers.RECEIVER


@pytest.fixture
def enqueued_tasks():
    """Every django.tasks enqueue during the test, whatever the backend."""
    from django.tasks.signals import task_enqueued

    results = []

    def remember(sender, task_result, **kwargs):
        results.append(task_result)

    task_enqueued.connect(remember)
    yield results
    task_enqueued.disconnect(remember)
