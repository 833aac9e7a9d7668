"""The working calendar as the database configures it: the package plus `CalendarOverride` rows.

`calendar_get()` is the one way to obtain the live calendar. It reads the override rows (one
small query: a few dates a year) and reuses the calendar built for exactly those rows, so its
per-year caches survive across requests and a change made in any process is seen on the next
call, with no invalidation to forget. Call it once per request or task and reuse the result.
"""

from django.db import transaction

from motcua.core.calendar import WorkingCalendar
from motcua.core.models import CalendarOverride, CalendarOverrideKind

_cached: tuple[frozenset[tuple], WorkingCalendar] | None = None


def calendar_get() -> WorkingCalendar:
    """The working calendar with every override row applied (one query)."""
    global _cached
    rows = frozenset(CalendarOverride.objects.values_list("date", "kind"))
    cached = _cached
    if cached is not None and cached[0] == rows:
        return cached[1]
    calendar = WorkingCalendar(
        extra_holidays=frozenset(d for d, kind in rows if kind == CalendarOverrideKind.HOLIDAY),
        extra_working_days=frozenset(
            d for d, kind in rows if kind == CalendarOverrideKind.WORKING_DAY
        ),
    )
    _cached = (rows, calendar)  # one tuple assignment: atomic for concurrent threads
    return calendar


@transaction.atomic
def calendar_override_save(*, override: CalendarOverride) -> CalendarOverride:
    """Create or update one override after validation; `calendar_get()` sees it at once."""
    override.full_clean()
    override.save()
    return override


def calendar_override_delete(*, override: CalendarOverride) -> None:
    """Delete one override; the date falls back to the package's calendar."""
    override.delete()
