"""The working calendar refuses what it cannot count: naive instants, negative or not
half-day amounts, unknown units, years outside the holiday tables. Pure tests."""

from datetime import datetime, time
from decimal import Decimal

import pytest

from motcua.core.calendar import OfficeHours, WorkingCalendar
from motcua.core.tests.test_calendar import CALENDAR, at, d

# Invalid inputs


def _naive(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda: CALENDAR.add_working_days(at("2026-03-10 10:00"), -1), id="negative-days"
        ),
        pytest.param(
            lambda: CALENDAR.add_working_days(at("2026-03-10 10:00"), 0.3),
            id="not-multiple-of-half",
        ),
        pytest.param(
            lambda: CALENDAR.add_working_days(at("2026-03-10 10:00"), Decimal("1.25")),
            id="quarter-day",
        ),
        pytest.param(
            lambda: CALENDAR.add_working_days(at("2026-03-10 10:00"), float("nan")), id="nan"
        ),
        pytest.param(
            lambda: CALENDAR.add_working_days(at("2026-03-10 10:00"), float("inf")), id="infinity"
        ),
        pytest.param(
            lambda: CALENDAR.add_working_days(at("2026-03-10 10:00"), "1"), id="string-days"
        ),
        pytest.param(
            lambda: CALENDAR.add_working_days(at("2026-03-10 10:00"), True), id="bool-days"
        ),
        pytest.param(
            lambda: CALENDAR.add_working_days(_naive("2026-03-10 10:00"), 1),
            id="naive-add-working-days",
        ),
        pytest.param(lambda: CALENDAR.add_working_days(d("2026-03-10"), 1), id="date-not-datetime"),
        pytest.param(
            lambda: CALENDAR.same_day_due(_naive("2026-03-10 10:00")), id="naive-same-day"
        ),
        pytest.param(
            lambda: CALENDAR.add_calendar_days(_naive("2026-03-10 10:00"), 5),
            id="naive-calendar-days",
        ),
        pytest.param(
            lambda: CALENDAR.add_calendar_days(at("2026-03-10 10:00"), 1.5), id="half-calendar-day"
        ),
        pytest.param(
            lambda: CALENDAR.add_calendar_days(at("2026-03-10 10:00"), -2),
            id="negative-calendar-days",
        ),
        pytest.param(lambda: CALENDAR.add_hours(_naive("2026-03-10 10:00"), 2), id="naive-hours"),
        pytest.param(
            lambda: CALENDAR.due_at(received_at=at("2026-03-10 10:00"), value=0.25, unit="hours"),
            id="due-at-quarter-hour",
        ),
        pytest.param(lambda: CALENDAR.add_hours(at("2026-03-10 10:00"), -0.5), id="negative-hours"),
        pytest.param(
            lambda: CALENDAR.add_working_time(at("2026-03-10 10:00"), Decimal("-0.1")),
            id="negative-working-time",
        ),
        pytest.param(
            lambda: CALENDAR.working_days_between(
                _naive("2026-03-10 10:00"), at("2026-03-11 10:00")
            ),
            id="naive-between",
        ),
        pytest.param(
            lambda: CALENDAR.due_at(received_at=at("2026-03-10 10:00"), value=1, unit="days"),
            id="unknown-unit",
        ),
        pytest.param(
            lambda: CALENDAR.due_at(received_at=at("2026-03-10 10:00"), value=-1, unit="hours"),
            id="due-at-negative",
        ),
        pytest.param(
            lambda: CALENDAR.is_working_day(at("2026-03-10 10:00")), id="datetime-not-date"
        ),
        pytest.param(lambda: CALENDAR.is_working_day(d("2150-01-02")), id="year-beyond-package"),
        pytest.param(
            lambda: WorkingCalendar(
                extra_holidays={d("2026-03-10")}, extra_working_days={d("2026-03-10")}
            ),
            id="date-both-holiday-and-working",
        ),
        pytest.param(
            lambda: OfficeHours(morning_start=time(12), morning_end=time(11)),
            id="office-hours-out-of-order",
        ),
        pytest.param(lambda: WorkingCalendar(same_day_cutoff=time(18)), id="cutoff-after-closing"),
    ],
)
def test_invalid_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_calendar_is_immutable():
    with pytest.raises(AttributeError):
        CALENDAR.extra_holidays = frozenset()  # type: ignore[misc]
