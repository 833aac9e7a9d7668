"""766 group 5 on the hub: the PAKN and dossier ratings the provinces sync (contract v1.2,
`sync.models.ReplicaFeedback`, `ReplicaRating`), judged and counted exactly as a province node
judges its own (`feedback_figures.facts_judged` → `feedback.rules`; `feedback_formulas`).

Like the province node (feedback_figures.py), PAKN are read from their table rather than kept
in rollups: they are few, and whether one is on time depends on the period's end. One
statement per page reads the period's PAKN of the scope and, per unit, the dossiers finished in
the period (their replicas' `finished_at` and handling agency) that drew a PAKN or a "dislike"
rating (766 record 5.4); the working calendar is read once when there are PAKN. The calendar is
the hub's (the national one and the hub's overrides), as for the hub's rule 2.1.

Units: "province" (province code), "agency" (handling agency e-ID), or None (one total).
"""

from typing import TYPE_CHECKING

from django.db import connection

from motcua.feedback.constants import DISLIKE_MAX_SCORE
from motcua.indicators.feedback_figures import facts_judged, period_bounds
from motcua.indicators.feedback_formulas import FeedbackCounts, counts_by_unit
from motcua.indicators.periods import Period
from motcua.sync.models import ReplicaDossier, ReplicaFeedback, ReplicaRating

if TYPE_CHECKING:  # hub_selectors imports this module
    from motcua.indicators.hub_selectors import HubScope

_UNIT_COLUMNS = {None: None, "province": "province", "agency": "handling_agency"}


def _codes_where(scope: "HubScope", alias: str) -> tuple[list[str], list]:
    """The scope's province and procedure filters on a PAKN or rating replica `alias`."""
    clauses, params = [], []
    if scope.province_code:
        clauses.append(f"{alias}.province = %s")
        params.append(scope.province_code)
    if scope.procedure_code:
        clauses.append(f"{alias}.procedure_code = %s")
        params.append(scope.procedure_code)
    if scope.field_code:
        clauses.append(f"{alias}.procedure_field_code = %s")
        params.append(scope.field_code)
    return clauses, params


def _agencies_where(scope: "HubScope", column: str) -> tuple[list[str], list]:
    if scope.agency_eids is None:
        return [], []
    marks = ", ".join(["%s"] * len(scope.agency_eids)) or "NULL"
    return [f"{column} IN ({marks})"], list(scope.agency_eids)


def hub_feedback_counts(
    *, scope: "HubScope", period: Period, unit: str | None = None
) -> dict[str, FeedbackCounts]:
    """PAKN counts of the period per unit (see the module docstring; key "" without a unit).
    The same selection as a province node's `feedback_counts_for_unit`: PAKN received in the
    period (first reception) by their handling agency, a field or procedure filter keeping the
    PAKN about a dossier of it; dossiers by their handling agency and end of processing. One
    query (two when the period has PAKN: the working calendar)."""
    start, end, as_of = period_bounds(period)
    adapt = connection.ops.adapt_datetimefield_value
    feedback, rating = ReplicaFeedback._meta.db_table, ReplicaRating._meta.db_table
    dossier = ReplicaDossier._meta.db_table
    column = _UNIT_COLUMNS[unit]
    f_unit, d_unit = (f"f.{column}", f"d.{column}") if column else ("''", "''")

    f_clauses, f_params = _codes_where(scope, "f")
    a_clauses, a_params = _agencies_where(scope, "f.handling_agency")
    f_where = " AND ".join(["f.received_at >= %s", "f.received_at < %s", *f_clauses, *a_clauses])
    c_feedback, c_feedback_params = _codes_where(scope, "cf")
    c_rating, c_rating_params = _codes_where(scope, "cr")
    d_clauses, d_params = _agencies_where(scope, "d.handling_agency")
    d_where = " AND ".join(["d.finished_at >= %s", "d.finished_at < %s", *d_clauses])
    sql = (
        f"SELECT 0, {f_unit}, f.category, f.received_at, f.started_at, f.rejected_at,"
        " f.first_supplement_at, f.answered_at, f.published_at, f.likes, f.dislikes,"
        f" (SELECT COUNT(*) FROM {feedback} r"
        "   WHERE r.province = f.province AND r.repeat_of = f.reference)"
        f" FROM {feedback} f WHERE {f_where}"
        " UNION ALL"
        f" SELECT 1, {d_unit}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*)"
        # The small sets of dossiers with a PAKN or a "dislike" first, then one probe of the
        # replica's (province, code) key each: never a scan of the replicas.
        " FROM (SELECT cf.province, cf.dossier_code"
        f"  FROM {feedback} cf WHERE {' AND '.join(["cf.dossier_code <> ''", *c_feedback])}"
        "  UNION SELECT cr.province, cr.dossier_code"
        f"  FROM {rating} cr WHERE {' AND '.join(['cr.score <= %s', *c_rating])}) c"
        f" JOIN {dossier} d ON d.province = c.province AND d.code = c.dossier_code"
        f" WHERE {d_where}" + (f" GROUP BY {d_unit}" if column else "")
    )
    params = [adapt(start), adapt(end), *f_params, *a_params, *c_feedback_params]
    params += [DISLIKE_MAX_SCORE, *c_rating_params, adapt(start), adapt(end), *d_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    complained = {row[1]: row[11] for row in rows if row[0] == 1 and row[11]}
    facts = facts_judged([row[1:] for row in rows if row[0] == 0], as_of=as_of)
    return counts_by_unit(facts, complained)
