"""Rebuild every rollup from the dossiers with set-based SQL, and compare with the incremental
tables. The SQL mirrors `contribution.contribution_of` rule for rule; `--verify` is the proof
that the two agree (tests run it on generated data, bench/indicators.py at scale).
"""

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from motcua.indicators.contribution import COUNTERS, FINISHED_COUNTERS, NO_DUE_DAY
from motcua.indicators.models import RollupStamp
from motcua.indicators.services import RECEIVED_BITS, stamps_bump

TZ_NAME = "Asia/Ho_Chi_Minh"
DAILY, MONTHLY, OPEN, STATE = (
    "indicators_dailyrollup",
    "indicators_monthlyrollup",
    "indicators_openrollup",
    "indicators_dossierindicatorstate",
)


@dataclass(frozen=True)
class Dialect:
    postgres: bool

    def day(self, column: str) -> str:
        if self.postgres:
            return f"(({column}) AT TIME ZONE '{TZ_NAME}')::date"
        return f"date({column}, '+7 hours')"  # Asia/Ho_Chi_Minh: UTC+7, no daylight saving

    def seconds(self, later: str, earlier: str) -> str:
        if self.postgres:
            return f"ROUND(EXTRACT(EPOCH FROM ({later}) - ({earlier})))"
        return f"ROUND((julianday({later}) - julianday({earlier})) * 86400)"

    def month(self, column: str) -> str:
        if self.postgres:
            return f"date_trunc('month', {column})::date"
        return f"date({column}, 'start of month')"

    def greatest(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.postgres else f"MAX({a}, {b})"

    def true(self, column: str) -> str:
        return f"(CASE WHEN {column} THEN 1 ELSE 0 END)"


@dataclass
class RebuildReport:
    dossiers: int = 0
    daily_rows: int = 0
    open_rows: int = 0
    differences: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _facts_sql(d: Dialect, province: str | None) -> str:
    where = "WHERE a.province_code = %s" if province else ""
    secs = d.seconds("s.returned_at", "s.requested_at")
    return f"""
CREATE TEMP TABLE ind_f AS
SELECT d.code, d.event_count AS seq, d.handling_agency_id AS agency_id, d.procedure_id,
       p.field_id, a.province_code, d.status, d.channel, d.received_at, d.finished_at, d.due_at,
       d.original_due_at, d.extension_count, d.fee_total_vnd, d.paid_online,
       {d.true("d.identity_verified")} AS identity_verified,
       (CASE WHEN d.result_url <> '' OR d.result_code <> '' THEN 1 ELSE 0 END) AS has_result,
       (CASE WHEN p.online_level = 'full' THEN 1 ELSE 0 END) AS full_online,
       COALESCE(doc.total, 0) AS doc_total, COALESCE(doc.digitized, 0) AS doc_digitized,
       COALESCE(doc.reused, 0) AS doc_reused,
       COALESCE(s.n, 0) AS supp_n, COALESCE(s.secs, 0) AS supp_secs, s.open_requested
FROM dossiers_dossier d
JOIN procedures_procedure p ON p.id = d.procedure_id
JOIN agencies_agency a ON a.id = d.handling_agency_id
LEFT JOIN (
    SELECT dossier_id, COUNT(*) AS total,
           SUM({d.true("digitized")}) AS digitized,
           SUM(CASE WHEN reused_from <> '' THEN 1 ELSE 0 END) AS reused
    FROM dossiers_dossierdocument GROUP BY dossier_id
) doc ON doc.dossier_id = d.id
LEFT JOIN (
    SELECT s.dossier_id, COUNT(*) AS n,
           SUM(CASE WHEN s.returned_at IS NOT NULL THEN {secs} ELSE 0 END) AS secs,
           MIN(CASE WHEN s.returned_at IS NULL THEN s.requested_at END) AS open_requested
    FROM dossiers_supplement s JOIN dossiers_dossier d2 ON d2.id = s.dossier_id
    WHERE d2.received_at IS NOT NULL AND s.requested_at >= d2.received_at
    GROUP BY s.dossier_id
) s ON s.dossier_id = d.id
{where}
"""


def _contribution_sql(d: Dialect) -> str:
    """contribution.contribution_of, as columns: c_<counter>, rday, fday, open_due_day, open_kind."""
    rec = "received_at IS NOT NULL"
    completed = f"({rec} AND status IN (9, 10) AND finished_at IS NOT NULL)"
    fin = f"({rec} AND status IN (8, 9, 10) AND finished_at IS NOT NULL)"
    on_time = (
        "(supp_n <= 1 AND extension_count = 0 AND (original_due_at IS NULL OR "
        f"{d.seconds('finished_at', 'original_due_at')} - supp_secs <= 0))"
    )
    cols = {
        "received": rec,
        "received_online": f"{rec} AND channel = 2",
        "received_postal": f"{rec} AND channel = 3",
        "received_full_online": f"{rec} AND channel = 2 AND full_online = 1",
        "digitized": f"{rec} AND doc_total > 0 AND doc_digitized = doc_total"
        " AND (status NOT IN (9, 10) OR has_result = 1)",
        "reused": f"{rec} AND doc_reused > 0",
        "identity_verified": f"{rec} AND identity_verified = 1",
        "fee_dossiers": f"{rec} AND fee_total_vnd > 0",
        "paid_online": f"{rec} AND fee_total_vnd > 0 AND paid_online IN (1, 2)",
        "completed": completed,
        "finished": fin,
        "on_time": f"{fin} AND {on_time}",
        "resolved": f"{fin} AND status IN (9, 10)",
        "e_result": f"{fin} AND status IN (9, 10) AND has_result = 1",
        "stopped": f"{fin} AND status = 8",
        "refused": "received_at IS NULL AND status = 3 AND finished_at IS NOT NULL",
    }
    select = [f"(CASE WHEN {cond} THEN 1 ELSE 0 END) AS c_{name}" for name, cond in cols.items()]
    processing = d.greatest("0", f"{d.seconds('finished_at', 'received_at')} - supp_secs")
    select.append(f"(CASE WHEN {completed} THEN {processing} ELSE 0 END) AS c_processing_seconds")
    open_kind = (
        f"CASE WHEN {rec} AND status IN (2, 4, 5, 6, 7) THEN CASE"
        " WHEN supp_n > 1 OR extension_count > 0 THEN 1"
        " WHEN status = 5 AND supp_n = 1 AND open_requested IS NOT NULL THEN"
        "  CASE WHEN original_due_at IS NULL OR open_requested <= original_due_at THEN 2 ELSE 3 END"
        " ELSE 0 END END"
    )
    return f"""
CREATE TEMP TABLE ind_c AS
SELECT code, seq, agency_id, procedure_id, field_id, province_code,
       CASE WHEN {rec} THEN {d.day("received_at")} END AS rday,
       CASE WHEN {fin} OR (received_at IS NULL AND status = 3 AND finished_at IS NOT NULL)
            THEN {d.day("finished_at")} END AS fday,
       {open_kind} AS open_kind,
       COALESCE({d.day("due_at")}, '{NO_DUE_DAY.isoformat()}') AS due_day,
       {", ".join(select)}
FROM ind_f
"""


def _rollup_sql(d: Dialect) -> list[str]:
    received = _received_names()
    rsum = ", ".join(f"c_{n} AS {n}" if n in received else f"0 AS {n}" for n in COUNTERS)
    fsum = ", ".join(f"c_{n}" if n in FINISHED_COUNTERS else "0" for n in COUNTERS)
    sums = ", ".join(f"SUM({n}) AS {n}" for n in COUNTERS)
    union = (
        f"SELECT rday AS day, agency_id, procedure_id, field_id, province_code, {rsum} FROM ind_c"
        " WHERE rday IS NOT NULL UNION ALL "
        f"SELECT fday, agency_id, procedure_id, field_id, province_code, {fsum} FROM ind_c"
        " WHERE fday IS NOT NULL"
    )
    return [
        "CREATE TEMP TABLE ind_daily AS SELECT day, agency_id, procedure_id,"
        f" MIN(field_id) AS field_id, MIN(province_code) AS province_code, {sums}"
        f" FROM ({union}) AS x GROUP BY day, agency_id, procedure_id",
        f"CREATE TEMP TABLE ind_monthly AS SELECT {d.month('day')} AS month, agency_id, procedure_id,"
        f" MIN(field_id) AS field_id, MIN(province_code) AS province_code, {sums}"
        f" FROM ind_daily GROUP BY {d.month('day')}, agency_id, procedure_id",
        "CREATE TEMP TABLE ind_open AS SELECT agency_id, procedure_id, MIN(field_id) AS field_id,"
        " MIN(province_code) AS province_code, due_day, open_kind AS kind, COUNT(*) AS count"
        " FROM ind_c WHERE open_kind IS NOT NULL GROUP BY agency_id, procedure_id, due_day, open_kind",
    ]


def _received_names() -> set[str]:
    return set(RECEIVED_BITS) | {"processing_seconds"}


def _bits(names: tuple[str, ...]) -> str:
    return " + ".join(f"c_{n} * {1 << i}" for i, n in enumerate(names))


def _nonzero(alias: str = "") -> str:
    return "(" + " OR ".join(f"{alias}{n} <> 0" for n in COUNTERS) + ")"


def _compare(cursor, live: str, new: str, key: str, columns: str, scope: str) -> int:
    """Rows (not all zero) in one table and not in the other, both ways."""
    nonzero = "count <> 0" if columns == "count" else _nonzero()
    live_rows = f"SELECT {key}, {columns} FROM {live} WHERE {scope} AND {nonzero}"
    new_rows = f"SELECT {key}, {columns} FROM {new} WHERE {nonzero}"
    diff = 0
    for a, b in ((live_rows, new_rows), (new_rows, live_rows)):
        cursor.execute(f"SELECT COUNT(*) FROM ({a} EXCEPT {b}) AS diff")
        diff += cursor.fetchone()[0]
    return diff


def rollups_rebuild(
    *,
    province: str | None = None,
    verify: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> RebuildReport:
    """Recompute every rollup (of one province, or all) from the dossiers. With `verify`, only
    compare with the incremental tables and report the differing rows; nothing is written."""
    d = Dialect(connection.vendor == "postgresql")
    report = RebuildReport()
    started = time.perf_counter()
    if province is not None and not (province.isdigit() and len(province) == 2):
        raise ValueError("Mã tỉnh gồm 2 chữ số.")
    params = [province] if province else []
    scope = f"province_code = '{province}'" if province else "1 = 1"
    steps = [
        ("Đọc hồ sơ, thành phần, yêu cầu bổ sung", [_facts_sql(d, province)], params),
        ("Tính đóng góp của từng hồ sơ", [_contribution_sql(d)], []),
        ("Cộng theo ngày, tháng, hồ sơ đang mở", _rollup_sql(d), []),
    ]
    total = len(steps) + 2
    with transaction.atomic(), connection.cursor() as cursor:
        if d.postgres:
            cursor.execute("SET LOCAL work_mem = '256MB'")
        for table in ("ind_f", "ind_c", "ind_daily", "ind_monthly", "ind_open"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        for index, (label, statements, args) in enumerate(steps, 1):
            if progress:
                progress(index - 1, total, label)
            for sql in statements:
                cursor.execute(sql, args)
        cursor.execute("SELECT COUNT(*) FROM ind_c")
        report.dossiers = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM ind_daily")
        report.daily_rows = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM ind_open")
        report.open_rows = cursor.fetchone()[0]
        counters = ", ".join(COUNTERS)
        if verify:
            if progress:
                progress(total - 2, total, "So sánh với bảng cập nhật theo sự kiện")
            for live, new, key in (
                (DAILY, "ind_daily", "day, agency_id, procedure_id"),
                (MONTHLY, "ind_monthly", "month, agency_id, procedure_id"),
            ):
                n = _compare(cursor, live, new, key, counters, scope)
                if n:
                    report.differences.append(f"{live}: {n} dòng khác")
            n = _compare(
                cursor, OPEN, "ind_open", "agency_id, procedure_id, due_day, kind", "count", scope
            )
            if n:
                report.differences.append(f"{OPEN}: {n} dòng khác")
        else:
            if progress:
                progress(total - 2, total, "Ghi bảng tổng hợp")
            for table in (DAILY, MONTHLY, OPEN, STATE):
                cursor.execute(f"DELETE FROM {table} WHERE {scope}")
            key_cols = "agency_id, procedure_id, field_id, province_code"
            cursor.execute(
                f"INSERT INTO {DAILY} (day, {key_cols}, {counters}) SELECT day, {key_cols}, {counters} FROM ind_daily"
            )
            cursor.execute(
                f"INSERT INTO {MONTHLY} (month, {key_cols}, {counters}) SELECT month, {key_cols}, {counters} FROM ind_monthly"
            )
            cursor.execute(
                f"INSERT INTO {OPEN} ({key_cols}, due_day, kind, count) SELECT {key_cols}, due_day, kind, count FROM ind_open"
            )
            if progress:
                progress(total - 1, total, "Ghi trạng thái từng hồ sơ")
            cursor.execute(
                f"INSERT INTO {STATE} (code, seq, agency_id, procedure_id, field_id, province_code,"
                " received_day, received_bits, processing_seconds, finished_day, finished_bits,"
                " open_due_day, open_kind) SELECT code, seq, agency_id, procedure_id, field_id,"
                f" province_code, rday, {_bits(RECEIVED_BITS)}, c_processing_seconds, fday,"
                f" {_bits(FINISHED_COUNTERS)}, CASE WHEN open_kind IS NOT NULL THEN due_day END,"
                " open_kind FROM ind_c"
            )
            if province:
                codes = {province}
            else:
                cursor.execute(
                    "SELECT province_code FROM ind_monthly UNION SELECT province_code FROM ind_open"
                )
                codes = {r[0] for r in cursor.fetchall()}
                codes |= set(RollupStamp.objects.values_list("province_code", flat=True))
            stamps_bump(codes)
        for table in ("ind_f", "ind_c", "ind_daily", "ind_monthly", "ind_open"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    if progress:
        progress(total, total, "Xong")
    report.seconds = time.perf_counter() - started
    return report


def progress_bar(done: int, total: int, label: str, *, stream=sys.stderr) -> None:
    width = 30
    filled = width * done // max(total, 1)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label:<50}")
    if done >= total:
        stream.write("\n")
    stream.flush()
