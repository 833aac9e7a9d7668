"""Working-day calendar: the legal time arithmetic behind every appointment date (pure, no ORM).

Which days are working days
* Civil servants work Monday to Friday (QĐ 188/1999/QĐ-TTg Art. 1).
* Public holidays (Bộ luật Lao động 2019 Art. 112), their compensatory days (Art. 111.3) and
  the day swaps the `holidays` package knows come from `holidays.Vietnam`, one year at a time.
* Each year's Tết leave and swapped working Saturdays are fixed by a Bộ Nội vụ notice
  (NĐ 128/2025/NĐ-CP Art. 7.2; TB 9441/TB-BNV for 2026). `extra_holidays` and
  `extra_working_days` (the admin-edited overrides) decide a date ahead of the package.

Office-hours model (a parameter, `OfficeHours`; default state-agency hours)
* A working day has two sessions: morning [07:30, 11:30) and afternoon [13:30, 17:00).
  Half a working day (0.5) is one session.
* Working time is a line with one unit per session. Inside a session an instant sits at the
  share of the session already elapsed; an instant outside sessions (before opening, at lunch,
  after closing, on a non-working day) sits at the start of the next session, so counting
  starts at the next working session.
* `add_working_days(t, d)` moves 2·d sessions along the line. Whole days keep the clock time
  (Fri 16:00 + 1 → the next working day at 16:00); half days keep the share of the session
  (09:30 + 0.5 → 15:15, the same share of the afternoon). A result exactly on a session
  boundary is reported as the end of the earlier session (17:00, never 07:30 the next day),
  so a dossier received after hours with 1 day is due at 17:00 on the next working day.
* `working_days_between(a, b)` measures the same line: the exact inverse of
  `add_working_days`, signed, rounded to 0.0001 day (about 3 seconds).
* `add_working_time(t, d)` is `add_working_days` for any d ≥ 0 (pauses carry exact remainders).
* `add_hours` counts working clock hours inside sessions (the catalog unit `hours`).

Deadline rules
* Value 0 (a "same day" procedure): received on a working day at or before 15:00 → due at the
  end of that day; after 15:00 or on a non-working day → end of the next working day
  (Đồng Nai QĐ 2770/QĐ-UBND; Hà Nội phương án 1811).
* Calendar days ("ngày"): the day of receipt is not counted, the period starts the next day
  (BLDS 2015 Art. 147.2); the period ends at the end of its last day, and "nếu ngày cuối cùng
  của thời hạn là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ thì thời hạn kết thúc tại thời điểm
  kết thúc ngày làm việc tiếp theo" (BLDS 2015 Art. 148.5). Results are returned at the desk,
  so "end of the day" is the office closing time, not 24:00 (Art. 148.6).

All instants in and out are aware datetimes; results are in Asia/Ho_Chi_Minh.
"""

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cache
from zoneinfo import ZoneInfo

import holidays

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# The package's Vietnamese lunar tables end in 2100; earlier years predate any dossier.
MIN_YEAR = 2000
MAX_YEAR = 2099

_ONE_DAY = timedelta(days=1)
_US_PER_HOUR = 3_600_000_000
_DAYS_QUANTUM = Decimal("0.0001")


class TimeUnit(StrEnum):
    """The catalog's `processing_time.unit` values (spec/catalog-format.md)."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"


def _us(t: time) -> int:
    """Microseconds since midnight of a wall-clock time."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


@dataclass(frozen=True)
class OfficeHours:
    """The two daily sessions of a state agency, as naive local wall-clock times."""

    morning_start: time = time(7, 30)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)

    def __post_init__(self) -> None:
        bounds = (self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end)
        if any(t.tzinfo is not None for t in bounds):
            raise ValueError("Giờ làm việc là giờ địa phương, không kèm múi giờ.")
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValueError(
                "Giờ làm việc phải theo thứ tự: vào buổi sáng < hết buổi sáng "
                "≤ vào buổi chiều < hết buổi chiều."
            )

    def session_bounds(self, session: int) -> tuple[int, int]:
        """(start, end) of session 0 (morning) or 1 (afternoon), in microseconds of the day."""
        if session == 0:
            return _us(self.morning_start), _us(self.morning_end)
        return _us(self.afternoon_start), _us(self.afternoon_end)


