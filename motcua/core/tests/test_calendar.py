"""The working calendar against the official 2026 calendar (TB 9441/TB-BNV) and the rules.

Pure tests: no database. Times are Asia/Ho_Chi_Minh unless a case says otherwise.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from motcua.core.calendar import TZ, OfficeHours, TimeUnit, WorkingCalendar

CALENDAR = WorkingCalendar()


def at(text: str) -> datetime:
    """'2026-02-13 16:00' → aware datetime in Vietnam time."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def d(text: str) -> date:
    return date.fromisoformat(text)


# Which days are working days in 2026


def test_2026_weekdays_off_match_the_official_calendar():
    weekdays_off = [
        day
        for day in (date(2026, 1, 1) + timedelta(n) for n in range(365))
        if day.weekday() < 5 and not CALENDAR.is_working_day(day)
    ]
    assert weekdays_off == [
        d("2026-01-01"),  # Tết Dương lịch
        *[d(f"2026-02-{n}") for n in range(16, 21)],  # Tết Mon 16/02 – Fri 20/02
        d("2026-04-27"),  # Giỗ Tổ Hùng Vương (Sun 26/04), compensatory Monday
        d("2026-04-30"),
        d("2026-05-01"),
        d("2026-08-31"),  # swapped for Saturday 22/08
        d("2026-09-01"),
        d("2026-09-02"),  # Quốc khánh
        d("2026-11-24"),  # Ngày Văn hóa Việt Nam
    ]


def test_2026_only_weekend_working_day_is_saturday_22_august():
    working_weekend_days = [
        day
        for day in (date(2026, 1, 1) + timedelta(n) for n in range(365))
        if day.weekday() >= 5 and CALENDAR.is_working_day(day)
    ]
    assert working_weekend_days == [d("2026-08-22")]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param("2026-02-13", True, id="friday-before-tet-works"),
        pytest.param("2026-02-14", False, id="saturday-off-qd188"),
        pytest.param("2026-02-16", False, id="tet-first-day-off"),
        pytest.param("2026-02-20", False, id="tet-last-day-off"),
        pytest.param("2026-02-23", True, id="monday-after-tet-works"),
        pytest.param("2026-04-26", False, id="hung-kings-on-sunday"),
        pytest.param("2026-04-27", False, id="hung-kings-substitute-monday-off"),
        pytest.param("2026-04-28", True, id="tuesday-after-hung-kings-works"),
        pytest.param("2026-08-22", True, id="swapped-saturday-works"),
        pytest.param("2026-08-23", False, id="sunday-after-swapped-saturday-off"),
        pytest.param("2026-08-31", False, id="monday-swapped-off"),
        pytest.param("2026-09-03", True, id="thursday-after-quoc-khanh-works"),
    ],
)
def test_is_working_day(day, working):
    assert CALENDAR.is_working_day(d(day)) is working


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param("2026-02-13", "2026-02-23", id="friday-before-tet-to-monday-after"),
        pytest.param("2026-02-17", "2026-02-23", id="during-tet"),
        pytest.param("2026-04-24", "2026-04-28", id="over-hung-kings-substitute"),
        pytest.param("2026-04-29", "2026-05-04", id="over-30-04-and-01-05"),
        pytest.param("2026-08-21", "2026-08-22", id="to-swapped-saturday"),
        pytest.param("2026-08-28", "2026-09-03", id="over-quoc-khanh"),
        pytest.param("2025-12-31", "2026-01-02", id="over-new-year-across-years"),
    ],
)
def test_next_working_day(day, expected):
    assert CALENDAR.next_working_day(d(day)) == d(expected)


