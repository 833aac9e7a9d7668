"""The working-day ordinals the set-based rebuild joins to count indicator 2.2 in working days
(`contribution.processing_workdays_of` in SQL): a work table of (day, ordinal), ordinal =
the working days up to that day, computed in Python from the live calendar. The working days
d with a < d ≤ b are then ordinal(b) − ordinal(a): two joins by day, no calendar per dossier."""

from datetime import date
from typing import TYPE_CHECKING

from motcua.core.calendar import MAX_YEAR, MIN_YEAR
from motcua.core.calendar_db import calendar_get
from motcua.indicators.processing_time import workday_ordinals

if TYPE_CHECKING:
    from motcua.indicators.rebuild import Dialect

WORKDAYS = "ind_workday"


def workdays_create(cursor, d: "Dialect") -> None:
    """The working-day ordinals (processing_time.workday_ordinals) of every day the calendar
    supports (MIN_YEAR..MAX_YEAR: about 36,500 rows, computed in a fraction of a second), which
    the facts join by day. Fixed bounds rather than the data's: finding those would scan the
    10 M dossiers once more. A date outside them fails in the calendar on both paths."""
    # PostgreSQL: an unlogged table rather than a temporary one, which parallel workers could
    # not read (the rebuild drops it before its commit; a second rebuild waits for that).
    kind, day_type = ("UNLOGGED", "date") if d.postgres else ("TEMP", "text")
    cursor.execute(
        f"CREATE {kind} TABLE {WORKDAYS} (day {day_type} PRIMARY KEY, ordinal integer NOT NULL)"
    )
    rows = workday_ordinals(calendar_get(), first=date(MIN_YEAR, 1, 1), last=date(MAX_YEAR, 12, 31))
    if d.postgres:
        cursor.execute(
            f"INSERT INTO {WORKDAYS} SELECT * FROM unnest(%s::date[], %s::integer[])",
            [[day for day, _ in rows], [ordinal for _, ordinal in rows]],
        )
        cursor.execute(f"ANALYZE {WORKDAYS}")  # a new table has no statistics yet
    else:
        cursor.executemany(
            f"INSERT INTO {WORKDAYS} VALUES (%s, %s)", [(str(day), n) for day, n in rows]
        )


def ordinal_joins(d: "Dialect", alias: str) -> str:
    """The ordinals of a supplement row's request day (`{alias}_q`) and return day (`_r`)."""
    return (
        f" LEFT JOIN {WORKDAYS} {alias}_q ON {alias}_q.day = {d.day(f'{alias}.requested_at')}"
        f" LEFT JOIN {WORKDAYS} {alias}_r ON {alias}_r.day = {d.day(f'{alias}.returned_at')}"
    )
