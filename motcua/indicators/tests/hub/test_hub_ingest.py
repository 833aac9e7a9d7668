"""The hub's rollups, fed by its real ingest (signed batches to /api/sync/ingest): for the March
scenario (scenario.py) the hub's figures equal the province's, cell by cell; redelivered,
shuffled and stale events change nothing; a missed hook is caught up; rebuild == incremental."""

import random
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from motcua.indicators.contribution import COUNTERS
from motcua.indicators.hub import hub_catch_up, hub_refresh
from motcua.indicators.hub_models import (
    HubDailyRollup,
    HubDossierState,
    HubMonthlyRollup,
    HubOpenRollup,
    HubProvinceMark,
)
from motcua.indicators.hub_rebuild import hub_rebuild
from motcua.indicators.models import DailyRollup, MonthlyRollup, OpenRollup
from motcua.indicators.tests.hub.conftest import post
from motcua.sync.models import ReplicaDossier

DAY = 86400


def province_cells(model, period: str) -> dict:
    rows = model.objects.values(period, "agency__eid", "procedure__code").annotate(
        **{n: Sum(n) for n in COUNTERS}
    )
    return {
        (r[period], r["agency__eid"], r["procedure__code"]): {n: r[n] for n in COUNTERS if r[n]}
        for r in rows
        if any(r[n] for n in COUNTERS)
    }


def hub_cells(model, period: str) -> dict:
    rows = model.objects.filter(province_code="33").values(
        period, "agency_eid", "procedure_code", *COUNTERS
    )
    return {
        (r[period], r["agency_eid"], r["procedure_code"]): {n: r[n] for n in COUNTERS if r[n]}
        for r in rows
        if any(r[n] for n in COUNTERS)
    }


def open_cells(hub: bool) -> dict:
    if hub:
        rows = HubOpenRollup.objects.values_list(
            "agency_eid", "procedure_code", "due_day", "kind", "count"
        )
    else:
        rows = OpenRollup.objects.values_list(
            "agency__eid", "procedure__code", "due_day", "kind", "count"
        )
    return {tuple(r[:4]): r[4] for r in rows if r[4]}


def assert_converged():
    assert hub_cells(HubMonthlyRollup, "month") == province_cells(MonthlyRollup, "month")
    assert hub_cells(HubDailyRollup, "day") == province_cells(DailyRollup, "day")
    assert open_cells(hub=True) == open_cells(hub=False)
    assert hub_rebuild(verify=True) == []


def test_hub_rollups_equal_the_provinces_for_the_same_events(
    client, hub_events, secret, django_capture_on_commit_callbacks
):
    for start in range(0, len(hub_events), 7):
        post(
            client,
            hub_events[start : start + 7],
            secret=secret,
            capture=django_capture_on_commit_callbacks,
        )
    assert_converged()
    # The hand-computed department figures of test_incremental, now on the hub.
    march = HubMonthlyRollup.objects.filter(agency_eid="H31.12", month=date(2026, 3, 1))
    c = march.aggregate(**{n: Sum(n) for n in COUNTERS})
    assert (c["received"], c["completed"], c["processing_seconds"]) == (8, 5, 60 * DAY)
    assert c["processing_workdays"] == 44  # the hub counts working days from the replicas
    assert (c["finished"], c["on_time"], c["resolved"], c["stopped"], c["refused"]) == (
        6,
        3,
        5,
        1,
        1,
    )
    # G was transferred: its figures belong to the commune of Phố Hiến.
    commune = HubMonthlyRollup.objects.get(agency_eid="H31.50.001", month=date(2026, 3, 1))
    assert (commune.received, commune.received_online, commune.identity_verified) == (1, 1, 1)
    assert HubDossierState.objects.count() == ReplicaDossier.objects.count() == 10
    assert HubProvinceMark.objects.get(province_code="33").version >= 1


