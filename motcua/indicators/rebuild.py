"""Rebuild every rollup from the dossiers with set-based SQL, and compare with the incremental
tables. The SQL mirrors `contribution.contribution_of` rule for rule; `--verify` is the proof
that the two agree (tests run it on generated data, bench/indicators.py at scale).
"""

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from motcua.indicators.contribution import (
    AMOUNT_COUNTERS,
    COUNTERS,
    FINISHED_COUNTERS,
    NO_DUE_DAY,
)
from motcua.indicators.daymask import WORD_BITS, WORDS
from motcua.indicators.models import RollupStamp
from motcua.indicators.rebuild_tables import (
    bulk_load,
    clear,
    create_as,
    parallel_costs,
    session_settings,
    swap_in,
    swappable,
)
from motcua.indicators.rebuild_workdays import WORKDAYS, ordinal_joins, workdays_create
from motcua.indicators.rollup_queries import AGENCY_GRAIN
from motcua.indicators.services import RECEIVED_BITS, stamps_bump

DAILY, MONTHLY, OPEN, STATE, DAYS = (
    "indicators_dailyrollup",
    "indicators_monthlyrollup",
    "indicators_openrollup",
    "indicators_dossierindicatorstate",
    "indicators_proceduredays",
)
STATE_NEW = "ind_state_new"
DAYS_WORDS = [f"{kind}_w{w}" for kind in ("online", "fee") for w in range(WORDS)]
TEMP_TABLES = (
    "ind_state", STATE_NEW, "ind_r", "ind_f", "ind_daily", "ind_monthly", "ind_open", "ind_days", WORKDAYS,
)  # fmt: skip


@dataclass(frozen=True)
class Dialect:
    postgres: bool

    def day(self, column: str) -> str:
        # Asia/Ho_Chi_Minh is UTC+7 without daylight saving (since 1975): a fixed offset gives
        # the same day as the zone rule, without a time-zone lookup per value (10 M rows × 3).
        if self.postgres:
            return f"(({column}) AT TIME ZONE INTERVAL '+07:00')::date"
        return f"date({column}, '+7 hours')"

    def seconds(self, later: str, earlier: str) -> str:
        if self.postgres:
            return f"ROUND(date_part('epoch', ({later}) - ({earlier})))"  # float, not numeric
        return f"ROUND((julianday({later}) - julianday({earlier})) * 86400)"

    def month(self, column: str) -> str:
        if self.postgres:
            return f"date_trunc('month', {column})::date"
        return f"date({column}, 'start of month')"

    def greatest(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.postgres else f"MAX({a}, {b})"

    def true(self, column: str) -> str:
        return f"(CASE WHEN {column} THEN 1 ELSE 0 END)"

    def year(self, column: str) -> str:
        if self.postgres:
            return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
        return f"CAST(strftime('%Y', {column}) AS integer)"

    def day_index(self, column: str) -> str:
        """0-based day of the year (daymask.day_index)."""
        if self.postgres:
            return f"(CAST(EXTRACT(DOY FROM {column}) AS integer) - 1)"
        return f"(CAST(strftime('%j', {column}) AS integer) - 1)"

    def int(self, expression: str) -> str:
        """A machine integer (PostgreSQL sums integers into bigint, and bigints into numeric)."""
        return f"CAST({expression} AS integer)"

    def bit(self, index: str) -> str:
        return f"(CAST(1 AS bigint) << ({index}))" if self.postgres else f"(1 << ({index}))"


@dataclass
class RebuildReport:
    dossiers: int = 0
    daily_rows: int = 0
    open_rows: int = 0
    differences: list[str] = field(default_factory=list)
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)  # label -> seconds


class _Steps:
    """Reports each step to the progress callback and times it (RebuildReport.steps)."""

    def __init__(self, report: RebuildReport, progress, total: int) -> None:
        self.report, self.progress, self.total = report, progress, total
        self.label, self.at, self.index = "", time.perf_counter(), 0

    def next(self, label: str, *, last: bool = False) -> None:
        now = time.perf_counter()
        if self.label:
            self.report.steps[self.label] = round(now - self.at, 2)
        if self.progress:
            self.progress(self.total if last else self.index, self.total, label)
        self.label, self.at, self.index = label, now, self.index + 1


