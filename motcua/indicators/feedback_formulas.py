"""766 group 5 figures from PAKN (phản ánh, kiến nghị) and ratings. Pure: counts in, ratios out.

Decision 766/QĐ-TTg, DOMAIN.md §1.3 group 5:
* 5.1 = PAKN received and classified / PAKN received in the period;
* 5.2 = PAKN handled on time / PAKN under the unit's authority (feedback.rules.on_time_5_2);
* 5.3 = (total − not satisfied (dislikes > likes) − overdue − repeated complaint about the
  result) / total, each PAKN counted once, by its first reception date
  (feedback.rules.satisfied_5_3);
* 5.4 = 100 % − (overdue share + share of dossiers with a PAKN or a "dislike" rating); the second
  share is `complaint_ratio_5_4` (formulas.satisfaction_5_4 does the subtraction).

A period without any PAKN has no 5.1–5.3 (None: shown "—"); the scorecard then leaves them out
of the normalised total rather than scoring "no complaints" as 0 (docs/indicators.md).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from motcua.indicators.formulas import ratio


@dataclass(frozen=True)
class FeedbackCounts:
    total: int = 0  # PAKN received in the period (first reception date)
    classified: int = 0  # 5.1 numerator
    on_time: int = 0  # 5.2 numerator
    satisfied: int = 0  # 5.3 numerator
    complained_dossiers: int = 0  # 5.4: dossiers finished in the period with a PAKN or dislike

    def __add__(self, other: "FeedbackCounts") -> "FeedbackCounts":
        return FeedbackCounts(
            self.total + other.total,
            self.classified + other.classified,
            self.on_time + other.on_time,
            self.satisfied + other.satisfied,
            self.complained_dossiers + other.complained_dossiers,
        )


def counts_from_facts(facts: Iterable, *, complained_dossiers: int = 0) -> FeedbackCounts:
    """Sum per-PAKN facts (objects with `classified`, `on_time`, `satisfied` booleans)."""
    total = classified = on_time = satisfied = 0
    for fact in facts:
        total += 1
        classified += fact.classified
        on_time += fact.on_time
        satisfied += fact.satisfied
    return FeedbackCounts(total, classified, on_time, satisfied, complained_dossiers)


def counts_by_unit(facts: Iterable, complained: dict) -> dict:
    """Per unit key (a fact's `agency_id`; the keys of `complained`, the dossiers with a PAKN
    or a "dislike" per unit), the unit's counts."""
    by_unit: dict = {}
    for fact in facts:
        by_unit.setdefault(fact.agency_id, []).append(fact)
    return {
        key: counts_from_facts(by_unit.get(key, []), complained_dossiers=complained.get(key, 0))
        for key in by_unit.keys() | complained.keys()
    }


def sum_counts(counts: Iterable[FeedbackCounts]) -> FeedbackCounts:
    out = FeedbackCounts()
    for item in counts:
        out = out + item
    return out


def values_5_1_to_5_3(
    counts: FeedbackCounts,
) -> dict[str, tuple[int, int, Decimal | None]]:
    """(numerator, denominator, ratio %) of 5.1, 5.2 and 5.3; ratio None without any PAKN."""
    return {
        "5.1": (counts.classified, counts.total, ratio(counts.classified, counts.total)),
        "5.2": (counts.on_time, counts.total, ratio(counts.on_time, counts.total)),
        "5.3": (counts.satisfied, counts.total, ratio(counts.satisfied, counts.total)),
    }


def complaint_ratio_5_4(counts: FeedbackCounts, *, finished: int) -> Decimal | None:
    """Share of the dossiers finished in the period that drew a PAKN or a "dislike" rating."""
    return ratio(min(counts.complained_dossiers, finished), finished)
