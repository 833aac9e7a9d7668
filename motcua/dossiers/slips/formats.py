"""Vietnamese date and time wording on the slips; pure functions.

Mẫu 01 (TT 03/2025/TT-VPCP Phụ lục I) prints times as "… giờ … phút, ngày … tháng … năm …";
the place-and-date line follows NĐ 30/2020/NĐ-CP Phụ lục I ("Hưng Yên, ngày 28 tháng 11 năm 2026"),
where a day below 10 and the months 1 and 2 take a leading zero.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def to_vietnam_time(value: datetime) -> datetime:
    """Aware datetimes move to Vietnam time; naive ones are already Vietnam wall-clock time."""
    return value.astimezone(VIETNAM_TZ) if value.tzinfo is not None else value


def _day_month_year(value: date) -> tuple[str, str, str]:
    # NĐ 30/2020/NĐ-CP Phụ lục I: "ngày 05 tháng 02", but "tháng 3" … "tháng 12".
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{value.day:02d}", month, str(value.year)


def _as_date(value: date) -> date:
    return to_vietnam_time(value).date() if isinstance(value, datetime) else value


def date_long(value: date) -> str:
    """ "ngày 13 tháng 02 năm 2026" """
    day, month, year = _day_month_year(_as_date(value))
    return f"ngày {day} tháng {month} năm {year}"


def date_short(value: date) -> str:
    """ "13/02/2026" """
    return _as_date(value).strftime("%d/%m/%Y")


def time_short(value: datetime) -> str:
    """ "15:05" """
    return to_vietnam_time(value).strftime("%H:%M")


def datetime_long(value: datetime) -> str:
    """ "15 giờ 05 phút, ngày 13 tháng 02 năm 2026" (Mẫu 01 wording)."""
    local = to_vietnam_time(value)
    return f"{local:%H} giờ {local:%M} phút, {date_long(local.date())}"


def datetime_short(value: datetime) -> str:
    """ "15:05 13/02/2026", for table cells."""
    local = to_vietnam_time(value)
    return f"{local:%H:%M} {local:%d/%m/%Y}"


def place_date_line(place: str, value: date) -> str:
    """ "Hưng Yên, ngày 28 tháng 11 năm 2026" """
    return f"{place}, {date_long(value)}"