def _facts_sql(d: Dialect, province: str | None) -> str:
    """One row per dossier with what `contribution.DossierFacts` holds. Supplement requests
    count from reception on (`requested_at >= received_at`); almost every dossier's requests
    all do, so they are aggregated once per dossier without reading the dossiers again, and
    only a dossier with an earlier request (asked before reception) is recounted, row by row.
    Working days are differences of ordinals (`rebuild_workdays`), joined by local day; the
    joined rows' days are the local days of reception and end (computed only for a day the
    ordinal table lacks, which the calendar then refuses on both paths)."""
    where = "WHERE a.province_code = %s" if province else ""
    secs = d.seconds("{a}.returned_at", "{a}.requested_at")
    n, total, first_open, workdays = (
        "COUNT(*)",
        f"SUM(CASE WHEN {{a}}.returned_at IS NOT NULL THEN {secs} ELSE 0 END)",
        "MIN(CASE WHEN {a}.returned_at IS NULL THEN {a}.requested_at END)",
        "SUM(CASE WHEN {a}.returned_at IS NOT NULL THEN {a}_r.ordinal - {a}_q.ordinal ELSE 0 END)",
    )

    def since_reception(aggregate: str, column: str, default: str, joins: str = "") -> str:
        recount = (
            f"(SELECT {aggregate.format(a='x')} FROM dossiers_supplement x{joins}"
            " WHERE x.dossier_id = d.id AND x.requested_at >= d.received_at)"
        )
        return (
            f"CASE WHEN s.first_requested IS NULL THEN {default}"
            " WHEN d.received_at IS NULL OR s.first_requested >= d.received_at"
            f" THEN s.{column} ELSE {recount} END"
        )

    return f"""
SELECT d.id AS dossier_id, d.event_count AS seq, d.handling_agency_id AS agency_id, d.procedure_id,
       p.field_id, a.province_code, d.status, d.channel, d.received_at, d.finished_at, d.due_at,
       d.original_due_at, d.extension_count, d.fee_total_vnd, d.paid_online,
       {d.true("d.identity_verified")} AS identity_verified,
       (CASE WHEN d.result_url <> '' OR d.result_code <> '' THEN 1 ELSE 0 END) AS has_result,
       (CASE WHEN p.online_level = 'full' THEN 1 ELSE 0 END) AS full_online,
       d.documents_total AS doc_total, d.documents_digitized AS doc_digitized,
       d.documents_reused AS doc_reused,
       {since_reception(n, "n", "0")} AS supp_n,
       COALESCE({since_reception(total, "secs", "0")}, 0) AS supp_secs,
       {since_reception(first_open, "open_requested", "NULL")} AS open_requested,
       COALESCE({since_reception(workdays, "workdays", "0", ordinal_joins(d, "x"))}, 0)
           AS supp_workdays,
       wr.ordinal AS received_ordinal, wf.ordinal AS finished_ordinal,
       COALESCE(wr.day, {d.day("d.received_at")}) AS received_local,
       COALESCE(wf.day, {d.day("d.finished_at")}) AS finished_local
FROM dossiers_dossier d
JOIN procedures_procedure p ON p.id = d.procedure_id
JOIN agencies_agency a ON a.id = d.handling_agency_id
LEFT JOIN (
    SELECT s.dossier_id, MIN(s.requested_at) AS first_requested, {n.format(a="s")} AS n,
           {total.format(a="s")} AS secs, {first_open.format(a="s")} AS open_requested,
           {workdays.format(a="s")} AS workdays
    FROM dossiers_supplement s{ordinal_joins(d, "s")} GROUP BY s.dossier_id
) s ON s.dossier_id = d.id
LEFT JOIN {WORKDAYS} wr ON wr.day = {d.day("d.received_at")}
LEFT JOIN {WORKDAYS} wf ON wf.day = {d.day("d.finished_at")}
{where}
"""


