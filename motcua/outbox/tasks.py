"""Background entry point: drain one destination's outbox (worker: manage.py db_worker)."""

from dataclasses import asdict

from django.tasks import task

from motcua.outbox.services import outbox_drain, worker_id_default


@task()
def outbox_dispatch_task(destination: str) -> dict:
    """Queued after commit by outbox_enqueue and by itself for back-off retries."""
    report = outbox_drain(destination=destination, worker_id=f"task:{worker_id_default()}")
    result = asdict(report)
    if report.next_wakeup_at is not None:
        result["next_wakeup_at"] = report.next_wakeup_at.isoformat()
    return result