# add_working_days: the session line (module docstring)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        pytest.param(
            "2026-02-13 09:00", 1, "2026-02-23 09:00", id="tet-friday-1wd-same-time-monday"
        ),
        pytest.param("2026-02-13 16:00", 1, "2026-02-23 16:00", id="tet-friday-16h-1wd-monday-16h"),
        pytest.param(
            "2026-02-13 18:00", 1, "2026-02-23 17:00", id="after-hours-counts-from-next-session"
        ),
        pytest.param(
            "2026-02-17 10:00", 1, "2026-02-23 17:00", id="received-during-tet-starts-23-02"
        ),
        pytest.param(
            "2026-02-21 10:00", 1, "2026-02-23 17:00", id="received-saturday-starts-monday"
        ),
        pytest.param("2026-02-22 10:00", 2, "2026-02-24 17:00", id="received-sunday-2wd"),
        pytest.param(
            "2026-02-23 06:00", 1, "2026-02-23 17:00", id="before-opening-counts-whole-day"
        ),
        pytest.param("2026-02-23 12:00", 1, "2026-02-24 11:30", id="lunch-counts-from-afternoon"),
        pytest.param("2026-02-09 08:00", 10, "2026-03-02 08:00", id="10wd-across-tet"),
        pytest.param("2026-04-29 10:00", 1, "2026-05-04 10:00", id="30-04-01-05-skipped-1wd"),
        pytest.param("2026-04-29 10:00", 2, "2026-05-05 10:00", id="30-04-01-05-skipped-2wd"),
        pytest.param(
            "2026-04-24 10:00", 1, "2026-04-28 10:00", id="hung-kings-substitute-monday-skipped"
        ),
        pytest.param("2026-08-21 10:00", 1, "2026-08-22 10:00", id="swapped-saturday-counts"),
        pytest.param(
            "2026-08-28 10:00", 1, "2026-09-03 10:00", id="quoc-khanh-31-08-to-02-09-skipped"
        ),
        pytest.param(
            "2026-08-20 10:00", 2, "2026-08-22 10:00", id="thursday-2wd-lands-on-working-saturday"
        ),
        pytest.param(
            "2026-08-20 10:00", 3, "2026-08-24 10:00", id="thursday-3wd-via-working-saturday"
        ),
        pytest.param(
            "2026-03-10 09:30", 0.5, "2026-03-10 15:15", id="half-day-morning-to-afternoon"
        ),
        pytest.param(
            "2026-03-10 07:30", 0.5, "2026-03-10 11:30", id="half-day-from-opening-ends-morning"
        ),
        pytest.param("2026-03-10 06:00", 0.5, "2026-03-10 11:30", id="half-day-before-opening"),
        pytest.param(
            "2026-02-13 15:15", 0.5, "2026-02-23 09:30", id="half-day-afternoon-to-morning-over-tet"
        ),
        pytest.param(
            "2026-02-13 09:30", Decimal("1.5"), "2026-02-23 15:15", id="one-and-a-half-days-decimal"
        ),
        pytest.param("2026-02-13 09:30", 1.5, "2026-02-23 15:15", id="one-and-a-half-days-float"),
        pytest.param("2026-02-13 16:00", 0, "2026-02-13 16:00", id="zero-returns-start"),
    ],
)
def test_add_working_days(start, days, due):
    assert CALENDAR.add_working_days(at(start), days) == at(due)


def test_add_working_days_converts_other_time_zones():
    # 09:00 UTC is 16:00 in Vietnam.
    due = CALENDAR.add_working_days(datetime(2026, 2, 13, 9, tzinfo=UTC), 1)
    assert due == at("2026-02-23 16:00")
    assert due.tzinfo == TZ


# same_day_due: the 15:00 rule


