"""Decision 766/QĐ-TTg indicator arithmetic. Pure: counts in, ratios, points and bands out.

Sources (DOMAIN.md §1): groups and totals §1.2; sub-indicators 1.1–5.4 and their rules from the
"766 spec" records §1.3; the scoring pattern §1.4. What is (unconfirmed) there is marked here.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")

# Group totals (DOMAIN.md §1.2; secondary source except group 5 = 18, confirmed).
GROUP_POINTS = {"1": 18, "2": 20, "3": 22, "4": 22, "5": 18}
GROUP_NAMES = {
    "1": "Công khai, minh bạch",
    "2": "Tiến độ, kết quả giải quyết",
    "3": "Cung cấp dịch vụ trực tuyến",
    "4": "Số hóa hồ sơ",
    "5": "Mức độ hài lòng",
}
# Threshold indicators: full points at or above the threshold (766 spec notes, DOMAIN.md §1.4).
THRESHOLDS = {
    "3.1": Decimal(80),
    "3.3": Decimal(50),
    "3.5": Decimal(80),
    "4.2": Decimal(80),
    "4.3": Decimal(80),
    "5.4": Decimal(90),
}


def ratio(num: int | Decimal, den: int | Decimal) -> Decimal | None:
    """num / den × 100 %, rounded to 2 decimals; None (shown "—", scored 0) when den is 0.

    766 spec (DOMAIN.md §1.3 preamble): denominator 0 → show 0 or N/A; round to 2 decimals.
    """
    if not den:
        return None
    return (Decimal(num) * HUNDRED / Decimal(den)).quantize(TWO_PLACES, ROUND_HALF_UP)


def threshold_score(
    value: Decimal | None, *, max_points: Decimal | int, threshold: Decimal
) -> Decimal:
    """`max if ratio ≥ threshold else ratio × max / threshold` (DOMAIN.md §1.4, confirmed)."""
    if value is None:
        return Decimal(0)
    if value >= threshold:
        return Decimal(max_points).quantize(TWO_PLACES)
    return (value * Decimal(max_points) / threshold).quantize(TWO_PLACES, ROUND_HALF_UP)


def linear_score(value: Decimal | None, *, max_points: Decimal | int) -> Decimal:
    """Ratios without a threshold: `ratio × max` (DOMAIN.md §1.4: presumably; unconfirmed)."""
    if value is None:
        return Decimal(0)
    return (value * Decimal(max_points) / HUNDRED).quantize(TWO_PLACES, ROUND_HALF_UP)


def sub_indicator_score(code: str, value: Decimal | None, *, max_points: Decimal | int) -> Decimal:
    if code in THRESHOLDS:
        return threshold_score(value, max_points=max_points, threshold=THRESHOLDS[code])
    return linear_score(value, max_points=max_points)


# --- 2.1: processed on time -----------------------------------------------------------------


@dataclass(frozen=True)
class SupplementSpan:
    requested_at: datetime
    returned_at: datetime | None


def supplement_seconds(spans: list[SupplementSpan]) -> int:
    """Citizen time of returned supplements, subtracted from the end (766 spec rule 2.1)."""
    return sum(
        round((s.returned_at - s.requested_at).total_seconds()) for s in spans if s.returned_at
    )


def on_time_2_1(
    *,
    end: datetime,
    due: datetime | None,
    supplements: list[SupplementSpan],
    extensions: int = 0,
    statutory_seconds: int | None = None,
    start: datetime | None = None,
) -> bool:
    """766 spec rule 2.1 (DOMAIN.md §1.3): end − supplement time ≤ NgayHenTra.

    * more than one supplement request ⇒ late;
    * exactly one, not returned ⇒ end = the request time (the caller passes it as `end`, or
      lets `effective_end` pick it);
    * an apology/extension (Mẫu 04) still counts as late (DOMAIN.md §3.4);
    * no NgayHenTra ⇒ on time iff end − start − supplement time ≤ the statutory maximum.
    """
    if len(supplements) > 1 or extensions > 0:
        return False
    end_seconds = end.timestamp() - supplement_seconds(supplements)
    if due is not None:
        return end_seconds <= due.timestamp()
    if statutory_seconds is None or start is None:
        return True
    return end_seconds - start.timestamp() <= statutory_seconds


def effective_end(
    *, finished_at: datetime | None, supplements: list[SupplementSpan], period_end: datetime
) -> datetime:
    """End of processing for 2.1: the terminal status time; one unreturned supplement ⇒ its
    request time; otherwise (still open) the period end (766 spec rule 2.1)."""
    if finished_at is not None:
        return finished_at
    if len(supplements) == 1 and supplements[0].returned_at is None:
        return supplements[0].requested_at
    return period_end


# --- group 5.4 ---------------------------------------------------------------------------------


def satisfaction_5_4(
    *, overdue_ratio: Decimal | None, complaint_ratio: Decimal | None
) -> Decimal | None:
    """5.4 = 100 % − (overdue share + share with PAKN or "dislike") (766 spec record 5.4)."""
    if overdue_ratio is None and complaint_ratio is None:
        return None
    value = HUNDRED - (overdue_ratio or Decimal(0)) - (complaint_ratio or Decimal(0))
    return max(Decimal(0), value).quantize(TWO_PLACES)


# --- bands -------------------------------------------------------------------------------------

# (unconfirmed) thresholds, DOMAIN.md §1.2: ≥90 xuất sắc, 80–<90 tốt, 70–<80 khá, 50–<70 trung bình.
BANDS = (
    (Decimal(90), "excellent", "Xuất sắc"),
    (Decimal(80), "good", "Tốt"),
    (Decimal(70), "fair", "Khá"),
    (Decimal(50), "average", "Trung bình"),
    (Decimal(0), "weak", "Yếu kém"),
)


def band(score: Decimal | None) -> tuple[str, str]:
    """(css key, Vietnamese label) of a 0–100 score; ("none", "—") without a score."""
    if score is None:
        return "none", "—"
    for floor, key, label in BANDS:
        if score >= floor:
            return key, label
    return BANDS[-1][1], BANDS[-1][2]


def normalised_total(scores: dict[str, Decimal], maxima: dict[str, Decimal]) -> Decimal | None:
    """Composite out of 100 over the sub-indicators that could be computed.

    Groups 1 and 5 draw on systems outside the platform (DOMAIN.md §1.4); scoring what is
    missing as 0 would rank every unit "yếu". The raw sum is shown beside it.
    """
    total_max = sum(maxima.values(), Decimal(0))
    if not total_max:
        return None
    return (sum(scores.values(), Decimal(0)) * HUNDRED / total_max).quantize(
        TWO_PLACES, ROUND_HALF_UP
    )
