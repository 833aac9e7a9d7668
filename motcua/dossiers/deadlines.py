"""Legal time of one dossier on top of the working-day calendar. Pure: no ORM.

- The due instant (`NgayHenTra`) comes from the procedure's limit and unit (core.calendar).
- A supplement request pauses the clock; when the citizen returns the documents, the time
  that was left is counted again from the return (NĐ 118/2025/NĐ-CP Art. 17; the 766 spec
  subtracts the citizen's supplement time: DOMAIN.md §1.3, rule 2.1).
- An extension needs an apology slip (Mẫu 04), is allowed once, and only before the deadline
  (NĐ 61/2018 Art. 21 as amended by NĐ 107/2021; DOMAIN.md §3.4).
- On time ⇔ finished ≤ due, and more than one supplement request counts as late (766 spec).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from motcua.core.calendar import TimeUnit, WorkingCalendar

MAX_EXTENSIONS = 1
DUE_SOON_WORKING_DAYS = Decimal(1)


def initial_due_at(
    calendar: WorkingCalendar, *, received_at: datetime, value: Decimal, unit: str
) -> datetime:
    return calendar.due_at(received_at=received_at, value=value, unit=unit)


def resumed_due_at(
    calendar: WorkingCalendar,
    *,
    due_at: datetime,
    paused_at: datetime,
    resumed_at: datetime,
    unit: str,
) -> datetime:
    """The due instant after a supplement pause: the time left at the pause counts from the return.

    Working-day and hour limits keep the working time that was left; calendar-day limits keep
    the calendar time that was left and then land on a working day's closing time.
    """
    if resumed_at < paused_at:
        raise ValueError("Thời điểm bổ sung không thể trước thời điểm yêu cầu bổ sung.")
    if unit == TimeUnit.CALENDAR_DAYS:
        remaining = due_at - paused_at
        if remaining <= timedelta(0):
            return due_at
        end = resumed_at + remaining
        return calendar.end_of_working_day(calendar.working_day_on_or_after(end.date()))
    remaining_days = calendar.working_days_between(paused_at, due_at)
    if remaining_days <= 0:
        # Already late when paused: the pause does not give back time that had run out.
        return due_at + (resumed_at - paused_at)
    return calendar.add_working_time(resumed_at, remaining_days)


@dataclass(frozen=True)
class ExtensionCheck:
    allowed: bool
    reason: str = ""
    reason_en: str = ""


def extension_check(
    *, now: datetime, due_at: datetime, new_due_at: datetime, extensions_so_far: int
) -> ExtensionCheck:
    if extensions_so_far >= MAX_EXTENSIONS:
        return ExtensionCheck(
            False,
            "Hồ sơ đã được gia hạn một lần; chỉ được hẹn lại ngày trả kết quả một lần.",
            "The dossier was already extended once; rescheduling is allowed only once.",
        )
    if now >= due_at:
        return ExtensionCheck(
            False,
            "Đã quá hạn giải quyết; phải gửi phiếu xin lỗi và gia hạn trước thời hạn.",
            "The deadline has passed; the apology and new date must be sent before it.",
        )
    if new_due_at <= due_at:
        return ExtensionCheck(
            False,
            "Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.",
            "The new return date must be after the current one.",
        )
    return ExtensionCheck(True)


def is_on_time(*, finished_at: datetime, due_at: datetime, supplement_requests: int) -> bool:
    """766 spec rule 2.1: NgayKetThucXuLy ≤ NgayHenTra; more than one supplement request is late."""
    if supplement_requests > 1:
        return False
    return finished_at <= due_at


@dataclass(frozen=True)
class Urgency:
    overdue: bool
    due_soon: bool
    working_days_left: Decimal


def urgency(calendar: WorkingCalendar, *, now: datetime, due_at: datetime) -> Urgency:
    """Overdue, or due within one working day (the inbox highlights both)."""
    left = calendar.working_days_between(now, due_at)
    overdue = now > due_at
    return Urgency(overdue, (not overdue) and left <= DUE_SOON_WORKING_DAYS, left)