@pytest.mark.parametrize(
    ("received", "due"),
    [
        pytest.param("2026-03-10 14:59", "2026-03-10 17:00", id="14h59-same-day"),
        pytest.param("2026-03-10 15:00", "2026-03-10 17:00", id="15h00-exactly-same-day"),
        pytest.param("2026-03-10 15:01", "2026-03-11 17:00", id="15h01-next-working-day"),
        pytest.param("2026-03-10 06:00", "2026-03-10 17:00", id="before-opening-same-day"),
        pytest.param("2026-03-10 20:00", "2026-03-11 17:00", id="evening-next-working-day"),
        pytest.param("2026-03-06 15:01", "2026-03-09 17:00", id="friday-after-15h-monday"),
        pytest.param("2026-03-08 10:00", "2026-03-09 17:00", id="sunday-next-working-day"),
        pytest.param("2026-02-13 14:59", "2026-02-13 17:00", id="eve-of-tet-before-15h"),
        pytest.param("2026-02-13 15:01", "2026-02-23 17:00", id="eve-of-tet-after-15h-after-tet"),
        pytest.param("2026-02-18 09:00", "2026-02-23 17:00", id="during-tet"),
        pytest.param("2026-08-22 10:00", "2026-08-22 17:00", id="swapped-saturday-same-day"),
        pytest.param(
            "2026-08-28 15:30", "2026-09-03 17:00", id="friday-before-quoc-khanh-after-15h"
        ),
    ],
)
def test_same_day_due(received, due):
    assert CALENDAR.same_day_due(at(received)) == at(due)


# add_calendar_days: BLDS 2015 Art. 147–148


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        pytest.param("2026-03-02 10:00", 15, "2026-03-17 17:00", id="ends-on-working-day"),
        pytest.param(
            "2026-03-06 10:00", 2, "2026-03-09 17:00", id="ends-on-sunday-moves-to-monday"
        ),
        pytest.param(
            "2026-03-05 10:00", 2, "2026-03-09 17:00", id="ends-on-saturday-moves-to-monday"
        ),
        pytest.param("2026-02-09 10:00", 7, "2026-02-23 17:00", id="ends-on-tet-moves-after-tet"),
        pytest.param("2026-08-25 10:00", 7, "2026-09-03 17:00", id="ends-on-quoc-khanh"),
        pytest.param(
            "2026-08-15 10:00", 7, "2026-08-22 17:00", id="ends-on-swapped-working-saturday"
        ),
        pytest.param("2025-12-25 10:00", 7, "2026-01-02 17:00", id="ends-on-new-year-across-years"),
        pytest.param("2026-03-14 23:00", 10, "2026-03-24 17:00", id="hour-of-receipt-irrelevant"),
        pytest.param(
            "2026-02-17 10:00", 1, "2026-02-23 17:00", id="received-during-tet-next-day-off"
        ),
        pytest.param("2026-03-10 15:01", 0, "2026-03-11 17:00", id="zero-is-same-day-rule"),
    ],
)
def test_add_calendar_days(received, days, due):
    assert CALENDAR.add_calendar_days(at(received), days) == at(due)


# add_hours: working clock hours inside sessions


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        pytest.param("2026-03-10 09:00", 2, "2026-03-10 11:00", id="inside-morning"),
        pytest.param("2026-03-10 11:00", 0.5, "2026-03-10 11:30", id="to-end-of-morning"),
        pytest.param("2026-03-10 10:30", 2, "2026-03-10 14:30", id="skips-lunch"),
        pytest.param("2026-03-10 16:00", 8, "2026-03-11 16:30", id="day-is-7h30"),
        pytest.param(
            "2026-03-10 18:00", Decimal("7.5"), "2026-03-11 17:00", id="after-hours-full-day"
        ),
        pytest.param("2026-02-13 16:00", 4, "2026-02-23 10:30", id="over-tet"),
        pytest.param("2026-08-21 16:00", 2, "2026-08-22 08:30", id="into-swapped-saturday"),
        pytest.param("2026-03-10 09:00", 0.25, "2026-03-10 09:15", id="any-amount-quarter-hour"),
        pytest.param("2026-03-10 09:00", 0, "2026-03-10 09:00", id="zero-returns-start"),
    ],
)
def test_add_hours(start, hours, due):
    assert CALENDAR.add_hours(at(start), hours) == at(due)


