"""The rollups kept from dossier events: hand-computed counts for the March scenario
(scenario.py), redelivered and out-of-order events, and incremental == rebuild."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Sum

from motcua.dossiers.models import Supplement
from motcua.indicators.contribution import COUNTERS
from motcua.indicators.daymask import WORDS, days_of
from motcua.indicators.models import (
    DailyRollup,
    DossierIndicatorState,
    MonthlyRollup,
    OpenRollup,
    ProcedureDays,
)
from motcua.indicators.rebuild import rollups_rebuild
from motcua.indicators.services import indicators_handle
from motcua.indicators.tests.conftest import drain
from motcua.indicators.tests.scenario import build_march
from motcua.outbox.models import OutboxMessage

DAY = 86400


def sums(model, **where) -> dict[str, int]:
    """Counters of the procedure rows (the field and agency grains repeat them)."""
    rows = model.objects.filter(procedure_id__gt=0, **where)
    row = rows.aggregate(**{n: Sum(n) for n in COUNTERS})
    return {n: row[n] or 0 for n in COUNTERS}


@pytest.fixture
def march(world):
    dossiers = build_march(world)
    drain()
    return dossiers


def test_march_counts_at_the_department(world, march):
    c = sums(MonthlyRollup, agency=world.dost, month=date(2026, 3, 1))
    assert (
        c
        == {
            # A B C D E H I J received on 02/03 (G moved to the commune, F never received).
            "received": 8,
            "received_online": 0,
            "received_postal": 0,
            "received_full_online": 0,
            "digitized": 0,  # TP2 received on paper only: not every component is digitised
            "reused": 0,
            "identity_verified": 0,
            "fee_dossiers": 8,  # 1 000 000 đ appraisal fee
            "paid_online": 0,
            "completed": 5,  # A B C D I
            # A 8 d, B 8 − 2 = 6 d, C 18 d, D 22 − 10 = 12 d, I 16 d (supplement time subtracted)
            "processing_seconds": 60 * DAY,
            # Working days after 02/03 (no holiday in March 2026): A 6, B 6 − 1 − 1 = 4, C 14,
            # D 16 − 8 = 8, I 12 (test_processing_workdays_by_hand)
            "processing_workdays": 44,
            "finished": 6,  # A B C D I + E stopped
            "on_time": 3,  # A, D (10 days at the citizen subtracted), E; not B (2 requests), C, I (apology)
            "resolved": 5,
            "e_result": 5,
            "stopped": 1,
            "refused": 1,  # F
        }
    )
    # Daily cells: received on 02/03, finished on their own days.
    assert sums(DailyRollup, agency=world.dost, day=date(2026, 3, 10))["finished"] == 2  # A B
    assert sums(DailyRollup, agency=world.dost, day=date(2026, 3, 24))["on_time"] == 1  # D


def test_processing_workdays_by_hand(world, march):
    """766 spec 2.2 in working days (processing_time.processing_workdays): the working days
    after the reception day (Mon 02/03) through the end-of-processing day, less each returned
    supplement's working days after its request day through its return day."""
    expected = {
        "A": 6,  # finished Tue 10/03: 03–06/03 and 09–10/03
        "B": 4,  # finished 10/03 (6), supplements 03/03 → 04/03 (1) and 05/03 → 06/03 (1)
        "C": 14,  # finished Fri 20/03: three weeks less Mon 02/03
        "D": 8,  # finished Tue 24/03 (16), supplement 03/03 → Fri 13/03 (8)
        "I": 12,  # finished Wed 18/03
        "E": 0,  # stopped: not completed
        "H": 0,  # open
        "J": 0,
    }
    states = {
        letter: DossierIndicatorState.objects.get(dossier_id=march[letter].pk).processing_workdays
        for letter in expected
    }
    assert states == expected
    assert rollups_rebuild(verify=True).differences == []


def test_transferred_dossier_counts_for_the_handling_agency(world, march):
    commune = sums(MonthlyRollup, agency=world.pho_hien_pc)
    assert (commune["received"], commune["received_online"], commune["received_full_online"]) == (
        1,
        1,
        1,
    )
    assert (commune["identity_verified"], commune["digitized"]) == (1, 1)
    assert OpenRollup.objects.get(agency=world.pho_hien_pc, procedure_id=0).count == 1
    assert sums(MonthlyRollup, agency=world.province_center)["received"] == 0


def test_open_dossiers_by_kind(world, march):
    rows = {
        (r.due_day, r.kind): r.count
        for r in OpenRollup.objects.filter(agency=world.dost, procedure_id=0)
    }
    # J: running, due 16/03; H: one supplement not returned, asked before the due date.
    assert rows == {(date(2026, 3, 16), 0): 1, (date(2026, 3, 16), 2): 1}


def test_redelivered_and_older_events_change_nothing(world, march):
    before = sums(DailyRollup)
    messages = list(OutboxMessage.objects.filter(destination="indicators").order_by("created_at"))
    assert messages
    indicators_handle(messages)  # every event again, oldest first
    indicators_handle(messages[::-1])
    assert sums(DailyRollup) == before
    assert DossierIndicatorState.objects.get(dossier_id=march["A"].pk).seq == march["A"].event_count