def test_redelivered_shuffled_and_stale_events_change_nothing(
    client, hub_events, secret, django_capture_on_commit_callbacks
):
    shuffled = list(hub_events)
    random.Random(766).shuffle(shuffled)
    for start in range(0, len(shuffled), 5):
        piece = shuffled[start : start + 5]
        post(client, piece, secret=secret, capture=django_capture_on_commit_callbacks)
        again = post(client, piece, secret=secret, capture=django_capture_on_commit_callbacks)
        assert again["applied"] == 0
    assert_converged()
    before = (hub_cells(HubMonthlyRollup, "month"), open_cells(hub=True))
    # Everything once more, newest first: all duplicates; nothing moves.
    result = post(
        client, hub_events[::-1], secret=secret, capture=django_capture_on_commit_callbacks
    )
    assert result["duplicates"] == len(hub_events)
    assert (hub_cells(HubMonthlyRollup, "month"), open_cells(hub=True)) == before
    # Calling the hook again for every dossier is a no-op too.
    assert hub_refresh(province="33", codes=[e["code"] for e in hub_events]) == 0


def test_a_missed_hook_is_caught_up_by_the_refresh_command(
    client, hub_events, secret, settings, django_capture_on_commit_callbacks
):
    settings.MOTCUA_SYNC_INGEST_HOOKS = []  # the hook "failed": replicas without rollups
    post(client, hub_events, secret=secret, capture=django_capture_on_commit_callbacks)
    assert not HubMonthlyRollup.objects.exists()
    call_command("indicators_hub_refresh")
    assert_converged()
    mark = HubProvinceMark.objects.get(province_code="33")
    assert mark.applied_through == ReplicaDossier.objects.order_by("-applied_at")[0].applied_at
    assert hub_catch_up() == {"33": 0}  # nothing new since the watermark


def test_a_failing_hook_does_not_fail_the_ingest(
    client, hub_events, secret, settings, django_capture_on_commit_callbacks
):
    settings.MOTCUA_SYNC_INGEST_HOOKS = ["motcua.indicators.tests.hub.test_hub_ingest.broken_hook"]
    result = post(client, hub_events, secret=secret, capture=django_capture_on_commit_callbacks)
    assert result["applied"] == len(hub_events)
    assert ReplicaDossier.objects.count() == 10
    assert not HubDossierState.objects.exists()


def broken_hook(*, province, codes):
    raise RuntimeError("hub rollups unavailable")


def test_verify_finds_a_damaged_cell_and_rebuild_repairs_it(
    client, hub_events, secret, django_capture_on_commit_callbacks
):
    post(client, hub_events, secret=secret, capture=django_capture_on_commit_callbacks)
    HubMonthlyRollup.objects.filter(agency_eid="H31.12").update(received=999)
    with pytest.raises(CommandError, match="HubMonthlyRollup"):
        call_command("indicators_hub_refresh", "--verify")
    call_command("indicators_hub_refresh", "--rebuild", "--province", "33")
    assert_converged()


def test_a_reconciliation_snapshot_at_the_same_seq_rewrites_the_contribution(
    client, hub_events, secret, django_capture_on_commit_callbacks
):
    post(client, hub_events, secret=secret, capture=django_capture_on_commit_callbacks)
    replica = ReplicaDossier.objects.get(state__action="receive", status=2)
    snapshot = {
        **replica.state,
        "event_id": "0b7e3c1e-53a3-4a51-9d63-2f1f1f0a5c11",
        "snapshot": True,
        "channel": 3,  # the province corrected the channel: now postal
    }
    post(client, [snapshot], secret=secret, capture=django_capture_on_commit_callbacks)
    cell = HubMonthlyRollup.objects.get(
        agency_eid=replica.handling_agency,
        procedure_code=replica.procedure_code,
        month=date(2026, 3, 1),
    )
    assert cell.received_postal == 1
    assert hub_rebuild(verify=True) == []


def test_events_of_an_older_province_without_the_v1_1_fields_are_counted(
    client, hub_events, secret, django_capture_on_commit_callbacks
):
    older = [
        {k: v for k, v in e.items() if k not in ("original_due_at", "procedure_online_level")}
        for e in hub_events
    ]
    post(client, older, secret=secret, capture=django_capture_on_commit_callbacks)
    # Without the first appointment the current due date is used: same figures here, since
    # only I was extended and an extension is late whatever the dates.
    assert_converged()