# working_days_between


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        pytest.param("2026-02-13 16:00", "2026-02-23 16:00", "1", id="over-tet-one-day"),
        pytest.param("2026-04-29 10:00", "2026-05-05 10:00", "2", id="over-30-04-01-05"),
        pytest.param("2026-08-28 10:00", "2026-09-03 10:00", "1", id="over-quoc-khanh"),
        pytest.param("2026-08-21 10:00", "2026-08-24 10:00", "2", id="swapped-saturday-counts"),
        pytest.param("2026-03-10 07:30", "2026-03-10 17:00", "1", id="opening-to-closing"),
        pytest.param("2026-03-10 09:30", "2026-03-10 15:15", "0.5", id="half-day"),
        pytest.param("2026-03-10 07:30", "2026-03-10 09:30", "0.25", id="half-a-morning"),
        pytest.param("2026-03-10 11:30", "2026-03-10 13:30", "0", id="lunch-is-not-working-time"),
        pytest.param("2026-03-06 17:00", "2026-03-09 07:30", "0", id="weekend-is-not-working-time"),
        pytest.param("2026-02-17 10:00", "2026-02-19 10:00", "0", id="inside-tet"),
        pytest.param("2026-02-23 17:00", "2026-02-24 11:30", "0.5", id="late-by-a-session"),
        pytest.param("2026-03-10 10:00", "2026-03-10 10:00", "0", id="same-instant"),
        pytest.param("2025-12-31 10:00", "2026-01-05 10:00", "2", id="across-years"),
    ],
)
def test_working_days_between_is_symmetric(start, end, days):
    forward = CALENDAR.working_days_between(at(start), at(end))
    backward = CALENDAR.working_days_between(at(end), at(start))
    assert forward == Decimal(days)
    assert backward == -Decimal(days)
    assert not str(backward).startswith("-0.0000"), "no negative zero"


@pytest.mark.parametrize(
    ("start", "days"),
    [
        pytest.param("2026-02-13 16:00", 1, id="tet"),
        pytest.param("2026-02-13 15:15", 0.5, id="half-day-over-tet"),
        pytest.param("2026-03-10 10:10", 3.5, id="odd-minute"),
        pytest.param("2026-04-29 08:00", 2, id="30-04"),
        pytest.param("2026-08-21 13:45", 4.5, id="swapped-saturday"),
        pytest.param("2026-03-10 20:00", 1, id="after-hours"),
    ],
)
def test_working_days_between_inverts_add_working_days(start, days):
    due = CALENDAR.add_working_days(at(start), days)
    assert CALENDAR.working_days_between(at(start), due) == Decimal(str(days))


@pytest.mark.parametrize(
    ("start", "days"),
    [
        pytest.param("2026-02-13 16:00", Decimal("1.2857"), id="pause-remainder-over-tet"),
        pytest.param("2026-03-10 10:10", Decimal("0.0001"), id="smallest-step"),
        pytest.param("2026-03-10 20:00", Decimal("2.3333"), id="after-hours"),
        pytest.param("2026-08-21 13:45", Decimal("0.7"), id="into-swapped-saturday"),
    ],
)
def test_add_working_time_is_the_exact_inverse_of_working_days_between(start, days):
    due = CALENDAR.add_working_time(at(start), days)
    assert CALENDAR.working_days_between(at(start), due) == days


# working_days_after: whole working days, the start day not counted


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        pytest.param("2026-03-02", "2026-03-02", 0, id="same-day"),
        pytest.param("2026-03-02", "2026-03-10", 6, id="mon-to-next-tue"),
        pytest.param("2026-03-06", "2026-03-09", 1, id="weekend-skipped"),
        pytest.param("2026-03-07", "2026-03-08", 0, id="saturday-to-sunday"),
        pytest.param("2026-02-13", "2026-02-23", 1, id="over-tet"),
        pytest.param("2026-08-21", "2026-08-24", 2, id="swapped-saturday-22-08-counts"),
        pytest.param("2026-08-28", "2026-09-04", 2, id="quoc-khanh-31-08-to-02-09-off"),
        pytest.param("2025-12-31", "2026-01-02", 1, id="over-new-year"),
        pytest.param("2026-03-10", "2026-03-02", -6, id="backwards-negated"),
    ],
)
def test_working_days_after(start, end, days):
    assert CALENDAR.working_days_after(d(start), d(end)) == days


