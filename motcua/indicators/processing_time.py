"""766 sub-indicator 2.2 "Thời gian giải quyết TTHC trung bình": the working days one completed
dossier took. Pure: the working calendar comes in as an argument.

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

from collections.abc import Iterable
from datetime import date, timedelta

from motcua.core.calendar import WorkingCalendar


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
