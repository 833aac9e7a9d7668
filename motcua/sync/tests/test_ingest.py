"""Hub ingest over HTTP: only a hub answers; only a correctly signed, fresh request of the
province itself is taken in; an event id is applied once; an earlier event never overwrites a
later one; a bad event is rejected alone; every batch is logged."""

import time

import pytest

from motcua.sync.models import AppliedEvent, IngestLog, ReplicaDossier
from motcua.sync.services import credential_create
from motcua.sync.tests.conftest import batch_body, event, signed_get, signed_post

pytestmark = pytest.mark.django_db


def test_a_signed_batch_is_applied_and_logged(client, hub, secret):
    body = batch_body([event(seq=1, status=2), event(code="H31.12-260302-0002", seq=1)])
    response = signed_post(client, body, secret=secret)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["applied"], data["duplicates"], data["stale"], data["rejected"]) == (2, 0, 0, 0)
    assert [r["result"] for r in data["results"]] == ["applied", "applied"]
    replica = ReplicaDossier.objects.get(province="33", code="H31.12-260302-0001")
    assert (replica.status, replica.event_seq, replica.handling_agency) == (2, 1, "H31.12")
    assert str(replica.day) == "2026-03-02"
    assert replica.state["procedure_field_code"] == "ATBX"
    log = IngestLog.objects.get()
    assert (log.province, log.received, log.applied) == ("33", 2, 2)


def test_ingest_is_not_found_on_a_province_node(client, settings, secret):
    settings.MOTCUA_ROLE = "province"
    response = signed_post(client, batch_body([event()]), secret=secret)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not AppliedEvent.objects.exists()


