"""PAKN figures (766 group 5) for the dashboard's units and periods, read through the feedback
app's selectors. PAKN are few (a handful per agency and month), so they are counted from the
feedback table (index agency, received_at) rather than kept in rollups."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from motcua.feedback.selectors import complained_dossiers_by_agency, feedback_facts
from motcua.indicators.feedback_formulas import FeedbackCounts, counts_from_facts
from motcua.indicators.periods import Period
from motcua.indicators.rollup_queries import Filters, Unit


def _bounds(period: Period) -> tuple[datetime, datetime, datetime]:
    """[start, end) of the period in local time, and the instant PAKN are judged at (the
    period end, or now while the period runs)."""
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))
    return start, end, min(end, timezone.now())


def _scope(unit: Unit) -> dict:
    if unit.agency_ids is not None:
        return {"agency_ids": unit.agency_ids}
    return {"province_code": unit.province_code}


def feedback_counts_for_unit(
    *, unit: Unit, period: Period, filters: Filters = Filters()
) -> FeedbackCounts | None:
    """The unit's PAKN counts for the period; None on the hub's nation unit (PAKN stay on the
    province nodes). Two queries (three when the period has PAKN: the working calendar)."""
    if unit.kind == "nation":
        return None
    start, end, as_of = _bounds(period)
    scope = {**_scope(unit), "field_id": filters.field_id, "procedure_id": filters.procedure_id}
    facts = feedback_facts(start=start, end=end, as_of=as_of, **scope)
    complained = complained_dossiers_by_agency(first_day=period.start, last_day=period.end, **scope)
    return counts_from_facts(facts, complained_dossiers=sum(complained.values()))


def feedback_counts_by_agency(
    *, province_code: str, period: Period, filters: Filters = Filters()
) -> dict[int, FeedbackCounts]:
    """Per agency of the province, for the rankings (the same two or three queries)."""
    start, end, as_of = _bounds(period)
    scope = {
        "province_code": province_code,
        "field_id": filters.field_id,
        "procedure_id": filters.procedure_id,
    }
    by_agency: dict[int, list] = {}
    for fact in feedback_facts(start=start, end=end, as_of=as_of, **scope):
        by_agency.setdefault(fact.agency_id, []).append(fact)
    complained = complained_dossiers_by_agency(first_day=period.start, last_day=period.end, **scope)
    return {
        agency_id: counts_from_facts(
            by_agency.get(agency_id, []), complained_dossiers=complained.get(agency_id, 0)
        )
        for agency_id in by_agency.keys() | complained.keys()
    }
