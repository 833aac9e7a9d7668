"""766 sub-indicator 2.2 "Thời gian giải quyết TTHC trung bình": the working days one completed
dossier took, and the average shown in the unit of the procedure's time limit. Pure: the
working calendar comes in as an argument.

* 766 spec 2.2 (DOMAIN.md §1.3): Σ ThoiGianGiaiQuyet of the completed dossiers (Đã xử lý xong /
  Đã trả kết quả, counted by their start date) / their number, in the TTHC's DonViTinh (giờ /
  ngày / ngày làm việc); shown only when one TTHC is selected.
* The citizen's supplement time is not processing time (766 spec rule 2.1; NĐ 118/2025 Art. 17:
  the clock stops while the citizen completes the dossier).
* Working days are those of the working calendar (core.calendar: QĐ 188/1999/QĐ-TTg Art. 1,
  the public holidays, the Bộ Nội vụ notices). The spec gives no day-counting formula: motcua
  counts whole local days and, as for a period counted from receipt, not the day of receipt
  (BLDS 2015 Art. 147.2).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from motcua.core.calendar import TimeUnit, WorkingCalendar

TWO_PLACES = Decimal("0.01")


def processing_workdays(
    calendar: WorkingCalendar,
    *,
    received_day: date,
    finished_day: date,
    supplements: Iterable[tuple[date, date]] = (),
) -> int:
    """Working days d with received_day < d ≤ finished_day, less, for each returned supplement
    request (requested_day, returned_day), the working days d with requested_day < d ≤
    returned_day; never below 0. Every count is an ordinal difference (working days up to one
    day minus those up to the other), which the set-based rebuild computes the same way."""
    total = calendar.working_days_after(received_day, finished_day)
    total -= sum(calendar.working_days_after(asked, back) for asked, back in supplements)
    return max(0, total)


def workday_ordinals(
    calendar: WorkingCalendar, *, first: date, last: date
) -> list[tuple[date, int]]:
    """(day, working days from `first` through that day) for every day from `first` to `last`.
    The difference of two days' ordinals is `calendar.working_days_after` of the two days: the
    rebuild joins these rows by day instead of asking the calendar once per dossier."""
    rows, ordinal, day = [], 0, first
    while day <= last:
        ordinal += calendar.is_working_day(day)
        rows.append((day, ordinal))
        day += timedelta(days=1)
    return rows


@dataclass(frozen=True)
class AverageTime:
    """2.2 as shown: `total` (the summed counter) / the completed dossiers, in `unit`."""

    total: int
    value: Decimal | None
    unit: str
    note: str


SUPPLEMENT_NOT_COUNTED = "đã trừ thời gian chờ công dân bổ sung; không chấm điểm."
# The procedure's unit → (summed counter, its amount per shown unit, unit label, note).
IN_UNIT: dict[str, tuple[str, int, str, str]] = {
    TimeUnit.WORKING_DAYS: (
        "processing_workdays",
        1,
        "ngày làm việc",
        "Ngày làm việc (đơn vị thời hạn của thủ tục): không tính ngày tiếp nhận và ngày nghỉ, "
        + SUPPLEMENT_NOT_COUNTED,
    ),
    TimeUnit.CALENDAR_DAYS: (
        "processing_seconds",
        86400,
        "ngày",
        "Ngày theo lịch (đơn vị thời hạn của thủ tục), " + SUPPLEMENT_NOT_COUNTED,
    ),
    TimeUnit.HOURS: (
        "processing_seconds",
        3600,
        "giờ",
        "Giờ (đơn vị thời hạn của thủ tục), tính theo đồng hồ cả ngoài giờ làm việc, "
        + SUPPLEMENT_NOT_COUNTED,
    ),
}
NO_SINGLE_PROCEDURE = (
    "processing_seconds",
    86400,
    "ngày",
    "Ngày theo lịch, " + SUPPLEMENT_NOT_COUNTED + " Chọn một thủ tục để xem theo đơn vị thời hạn "
    "của thủ tục (ngày làm việc, ngày hoặc giờ).",
)


def average_processing_time(*, counters: Mapping[str, int], time_unit: str | None) -> AverageTime:
    """The average of 2.2 from summed rollup counters, in `time_unit` (the selected
    procedure's `processing_time_unit`); None (no single procedure): calendar days, saying so."""
    name, per_unit, unit, note = IN_UNIT.get(time_unit or "", NO_SINGLE_PROCEDURE)
    total, completed = counters[name], counters["completed"]
    value = (
        (Decimal(total) / Decimal(completed * per_unit)).quantize(TWO_PLACES, ROUND_HALF_UP)
        if completed
        else None
    )
    return AverageTime(total, value, unit, note)
