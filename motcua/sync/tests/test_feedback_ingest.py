"""Contract v1.2: PAKN (phản ánh, kiến nghị) and dossier rating events. They round-trip and a
v1 batch stays valid; bad values are refused; on the hub an event id is applied once, an
earlier `event_seq` never overwrites a later one, a bad event is rejected alone and a bad
envelope writes nothing."""

import pytest
from pydantic import ValidationError

from motcua.sync.contract import EventBatchV1, FeedbackEventV1, RatingEventV1
from motcua.sync.models import (
    AppliedEvent,
    IngestLog,
    ReplicaDossier,
    ReplicaFeedback,
    ReplicaRating,
)
from motcua.sync.tests.conftest import (
    batch_body,
    event,
    feedback_event,
    rating_event,
    signed_post,
)

# --- The contract ----------------------------------------------------------------------------


def test_a_feedback_event_round_trips_through_json():
    original = FeedbackEventV1.model_validate(
        feedback_event(
            seq=4,
            status="published",
            category="procedure",
            dossier_code="H31.12-260302-0001",
            procedure_code="1.004447",
            procedure_field_code="ATBX",
            repeat_of="PAKN-000007",
            answered_at="2026-03-05T10:00:00+07:00",
            published_at="2026-03-06T10:00:00+07:00",
            likes=1,
        )
    )
    again = FeedbackEventV1.model_validate_json(original.model_dump_json())
    assert again == original
    assert (again.status, again.repeat_of, again.likes) == ("published", "PAKN-000007", 1)
    rating = RatingEventV1.model_validate(rating_event(score=1))
    assert RatingEventV1.model_validate_json(rating.model_dump_json()) == rating


def test_a_v1_batch_stays_valid_and_a_newer_field_is_kept():
    batch = EventBatchV1.model_validate(batch_body([event()]))
    assert (batch.feedback_events, batch.rating_events) == ([], [])
    parsed = FeedbackEventV1.model_validate(feedback_event(kenh_tiep_nhan="cong_dvcqg"))
    assert parsed.model_dump(mode="json")["kenh_tiep_nhan"] == "cong_dvcqg"


@pytest.mark.parametrize(
    "change",
    [{"status": "closed"}, {"event_seq": 0}, {"likes": -1}, {"received_at": None},
     {"received_at": "2026-03-02T09:00:00"}, {"reference": ""}, {"handling_agency": ""},
     {"event_id": "not-a-uuid"}, {"reference": "P" * 33}],
)  # fmt: skip
def test_bad_feedback_values_are_refused(change):
    with pytest.raises(ValidationError):
        FeedbackEventV1.model_validate(feedback_event(**change))


@pytest.mark.parametrize(
    "change", [{"score": 0}, {"score": 6}, {"dossier_code": ""}, {"at": "2026-03-20"}]
)
def test_bad_rating_values_are_refused(change):
    with pytest.raises(ValidationError):
        RatingEventV1.model_validate(rating_event(**change))


# --- The hub ---------------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db  # the contract tests above need no database


def post(client, secret, *, events=(), feedback=None, ratings=None):
    response = signed_post(
        client, batch_body(list(events), feedback=feedback, ratings=ratings), secret=secret
    )
    assert response.status_code == 200, response.content
    return response.json()


@pytestmark_db
def test_a_feedback_event_is_applied_into_the_replica(client, hub, secret):
    sent = feedback_event(
        seq=2, status="accepted", category="policy", dossier_code="H31.12-260302-0001",
        procedure_code="1.004447", procedure_field_code="ATBX",
    )  # fmt: skip
    data = post(client, secret, feedback=[sent], ratings=[rating_event(score=1)])
    assert [r["result"] for r in data["results"]] == ["applied", "applied"]
    replica = ReplicaFeedback.objects.get(province="33", reference="PAKN-000001")
    assert (replica.status, replica.category, replica.event_seq) == ("accepted", "policy", 2)
    assert (replica.handling_agency, replica.dossier_code) == ("H31.12", "H31.12-260302-0001")
    assert replica.state["procedure_field_code"] == "ATBX"
    rating = ReplicaRating.objects.get(province="33", dossier_code="H31.12-260302-0001")
    assert (rating.score, rating.event_seq) == (1, 1)
    assert set(AppliedEvent.objects.values_list("stream", "code")) == {
        ("feedback", "PAKN-000001"),
        ("rating", "H31.12-260302-0001"),
    }
    log = IngestLog.objects.get()
    assert (log.received, log.applied) == (2, 2)


@pytestmark_db
def test_the_same_feedback_event_twice_is_applied_once(client, hub, secret):
    sent, rated = feedback_event(seq=1), rating_event(seq=1)
    first = post(client, secret, feedback=[sent], ratings=[rated])
    second = post(client, secret, feedback=[sent], ratings=[rated])
    assert (first["applied"], first["duplicates"]) == (2, 0)
    assert (second["applied"], second["duplicates"]) == (0, 2)
    assert AppliedEvent.objects.count() == 2
    assert ReplicaFeedback.objects.count() == ReplicaRating.objects.count() == 1


