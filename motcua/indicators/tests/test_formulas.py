"""Decision 766 arithmetic, table-tested. Record ids are those of the 766 spec (DOMAIN.md §1.3)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.indicators.config import default_points, group_totals, points_problems
from motcua.indicators.formulas import (
    GROUP_POINTS,
    SupplementSpan,
    band,
    effective_end,
    linear_score,
    normalised_total,
    on_time_2_1,
    ratio,
    satisfaction_5_4,
    sub_indicator_score,
    threshold_score,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
D = Decimal


def t(day, hour=9):
    return datetime(2026, 3, day, hour, tzinfo=TZ)


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        (3, 6, D("50.00")),
        (1, 3, D("33.33")),
        (2, 3, D("66.67")),  # rounded half up to 2 decimals (766 spec preamble)
        (0, 5, D("0.00")),
        (0, 0, None),  # zero denominator: shown "—", scored 0
        (5, 0, None),
    ],
)
def test_ratio(num, den, expected):
    assert ratio(num, den) == expected


@pytest.mark.parametrize(
    ("record", "value", "max_points", "expected"),
    [
        ("3.1", D(80), 4, D("4.00")),  # ≥ 80 % ⇒ full points
        ("3.1", D(40), 4, D("2.00")),  # 40 × 4 / 80
        ("3.3", D(50), 4, D("4.00")),  # 3.3: threshold 50 %
        ("3.3", D(25), 4, D("2.00")),
        ("3.5", D(60), 5, D("3.75")),  # 60 × 5 / 80
        ("4.2", D(100), 6, D("6.00")),
        ("4.2", D(20), 6, D("1.50")),
        ("4.3", D(79.99), 4, D("4.00")),  # 79.99 × 4 / 80 = 3.9995 → 4.00 (rounded)
        ("5.4", D(90), 6, D("6.00")),  # 5.4: threshold 90 %
        ("5.4", D(45), 6, D("3.00")),
        ("2.1", D(50), 20, D("10.00")),  # no threshold: ratio × max (unconfirmed)
        ("4.1", D(75), 4, D("3.00")),
        ("3.6", None, 5, D("0")),  # zero denominator scores 0
    ],
)
def test_sub_indicator_score(record, value, max_points, expected):
    assert sub_indicator_score(record, value, max_points=max_points) == expected


def test_threshold_and_linear_scores_directly():
    assert threshold_score(D(100), max_points=10, threshold=D(80)) == D("10.00")
    assert linear_score(D("33.33"), max_points=20) == D("6.67")


DUE = t(16)


@pytest.mark.parametrize(
    ("case", "end", "supplements", "extensions", "expected"),
    [
        ("finished before the due date", t(10), [], 0, True),
        ("finished exactly at the due instant", DUE, [], 0, True),
        ("finished after the due date", t(20), [], 0, False),
        # 2.1: supplement time is subtracted: 24/03 − (13/03 − 03/03) = 14/03 ≤ 16/03.
        ("late end, supplement time subtracted", t(24), [SupplementSpan(t(3), t(13))], 0, True),
        ("subtraction not enough", t(27), [SupplementSpan(t(3), t(13))], 0, False),
        # 2.1: more than one supplement request ⇒ late, however early.
        (
            "two supplement requests",
            t(5),
            [SupplementSpan(t(3), t(4)), SupplementSpan(t(4), t(4, 10))],
            0,
            False,
        ),
        # DOMAIN.md §3.4: an apology/extension still counts as late.
        ("extended with an apology", t(10), [], 1, False),
    ],
)
def test_on_time_2_1(case, end, supplements, extensions, expected):
    assert (
        on_time_2_1(end=end, due=DUE, supplements=supplements, extensions=extensions) is expected
    ), case


def test_on_time_without_due_date_uses_the_statutory_time():
    ten_days = int(timedelta(days=10).total_seconds())
    assert on_time_2_1(end=t(12), due=None, supplements=[], statutory_seconds=ten_days, start=t(2))
    assert not on_time_2_1(
        end=t(13), due=None, supplements=[], statutory_seconds=ten_days, start=t(2)
    )


def test_effective_end():
    period_end = t(31, 23)
    # one request not returned ⇒ judged at the request time (766 spec rule 2.1)
    assert effective_end(
        finished_at=None, supplements=[SupplementSpan(t(3), None)], period_end=period_end
    ) == t(3)
    assert effective_end(finished_at=None, supplements=[], period_end=period_end) == period_end
    assert effective_end(
        finished_at=t(9), supplements=[SupplementSpan(t(3), None)], period_end=period_end
    ) == t(9)


def test_satisfaction_5_4():
    # 5.4 = 100 − (overdue share + PAKN/dislike share)
    assert satisfaction_5_4(overdue_ratio=D(5), complaint_ratio=D(3)) == D("92.00")
    assert satisfaction_5_4(overdue_ratio=D(50), complaint_ratio=None) == D("50.00")
    assert satisfaction_5_4(overdue_ratio=None, complaint_ratio=None) is None


@pytest.mark.parametrize(
    ("score", "key"),
    [
        (D(95), "excellent"),
        (D(90), "excellent"),
        (D("89.99"), "good"),
        (D(80), "good"),
        (D(70), "fair"),
        (D("61.5"), "average"),
        (D(50), "average"),
        (D(43), "weak"),
        (D(0), "weak"),
        (None, "none"),
    ],
)
def test_bands_unconfirmed_thresholds(score, key):
    # DOMAIN.md §1.2 (unconfirmed): 61.5 "trung bình", 43 "yếu" as in the press.
    assert band(score)[0] == key


def test_default_points_add_up_to_the_group_totals():
    totals = group_totals(default_points())
    assert totals == {g: D(v) for g, v in GROUP_POINTS.items()}
    assert sum(GROUP_POINTS.values()) == 100
    assert points_problems(default_points()) == []
    assert points_problems({**default_points(), "3.1": D(5)}) == [
        "Nhóm 3: tổng 23 điểm, phải bằng 22."
    ]


def test_normalised_total_over_computed_only():
    assert normalised_total({"2.1": D(10)}, {"2.1": D(20)}) == D("50.00")
    assert normalised_total({}, {}) is None