STATE_COLUMNS = (
    "dossier_id, seq, agency_id, procedure_id, field_id, province_code, received_day,"
    " received_bits,"
    " processing_seconds, processing_workdays, finished_day, finished_bits, open_due_day,"
    " open_kind"
)
KEY_COLUMNS = "agency_id, procedure_id, field_id, province_code"


def _state_sql(d: Dialect, facts: str) -> str:
    """contribution.contribution_of as the columns of a `DossierIndicatorState` row: the 0/1
    counters packed into received_bits / finished_bits (services.bits_pack), the open cell.

    Nested the way contribution_of branches (received or not, then channel, fee, status), so
    each condition is evaluated once per row: flat per-counter conditions repeated the
    reception and status tests for every bit, ten million times each."""
    r = {n: 1 << i for i, n in enumerate(RECEIVED_BITS)}
    f = {n: 1 << i for i, n in enumerate(FINISHED_COUNTERS)}
    completed = "(received_at IS NOT NULL AND status IN (9, 10) AND finished_at IS NOT NULL)"
    on_time = (
        f"CASE WHEN supp_n <= 1 AND extension_count = 0 AND (original_due_at IS NULL OR"
        f" {d.seconds('finished_at', 'original_due_at')} - supp_secs <= 0)"
        f" THEN {f['on_time']} ELSE 0 END"
    )
    received_bits = (
        f"CASE WHEN received_at IS NULL THEN 0 ELSE {r['received']}"
        f" + CASE channel WHEN 2 THEN {r['received_online']}"
        f" + {r['received_full_online']} * full_online WHEN 3 THEN {r['received_postal']}"
        " ELSE 0 END"
        " + CASE WHEN doc_total > 0 AND doc_digitized = doc_total"
        f" AND (status NOT IN (9, 10) OR has_result = 1) THEN {r['digitized']} ELSE 0 END"
        f" + CASE WHEN doc_reused > 0 THEN {r['reused']} ELSE 0 END"
        f" + {r['identity_verified']} * identity_verified"
        f" + CASE WHEN fee_total_vnd > 0 THEN {r['fee_dossiers']}"
        f" + CASE WHEN paid_online IN (1, 2) THEN {r['paid_online']} ELSE 0 END ELSE 0 END"
        f" + CASE WHEN status IN (9, 10) AND finished_at IS NOT NULL THEN {r['completed']}"
        " ELSE 0 END END"
    )
    finished_bits = (
        "CASE WHEN finished_at IS NULL THEN 0"
        f" WHEN received_at IS NULL THEN CASE WHEN status = 3 THEN {f['refused']} ELSE 0 END"
        f" WHEN status = 8 THEN {f['finished'] + f['stopped']} + {on_time}"
        f" WHEN status IN (9, 10) THEN {f['finished'] + f['resolved']}"
        f" + {f['e_result']} * has_result + {on_time}"
        " ELSE 0 END"
    )
    finished_day = (
        "CASE WHEN finished_at IS NOT NULL AND CASE WHEN received_at IS NULL THEN status = 3"
        " ELSE status IN (8, 9, 10) END THEN finished_local END"
    )
    processing = d.greatest("0", f"{d.seconds('finished_at', 'received_at')} - supp_secs")
    workdays = d.greatest("0", "finished_ordinal - received_ordinal - supp_workdays")
    open_kind = (
        "CASE WHEN received_at IS NOT NULL AND status IN (2, 4, 5, 6, 7) THEN CASE"
        " WHEN supp_n > 1 OR extension_count > 0 THEN 1"
        " WHEN status = 5 AND supp_n = 1 AND open_requested IS NOT NULL THEN"
        "  CASE WHEN original_due_at IS NULL OR open_requested <= original_due_at THEN 2 ELSE 3 END"
        " ELSE 0 END END"
    )
    return f"""
SELECT dossier_id, seq, agency_id, procedure_id, field_id, province_code, received_day, received_bits,
       processing_seconds, processing_workdays, finished_day, finished_bits,
       CASE WHEN open_kind IS NOT NULL
            THEN COALESCE({d.day("due_at")}, '{NO_DUE_DAY.isoformat()}') END AS open_due_day,
       open_kind
FROM (
    SELECT dossier_id, seq, agency_id, procedure_id, field_id, province_code,
           received_local AS received_day, {received_bits} AS received_bits,
           CAST(CASE WHEN {completed} THEN {processing} ELSE 0 END AS bigint) AS processing_seconds,
           CAST(CASE WHEN {completed} THEN {workdays} ELSE 0 END AS bigint) AS processing_workdays,
           {finished_day} AS finished_day, {finished_bits} AS finished_bits,
           {open_kind} AS open_kind, due_at
    FROM ({facts}) AS ind_f
) AS ind_s
"""


