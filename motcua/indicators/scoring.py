"""From summed rollup counters to the 766 sub-indicators, group scores and the band. Pure."""

from dataclasses import dataclass, field
from decimal import Decimal

from motcua.indicators.config import SUB_INDICATORS
from motcua.indicators.feedback_formulas import (
    FeedbackCounts,
    complaint_ratio_5_4,
    values_5_1_to_5_3,
)
from motcua.indicators.formulas import (
    GROUP_NAMES,
    GROUP_POINTS,
    band,
    normalised_total,
    ratio,
    satisfaction_5_4,
    sub_indicator_score,
)
from motcua.indicators.processing_time import average_processing_time

NOT_FROM_PLATFORM = {
    "1.1": "Cần Cơ sở dữ liệu quốc gia về TTHC (quyết định công bố).",
    "1.2": "Cần Cơ sở dữ liệu quốc gia về TTHC (thời điểm công khai).",
    "1.3": "Cần Cơ sở dữ liệu quốc gia về TTHC (nội dung công khai).",
    "1.4": "Cần Hệ thống báo cáo quốc gia và số liệu đồng bộ của Cổng DVCQG.",
    "5.1": "Cần Hệ thống phản ánh, kiến nghị của Cổng DVCQG.",
    "5.2": "Cần Hệ thống phản ánh, kiến nghị của Cổng DVCQG.",
    "5.3": "Cần Hệ thống phản ánh, kiến nghị của Cổng DVCQG.",
}
NO_FEEDBACK_IN_PERIOD = "Không có phản ánh, kiến nghị trong kỳ: không tính vào tổng điểm."


@dataclass(frozen=True)
class Catalog:
    """Procedures under the unit's authority (CSDL QG về TTHC mirrored in the catalog)."""

    total: int = 0
    online: int = 0  # toàn trình or một phần
    full_online: int = 0
    with_fee: int = 0


@dataclass(frozen=True)
class OpenCounts:
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    on_time: int = 0  # for rule 2.1 (in progress, not late at the period end)
    late: int = 0
    paused: int = 0


@dataclass(frozen=True)
class UnitSums:
    """What a unit's scorecard is computed from: its summed rollup counters, the procedures
    used online / with fees in the period, its open dossiers, catalog and PAKN counts."""

    counters: dict[str, int]
    online_used: int
    fee_used: int
    open: OpenCounts
    catalog: Catalog
    feedback: FeedbackCounts | None


@dataclass
class SubIndicator:
    code: str
    name: str
    group: str
    num: int | None
    den: int | None
    value: Decimal | None
    max_points: Decimal
    score: Decimal
    computed: bool
    note: str = ""
    unit: str = ""  # of a value that is not a percentage (2.2)


@dataclass
class Scorecard:
    subs: list[SubIndicator]
    groups: list[dict] = field(default_factory=list)
    raw_total: Decimal = Decimal(0)
    computed_max: Decimal = Decimal(0)
    total: Decimal | None = None
    band_key: str = "none"
    band_label: str = "—"


VALUE_NOTES = {
    "3.3": "Tỷ lệ đồng bộ (1.4) coi là 100 % trên hệ thống của tỉnh.",
    "4.4": "Cùng nguồn với 4.3: thành phần lấy từ kho kết quả điện tử.",
    "4.5": "Phần (b): số hồ sơ có tài khoản xác thực định danh điện tử.",
}
FEEDBACK_CODES = ("5.1", "5.2", "5.3")
ZERO = Decimal(0)


def _values(
    c: dict[str, int],
    open_counts: OpenCounts,
    catalog: Catalog,
    online_used: int,
    fee_used: int,
    include_open: bool,
    feedback: FeedbackCounts | None,
) -> dict[str, tuple[int | None, int | None, Decimal | None]]:
    """(numerator, denominator, ratio %) of every scored sub-indicator the figures allow: the
    platform's own, and 5.1–5.3 when the period has PAKN."""
    on_num = c["on_time"] + (open_counts.on_time if include_open else 0)
    on_den = c["finished"] + (open_counts.on_time + open_counts.late if include_open else 0)
    received, finished = c["received"], c["finished"]
    if finished:
        complaint = (
            complaint_ratio_5_4(feedback, finished=finished) if feedback is not None else None
        )
        late_ratio = ratio(finished - c["on_time"], finished)
        satisfaction = satisfaction_5_4(overdue_ratio=late_ratio, complaint_ratio=complaint)
    else:
        satisfaction = None
    reused = (c["reused"], received, ratio(c["reused"], received))
    values = {
        "2.1": (on_num, on_den, ratio(on_num, on_den)),
        "3.1": (catalog.online, catalog.total, ratio(catalog.online, catalog.total)),
        "3.2": (online_used, catalog.online, ratio(online_used, catalog.online)),
        "3.3": (c["received_online"], received, ratio(c["received_online"], received)),
        "3.5": (fee_used, catalog.with_fee, ratio(fee_used, catalog.with_fee)),
        "3.6": (c["paid_online"], c["fee_dossiers"], ratio(c["paid_online"], c["fee_dossiers"])),
        "4.1": (c["e_result"], c["resolved"], ratio(c["e_result"], c["resolved"])),
        "4.2": (c["digitized"], received, ratio(c["digitized"], received)),
        "4.3": reused,
        "4.4": reused,
        "4.5": (c["identity_verified"], received, ratio(c["identity_verified"], received)),
        "5.4": (None, finished, satisfaction),
    }
    if feedback is not None and feedback.total:
        values.update(values_5_1_to_5_3(feedback))
    return values


