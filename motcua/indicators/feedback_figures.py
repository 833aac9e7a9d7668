"""PAKN figures (766 group 5) for the dashboard's units and periods. PAKN are few (a handful per
agency and month), so they are counted from the feedback table (index agency, received_at)
rather than kept in rollups: one statement reads the period's PAKN and, per handling agency,
the dossiers finished in the period that drew a PAKN or a "dislike" rating; the feedback app's
rules judge each PAKN (feedback.rules). The same selection as the feedback app's
`feedback_facts` and `complained_dossiers_by_agency` (tests compare them), without building
two ORM queries per page."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import connection
from django.db.models import DateTimeField, Value
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.core.calendar_db import calendar_get
from motcua.dossiers.models import Dossier
from motcua.feedback import rules
from motcua.feedback.constants import DISLIKE_MAX_SCORE
from motcua.feedback.models import Feedback, Rating
from motcua.feedback.selectors import FeedbackFact
from motcua.indicators.feedback_formulas import FeedbackCounts, counts_by_unit, counts_from_facts
from motcua.indicators.periods import Period
from motcua.indicators.rollup_queries import Filters, Unit
from motcua.procedures.models import Procedure


def period_bounds(period: Period) -> tuple[datetime, datetime, datetime]:
    """[start, end) of the period in local time, and the instant PAKN are judged at (the
    period end, or now while the period runs)."""
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))
    return start, end, min(end, timezone.now())


@dataclass(frozen=True)
class _Scope:
    agency_ids: tuple[int, ...] | None  # None: every agency of the province
    province_code: str
    filters: Filters


def _where(scope: _Scope, alias: str, agency_column: str, dossier: str) -> tuple[str, list, str]:
    """JOINs and WHERE of one part: the agencies (`alias.agency_column`) of the scope, and the
    filters on the procedure of the dossier `dossier` (an alias joined here when needed)."""
    joins, clauses, params = [], [], []
    if scope.agency_ids is not None:
        clauses.append(f"{alias}.{agency_column} IN ({', '.join(['%s'] * len(scope.agency_ids))})")
        params += scope.agency_ids
    else:
        joins.append(
            f"JOIN {Agency._meta.db_table} {alias}a ON {alias}a.id = {alias}.{agency_column}"
        )
        clauses.append(f"{alias}a.province_code = %s")
        params.append(scope.province_code)
    if scope.filters.procedure_id:
        clauses.append(f"{dossier}.procedure_id = %s")
        params.append(scope.filters.procedure_id)
    if scope.filters.field_id:
        procedure = f"{alias}p"
        joins.append(
            f"JOIN {Procedure._meta.db_table} {procedure} ON {procedure}.id = {dossier}.procedure_id"
        )
        clauses.append(f"{procedure}.field_id = %s")
        params.append(scope.filters.field_id)
    return " ".join(joins), " AND ".join(clauses or ["1 = 1"]), params


def _facts_and_complained(
    scope: _Scope, period: Period
) -> tuple[list[FeedbackFact], dict[int, int]]:
    """The PAKN received in the period (each once, by its first reception date) under the
    scope's agencies, judged as of the period end (or now), and per handling agency the
    dossiers finished in the period with a PAKN or a "dislike" rating (766 record 5.4). One
    statement (and the working calendar when there are PAKN)."""
    start, end, as_of = period_bounds(period)
    adapt = connection.ops.adapt_datetimefield_value
    feedback, dossier = Feedback._meta.db_table, Dossier._meta.db_table
    filtered = bool(scope.filters.procedure_id or scope.filters.field_id)
    f_joins, f_where, f_params = _where(scope, "f", "agency_id", "fd")
    if filtered:  # PAKN about a dossier of the procedure or field
        f_joins = f"JOIN {dossier} fd ON fd.id = f.dossier_id {f_joins}"
    d_joins, d_where, d_params = _where(scope, "d", "handling_agency_id", "d")
    moments = "f.received_at, f.started_at, f.rejected_at, f.first_supplement_at"
    sql = (
        f"SELECT 0, f.agency_id, f.category, {moments}, f.answered_at, f.published_at,"
        f" f.likes, f.dislikes, (SELECT COUNT(*) FROM {feedback} r WHERE r.repeat_of_id = f.id)"
        f" FROM {feedback} f {f_joins}"
        f" WHERE f.received_at >= %s AND f.received_at < %s AND f.agency_id IS NOT NULL"
        f" AND {f_where}"
        " UNION ALL"
        " SELECT 1, d.handling_agency_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
        f" COUNT(*) FROM {dossier} d {d_joins}"
        # One IN over the UNION of the two small id lists: the planner probes the dossier
        # primary key for each (an OR of two INs would scan every dossier).
        f" WHERE d.id IN (SELECT dossier_id FROM {feedback} WHERE dossier_id IS NOT NULL"
        f" UNION SELECT dossier_id FROM {Rating._meta.db_table} WHERE score <= %s)"
        f" AND d.finished_at >= %s AND d.finished_at < %s AND {d_where}"
        " GROUP BY d.handling_agency_id"
    )
    params = [adapt(start), adapt(end), *f_params]
    params += [DISLIKE_MAX_SCORE, adapt(start), adapt(end), *d_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    complained = {row[1]: row[11] for row in rows if row[0] == 1}
    return facts_judged([row[1:] for row in rows if row[0] == 0], as_of=as_of), complained


def facts_judged(rows: list[tuple], *, as_of: datetime) -> list[FeedbackFact]:
    """Each PAKN row judged by the 766 rules (feedback.rules) as of `as_of`. A row is (unit
    key, category, received_at, started_at, rejected_at, first_supplement_at, answered_at,
    published_at, likes, dislikes, repeats) as the database returns it; the unit key is the
    handling agency's id on a province node, a province code or agency e-ID on the hub
    (hub_feedback.py), and becomes the fact's `agency_id`. The working calendar (one query)
    only when there are rows."""
    if not rows:
        return []
    calendar, instant = calendar_get(), _datetime_converter()
    facts = []
    for key, category, *moments, likes, dislikes, repeats in rows:
        received, started, *after = (instant(m) for m in moments)
        on_time = rules.on_time_5_2(
            calendar, rules.Timeline(started or received, *after), as_of=as_of
        )
        satisfied = rules.satisfied_5_3(
            likes=likes, dislikes=dislikes, on_time=on_time, repeated=repeats > 0
        )
        facts.append(FeedbackFact(key, bool(category), on_time, satisfied))
    return facts


def _datetime_converter():
    """The database's datetime column value as an aware datetime (what the ORM would give)."""
    expression = Value(None, output_field=DateTimeField())
    converters = connection.ops.get_db_converters(expression)

    def convert(value):
        for converter in converters:
            value = converter(value, expression, connection)
        return value

    return convert


def feedback_counts_for_unit(
    *, unit: Unit, period: Period, filters: Filters = Filters()
) -> FeedbackCounts | None:
    """The unit's PAKN counts for the period, from this node's feedback table; None for a
    nation unit (the hub reads the provinces' synced PAKN instead: hub_feedback.py). One query
    (two when the period has PAKN: the working calendar)."""
    if unit.kind == "nation":
        return None
    facts, complained = _facts_and_complained(
        _Scope(unit.agency_ids, unit.province_code, filters), period
    )
    return counts_from_facts(facts, complained_dossiers=sum(complained.values()))


def feedback_counts_by_agency(
    *, province_code: str, period: Period, filters: Filters = Filters()
) -> dict[int, FeedbackCounts]:
    """Per agency of the province, for the rankings (the same one or two queries)."""
    facts, complained = _facts_and_complained(_Scope(None, province_code, filters), period)
    return counts_by_unit(facts, complained)
