"""End to end on loopback: the province outbox delivers to the hub through hub_handle; the
digests of both sides are then equal; a divergence (lost replica, damaged replica, dossiers
made before the hub was wired) is found by the digest exchange and repaired by re-sending."""

from django.core.management import call_command

from motcua.outbox.constants import OutboxState
from motcua.outbox.models import OutboxMessage
from motcua.sync.digest import digest_rows, digest_text, replica_lines
from motcua.sync.models import AppliedEvent, ReplicaDossier
from motcua.sync.reconcile import sync_reconcile
from motcua.sync.selectors import dossier_lines
from motcua.sync.tests.conftest import PROVINCE, drain, make_dossiers


def texts() -> tuple[str, str]:
    province = digest_text(province=PROVINCE, rows=digest_rows(lines=dossier_lines()))
    hub = digest_text(province=PROVINCE, rows=digest_rows(lines=replica_lines(province=PROVINCE)))
    return province, hub


def test_outbox_delivers_every_event_and_digests_agree(wired):
    dossiers = make_dossiers(wired, 6)
    report = drain()
    assert report.delivered == OutboxMessage.objects.filter(destination="hub").count() == 9
    assert not OutboxMessage.objects.filter(state=OutboxState.PENDING).exists()
    for dossier in dossiers:
        dossier.refresh_from_db()
        replica = ReplicaDossier.objects.get(province=PROVINCE, code=dossier.code)
        assert (replica.status, replica.event_seq) == (dossier.status, dossier.event_count)
        assert replica.state["documents_total"] == 2
        assert replica.state["fee_total_vnd"] == dossier.fee_total_vnd
    assert AppliedEvent.objects.count() == 9
    province, hub = texts()
    assert province == hub and "TOTAL 6 " in province
    assert sync_reconcile().converged


def test_a_dossier_backlog_goes_in_one_batch_in_order_and_the_hub_ends_at_the_newest(wired):
    from motcua.sync.models import IngestLog

    dossiers = make_dossiers(wired, 6)  # 3 of them have 2 events (received, assigned)
    report = drain()
    assert (report.passes, report.delivered) == (1, 9)
    log = IngestLog.objects.get()
    assert (log.received, log.applied, log.duplicates, log.stale) == (9, 9, 0, 0)
    for dossier in dossiers:
        dossier.refresh_from_db()
        replica = ReplicaDossier.objects.get(province=PROVINCE, code=dossier.code)
        assert (replica.status, replica.event_seq) == (dossier.status, dossier.event_count)


def test_hub_down_means_retry_with_the_reason_recorded(wired, settings):
    settings.MOTCUA_HUB_URL = "http://127.0.0.1:9"  # discard port: connection refused
    make_dossiers(wired, 1)
    report = drain()
    assert (report.delivered, report.retried) == (0, 1)
    message = OutboxMessage.objects.get()
    assert message.state == OutboxState.PENDING and message.last_error.startswith("mạng:")


def test_wrong_secret_is_retried_not_lost(wired, settings):
    settings.MOTCUA_HUB_SECRET = settings.MOTCUA_HUB_SECRET[:-4] + "0000"
    make_dossiers(wired, 1)
    assert drain().retried == 1
    assert OutboxMessage.objects.get().last_error == "hub trả lời HTTP 401 unauthenticated"


def test_a_payload_the_hub_rejects_goes_to_dead_letters(wired):
    make_dossiers(wired, 1)
    OutboxMessage.objects.update(payload={"code": "X", "status": 42})
    report = drain()
    assert report.dead == 1
    assert OutboxMessage.objects.get().last_error.startswith("hub từ chối:")


def test_reconcile_repairs_lost_damaged_and_never_sent(wired, settings):
    settings.MOTCUA_DOSSIER_EVENT_DESTINATIONS = ["log"]
    never_sent = make_dossiers(wired, 2, start_day=9)
    settings.MOTCUA_DOSSIER_EVENT_DESTINATIONS = ["hub"]
    dossiers = make_dossiers(wired, 6)
    drain()
    ReplicaDossier.objects.filter(code=dossiers[0].code).delete()
    ReplicaDossier.objects.filter(code=dossiers[1].code).update(status=3)
    province, hub = texts()
    assert province != hub

    report = sync_reconcile()
    assert not report.converged
    assert report.resent == 4  # the lost one, the damaged one, the two never sent
    assert report.unknown_on_province == []
    drain()

    province, hub = texts()
    assert province == hub
    assert sync_reconcile().converged
    codes = {d.code for d in never_sent} | {dossiers[0].code, dossiers[1].code}
    assert (
        set(OutboxMessage.objects.filter(kind="dossier.snapshot").values_list("key", flat=True))
        == codes
    )


def test_reconcile_leaves_dossiers_in_flight_alone(wired):
    make_dossiers(wired, 2)
    report = sync_reconcile(dry_run=True)
    assert (report.resent, report.in_flight) == (0, 2)


def test_sync_digest_command_prints_the_same_text_on_both_sides(wired, settings, capsys):
    make_dossiers(wired, 3)
    drain()
    settings.MOTCUA_ROLE = "province"
    call_command("sync_digest")
    province_text = capsys.readouterr().out
    settings.MOTCUA_ROLE = "hub"
    call_command("sync_digest", "--province", PROVINCE)
    hub_text = capsys.readouterr().out
    assert province_text == hub_text
    assert province_text.startswith("# motcua sync digest v1 province=33\n")
    assert len(province_text.splitlines()) == 2 + 3  # header, 3 days of one agency, total