@pytestmark_db
def test_an_older_feedback_event_after_a_newer_one_is_ignored(client, hub, secret):
    newer = feedback_event(seq=3, status="processing", category="conduct")
    older = feedback_event(seq=2, status="accepted", category="conduct")
    assert post(client, secret, feedback=[newer])["applied"] == 1
    late = post(client, secret, feedback=[older])
    assert late["results"][0]["result"] == "stale"
    replica = ReplicaFeedback.objects.get()
    assert (replica.event_seq, replica.status) == (3, "processing")
    assert AppliedEvent.objects.get(event_id=older["event_id"]).stale
    # The same for ratings: revision 2 stays, revision 1 arriving late changes nothing.
    post(client, secret, ratings=[rating_event(seq=2, score=5)])
    assert post(client, secret, ratings=[rating_event(seq=1, score=1)])["stale"] == 1
    assert ReplicaRating.objects.get().score == 5


@pytestmark_db
def test_a_feedback_backlog_in_one_batch_leaves_the_newest(client, hub, secret):
    events = [
        feedback_event(seq=2, status="accepted", category="policy"),
        feedback_event(seq=3, status="awaiting_publication", category="policy",
                       answered_at="2026-03-05T09:00:00+07:00"),
        feedback_event(seq=1),
    ]  # fmt: skip
    data = post(client, secret, feedback=events)
    assert data["applied"] == 3
    replica = ReplicaFeedback.objects.get()
    assert (replica.event_seq, replica.status) == (3, "awaiting_publication")
    assert replica.answered_at is not None


@pytestmark_db
def test_a_feedback_snapshot_rewrites_an_equal_seq(client, hub, secret):
    post(client, secret, feedback=[feedback_event(seq=2, status="accepted", category="policy")])
    ReplicaFeedback.objects.update(status="pending", category="")  # a damaged replica
    snapshot = feedback_event(seq=2, status="accepted", category="policy", snapshot=True)
    assert post(client, secret, feedback=[snapshot])["applied"] == 1
    assert ReplicaFeedback.objects.get().category == "policy"
    plain = feedback_event(seq=2, status="rejected")
    assert post(client, secret, feedback=[plain])["stale"] == 1


@pytestmark_db
def test_results_come_in_list_order_and_a_bad_feedback_event_is_rejected_alone(client, hub, secret):
    good, bad = feedback_event(), feedback_event(reference="PAKN-000002", status="closed")
    rated = rating_event()
    data = post(client, secret, events=[event()], feedback=[bad, good], ratings=[rated])
    results = [(r["event_id"], r["result"]) for r in data["results"]]
    assert results == [
        (results[0][0], "applied"),  # the dossier event
        (good["event_id"], "applied"),
        (rated["event_id"], "applied"),
        (bad["event_id"], "rejected"),
    ]
    assert "status" in data["results"][-1]["error"]
    assert list(ReplicaFeedback.objects.values_list("reference", flat=True)) == ["PAKN-000001"]
    assert IngestLog.objects.get().errors == 1


@pytestmark_db
@pytest.mark.parametrize("broken", [{"feedback_events": "PAKN"}, {"rating_events": {"x": 1}}])
def test_a_bad_envelope_writes_nothing(client, hub, secret, broken):
    body = {**batch_body([event()], feedback=[feedback_event()]), **broken}
    response = signed_post(client, body, secret=secret)
    assert response.status_code == 422
    error = response.json()["error"]
    assert (
        error["code"] == "invalid_batch" and error["message"] == "Lô sự kiện không đúng định dạng."
    )
    assert not AppliedEvent.objects.exists()
    assert not (ReplicaDossier.objects.exists() or ReplicaFeedback.objects.exists())
    assert not IngestLog.objects.exists()


@pytestmark_db
def test_after_feedback_the_ingest_calls_the_feedback_hooks(
    client, hub, secret, django_capture_on_commit_callbacks
):
    hub.MOTCUA_SYNC_INGEST_HOOKS = []
    hub.MOTCUA_SYNC_FEEDBACK_INGEST_HOOKS = ["motcua.sync.tests.test_feedback_ingest.record"]
    RECORDED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, secret, feedback=[feedback_event()], ratings=[rating_event()])
    with django_capture_on_commit_callbacks(execute=True):
        post(client, secret, events=[event()])  # dossiers only: not called
    assert RECORDED == [("33", ["PAKN-000001"], ["H31.12-260302-0001"])]


RECORDED: list = []


def record(*, province, references, rated):
    """A feedback ingest hook that only remembers how it was called."""
    RECORDED.append((province, references, rated))


# --- The province client ---------------------------------------------------------------------


def test_the_client_puts_each_outbox_kind_in_its_list_and_keeps_v1_batches_as_they_were():
    import json
    import uuid

    from motcua.outbox.models import OutboxMessage
    from motcua.sync.client import _bodies

    def message(kind, payload):
        return OutboxMessage(id=uuid.uuid4(), kind=kind, key="k", payload=payload)

    dossier = message("dossier.event", {k: v for k, v in event().items() if k != "event_id"})
    pakn = message("feedback.snapshot", feedback_event())
    rated = message("rating.event", rating_event())
    ((_, body, sent),) = list(_bodies([dossier, pakn, rated], "33"))
    parsed = EventBatchV1.model_validate_json(body)
    assert sent == [dossier, pakn, rated]
    assert [str(e.event_id) for e in parsed.events] == [str(dossier.id)]
    assert [str(e.event_id) for e in parsed.feedback_events] == [str(pakn.id)]
    assert parsed.feedback_events[0].snapshot and not parsed.rating_events[0].snapshot
    ((_, body, _),) = list(_bodies([dossier], "33"))
    assert set(json.loads(body)) == {"v", "province", "batch_id", "sent_at", "events"}
