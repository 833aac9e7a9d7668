"""On a node that syncs to the hub, every PAKN change and every rating writes its hub outbox row
in the transaction of the change (or nothing is written at all); the hub's payload holds the
contract's fields (v1.2) and not the citizen's text; a resend queues the current states. (That
the hub accepts these payloads is checked end to end in indicators/tests/hub: the feedback app
may not import sync.)"""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import at
from motcua.feedback.hub_resend import (
    feedback_hub_resend,
    feedback_hub_snapshots_enqueue,
    rating_hub_snapshots_enqueue,
)
from motcua.feedback.models import Feedback, FeedbackEvent, Rating
from motcua.feedback.services import (
    feedback_accept,
    feedback_answer,
    feedback_publish,
    feedback_submit,
    rating_submit,
)
from motcua.outbox.models import OutboxMessage

FEEDBACK_FIELDS = {
    "event_seq", "action", "at", "reference", "handling_agency", "status", "category",
    "dossier_code", "procedure_code", "procedure_field_code", "repeat_of", "received_at",
    "started_at", "rejected_at", "first_supplement_at", "answered_at", "published_at",
    "likes", "dislikes",
}  # fmt: skip
RATING_FIELDS = {
    "event_seq", "at", "dossier_code", "procedure_code", "procedure_field_code", "score",
}  # fmt: skip


@pytest.fixture
def to_hub(settings):
    settings.MOTCUA_OUTBOX_HANDLERS = {
        **settings.MOTCUA_OUTBOX_HANDLERS,
        "hub": "motcua.sync.client.hub_handle",
    }
    settings.MOTCUA_FEEDBACK_EVENT_DESTINATIONS = ["notifications", "hub"]
    return settings


def _hub_rows() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(destination="hub").order_by("key", "sequence"))


def _submit(world, dossier, **kw) -> Feedback:
    return feedback_submit(
        by=world.users["citizen"],
        kind="reflection",
        content="Cán bộ hẹn trả sai ngày, đề nghị xem lại.",
        dossier=dossier,
        now=at(2026, 3, 2, 9),
        **kw,
    )


def test_each_change_writes_a_hub_row_with_the_contract_payload(world, dossier, to_hub):
    item = _submit(world, dossier)
    item = feedback_accept(
        feedback=item, by=world.users["dost_receiver"], category="conduct", now=at(2026, 3, 3, 9)
    )
    rows = _hub_rows()
    assert [(m.kind, m.key, m.sequence) for m in rows] == [
        ("feedback.event", item.reference, 1),
        ("feedback.event", item.reference, 2),
    ]
    event = rows[-1].payload
    assert set(event) == FEEDBACK_FIELDS  # only what the indicators need
    assert (event["reference"], event["event_seq"], event["status"]) == (
        item.reference,
        2,
        "accepted",
    )
    assert (event["handling_agency"], event["category"]) == (world.dost.eid, "conduct")
    assert (event["dossier_code"], event["procedure_code"]) == (dossier.code, world.xray.code)
    assert event["procedure_field_code"] == world.xray.field.code
    received = datetime.fromisoformat(event["received_at"])
    assert received == datetime.fromisoformat(event["started_at"]) == at(2026, 3, 2, 9)
    assert (event["action"], event["repeat_of"], event["likes"]) == ("accept", "", 0)
    assert "hẹn trả sai" not in str(rows[0].payload) + str(event)
    # The citizen's notifications keep their own payload.
    notifications = OutboxMessage.objects.filter(
        destination="notifications", kind="feedback.event"
    ).order_by("sequence")
    assert [m.payload["feedback_id"] for m in notifications] == [item.pk, item.pk]


def test_a_repeat_complaint_names_the_pakn_it_repeats(world, dossier, to_hub):
    leader = world.users["dost_leader"]
    first = feedback_accept(
        feedback=_submit(world, dossier), by=world.users["dost_receiver"], category="procedure"
    )
    first = feedback_publish(
        feedback=feedback_answer(feedback=first, by=leader, answer="Trả lời đầy đủ."), by=leader
    )
    again = feedback_submit(
        by=world.users["citizen"], kind="reflection", content="Chưa đồng ý.", repeat_of=first
    )
    (row,) = [m for m in _hub_rows() if m.key == again.reference]
    assert row.payload["repeat_of"] == first.reference


def test_without_the_hub_row_nothing_of_the_change_is_written(world, dossier, to_hub):
    """The hub row is written in the transaction of the change: when it cannot be written
    (here: the destination is not wired), the PAKN, its history and its other rows are not."""
    item = _submit(world, dossier)
    before = (FeedbackEvent.objects.count(), OutboxMessage.objects.count())
    to_hub.MOTCUA_OUTBOX_HANDLERS = {
        k: v for k, v in to_hub.MOTCUA_OUTBOX_HANDLERS.items() if k != "hub"
    }
    with pytest.raises(ImproperlyConfigured):
        feedback_accept(feedback=item, by=world.users["dost_receiver"], category="policy")
    with pytest.raises(ImproperlyConfigured):
        _submit(world, dossier)
    item.refresh_from_db()
    assert (item.status, item.category, Feedback.objects.count()) == ("pending", "", 1)
    assert (FeedbackEvent.objects.count(), OutboxMessage.objects.count()) == before


