"""The rankings' short scoring path gives exactly the full scorecard's total and band."""

import random
from decimal import Decimal

import pytest

from motcua.indicators.config import default_points
from motcua.indicators.contribution import COUNTERS
from motcua.indicators.feedback_formulas import FeedbackCounts
from motcua.indicators.scoring import Catalog, OpenCounts, rank_score, score_plan, scorecard


def _inputs(rng: random.Random) -> dict:
    """Counters as a unit's rollups could hold them, often small (ties and thresholds), with
    and without open dossiers, catalog and PAKN."""

    def count(top: int) -> int:
        return rng.choice((0, 0, 1, 2, 3, rng.randint(0, top)))

    received = count(5000)
    finished = count(received + 10)
    c = dict.fromkeys(COUNTERS, 0)
    c.update(
        received=received,
        received_online=rng.randint(0, received),
        digitized=rng.randint(0, received),
        reused=rng.randint(0, received),
        identity_verified=rng.randint(0, received),
        finished=finished,
        resolved=rng.randint(0, finished),
        on_time=rng.randint(0, finished),
        e_result=count(finished),
        fee_dossiers=count(received),
        completed=count(finished),
        processing_seconds=count(10**9),
    )
    c["paid_online"] = rng.randint(0, c["fee_dossiers"])
    open_ = count(300)
    late = rng.randint(0, open_)
    open_counts = OpenCounts(open_, rng.randint(0, late), count(open_), open_ - late, late, 0)
    total = count(400)
    online = rng.randint(0, total)
    catalog = Catalog(total, online, rng.randint(0, online), rng.randint(0, total))
    feedback = rng.choice(
        (
            None,
            FeedbackCounts(),
            FeedbackCounts(complained_dossiers=count(finished)),
            FeedbackCounts(7, 3, 4, 2, count(finished)),
            FeedbackCounts(count(50), count(20), count(20), count(20), count(finished)),
        )
    )
    return {
        "c": c,
        "open_counts": open_counts,
        "catalog": catalog,
        "online_procedures_used": rng.randint(0, online),
        "fee_procedures_used": count(catalog.with_fee),
        "include_open": rng.random() < 0.5,
        "feedback": feedback,
    }


@pytest.mark.parametrize(
    "points",
    [
        default_points(),
        {**default_points(), "2.1": Decimal("12.5"), "2.2": Decimal("7.5"), "3.3": Decimal(0)},
    ],
    ids=["default points", "configured points"],
)
def test_rank_score_is_the_scorecard_total_and_band(points):
    rng = random.Random(766)
    plan = score_plan(points)
    for _ in range(3000):
        inputs = _inputs(rng)
        card = scorecard(points=points, **inputs)
        short = rank_score(plan=plan, **inputs)
        assert (short.total, short.band_key, short.band_label) == (
            card.total,
            card.band_key,
            card.band_label,
        ), inputs
        assert str(short.total) == str(card.total)  # the same digits on the page


def test_no_data_has_no_score():
    empty = rank_score(
        c=dict.fromkeys(COUNTERS, 0),
        open_counts=OpenCounts(),
        catalog=Catalog(10, 5, 2, 3),
        online_procedures_used=0,
        fee_procedures_used=0,
        plan=score_plan(default_points()),
        include_open=True,
    )
    assert (empty.total, empty.band_key, empty.band_label) == (None, "none", "—")
