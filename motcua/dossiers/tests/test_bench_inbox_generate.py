"""bench/intake.py fills the inbox's database by COPY with a hand-written row per dossier; a
column added to Dossier or DossierEvent must be added there too, or the inbox benchmark
(`--quick` included) stops before measuring anything. This runs its generator small."""

import sys
from pathlib import Path

import pytest

from motcua.dossiers.models import Dossier, DossierEvent

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))


@pytest.mark.django_db(transaction=True)  # the SQLite path commits its own batches
def test_the_inbox_bench_generates_complete_dossiers(world):
    from _intake_phases import phase_generate

    before = Dossier.objects.count()
    phase_generate({"count": 40})
    generated = Dossier.objects.order_by("-id")[:40]
    assert Dossier.objects.count() == before + 40
    assert all(d.event_count == 1 and d.documents_total == 0 for d in generated)
    assert DossierEvent.objects.filter(dossier__in=generated).count() == 40
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