def _rollup_sql(d: Dialect, source: str, scope: str) -> list[str]:
    """The daily, monthly, open and procedure-day rows from state rows in `source` (the real
    state table after it was rewritten, or a temporary copy for --verify). The reception and
    end-of-processing sides are summed apart (each with only its own counters) and joined;
    sums of 0/1 counters are kept as integers, so later sums stay in machine integers."""
    keys = f"day, {KEY_COLUMNS}"
    rsum = ", ".join(
        f"{d.int(f'SUM((received_bits >> {i}) & 1)')} AS {n}" for i, n in enumerate(RECEIVED_BITS)
    )
    rsum += "".join(f", SUM({d.int(n)}) AS {n}" for n in AMOUNT_COUNTERS)
    fsum = ", ".join(
        f"{d.int(f'SUM((finished_bits >> {i}) & 1)')} AS {n}"
        for i, n in enumerate(FINISHED_COUNTERS)
    )
    joined = ", ".join(f"COALESCE({n}, 0) AS {n}" for n in COUNTERS)
    sums = ", ".join(
        f"SUM({n}) AS {n}" if n in AMOUNT_COUNTERS else f"{d.int(f'SUM({n})')} AS {n}"
        for n in COUNTERS
    )
    counters = ", ".join(COUNTERS)
    return [
        f"CREATE TEMP TABLE ind_r AS SELECT received_day AS day, {KEY_COLUMNS}, {rsum}"
        f" FROM {source} WHERE {scope} AND received_day IS NOT NULL"
        f" GROUP BY received_day, {KEY_COLUMNS}",
        f"CREATE TEMP TABLE ind_f AS SELECT finished_day AS day, {KEY_COLUMNS}, {fsum}"
        f" FROM {source} WHERE {scope} AND finished_day IS NOT NULL"
        f" GROUP BY finished_day, {KEY_COLUMNS}",
        f"CREATE TEMP TABLE ind_daily AS SELECT {keys}, {joined}"
        f" FROM ind_r FULL JOIN ind_f USING ({keys})",
        # The field and agency grains (models.py), summed from the procedure rows.
        f"INSERT INTO ind_daily ({keys}, {counters}) SELECT day, agency_id, -field_id, field_id,"
        f" province_code, {sums} FROM ind_daily WHERE procedure_id > 0"
        " GROUP BY day, agency_id, field_id, province_code",
        f"INSERT INTO ind_daily ({keys}, {counters}) SELECT day, agency_id, {AGENCY_GRAIN}, 0,"
        f" province_code, {sums} FROM ind_daily WHERE procedure_id > 0"
        " GROUP BY day, agency_id, province_code",
        f"CREATE TEMP TABLE ind_monthly AS SELECT {d.month('day')} AS month, {KEY_COLUMNS},"
        f" {sums} FROM ind_daily GROUP BY {d.month('day')}, {KEY_COLUMNS}",
        f"CREATE TEMP TABLE ind_open AS SELECT {KEY_COLUMNS}, open_due_day AS due_day,"
        f" open_kind AS kind, {d.int('COUNT(*)')} AS count FROM {source}"
        f" WHERE {scope} AND open_kind IS NOT NULL"
        f" GROUP BY {KEY_COLUMNS}, open_due_day, open_kind",
        f"INSERT INTO ind_open ({KEY_COLUMNS}, due_day, kind, count) SELECT agency_id, -field_id,"
        f" field_id, province_code, due_day, kind, {d.int('SUM(count)')} FROM ind_open"
        " WHERE procedure_id > 0 GROUP BY agency_id, field_id, province_code, due_day, kind",
        f"INSERT INTO ind_open ({KEY_COLUMNS}, due_day, kind, count) SELECT agency_id,"
        f" {AGENCY_GRAIN}, 0, province_code, due_day, kind, {d.int('SUM(count)')} FROM ind_open"
        " WHERE procedure_id > 0 GROUP BY agency_id, province_code, due_day, kind",
        _days_sql(d),
    ]


