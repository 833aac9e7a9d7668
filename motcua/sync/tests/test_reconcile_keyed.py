"""Contract v1.3: reconciliation covers PAKN and dossier ratings as it covers dossiers. End to
end on loopback (the province outbox → hub_handle → the real hub endpoints, live_server): a
PAKN or rating the hub lost, or has behind, is found by the digest exchange and re-sent once;
both sides compute the same lines and hashes; the hub refuses an unknown stream and another
province's credential; a hub older than v1.3 (it ignores `stream` and answers dossiers) makes
the province skip the keyed streams instead of re-sending every PAKN and rating."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from django.core.management import call_command

from motcua.documents.constants import TrustSource
from motcua.documents.pki import pkcs12_build
from motcua.documents.services.certificates import certificate_upload_pkcs12, trusted_root_add
from motcua.dossiers.constants import Action
from motcua.dossiers.services.processing import dossier_advance, dossier_assign, dossier_receive
from motcua.dossiers.tests.conftest import P12_PASSWORD, signing_pki  # noqa: F401 (fixture)
from motcua.dossiers.tests.factories import at, online_xray
from motcua.feedback.services import (
    feedback_accept,
    feedback_submit,
    feedback_transfer,
    rating_submit,
)
from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxMessage
from motcua.sync import signing
from motcua.sync.contract import DIGEST_STREAMS
from motcua.sync.digest import (
    REPLICA_LINES,
    digest_rows,
    digest_text,
    replica_feedback_lines,
    replica_rating_lines,
)
from motcua.sync.models import ReplicaFeedback, ReplicaRating
from motcua.sync.reconcile import HUB_TOO_OLD, NOT_SYNCED, STREAMS, sync_reconcile
from motcua.sync.selectors import feedback_lines, rating_lines
from motcua.sync.services import credential_create
from motcua.sync.tests.conftest import PROVINCE, drain, signed_get

KEYED = ("feedback", "rating")


@pytest.fixture
def keyed(wired, settings, signing_pki):  # noqa: F811
    """The wired province also sends its PAKN and ratings to the hub (as MOTCUA_HUB_URL does);
    dost can sign results (a dossier is rated once its result is ready)."""
    settings.MOTCUA_FEEDBACK_EVENT_DESTINATIONS = ["hub"]
    trusted_root_add(
        certificate_pem_text=signing_pki.root.certificate_pem,
        name="Test root",
        source=TrustSource.DEMO,
    )
    certificate_upload_pkcs12(
        agency=wired.dost,
        pkcs12_bytes=pkcs12_build(
            pair=signing_pki.agencies[wired.dost.eid],
            chain=[signing_pki.root.certificate],
            password=P12_PASSWORD.encode(),
        ),
        password=P12_PASSWORD,
    )
    return wired


def make_feedback(world) -> list:
    """Three PAKN of dost: one accepted, one received early on 03/03 (06:30, in UTC still
    02/03: its bucket is its local day), one transferred to the ward of Phố Hiến."""
    citizen, receiver = world.users["citizen"], world.users["dost_receiver"]

    def submit(day, hh=9, mm=0):
        return feedback_submit(
            by=citizen,
            kind="reflection",
            content="Phản ánh về thủ tục cấp phép.",
            agency=world.dost,
            now=at(2026, 3, day, hh, mm),
        )

    accepted = feedback_accept(
        feedback=submit(2), by=receiver, category="policy", now=at(2026, 3, 3)
    )
    early = submit(3, 6, 30)
    moved = feedback_transfer(
        feedback=submit(4),
        by=receiver,
        to_agency=world.pho_hien_pc,
        reason="Thuộc thẩm quyền UBND phường.",
        now=at(2026, 3, 5),
    )
    return [accepted, early, moved]


def make_rated(world, *scores: int):
    """A finished online dossier of the citizen, rated `scores` in turn."""
    u = world.users
    dossier = online_xray(world, now=at(2026, 3, 1, 20))
    dossier = dossier_receive(dossier=dossier, by=u["center_receiver"], now=at(2026, 3, 2, 9))
    dossier = dossier_assign(
        dossier=dossier, by=u["dost_leader"], assignee=u["dost_specialist"], now=at(2026, 3, 2, 10)
    )
    for action, who, hh in (
        (Action.APPRAISE, "dost_specialist", 8),
        (Action.APPROVE, "dost_leader", 9),
        (Action.SIGN, "dost_signer", 10),
    ):
        dossier = dossier_advance(dossier=dossier, action=action, by=u[who], now=at(2026, 3, 6, hh))
    for score in scores:
        rating_submit(dossier=dossier, by=u["citizen"], score=score)
    return dossier


def texts(stream: str) -> tuple[str, str]:
    """This node's digest text of `stream` and the hub's, as `sync_digest --stream` prints."""
    province = digest_rows(lines=STREAMS[stream].lines())
    hub = digest_rows(lines=REPLICA_LINES[stream](province=PROVINCE))
    return (
        digest_text(province=PROVINCE, rows=province, stream=stream),
        digest_text(province=PROVINCE, rows=hub, stream=stream),
    )


def snapshot_keys(kind: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=kind).values_list("key", flat=True))


def test_a_pakn_and_a_rating_the_hub_lost_are_found_resent_and_then_converged(keyed):
    """(a) Rows deleted on the hub are found by the digests and re-sent; the next exchange
    reports every stream converged."""
    items = make_feedback(keyed)
    rated = [make_rated(keyed, 2), make_rated(keyed, 4)]
    drain()
    assert sync_reconcile().converged
    lost_pakn, lost_rating = items[0].reference, rated[1].code
    ReplicaFeedback.objects.filter(reference=lost_pakn).delete()
    ReplicaRating.objects.filter(dossier_code=lost_rating).delete()
    assert all(side[0] != side[1] for side in map(texts, KEYED))

    report = sync_reconcile()
    assert not report.converged
    feedback, rating = report.streams["feedback"], report.streams["rating"]
    assert (feedback.resent, rating.resent, report.resent) == (1, 1, 0)  # report.resent: dossiers
    assert feedback.unknown_on_province == rating.unknown_on_province == []
    assert snapshot_keys("feedback.snapshot") == [lost_pakn]
    assert snapshot_keys("rating.snapshot") == [f"rating:{lost_rating}"]
    drain()

    again = sync_reconcile()
    assert again.converged
    assert all(again.streams[name].converged and not again.streams[name].skipped for name in KEYED)
    assert all(side[0] == side[1] for side in map(texts, KEYED))
    replica = ReplicaFeedback.objects.get(reference=lost_pakn)
    assert (replica.status, replica.category, replica.event_seq) == ("accepted", "policy", 2)
    assert ReplicaRating.objects.get(dossier_code=lost_rating).score == 4


def test_a_hub_replica_behind_is_found_and_brought_forward(keyed):
    """(b) A hub restored from an older backup: the replicas have an earlier event_seq (and
    the state of then). The lines differ, snapshots of the current state bring them forward."""
    item = make_feedback(keyed)[0]
    dossier = make_rated(keyed, 1, 5)  # rated twice: revision 2, score 5
    drain()
    ReplicaFeedback.objects.filter(reference=item.reference).update(
        event_seq=1, status="pending", category=""
    )
    ReplicaRating.objects.filter(dossier_code=dossier.code).update(event_seq=1, score=1)

    report = sync_reconcile()
    assert (report.streams["feedback"].resent, report.streams["rating"].resent) == (1, 1)
    assert report.streams["feedback"].divergent_buckets == [(keyed.dost.eid, "2026-03-02")]
    drain()

    assert sync_reconcile().converged
    replica = ReplicaFeedback.objects.get(reference=item.reference)
    assert (replica.event_seq, replica.status, replica.category) == (2, "accepted", "policy")
    rating = ReplicaRating.objects.get(dossier_code=dossier.code)
    assert (rating.event_seq, rating.score) == (2, 5)


def test_an_item_with_a_pending_hub_row_is_not_resent_twice(keyed):
    """(c) A PAKN or rating whose hub outbox line is still pending converges when it drains:
    reconciling does not queue a second copy, neither of a change nor of its own snapshot."""
    make_feedback(keyed)
    make_rated(keyed, 3)
    report = sync_reconcile(dry_run=True)  # nothing delivered yet: every line is in flight
    assert (report.streams["feedback"].in_flight, report.streams["rating"].in_flight) == (3, 1)
    assert report.streams["feedback"].resent == report.streams["rating"].resent == 0
    drain()
    ReplicaFeedback.objects.all().delete()
    ReplicaRating.objects.all().delete()

    first = sync_reconcile()
    second = sync_reconcile()  # before the snapshots are delivered
    assert (first.streams["feedback"].resent, first.streams["rating"].resent) == (3, 1)
    assert (second.streams["feedback"].resent, second.streams["rating"].resent) == (0, 0)
    assert (second.streams["feedback"].in_flight, second.streams["rating"].in_flight) == (3, 1)
    assert len(snapshot_keys("feedback.snapshot")) == 3
    assert len(snapshot_keys("rating.snapshot")) == 1
    drain()
    assert sync_reconcile().converged


def test_a_dead_hub_row_blocks_the_resend_and_is_reported(keyed):
    make_feedback(keyed)
    drain()
    ReplicaFeedback.objects.all().delete()
    OutboxMessage.objects.filter(kind="feedback.event").update(state=OutboxState.DEAD)
    report = sync_reconcile()
    assert (report.streams["feedback"].resent, report.streams["feedback"].blocked) == (0, 3)


def test_both_sides_compute_the_same_lines_and_hashes_in_a_stable_order(keyed, settings):
    """(d) The province's selectors and the hub's give equal lines and hashes for the same
    data (the early PAKN sits in its local day on both sides; the transferred one in the
    ward's bucket); line order does not change the hash; the endpoint serves the same."""
    items = make_feedback(keyed)
    rated = make_rated(keyed, 2, 4)
    drain()

    for stream, province_lines, hub_lines in (
        ("feedback", feedback_lines, replica_feedback_lines),
        ("rating", rating_lines, replica_rating_lines),
    ):
        mine = sorted(line.text() for line in province_lines())
        theirs = sorted(line.text() for line in hub_lines(province=PROVINCE))
        assert mine == theirs, stream
        rows = digest_rows(lines=province_lines())
        assert rows == digest_rows(lines=hub_lines(province=PROVINCE))
        assert rows == digest_rows(lines=reversed(list(province_lines())))
        assert texts(stream)[0] == texts(stream)[1]

    feedback_buckets = {(line.agency, line.day, line.text()) for line in feedback_lines()}
    assert feedback_buckets == {
        (keyed.dost.eid, "2026-03-02", f"{items[0].reference}:2"),
        (keyed.dost.eid, "2026-03-03", f"{items[1].reference}:1"),
        (keyed.pho_hien_pc.eid, "2026-03-04", f"{items[2].reference}:2"),
    }
    (line,) = rating_lines()
    assert (line.agency, line.text()) == ("-", f"{rated.code}:2")

    hub, secret = httpx.Client(base_url=settings.MOTCUA_HUB_URL), settings.MOTCUA_HUB_SECRET
    path = f"/api/sync/digest?province={PROVINCE}&stream=feedback"
    digest = signed_get(hub, path, secret=secret).json()
    assert digest["stream"] == "feedback"
    assert digest["rows"] == [r.model_dump() for r in digest_rows(lines=feedback_lines())]
    path += f"&agency={keyed.dost.eid}&day=2026-03-03"
    bucket = signed_get(hub, path, secret=secret).json()
    assert (bucket["stream"], bucket["day"]) == ("feedback", "2026-03-03")
    assert bucket["lines"] == [{"code": items[1].reference, "status": None, "event_seq": 1}]


def test_the_hub_serves_every_stream_it_names_in_the_contract():
    assert tuple(REPLICA_LINES) == DIGEST_STREAMS == tuple(STREAMS)


@pytest.mark.django_db
def test_the_endpoint_refuses_an_unknown_stream_and_another_provinces_credential(
    client, hub, secret
):
    """(e) 422 with the error shape and a Vietnamese message for an unknown stream; 403 for a
    credential of another province, whatever the stream."""
    response = signed_get(
        client, f"/api/sync/digest?province={PROVINCE}&stream=pakn", secret=secret
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unknown_stream"
    assert error["message"].startswith("Không có loại dữ liệu đối soát “pakn”")
    assert error["message_en"] == "Unknown digest stream 'pakn': use dossier, feedback or rating."

    _, other = credential_create(province="01")
    for stream in DIGEST_STREAMS:
        path = f"/api/sync/digest?province={PROVINCE}&stream={stream}"
        response = signed_get(client, path, secret=other, province="01")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    ok = signed_get(client, f"/api/sync/digest?province={PROVINCE}", secret=secret)
    assert ok.status_code == 200 and ok.json()["stream"] == "dossier"  # the default


class OldHub:
    """A hub before contract v1.3, in front of the real one: it ignores `stream` (the request
    is forwarded, re-signed, without it) and its answers do not name a stream. Records the
    queries the province sent."""

    def __init__(self, upstream: str, secret: str) -> None:
        self.queries: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                query = dict(parse_qsl(url.query))
                outer.queries.append(dict(query))
                query.pop("stream", None)
                path = f"{url.path}?{urlencode(query)}"
                headers = signing.headers_sign(
                    secret=secret, province=PROVINCE, method="GET", path=path, body=b""
                )
                answer = httpx.get(upstream + path, headers=headers)
                data = answer.json()
                data.pop("stream", None)
                body = json.dumps(data).encode()
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_hub_older_than_v1_3_makes_the_province_skip_the_keyed_streams(
    keyed, settings, caplog, capsys
):
    """(f) The old hub answers dossier digests to `stream=feedback`: the province sees no echo,
    warns, skips PAKN and ratings (reported not converged) and re-sends none of them; the
    dossier exchange goes on exactly as before (its query has no `stream`)."""
    make_feedback(keyed)
    make_rated(keyed, 2)
    drain()
    ReplicaFeedback.objects.all().delete()  # would all be re-sent by a v1.3 hub
    old = OldHub(settings.MOTCUA_HUB_URL, settings.MOTCUA_HUB_SECRET)
    settings.MOTCUA_HUB_URL = old.url
    try:
        with caplog.at_level(logging.WARNING, logger="motcua.sync.reconcile"):
            report = sync_reconcile()
        call_command("sync_reconcile")
    finally:
        old.close()

    assert report.dossier.converged and report.dossier.resent == 0
    assert [report.streams[name].skipped for name in KEYED] == [HUB_TOO_OLD, HUB_TOO_OLD]
    assert not report.converged
    assert not OutboxMessage.objects.filter(kind__endswith=".snapshot").exists()
    assert "older than contract v1.3" in caplog.text
    assert {"province": PROVINCE} in old.queries  # the dossier digest, as a v1.2 province asks
    assert {"province": PROVINCE, "stream": "feedback"} in old.queries
    assert not any("agency" in q and q.get("stream") for q in old.queries)  # no bucket asked
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("buckets=") and out[0].endswith("converged=yes")
    assert out[1] == (
        "Phản ánh, kiến nghị: không đối soát được: hub chưa hỗ trợ (cần hub theo hợp đồng "
        "v1.3), hãy nâng cấp hub."
    )


def test_the_command_says_each_streams_counts_in_vietnamese(keyed, capsys):
    make_feedback(keyed)
    drain()
    ReplicaFeedback.objects.order_by("pk").first().delete()
    call_command("sync_reconcile", "--dry-run")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("converged=yes")  # the dossiers' line, as before
    assert lines[1] == (
        "Phản ánh, kiến nghị: 3 nhóm, 1 nhóm lệch, gửi lại 0, đang chờ gửi 0, bị chặn 0, "
        "hub có mà tỉnh không có 0, chưa khớp."
    )
    assert lines[2] == (
        "Đánh giá hồ sơ: 0 nhóm, 0 nhóm lệch, gửi lại 0, đang chờ gửi 0, bị chặn 0, "
        "hub có mà tỉnh không có 0, đã khớp."
    )


def test_a_node_that_does_not_send_pakn_to_the_hub_does_not_reconcile_them(wired):
    report = sync_reconcile()
    assert [report.streams[name].skipped for name in KEYED] == [NOT_SYNCED, NOT_SYNCED]
    assert report.converged


def test_sync_digest_prints_the_same_pakn_text_on_both_sides(keyed, settings, capsys):
    make_feedback(keyed)
    drain()
    settings.MOTCUA_ROLE = "province"
    call_command("sync_digest", "--stream", "feedback")
    province_text = capsys.readouterr().out
    settings.MOTCUA_ROLE = "hub"
    call_command("sync_digest", "--province", PROVINCE, "--stream", "feedback")
    assert capsys.readouterr().out == province_text
    assert province_text.startswith("# motcua sync digest v1 province=33 stream=feedback\n")
    assert "TOTAL 3 " in province_text