def test_incremental_equals_rebuild(world, march):
    assert rollups_rebuild(verify=True).differences == []
    before = (
        sums(DailyRollup),
        sums(MonthlyRollup),
        list(
            OpenRollup.objects.values_list("due_day", "kind", "count").order_by("due_day", "kind")
        ),
    )
    report = rollups_rebuild()
    assert report.dossiers == 10
    after = (
        sums(DailyRollup),
        sums(MonthlyRollup),
        list(
            OpenRollup.objects.values_list("due_day", "kind", "count").order_by("due_day", "kind")
        ),
    )
    assert after == before
    # After a rebuild the per-dossier state lets new events move only their difference.
    assert rollups_rebuild(verify=True).differences == []


def test_rebuild_ignores_supplements_asked_before_reception(world, march):
    """766 rule 2.1 counts supplement requests from reception on (contribution.
    counted_supplements). The rebuild aggregates requests without re-reading the dossiers and
    recounts only dossiers with an earlier request: A (none after reception, on time) and
    B (two after reception, late) each get one asked the day before they were received."""
    officer = world.users["dost_specialist"]
    for letter in ("A", "B"):
        dossier = march[letter]
        Supplement.objects.create(
            dossier=dossier,
            requested_at=dossier.received_at - timedelta(days=1),
            returned_at=dossier.received_at - timedelta(hours=12),
            requested_by=officer,
            reason="Trước khi tiếp nhận",
        )
    assert rollups_rebuild(verify=True).differences == []
    rollups_rebuild()
    a = DossierIndicatorState.objects.get(dossier_id=march["A"].pk)
    assert a.finished_bits & 2  # on_time (FINISHED_COUNTERS[1]): the early request is ignored
    assert a.processing_seconds == (march["A"].finished_at - march["A"].received_at).total_seconds()
    assert a.processing_workdays == 6
    b = DossierIndicatorState.objects.get(dossier_id=march["B"].pk)  # recounted: 6 − 1 − 1
    assert (b.finished_bits & 2, b.processing_workdays) == (0, 4)


def test_verify_command_fails_on_a_difference(world, march):
    call_command("indicators_rebuild", "--verify", "--quiet")
    DailyRollup.objects.filter(agency=world.dost, day=date(2026, 3, 2)).update(received=99)
    with pytest.raises(Exception, match="Khác"):
        call_command("indicators_rebuild", "--verify", "--quiet")
    call_command("indicators_rebuild", "--province", "33", "--quiet")
    call_command("indicators_rebuild", "--verify", "--quiet")


def _grouped(model, period: str, key: tuple[str, ...], **where) -> dict[tuple, dict[str, int]]:
    names = COUNTERS if model is not OpenRollup else ("count",)
    rows = (
        model.objects.filter(**where)
        .values(period, *key)
        .annotate(**{f"s_{n}": Sum(n) for n in names})
        .order_by()
    )
    return {
        tuple(r[k] for k in (period, *key)): {n: r[f"s_{n}"] for n in names}
        for r in rows
        if any(r[f"s_{n}"] for n in names)
    }


@pytest.mark.parametrize(
    "model, period",
    [(DailyRollup, "day"), (MonthlyRollup, "month"), (OpenRollup, "due_day")],
)
def test_field_and_agency_grains_add_up_the_procedure_rows(world, march, model, period):
    """Every dossier counts three times: at its procedure, its field (procedure = -field) and
    its agency (procedure = 0). The coarse rows are exactly the sums of the procedure rows."""
    extra = ("kind",) if model is OpenRollup else ()
    by_agency = _grouped(model, period, ("agency_id", *extra), procedure_id__gt=0)
    assert by_agency and by_agency == _grouped(model, period, ("agency_id", *extra), procedure_id=0)
    by_field = _grouped(model, period, ("agency_id", "field_id", *extra), procedure_id__gt=0)
    fields = _grouped(model, period, ("agency_id", "field_id", *extra), procedure_id__lt=0)
    assert by_field == fields
    for (_p, _a, field_id, *_k), _v in fields.items():
        assert field_id > 0


def test_procedure_days_mark_the_days_with_online_or_fee_dossiers(world, march):
    expected = {
        (r.day, r.agency_id, r.procedure_id, kind)
        for r in DailyRollup.objects.filter(procedure_id__gt=0)
        for kind, n in (("online", r.received_online), ("fee", r.fee_dossiers))
        if n > 0
    }
    marked = {
        (day, r.agency_id, r.procedure_id, kind)
        for r in ProcedureDays.objects.all()
        for kind in ("online", "fee")
        for day in days_of([getattr(r, f"{kind}_w{w}") for w in range(WORDS)], r.year)
    }
    assert expected and marked == expected
    # Taking the dossiers away (a transfer moves them all) clears the days again.
    before = rollups_rebuild(verify=True)
    assert before.differences == []