def _days_sql(d: Dialect) -> str:
    """ProcedureDays from the reception side's procedure rows (ind_r): bit `day % 63` of word `day // 63` per day
    with an online (fee) dossier. Each day appears once per group, so SUM is the bitwise OR."""
    index = d.day_index("day")
    words = [
        f"SUM(CASE WHEN {n} > 0 AND {index} / {WORD_BITS} = {w}"
        f" THEN {d.bit(f'{index} - {w * WORD_BITS}')} ELSE 0 END) AS {kind}_w{w}"
        for kind, n in (("online", "received_online"), ("fee", "fee_dossiers"))
        for w in range(WORDS)
    ]
    return (
        f"CREATE TEMP TABLE ind_days AS SELECT {d.year('day')} AS year, {KEY_COLUMNS},"
        f" {', '.join(words)} FROM ind_r WHERE received_online > 0 OR fee_dossiers > 0"
        f" GROUP BY {d.year('day')}, {KEY_COLUMNS}"
    )


def _nonzero(alias: str = "") -> str:
    return "(" + " OR ".join(f"{alias}{n} <> 0" for n in COUNTERS) + ")"


def _compare(cursor, live: str, new: str, key: str, columns: str, scope: str) -> int:
    """Rows (not all zero) in one table and not in the other, both ways."""
    if columns == "count":
        nonzero = "count <> 0"
    elif columns == ", ".join(DAYS_WORDS):
        nonzero = "(" + " OR ".join(f"{w} <> 0" for w in DAYS_WORDS) + ")"
    else:
        nonzero = _nonzero()
    live_rows = f"SELECT {key}, {columns} FROM {live} WHERE {scope} AND {nonzero}"
    new_rows = f"SELECT {key}, {columns} FROM {new} WHERE {nonzero}"
    diff = 0
    for a, b in ((live_rows, new_rows), (new_rows, live_rows)):
        cursor.execute(f"SELECT COUNT(*) FROM ({a} EXCEPT {b}) AS diff")
        diff += cursor.fetchone()[0]
    return diff


def _verify(cursor, scope: str) -> list[str]:
    differences = []
    counters = ", ".join(COUNTERS)
    for live, new, key, columns in (
        (DAILY, "ind_daily", "day, agency_id, procedure_id", counters),
        (MONTHLY, "ind_monthly", "month, agency_id, procedure_id", counters),
        (OPEN, "ind_open", "agency_id, procedure_id, due_day, kind", "count"),
        (DAYS, "ind_days", "year, agency_id, procedure_id", ", ".join(DAYS_WORDS)),
    ):
        n = _compare(cursor, live, new, key, columns, scope)
        if n:
            differences.append(f"{live}: {n} dòng khác")
    return differences


def _write_rollups(cursor, emptied: dict[str, bool]) -> None:
    """Written in the order the province pages read them (province, grain, then day): a
    period's cells of one grain then lie on a few pages together, not one page per row as in
    the GROUP BY's hash order (1,626 pages for 1,697 rows of a custom period at 500,000
    dossiers). Rows the events add later arrive day by day, so in that order too."""
    counters = ", ".join(COUNTERS)
    loads = [
        (DAILY, f"day, {KEY_COLUMNS}, {counters}", "ind_daily", "procedure_id, day"),
        (MONTHLY, f"month, {KEY_COLUMNS}, {counters}", "ind_monthly", "procedure_id, month"),
        (OPEN, f"{KEY_COLUMNS}, due_day, kind, count", "ind_open", "procedure_id, due_day"),
        (DAYS, f"year, {KEY_COLUMNS}, {', '.join(DAYS_WORDS)}", "ind_days", "year"),
    ]
    for table, columns, source, order in loads:
        with bulk_load(cursor, table, emptied[table]):
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {source}"
                f" ORDER BY province_code, {order}, agency_id"
            )