def test_working_days_after_reads_no_year_beyond_the_last_day():
    assert CALENDAR.working_days_after(d("2099-12-30"), d("2099-12-31")) == 1  # Thursday


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        pytest.param(
            "2026-03-10 07:30", Decimal("0.25"), "2026-03-10 09:30", id="quarter-day-half-a-morning"
        ),
        pytest.param(
            "2026-03-10 13:30",
            Decimal("0.25"),
            "2026-03-10 15:15",
            id="quarter-day-half-an-afternoon",
        ),
        pytest.param(
            "2026-02-13 16:00", 1, "2026-02-23 16:00", id="whole-day-same-as-add-working-days"
        ),
    ],
)
def test_add_working_time(start, days, due):
    assert CALENDAR.add_working_time(at(start), days) == at(due)


# due_at: dispatch on the catalog unit


@pytest.mark.parametrize(
    ("received", "value", "unit", "due"),
    [
        pytest.param(
            "2026-02-13 15:01", 0, "working_days", "2026-02-23 17:00", id="wd-zero-is-15h-rule"
        ),
        pytest.param(
            "2026-02-13 14:00", 0, "working_days", "2026-02-13 17:00", id="wd-zero-before-15h"
        ),
        pytest.param("2026-02-09 08:00", 10, "working_days", "2026-03-02 08:00", id="working-days"),
        pytest.param(
            "2026-02-09 10:00", 7, "calendar_days", "2026-02-23 17:00", id="calendar-days"
        ),
        pytest.param(
            "2026-03-10 15:30", 0, "calendar_days", "2026-03-11 17:00", id="cd-zero-is-15h-rule"
        ),
        pytest.param("2026-02-13 16:00", 4, "hours", "2026-02-23 10:30", id="hours"),
        pytest.param(
            "2026-02-13 16:00", 1, TimeUnit.WORKING_DAYS, "2026-02-23 16:00", id="enum-unit"
        ),
    ],
)
def test_due_at(received, value, unit, due):
    assert CALENDAR.due_at(received_at=at(received), value=value, unit=unit) == at(due)


# Overrides decide ahead of the package (Bộ Nội vụ yearly notice)


@pytest.mark.parametrize(
    ("calendar", "start", "days", "due"),
    [
        pytest.param(CALENDAR, "2026-03-09 10:00", 1, "2026-03-10 10:00", id="no-override"),
        pytest.param(
            WorkingCalendar(extra_holidays=frozenset({d("2026-03-10")})),
            "2026-03-09 10:00",
            1,
            "2026-03-11 10:00",
            id="added-holiday-skipped",
        ),
        pytest.param(
            CALENDAR, "2026-03-13 10:00", 1, "2026-03-16 10:00", id="saturday-off-by-default"
        ),
        pytest.param(
            WorkingCalendar(extra_working_days=frozenset({d("2026-03-14")})),
            "2026-03-13 10:00",
            1,
            "2026-03-14 10:00",
            id="added-working-saturday-counts",
        ),
        pytest.param(
            WorkingCalendar(extra_working_days={d("2026-02-20")}),
            "2026-02-13 10:00",
            1,
            "2026-02-20 10:00",
            id="working-day-override-removes-package-holiday",
        ),
    ],
)
def test_overrides_change_the_due_date(calendar, start, days, due):
    assert calendar.add_working_days(at(start), days) == at(due)


def test_override_holiday_moves_calendar_day_period_end():
    calendar = WorkingCalendar(extra_holidays={d("2026-03-17")})
    assert calendar.add_calendar_days(at("2026-03-02 10:00"), 15) == at("2026-03-18 17:00")


def test_office_hours_are_a_parameter():
    calendar = WorkingCalendar(
        office_hours=OfficeHours(
            morning_start=time(8),
            morning_end=time(12),
            afternoon_start=time(13),
            afternoon_end=time(17),
        ),
        same_day_cutoff=time(16),
    )
    assert calendar.add_working_days(at("2026-03-10 18:00"), 0.5) == at("2026-03-11 12:00")
    assert calendar.same_day_due(at("2026-03-10 15:30")) == at("2026-03-10 17:00")