def _has_data(c: dict[str, int], open_counts: OpenCounts) -> bool:
    return bool(c["received"] or c["finished"] or open_counts.open)


def scorecard(
    *,
    c: dict[str, int],
    open_counts: OpenCounts,
    catalog: Catalog,
    online_procedures_used: int,
    fee_procedures_used: int,
    points: dict[str, Decimal],
    include_open: bool,
    feedback: FeedbackCounts | None = None,
    time_unit: str | None = None,
) -> Scorecard:
    """All sub-indicators for one unit and period. `c` holds the summed rollup counters;
    `feedback` the unit's PAKN counts (None where there is no PAKN data, e.g. on the hub);
    `time_unit` the time-limit unit of the one procedure selected, if one is (2.2)."""
    values = _values(
        c,
        open_counts,
        catalog,
        online_procedures_used,
        fee_procedures_used,
        include_open,
        feedback,
    )
    notes = dict(NOT_FROM_PLATFORM)
    if feedback is not None and not feedback.total:
        notes.update(dict.fromkeys(FEEDBACK_CODES, NO_FEEDBACK_IN_PERIOD))
    value_notes = {
        **VALUE_NOTES,
        "5.4": "Chưa trừ tỷ lệ hồ sơ có phản ánh, kiến nghị (chưa có dữ liệu PAKN)."
        if feedback is None
        else f"Trừ {feedback.complained_dossiers} hồ sơ có phản ánh, kiến nghị hoặc "
        "đánh giá không hài lòng.",
    }
    subs = []
    for code, (group, _default, name) in SUB_INDICATORS.items():
        max_points = points.get(code, ZERO)
        if code == "2.2":
            average = average_processing_time(counters=c, time_unit=time_unit)
            subs.append(
                SubIndicator(
                    code,
                    name,
                    group,
                    average.total,
                    c["completed"],
                    average.value,
                    max_points,
                    ZERO,
                    True,
                    average.note,
                    average.unit,
                )
            )
            continue
        if code not in values:
            subs.append(
                SubIndicator(
                    code,
                    name,
                    group,
                    None,
                    None,
                    None,
                    max_points,
                    ZERO,
                    False,
                    notes.get(code, ""),
                )
            )
            continue
        num, den, value = values[code]
        score = sub_indicator_score(code, value, max_points=max_points)
        subs.append(
            SubIndicator(
                code,
                name,
                group,
                num,
                den,
                value,
                max_points,
                score,
                True,
                value_notes.get(code, ""),
            )
        )
    card = Scorecard(subs)
    for group, total in GROUP_POINTS.items():
        members = [s for s in subs if s.group == group]
        card.groups.append(
            {
                "code": group,
                "name": GROUP_NAMES[group],
                "max": total,
                "score": sum((s.score for s in members if s.computed), ZERO),
                "computed_max": sum((s.max_points for s in members if s.computed), ZERO),
                "subs": members,
            }
        )
    computed = {s.code: s.score for s in subs if s.computed}
    maxima = {s.code: s.max_points for s in subs if s.computed}
    card.raw_total = sum(computed.values(), ZERO)
    card.computed_max = sum(maxima.values(), ZERO)
    card.total = normalised_total(computed, maxima) if _has_data(c, open_counts) else None
    card.band_key, card.band_label = band(card.total)
    return card


# --- The rankings: only the total and band ---------------------------------------------------


@dataclass(frozen=True)
class RankScore:
    """A unit's scorecard total and band, without its sub-indicators (what a ranking shows)."""

    total: Decimal | None = None
    band_key: str = "none"
    band_label: str = "—"


@dataclass(frozen=True)
class ScorePlan:
    """`points` laid out once for `rank_score` over a ranking's units: the platform's scored
    sub-indicators and 5.1–5.3 with their points, and the maxima a scorecard adds up (2.2,
    computed but not scored, counts in them)."""

    platform: tuple[tuple[str, Decimal], ...]
    feedback: tuple[tuple[str, Decimal], ...]
    maxima: dict[str, Decimal]
    maxima_with_feedback: dict[str, Decimal]


def score_plan(points: dict[str, Decimal]) -> ScorePlan:
    scored = [c for c in SUB_INDICATORS if c not in NOT_FROM_PLATFORM and c != "2.2"]
    platform = tuple((c, points.get(c, ZERO)) for c in scored)
    feedback = tuple((c, points.get(c, ZERO)) for c in FEEDBACK_CODES)
    maxima = {**dict(platform), "2.2": points.get("2.2", ZERO)}
    return ScorePlan(platform, feedback, maxima, {**maxima, **dict(feedback)})


def rank_score(
    *,
    c: dict[str, int],
    open_counts: OpenCounts,
    catalog: Catalog,
    online_procedures_used: int,
    fee_procedures_used: int,
    plan: ScorePlan,
    include_open: bool,
    feedback: FeedbackCounts | None = None,
) -> RankScore:
    """`scorecard(...)`'s total and band by the same arithmetic, without building its
    sub-indicator rows and groups (the rankings score ~120 units per page)."""
    if not _has_data(c, open_counts):
        return RankScore()
    values = _values(
        c,
        open_counts,
        catalog,
        online_procedures_used,
        fee_procedures_used,
        include_open,
        feedback,
    )
    scores = {
        code: sub_indicator_score(code, values[code][2], max_points=max_points)
        for code, max_points in plan.platform
    }
    maxima = plan.maxima
    if feedback is not None and feedback.total:
        for code, max_points in plan.feedback:
            scores[code] = sub_indicator_score(code, values[code][2], max_points=max_points)
        maxima = plan.maxima_with_feedback
    total = normalised_total(scores, maxima)
    return RankScore(total, *band(total))
