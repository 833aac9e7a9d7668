"""Reporting periods ("kỳ", 766 spec): month, quarter, year, or custom days."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year | custom
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"Tháng {self.start.month}/{self.start.year}"
        if self.kind == "quarter":
            return f"Quý {(self.start.month - 1) // 3 + 1}/{self.start.year}"
        if self.kind == "year":
            return f"Năm {self.start.year}"
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def previous(self) -> "Period":
        if self.kind == "month":
            return period_month(*_month_before(self.start.year, self.start.month))
        if self.kind == "quarter":
            year, month = self.start.year, self.start.month - 3
            if month < 1:
                year, month = year - 1, month + 12
            return period_quarter(year, (month - 1) // 3 + 1)
        if self.kind == "year":
            return period_year(self.start.year - 1)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period("custom", end - length, end)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def query(self) -> dict[str, str]:
        """GET parameters that select this period on the dashboard."""
        if self.kind == "custom":
            return {"period": "custom", "from": self.start.isoformat(), "to": self.end.isoformat()}
        values = {"period": self.kind, "year": str(self.start.year)}
        if self.kind == "month":
            values["month"] = str(self.start.month)
        if self.kind == "quarter":
            values["quarter"] = str((self.start.month - 1) // 3 + 1)
        return values


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def period_month(year: int, month: int) -> Period:
    return Period("month", date(year, month, 1), date(year, month, monthrange(year, month)[1]))


def period_quarter(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period("quarter", date(year, first, 1), period_month(year, first + 2).end)


def period_year(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31))


def period_custom(start: date, end: date) -> Period:
    if end < start:
        start, end = end, start
    return Period("custom", start, end)


def period_parse(params, *, today: date) -> Period:
    """A period from GET parameters; anything unparsable falls back to the current month."""
    kind = params.get("period") or "month"
    try:
        year = int(params.get("year") or today.year)
        if kind == "year":
            return period_year(year)
        if kind == "quarter":
            return period_quarter(year, int(params.get("quarter") or (today.month - 1) // 3 + 1))
        if kind == "custom":
            return period_custom(
                date.fromisoformat(params["from"]), date.fromisoformat(params["to"])
            )
        return period_month(year, int(params.get("month") or today.month))
    except (KeyError, ValueError, TypeError):
        return period_month(today.year, today.month)


def split_months(period: Period) -> tuple[list[date], list[tuple[date, date]]]:
    """Whole months inside the period (read from MonthlyRollup) and the edge day ranges
    (read from DailyRollup), so a year reads twelve monthly cells, never 365 daily ones."""
    months: list[date] = []
    edges: list[tuple[date, date]] = []
    cursor = period.start
    while cursor <= period.end:
        month_end = date(cursor.year, cursor.month, monthrange(cursor.year, cursor.month)[1])
        if cursor.day == 1 and month_end <= period.end:
            months.append(cursor)
        else:
            edges.append((cursor, min(month_end, period.end)))
        cursor = month_end + timedelta(days=1)
    return months, edges


def months_back(end: date, count: int) -> list[Period]:
    """The `count` months ending with the month of `end`, oldest first (trend charts)."""
    year, month = end.year, end.month
    out = []
    for _ in range(count):
        out.append(period_month(year, month))
        year, month = _month_before(year, month)
    return out[::-1]


def split_months_signed(
    period: Period,
) -> tuple[list[date], list[tuple[date, date]], list[tuple[date, date]]]:
    """Like `split_months`, but a partial month is read as the whole month minus the days
    outside the period when those are fewer (3 Feb – 28 Feb: February minus 1–2 Feb), so an
    edge reads at most about half a month of daily cells. Counters are sums, so the result is
    exact. Returns the months to add, the day ranges to add and the day ranges to subtract."""
    months, edges = split_months(period)
    added: list[tuple[date, date]] = []
    subtracted: list[tuple[date, date]] = []
    for first, last in edges:
        month_start = first.replace(day=1)
        month_end = date(first.year, first.month, monthrange(first.year, first.month)[1])
        inside = (last - first).days + 1
        if (month_end - month_start).days + 1 - inside >= inside:
            added.append((first, last))
            continue
        months.append(month_start)
        if first > month_start:
            subtracted.append((month_start, first - timedelta(days=1)))
        if last < month_end:
            subtracted.append((last + timedelta(days=1), month_end))
    return sorted(months), added, subtracted