def rollups_rebuild(
    *,
    province: str | None = None,
    verify: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> RebuildReport:
    """Recompute every rollup (of one province, or all) from the dossiers. With `verify`, only
    compare with the incremental tables and report the differing rows; nothing is written.

    The rebuild writes each dossier's state row straight from the dossiers (one pass, the only
    per-dossier write) and sums the rollups from those rows; --verify computes the same rows
    into a temporary table instead. One transaction: readers see the old rollups until commit."""
    d = Dialect(connection.vendor == "postgresql")
    report = RebuildReport()
    started = time.perf_counter()
    if province is not None and not (province.isdigit() and len(province) == 2):
        raise ValueError("Mã tỉnh gồm 2 chữ số.")
    params = [province] if province else []
    scope = f"province_code = '{province}'" if province else "1 = 1"
    state_rows = _state_sql(d, _facts_sql(d, province))
    with transaction.atomic(), connection.cursor() as cursor:
        if d.postgres:
            session_settings(cursor)
        for table in TEMP_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        timer = _Steps(report, progress, 4)
        timer.next("Đọc hồ sơ và yêu cầu bổ sung; tính đóng góp của từng hồ sơ")
        workdays_create(cursor, d)
        if verify:
            source, source_scope = "ind_state", "1 = 1"
            cursor.execute(f"CREATE TEMP TABLE ind_state AS {state_rows}", params)
            cursor.execute("SELECT COUNT(*) FROM ind_state")
            report.dossiers = cursor.fetchone()[0]
        else:
            source, source_scope = STATE, scope
            emptied = {t: clear(cursor, d, t, scope) for t in (DAILY, MONTHLY, OPEN, STATE, DAYS)}
            if d.postgres and emptied[STATE] and swappable(cursor, STATE):
                # computed by parallel workers: CREATE TABLE AS may use them, INSERT may not.
                # At the default costs of passing rows to the leader the 10 M-row plan stays
                # serial (26.6 s); at these the workers scan and join and the leader evaluates
                # the rules and writes (16.1 s; docs/benchmarks/indicators.md).
                parallel_costs(cursor, "0.01", "0")
                report.dossiers = create_as(cursor, STATE, STATE_NEW, state_rows, params)
                parallel_costs(cursor, "DEFAULT", "DEFAULT")
                swap_in(cursor, STATE, STATE_NEW)
            else:
                with bulk_load(cursor, STATE, emptied[STATE]):
                    cursor.execute(f"INSERT INTO {STATE} ({STATE_COLUMNS}) {state_rows}", params)
                    report.dossiers = cursor.rowcount
            if d.postgres:  # statistics for the sums' plan (parallel aggregation)
                cursor.execute(f"ANALYZE {STATE}")
        timer.next("Cộng theo ngày, tháng, hồ sơ đang mở")
        for sql in _rollup_sql(d, source, source_scope):
            cursor.execute(sql)
        cursor.execute("SELECT COUNT(*) FROM ind_daily")
        report.daily_rows = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM ind_open")
        report.open_rows = cursor.fetchone()[0]
        if verify:
            timer.next("So sánh với bảng cập nhật theo sự kiện")
            report.differences = _verify(cursor, scope)
        else:
            timer.next("Ghi bảng tổng hợp")
            _write_rollups(cursor, emptied)
            if province:
                codes = {province}
            else:
                cursor.execute(
                    "SELECT province_code FROM ind_monthly UNION SELECT province_code FROM ind_open"
                )
                codes = {r[0] for r in cursor.fetchall()}
                codes |= set(RollupStamp.objects.values_list("province_code", flat=True))
            stamps_bump(codes)
        for table in TEMP_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        timer.next("Xong", last=True)
    report.seconds = time.perf_counter() - started
    return report


def progress_bar(done: int, total: int, label: str, *, stream=sys.stderr) -> None:
    width = 30
    filled = width * done // max(total, 1)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label:<50}")
    if done >= total:
        stream.write("\n")
    stream.flush()
