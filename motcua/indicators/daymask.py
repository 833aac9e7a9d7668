"""Days of a year as bits in six integers: which days a procedure had an online (or a fee)
dossier at an agency. Pure.

766 sub-indicators 3.2 and 3.5 count the *distinct* procedures with at least one online / fee
dossier in the period. Distinct counts do not add up across days or months, so the rollups
cannot give them; `ProcedureDays` keeps one row per (year, agency, procedure) with these masks,
and "used in the period" is a bitwise AND with the period's mask — a few thousand rows for a
province-year, whatever the number of dossiers.

Day `d` of a year (0-based, 1 January = 0) is bit `d % 63` of word `d // 63`. 63 bits, not 64:
every word stays a positive signed 64-bit integer, so SUM of distinct bits equals their OR on
PostgreSQL and SQLite alike (the rebuild relies on it).
"""

from datetime import date, timedelta

WORD_BITS = 63
WORDS = 6  # 6 × 63 = 378 ≥ 366 days


def day_index(day: date) -> int:
    return day.timetuple().tm_yday - 1


def day_position(day: date) -> tuple[int, int]:
    """(word, bit) of `day` in its year's masks."""
    return divmod(day_index(day), WORD_BITS)


def with_day(words: list[int], day: date, on: bool) -> list[int]:
    """The masks with `day` set (on) or cleared."""
    word, bit = day_position(day)
    out = list(words)
    out[word] = out[word] | (1 << bit) if on else out[word] & ~(1 << bit)
    return out


def range_masks(first: date, last: date) -> dict[int, list[int]]:
    """Per year touched by [first, last] (inclusive), the six words with the period's days set."""
    if last < first:
        return {}
    out: dict[int, list[int]] = {}
    for year in range(first.year, last.year + 1):
        start = max(first, date(year, 1, 1))
        end = min(last, date(year, 12, 31))
        lo, hi = day_index(start), day_index(end)
        words = [0] * WORDS
        for w in range(WORDS):
            a, b = max(lo, w * WORD_BITS), min(hi, w * WORD_BITS + WORD_BITS - 1)
            if a <= b:
                words[w] = ((1 << (b - a + 1)) - 1) << (a - w * WORD_BITS)
        out[year] = words
    return out


def days_of(words: list[int], year: int) -> list[date]:
    """The days set in a year's masks (tests, debugging)."""
    first = date(year, 1, 1)
    return [
        first + timedelta(days=w * WORD_BITS + b)
        for w, word in enumerate(words)
        for b in range(WORD_BITS)
        if word >> b & 1
    ]
