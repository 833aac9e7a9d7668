"""Day masks of ProcedureDays (3.2 and 3.5 count distinct procedures used in a period)."""

from datetime import date

import pytest

from motcua.indicators.daymask import (
    WORD_BITS,
    WORDS,
    day_position,
    days_of,
    range_masks,
    with_day,
)


@pytest.mark.parametrize(
    "day, position",
    [
        (date(2026, 1, 1), (0, 0)),
        (date(2026, 3, 4), (0, 62)),  # day 63 of the year: the last bit of word 0
        (date(2026, 3, 5), (1, 0)),
        (date(2026, 12, 31), (5, 49)),  # day 365 (0-based 364)
        (date(2028, 12, 31), (5, 50)),  # leap year: 366 days
    ],
)
def test_day_position(day, position):
    assert day_position(day) == position


def test_words_stay_positive_and_round_trip():
    words = [0] * WORDS
    days = [date(2028, 1, 1), date(2028, 3, 4), date(2028, 3, 5), date(2028, 12, 31)]
    for day in days:
        words = with_day(words, day, True)
    assert all(0 <= w < 2**WORD_BITS for w in words)
    assert days_of(words, 2028) == days
    assert days_of(with_day(words, date(2028, 3, 4), False), 2028) == [
        date(2028, 1, 1),
        date(2028, 3, 5),
        date(2028, 12, 31),
    ]


@pytest.mark.parametrize(
    "first, last, years, count",
    [
        (date(2026, 3, 1), date(2026, 3, 31), [2026], 31),
        (date(2026, 1, 1), date(2026, 12, 31), [2026], 365),
        (date(2025, 12, 15), date(2026, 1, 10), [2025, 2026], 27),  # across the new year
        (date(2026, 5, 2), date(2026, 5, 2), [2026], 1),
        (date(2026, 5, 3), date(2026, 5, 2), [], 0),  # empty period
    ],
)
def test_range_masks_cover_exactly_the_period(first, last, years, count):
    masks = range_masks(first, last)
    assert sorted(masks) == years
    days = [d for year, words in masks.items() for d in days_of(words, year)]
    assert len(days) == count
    assert all(first <= d <= last for d in days)