def test_wrong_secret_is_refused(client, hub, secret):
    key_id = secret.split(".")[0]
    response = signed_post(client, batch_body([event()]), secret=f"{key_id}.{'0' * 64}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert not ReplicaDossier.objects.exists()


def test_unsigned_request_is_refused(client, hub, secret):
    response = client.post("/api/sync/ingest", data=b"{}", content_type="application/json")
    assert response.status_code == 401


def test_clock_skew_over_five_minutes_is_refused(client, hub, secret):
    old = time.time() - 301
    response = signed_post(client, batch_body([event()]), secret=secret, timestamp=old)
    assert response.status_code == 401
    ok = signed_post(client, batch_body([event()]), secret=secret, timestamp=time.time() - 290)
    assert ok.status_code == 200


def test_tampered_body_is_refused(client, hub, secret):
    import json

    from motcua.sync import signing

    raw = json.dumps(batch_body([event(status=2)])).encode()
    headers = signing.headers_sign(
        secret=secret, province="33", method="POST", path="/api/sync/ingest", body=raw
    )
    tampered = raw.replace(b'"status": 2', b'"status": 10')
    response = client.post(
        "/api/sync/ingest", data=tampered, content_type="application/json", headers=headers
    )
    assert response.status_code == 401


def test_another_province_credential_cannot_write_this_province(client, hub, secret):
    _, ha_noi_secret = credential_create(province="01")
    # Signed honestly as 01, but the batch claims province 33.
    response = signed_post(
        client, batch_body([event()], province="33"), secret=ha_noi_secret, province="01"
    )
    assert response.status_code == 403
    # Claiming to be 33 in the headers with 01's key: the key is not 33's.
    response = signed_post(client, batch_body([event()]), secret=ha_noi_secret, province="33")
    assert response.status_code == 401
    assert not ReplicaDossier.objects.exists()


def test_revoked_credential_is_refused(client, hub, secret):
    from motcua.sync.models import ProvinceCredential
    from motcua.sync.services import credential_revoke

    credential_revoke(credential=ProvinceCredential.objects.get())
    assert signed_post(client, batch_body([event()]), secret=secret).status_code == 401


def test_the_same_batch_twice_is_applied_once(client, hub, secret):
    body = batch_body([event(seq=1), event(code="H31.12-260302-0002", seq=1)])
    first = signed_post(client, body, secret=secret).json()
    second = signed_post(client, body, secret=secret).json()
    assert first["applied"] == 2
    assert (second["applied"], second["duplicates"]) == (0, 2)
    assert AppliedEvent.objects.count() == 2
    assert sum(IngestLog.objects.values_list("applied", flat=True)) == 2


def test_an_earlier_event_never_overwrites_a_later_one(client, hub, secret):
    third = event(seq=3, status=4, action="assign")
    second = event(seq=2, status=2, action="receive")
    assert signed_post(client, batch_body([third]), secret=secret).json()["applied"] == 1
    late = signed_post(client, batch_body([second]), secret=secret).json()
    assert late["results"][0]["result"] == "stale"
    replica = ReplicaDossier.objects.get()
    assert (replica.event_seq, replica.status) == (3, 4)
    # Recorded (so a re-delivery is a duplicate), flagged stale.
    assert AppliedEvent.objects.get(event_id=second["event_id"]).stale


def test_events_of_one_dossier_in_one_batch_leave_the_newest(client, hub, secret):
    events = [event(seq=2, status=4), event(seq=3, status=9), event(seq=1, status=2)]
    data = signed_post(client, batch_body(events), secret=secret).json()
    assert data["applied"] == 3
    assert ReplicaDossier.objects.get().status == 9


def test_a_snapshot_rewrites_the_state_at_an_equal_seq(client, hub, secret):
    signed_post(client, batch_body([event(seq=3, status=4)]), secret=secret)
    ReplicaDossier.objects.update(status=1)  # a damaged replica
    data = signed_post(client, batch_body([event(seq=3, status=4, snapshot=True)]), secret=secret)
    assert data.json()["applied"] == 1
    assert ReplicaDossier.objects.get().status == 4
    # A plain event at the same seq (not a snapshot) is stale.
    data = signed_post(client, batch_body([event(seq=3, status=5)]), secret=secret).json()
    assert data["stale"] == 1 and ReplicaDossier.objects.get().status == 4


def test_an_invalid_event_is_rejected_alone(client, hub, secret):
    bad = event(code="H31.12-260302-0009", status=11)
    data = signed_post(client, batch_body([event(), bad]), secret=secret).json()
    assert (data["applied"], data["rejected"]) == (1, 1)
    rejected = data["results"][-1]
    assert rejected["event_id"] == bad["event_id"] and rejected["result"] == "rejected"
    assert IngestLog.objects.get().errors == 1


def test_an_invalid_envelope_is_refused_whole(client, hub, secret):
    body = batch_body([event()])
    del body["batch_id"]
    response = signed_post(client, body, secret=secret)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_batch"


def test_digest_endpoint_is_signed_and_per_province(client, hub, secret):
    signed_post(client, batch_body([event(seq=2, status=4)]), secret=secret)
    response = signed_get(client, "/api/sync/digest?province=33", secret=secret)
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert [(r["agency"], r["day"], r["count"]) for r in rows] == [("H31.12", "2026-03-02", 1)]
    lines = signed_get(
        client, "/api/sync/digest?province=33&agency=H31.12&day=2026-03-02", secret=secret
    ).json()["lines"]
    assert lines == [{"code": "H31.12-260302-0001", "status": 4, "event_seq": 2}]
    assert signed_get(client, "/api/sync/digest?province=01", secret=secret).status_code == 403
    assert client.get("/api/sync/digest?province=33").status_code == 401


def test_a_batch_mixing_new_duplicate_and_stale_events_counts_each_exactly(client, hub, secret):
    a, b = "H31.12-260302-0001", "H31.12-260302-0002"
    known = event(code=a, seq=3, status=4)
    assert signed_post(client, batch_body([known]), secret=secret).json()["applied"] == 1
    fresh = event(code=b, seq=1, status=2)
    events = [
        known,  # already received: duplicate
        event(code=a, seq=2, status=2),  # older than the replica: stale
        fresh,  # new dossier: applied
        event(code=a, seq=4, status=9),  # newer: applied
        fresh,  # the same id twice in one batch: the second is a duplicate
    ]
    data = signed_post(client, batch_body(events), secret=secret).json()
    assert [r["result"] for r in data["results"]] == [
        "duplicate", "stale", "applied", "applied", "duplicate",
    ]  # fmt: skip
    assert (data["applied"], data["duplicates"], data["stale"], data["rejected"]) == (2, 2, 1, 0)
    log = IngestLog.objects.order_by("at", "id").last()
    assert (log.received, log.applied, log.duplicates, log.stale, log.errors) == (5, 2, 2, 1, 0)
    assert AppliedEvent.objects.count() == 4
    assert AppliedEvent.objects.get(event_id=events[1]["event_id"]).stale
    assert not AppliedEvent.objects.get(event_id=events[3]["event_id"]).stale
    replicas = dict(ReplicaDossier.objects.values_list("code", "event_seq"))
    assert replicas == {a: 4, b: 1}
    assert ReplicaDossier.objects.get(code=a).status == 9


def test_two_events_of_one_dossier_in_one_batch_keep_the_newest(client, hub, secret):
    signed_post(client, batch_body([event(seq=1, status=2)]), secret=secret)
    newest = event(seq=3, status=9, action="sign", finished_at="2026-03-05T10:00:00+07:00")
    older = event(seq=2, status=4, action="assign")
    data = signed_post(client, batch_body([newest, older]), secret=secret).json()
    # Both are newer than the replica as it was: both applied, only the newest is the state.
    assert (data["applied"], data["duplicates"], data["stale"]) == (2, 0, 0)
    replica = ReplicaDossier.objects.get()
    assert (replica.event_seq, replica.status, str(replica.last_event_id)) == (
        3, 9, newest["event_id"],
    )  # fmt: skip
    assert replica.state["action"] == "sign" and replica.finished_at is not None
    # Re-sending the older one alone changes nothing: a duplicate.
    again = signed_post(client, batch_body([older]), secret=secret).json()
    assert again["duplicates"] == 1 and ReplicaDossier.objects.get().event_seq == 3


def test_the_replica_day_is_the_local_date_of_submission(client, hub, secret):
    # 18:30 UTC on 1 March is 01:30 on 2 March in Việt Nam (UTC+7), as digest_day computes.
    early = event(submitted_at="2026-03-01T18:30:00+00:00")
    signed_post(client, batch_body([early]), secret=secret)
    assert str(ReplicaDossier.objects.get().day) == "2026-03-02"
    late = event(code="H31.12-260302-0002", submitted_at=None, received_at=None)
    signed_post(client, batch_body([late]), secret=secret)
    assert ReplicaDossier.objects.get(code="H31.12-260302-0002").day is None


def _post_raw(client, raw: bytes, *, secret: str, **headers):
    from motcua.sync import signing

    signed = signing.headers_sign(
        secret=secret, province="33", method="POST", path="/api/sync/ingest", body=raw
    )
    return client.post(
        "/api/sync/ingest",
        data=raw,
        content_type="application/json",
        headers={**signed, **headers},
    )


def test_a_gzipped_batch_signed_over_the_bytes_sent_is_applied(client, hub, secret):
    import gzip
    import json

    raw = gzip.compress(json.dumps(batch_body([event(seq=1)])).encode())
    response = _post_raw(client, raw, secret=secret, Content_Encoding="gzip")
    assert response.status_code == 200, response.content
    assert response.json()["applied"] == 1 and ReplicaDossier.objects.count() == 1


def test_a_gzip_body_that_inflates_past_the_limit_is_refused_unapplied(client, hub, secret):
    import gzip

    from motcua.sync.services import MAX_INFLATED_BYTES

    raw = gzip.compress(b"[" + b" " * MAX_INFLATED_BYTES + b"]")
    response = _post_raw(client, raw, secret=secret)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_batch"
    assert not IngestLog.objects.exists()
    # Not gzip at all after the magic bytes: refused the same way.
    assert _post_raw(client, b"\x1f\x8bnot gzip", secret=secret).status_code == 422