DEFAULT_OFFICE_HOURS = OfficeHours()
DEFAULT_SAME_DAY_CUTOFF = time(15, 0)


@cache
def _package_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, swapped working weekend days) of one year, per the `holidays` package."""
    vietnam = holidays.Vietnam(years=year)
    days_off = frozenset(d for d in vietnam if d.year == year)
    swapped = frozenset(d for d in vietnam.weekend_workdays if d.year == year)
    return days_off, swapped


def _local(instant: datetime, name: str = "thời điểm") -> datetime:
    if not isinstance(instant, datetime):
        raise ValueError(f"{name} phải là datetime, nhận được {instant!r}.")
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} phải có múi giờ (aware datetime), nhận được {instant!r}.")
    return instant.astimezone(TZ)


def _plain_date(day: date) -> date:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise ValueError(f"Cần một ngày (date), nhận được {day!r}.")
    return day


def _amount(value: Decimal | float | int, name: str) -> Fraction:
    """`value` exactly, as a Fraction; ValueError unless a finite number ≥ 0."""
    if isinstance(value, bool) or not isinstance(value, Decimal | float | int):
        raise ValueError(f"{name} phải là số, nhận được {value!r}.")
    number = Decimal(value)
    if not number.is_finite() or number < 0:
        raise ValueError(f"{name} phải là số không âm, nhận được {value!r}.")
    return Fraction(number)


def _half_steps(value: Decimal | float | int, name: str) -> int:
    """`value` as a whole number of halves; ValueError unless a finite multiple of 0.5 ≥ 0."""
    twice = _amount(value, name) * 2
    if twice.denominator != 1:
        raise ValueError(f"{name} phải là bội số của 0,5, nhận được {value!r}.")
    return int(twice)


def _at(day: date, microseconds: int) -> datetime:
    return datetime.combine(day, time(0), tzinfo=TZ) + timedelta(microseconds=microseconds)


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days = the `holidays` package's Vietnamese calendar plus per-date overrides.

    Immutable; the working days of each year are computed once, when first needed.
    """

    extra_holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    office_hours: OfficeHours = DEFAULT_OFFICE_HOURS
    same_day_cutoff: time = DEFAULT_SAME_DAY_CUTOFF
    _years: dict[int, tuple[date, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        extra_holidays = frozenset(_plain_date(d) for d in self.extra_holidays)
        extra_working_days = frozenset(_plain_date(d) for d in self.extra_working_days)
        object.__setattr__(self, "extra_holidays", extra_holidays)
        object.__setattr__(self, "extra_working_days", extra_working_days)
        if both := extra_holidays & extra_working_days:
            raise ValueError(
                f"Một ngày không thể vừa là ngày nghỉ vừa là ngày làm việc: {sorted(both)}."
            )
        hours = self.office_hours
        if not (hours.morning_start <= self.same_day_cutoff <= hours.afternoon_end):
            raise ValueError("Giờ chốt tiếp nhận trong ngày phải nằm trong giờ làm việc.")

    # Days

    def _working_days_in(self, year: int) -> tuple[date, ...]:
        """The sorted working days of one year (cached per year)."""
        cached = self._years.get(year)
        if cached is None:
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(f"Lịch làm việc chỉ hỗ trợ các năm {MIN_YEAR}–{MAX_YEAR}.")
            days_off, swapped = _package_year(year)
            days: list[date] = []
            day = date(year, 1, 1)
            while day.year == year:
                if day in self.extra_working_days:
                    days.append(day)
                elif day in self.extra_holidays:
                    pass
                elif day in swapped or (day.weekday() < 5 and day not in days_off):
                    days.append(day)
                day += _ONE_DAY
            cached = self._years[year] = tuple(days)
        return cached

    def is_working_day(self, day: date) -> bool:
        """True when state agencies work on `day`."""
        days = self._working_days_in(_plain_date(day).year)
        index = bisect_left(days, day)
        return index < len(days) and days[index] == day

    def _nth_working_day(self, day: date, n: int) -> date:
        """The n-th working day (n ≥ 0) counted from the first working day on or after `day`."""
        year = day.year
        days = self._working_days_in(year)
        index = bisect_left(days, day) + n
        while index >= len(days):
            index -= len(days)
            year += 1
            days = self._working_days_in(year)
        return days[index]

    def working_day_on_or_after(self, day: date) -> date:
        """`day` itself when it is a working day, otherwise the next working day."""
        return self._nth_working_day(_plain_date(day), 0)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self._nth_working_day(_plain_date(day) + _ONE_DAY, 0)

    def _count_working_days(self, first: date, stop: date) -> int:
        """How many working days fall in [first, stop); first ≤ stop."""
        total = 0
        for year in range(first.year, stop.year + 1):
            days = self._working_days_in(year)
            low = bisect_left(days, first) if year == first.year else 0
            high = bisect_left(days, stop) if year == stop.year else len(days)
            total += high - low
        return total

    def working_days_after(self, start: date, end: date) -> int:
        """How many working days d have start < d ≤ end: `start` itself is not counted (as a
        period counted from receipt, BLDS 2015 Art. 147.2). When `end` is earlier, the same
        count backwards, negated: always (working days ≤ end) − (working days ≤ start)."""
        start, end = _plain_date(start), _plain_date(end)
        if end < start:
            return -self.working_days_after(end, start)
        # [start, end) shifted by one day, without reading the year after `end`.
        return (
            self._count_working_days(start, end)
            - self.is_working_day(start)
            + self.is_working_day(end)
        )

    def end_of_working_day(self, day: date) -> datetime:
        """The closing instant (end of the afternoon session) of `day`."""
        return _at(_plain_date(day), _us(self.office_hours.afternoon_end))

    # Instants on the working-time line

    def _position(self, instant: datetime) -> tuple[date, Fraction]:
        """(working day, sessions elapsed in it, in [0, 2)) of an instant; see the docstring."""
        local = _local(instant)
        day = local.date()
        if not self.is_working_day(day):
            return self._nth_working_day(day, 0), Fraction(0)
        now = _us(local.time())
        for session in (0, 1):
            start, end = self.office_hours.session_bounds(session)
            if now < start:
                return day, Fraction(session)
            if now < end:
                return day, session + Fraction(now - start, end - start)
        return self._nth_working_day(day + _ONE_DAY, 0), Fraction(0)

    def _instant(self, day: date, session: int, share: Fraction) -> datetime:
        """The instant `share` (0 < share ≤ 1) of the way through a session of `day`."""
        start, end = self.office_hours.session_bounds(session)
        return _at(day, start + round(share * (end - start)))

    def add_working_days(self, start: datetime, days: Decimal | float | int) -> datetime:
        """The instant `days` working days (multiple of 0.5) after `start`; 0 returns `start`."""
        sessions = _half_steps(days, "Số ngày làm việc")
        return self._add_sessions(_local(start, "Thời điểm bắt đầu"), Fraction(sessions))

    def add_working_time(self, start: datetime, days: Decimal | float | int) -> datetime:
        """`add_working_days` for any amount ≥ 0: the exact inverse of `working_days_between`.

        For carrying a remainder over a pause, e.g. the 1.2857 days left when a supplement
        was requested count again from the day the supplement arrives.
        """
        sessions = _amount(days, "Số ngày làm việc") * 2
        return self._add_sessions(_local(start, "Thời điểm bắt đầu"), sessions)

    def _add_sessions(self, local: datetime, sessions: Fraction) -> datetime:
        if sessions == 0:
            return local
        day, elapsed = self._position(local)
        total = elapsed + sessions
        session_index = math.ceil(total) - 1
        due_day = self._nth_working_day(day, session_index // 2)
        return self._instant(due_day, session_index % 2, total - session_index)

    def add_hours(self, start: datetime, hours: Decimal | float | int) -> datetime:
        """The instant `hours` working hours (any amount ≥ 0) after `start`; 0 returns `start`."""
        working_time = _amount(hours, "Số giờ làm việc") * _US_PER_HOUR
        local = _local(start, "Thời điểm bắt đầu")
        if working_time == 0:
            return local
        morning_start, morning_end = self.office_hours.session_bounds(0)
        afternoon_start, afternoon_end = self.office_hours.session_bounds(1)
        morning = morning_end - morning_start
        afternoon = afternoon_end - afternoon_start
        day, elapsed = self._position(local)
        done = elapsed * morning if elapsed <= 1 else morning + (elapsed - 1) * afternoon
        total = done + working_time
        whole_days = math.ceil(total / (morning + afternoon)) - 1
        rest = total - whole_days * (morning + afternoon)
        due_day = self._nth_working_day(day, whole_days)
        if rest <= morning:
            return self._instant(due_day, 0, rest / morning)
        return self._instant(due_day, 1, (rest - morning) / afternoon)

    def working_days_between(self, start: datetime, end: datetime) -> Decimal:
        """Working time from `start` to `end` in days (negative when `end` is earlier).

        Measured on the session line of the module docstring, rounded to 0.0001 day.
        """
        _local(start, "Thời điểm bắt đầu")
        _local(end, "Thời điểm kết thúc")
        if end < start:
            earlier = self.working_days_between(end, start)
            return -earlier if earlier else earlier  # never "-0.0000"
        first_day, first_elapsed = self._position(start)
        last_day, last_elapsed = self._position(end)
        sessions = 2 * self._count_working_days(first_day, last_day) + last_elapsed - first_elapsed
        days = Decimal(sessions.numerator) / Decimal(sessions.denominator) / 2
        return days.quantize(_DAYS_QUANTUM, rounding=ROUND_HALF_EVEN)

    # Deadline rules

    def same_day_due(self, received_at: datetime) -> datetime:
        """Due instant of a "same day" procedure (value 0): the 15:00 rule."""
        local = _local(received_at, "Thời điểm tiếp nhận")
        day = local.date()
        # Đồng Nai QĐ 2770/QĐ-UBND; Hà Nội phương án 1811: after 15:00 → next working day.
        if self.is_working_day(day) and local.time() <= self.same_day_cutoff:
            return self.end_of_working_day(day)
        return self.end_of_working_day(self.next_working_day(day))

    def add_calendar_days(self, start: datetime, days: Decimal | float | int) -> datetime:
        """Due instant of a period of `days` calendar days ("ngày") counted from receipt.

        0 days is a "same day" procedure (the 15:00 rule).
        """
        halves = _half_steps(days, "Số ngày")
        if halves % 2:
            raise ValueError(f"Số ngày theo lịch phải là số nguyên, nhận được {days!r}.")
        local = _local(start, "Thời điểm tiếp nhận")
        if halves == 0:
            return self.same_day_due(local)
        # BLDS 2015 Art. 147.2: the day of receipt is not counted, so day `days` is the last.
        last_day = local.date() + timedelta(days=halves // 2)
        # BLDS 2015 Art. 148.5: a last day that is a day off moves to the next working day.
        return self.end_of_working_day(self.working_day_on_or_after(last_day))

    def due_at(self, *, received_at: datetime, value: Decimal | float | int, unit: str) -> datetime:
        """The legal due instant of a dossier received at `received_at` (catalog time limit)."""
        try:
            time_unit = TimeUnit(unit)
        except ValueError:
            allowed = ", ".join(TimeUnit)
            raise ValueError(f"Đơn vị thời gian {unit!r} không hợp lệ ({allowed}).") from None
        if _half_steps(value, "Thời hạn") == 0:
            return self.same_day_due(received_at)
        if time_unit is TimeUnit.WORKING_DAYS:
            return self.add_working_days(received_at, value)
        if time_unit is TimeUnit.CALENDAR_DAYS:
            return self.add_calendar_days(received_at, value)
        return self.add_hours(received_at, value)
