"""The contract: what a province sends round-trips, and a newer province's unknown fields are
kept rather than refused (forward compatibility); out-of-range codes are refused."""

import uuid

import pytest
from pydantic import ValidationError

from motcua.sync.contract import DossierEventV1, EventBatchV1
from motcua.sync.tests.conftest import batch_body, event


def test_event_round_trips_through_json():
    original = DossierEventV1.model_validate(
        event(
            supplements=[{"requested_at": "2026-03-04T09:00:00+07:00", "returned_at": None}],
            fees=[{"name": "Lệ phí cấp giấy phép", "amount_vnd": 300000}],
            documents_total=2,
            documents_digitized=1,
            documents_reused=1,
            paid_online=1,
            identity_verified=True,
        )
    )
    again = DossierEventV1.model_validate_json(original.model_dump_json())
    assert again == original
    assert again.fees[0].amount_vnd == 300000 and again.supplements[0].returned_at is None


def test_unknown_future_fields_are_tolerated_and_kept():
    parsed = DossierEventV1.model_validate(event(noi_nop_ho_so="H31.30", new_block={"x": 1}))
    assert parsed.model_dump(mode="json")["noi_nop_ho_so"] == "H31.30"
    batch = EventBatchV1.model_validate({**batch_body([event()]), "compression": "none"})
    assert len(batch.events) == 1


@pytest.mark.parametrize(
    "change",
    [{"status": 11}, {"status": 0}, {"channel": 4}, {"event_seq": 0}, {"paid_online": 3},
     {"at": "2026-03-02T09:00:00"}, {"event_id": "not-a-uuid"}],
)  # fmt: skip
def test_out_of_range_values_are_refused(change):
    with pytest.raises(ValidationError):
        DossierEventV1.model_validate(event(**change))


def test_missing_required_field_is_refused():
    values = event()
    del values["code"]
    with pytest.raises(ValidationError):
        DossierEventV1.model_validate(values)


def test_batch_needs_a_batch_id():
    body = batch_body([event()])
    body["batch_id"] = str(uuid.uuid4())[:8]
    with pytest.raises(ValidationError):
        EventBatchV1.model_validate(body)