def test_the_hub_row_rolls_back_with_the_change(world, dossier, to_hub):
    item = _submit(world, dossier)
    before = len(_hub_rows())
    with pytest.raises(RuntimeError), transaction.atomic():
        feedback_accept(feedback=item, by=world.users["dost_receiver"], category="policy")
        raise RuntimeError("crash after the service, before commit")
    assert len(_hub_rows()) == before == 1


def _finished(dossier) -> Dossier:
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.RESULT_READY, finished_at=at(2026, 3, 10, 9)
    )
    dossier.refresh_from_db()
    return dossier


def test_a_rating_writes_its_hub_row_with_its_revision(world, dossier, to_hub):
    dossier = _finished(dossier)
    rating_submit(dossier=dossier, by=world.users["citizen"], score=2, comment="Chậm, khó hiểu")
    rating_submit(dossier=dossier, by=world.users["citizen"], score=4)
    assert Rating.objects.get(dossier=dossier).revision == 2
    rows = _hub_rows()
    assert [(m.kind, m.key, m.sequence) for m in rows] == [
        ("rating.event", f"rating:{dossier.code}", 1),
        ("rating.event", f"rating:{dossier.code}", 2),
    ]
    first = rows[0].payload
    assert set(first) == RATING_FIELDS
    assert (first["dossier_code"], first["event_seq"], first["score"]) == (dossier.code, 1, 2)
    assert rows[1].payload["score"] == 4 and "Chậm" not in str(rows[0].payload)
    assert not OutboxMessage.objects.filter(kind="rating.event", destination="notifications")


def test_without_the_hub_nothing_goes_there(world, dossier):
    item = _submit(world, dossier)
    rating_submit(dossier=_finished(dossier), by=world.users["citizen"], score=1)
    assert not _hub_rows()
    assert feedback_hub_resend() == (0, 0)
    assert item.events.count() == 1


def test_resend_queues_the_current_state_of_every_pakn_and_rating(world, dossier, settings):
    # Made before the node synced to the hub: nothing was queued for it.
    item = feedback_accept(
        feedback=_submit(world, dossier), by=world.users["dost_receiver"], category="policy"
    )
    rating_submit(dossier=_finished(dossier), by=world.users["citizen"], score=1)
    settings.MOTCUA_OUTBOX_HANDLERS = {
        **settings.MOTCUA_OUTBOX_HANDLERS,
        "hub": "motcua.sync.client.hub_handle",
    }
    settings.MOTCUA_FEEDBACK_EVENT_DESTINATIONS = ["notifications", "hub"]
    assert feedback_hub_resend() == (1, 1)
    feedback_row, rating_row = sorted(_hub_rows(), key=lambda m: m.kind)
    assert (feedback_row.kind, feedback_row.payload["event_seq"]) == ("feedback.snapshot", 2)
    assert feedback_row.payload["status"] == "accepted" and feedback_row.key == item.reference
    assert (rating_row.kind, rating_row.payload["score"]) == ("rating.snapshot", 1)
    tomorrow = timezone.now() + timedelta(days=1)
    assert feedback_hub_resend(since=tomorrow) == (0, 0)  # nothing changed since


def test_reconciliation_queues_the_snapshots_of_the_keys_it_names_only(world, dossier, to_hub):
    """sync_reconcile re-sends only what differs, through the resend's per-item enqueue: the
    PAKN and ratings named (unknown or malformed references are ignored), nothing when the
    node does not sync to the hub."""
    first, second = _submit(world, dossier), _submit(world, dossier)
    rated = _finished(dossier)
    rating_submit(dossier=rated, by=world.users["citizen"], score=3)
    OutboxMessage.objects.all().delete()
    references = [second.reference, "PAKN-999999", "PAKN-x", rated.code]
    assert feedback_hub_snapshots_enqueue(references=references) == 1
    assert rating_hub_snapshots_enqueue(dossier_codes=[rated.code, "H31.12-000000-0000"]) == 1
    assert [(m.kind, m.key) for m in _hub_rows()] == [
        ("feedback.snapshot", second.reference),
        ("rating.snapshot", f"rating:{rated.code}"),
    ]
    assert first.reference not in {m.key for m in _hub_rows()}
    to_hub.MOTCUA_FEEDBACK_EVENT_DESTINATIONS = ["notifications"]
    assert feedback_hub_snapshots_enqueue(references=[first.reference]) == 0
    assert rating_hub_snapshots_enqueue(dossier_codes=[rated.code]) == 0
