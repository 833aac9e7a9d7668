"""Incremental == rebuild on a generated dataset: 400 dossiers from bench/generate.py (a year
with supplements, refusals, withdrawals, extensions, open dossiers), announced one payload per
dossier through the handler, then compared with the set-based rebuild."""

import sys
from datetime import date
from pathlib import Path

from django.utils import timezone

from motcua.dossiers.events import event_payload
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.indicators.models import DossierIndicatorState
from motcua.indicators.rebuild import rollups_rebuild
from motcua.indicators.services import placed_from_payloads, rollup_apply

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))


def test_generated_year_incremental_equals_rebuild(world):
    from generate import generate

    stats = generate(province="33", count=400, end=date(2026, 11, 28), seed=11)
    assert stats["dossiers"] == 400 and stats["supplements"] > 0 and stats["open"] > 0
    now = timezone.now()
    dossiers = Dossier.objects.select_related(
        "procedure", "procedure__field", "handling_agency", "receiving_agency"
    )
    payloads = [
        event_payload(
            dossier=d,
            event=DossierEvent(dossier=d, seq=1, action="sign", at=now, to_status=d.status),
        )
        for d in dossiers
    ]
    # Out of order and twice: still equal.
    rollup_apply(placed=placed_from_payloads(payloads[::-1]))
    rollup_apply(placed=placed_from_payloads(payloads))
    report = rollups_rebuild(verify=True)
    assert report.dossiers == 400 and report.differences == []
    # Each dossier's working days (2.2), from the calendar in Python and from the ordinal
    # table in SQL: the same number, dossier by dossier.
    incremental = dict(
        DossierIndicatorState.objects.values_list("dossier_id", "processing_workdays")
    )
    assert sum(incremental.values()) > 0
    rollups_rebuild()
    rebuilt = dict(DossierIndicatorState.objects.values_list("dossier_id", "processing_workdays"))
    assert rebuilt == incremental


def test_rebuilt_rollups_lie_in_the_order_the_province_pages_read(world):
    """A period's cells of one grain together (rebuild._write_rollups), not in hash order."""
    from generate import generate

    from motcua.indicators.models import DailyRollup, MonthlyRollup

    generate(province="33", count=200, end=date(2026, 11, 28), seed=3)
    rollups_rebuild()
    for model, period in ((DailyRollup, "day"), (MonthlyRollup, "month")):
        keys = ("province_code", "procedure_id", period, "agency_id")
        rows = list(model.objects.order_by("pk").values_list(*keys))
        assert len(rows) > 100 and rows == sorted(rows)
