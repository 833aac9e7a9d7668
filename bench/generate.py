"""Generate a realistic year of dossiers for one province, through bulk paths.

    .venv/bin/python bench/generate.py --database-url postgres://… --province 33 --dossiers 100000
        [--end 2026-11-28] [--seed 7] [--rebuild]

The database must be migrated and hold the province's agencies and catalog (`manage.py
load_demo`). Rows go in with COPY on PostgreSQL (psycopg `cursor.copy()`), executemany on
SQLite; the script reports its own speed. What the year looks like:

- seasonality by month, a surge before Tết and a dip over the Tết holiday week, few dossiers on
  weekends; commune procedures (chứng thực, hộ tịch) dominate the mix, communes weighted by a
  Zipf-like size;
- online share rising through the year (higher for full-process procedures), some by post;
- ~92 % on time; 8 % one supplement request (clock paused), 1 % two (late by the 766 rule), 1 %
  extended with an apology; withdrawals/stops, refusals at reception (online only);
- dossiers still open near the end date; digitised components, reused results, VNeID, online
  payment of fees, electronic results.

Dossiers get `event_count = 0` and no history rows: the indicators are rebuilt from the
dossiers (`--rebuild` runs `indicators_rebuild`). Progress to stderr; the last stdout line is
JSON with counts and rows/s.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TET = {
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
}
MONTH_FACTOR = [1.10, 0.80, 1.00, 1.00, 1.05, 1.00, 0.95, 0.95, 1.05, 1.00, 1.05, 1.15]
CHUNK = 50_000


def log(message: str) -> None:
    print(f"[generate {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def day_weight(day: date) -> float:
    weight = MONTH_FACTOR[day.month - 1]
    if day.weekday() == 5:
        weight *= 0.08  # Saturday morning reception only
    elif day.weekday() == 6:
        weight *= 0.01
    tet = TET.get(day.year) or TET.get(day.year + 1)
    if tet:
        offset = (day - tet).days
        if -3 <= offset <= 5:
            weight *= 0.05  # Tết holiday
        elif -25 <= offset < -3:
            weight *= 1.25  # papers before Tết
        elif 5 < offset <= 12:
            weight *= 0.7
    return weight


def add_working_days(start: datetime, days: float) -> datetime:
    out, left = start, days
    while left > 0:
        out += timedelta(days=1)
        if out.weekday() < 5:
            left -= 1
    return out


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class Writer:
    """Buffers rows per table and flushes them with COPY (PostgreSQL) or executemany (SQLite)."""

    def __init__(self, connection, tables: dict[str, list[str]]):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.tables = tables
        self.buffers: dict[str, list] = {t: [] for t in tables}
        self.rows = 0

    def add(self, table: str, row: tuple) -> None:
        self.buffers[table].append(row)
        if len(self.buffers[table]) >= CHUNK:
            self.flush(table)

    def flush(self, table: str) -> None:
        rows = self.buffers[table]
        if not rows:
            return
        columns = self.tables[table]
        with self.connection.cursor() as cursor:
            if self.postgres:
                text = "".join("\t".join(map(_copy_value, row)) + "\n" for row in rows)
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    copy.write(text)
            else:
                marks = ", ".join("?" * len(columns))
                cursor.cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                    [tuple(map(_sqlite_value, row)) for row in rows],
                )
        self.rows += len(rows)
        self.buffers[table] = []

    def close(self) -> None:
        for table in self.tables:
            self.flush(table)


def generate(*, province: str, count: int, end: date, seed: int) -> dict:
    from django.db import connection, transaction

    from motcua.accounts.models import User
    from motcua.agencies.models import Agency
    from motcua.dossiers.models import Dossier, DossierDocument, Supplement
    from motcua.procedures.models import Procedure

    rng = random.Random(seed)
    agencies = list(Agency.objects.filter(province_code=province, is_active=True))
    by_kind: dict[str, list] = {}
    for agency in agencies:
        by_kind.setdefault(agency.kind, []).append(agency)
    centers = [a for a in agencies if a.kind == "commune_service_center"]
    province_center = next((a for a in agencies if a.kind == "provincial_service_center"), None)
    procedures = [
        p
        for p in Procedure.objects.filter(is_active=True).prefetch_related("fees")
        if p.handling_agency_kind in by_kind
    ]
    if not procedures:
        raise SystemExit(
            f"No agencies/catalog for province {province}: run manage.py load_demo first."
        )
    fees = {p.pk: sum(f.amount_vnd for f in p.fees.all()) for p in procedures}
    weights = [6.0 if p.level == "commune" else 1.0 for p in procedures]
    cum_p = _cumulative(weights)
    # Zipf-like sizes for the handling agencies of each kind.
    agency_cum = {
        k: _cumulative([1 / (i + 1) ** 0.6 for i in range(len(v))]) for k, v in by_kind.items()
    }
    user_id = User.objects.order_by("pk").values_list("pk", flat=True).first()
    if user_id is None:
        user_id = User.objects.create_user(username="bench-generator").pk
    start = end - timedelta(days=364)
    days = [start + timedelta(days=i) for i in range(365)]
    day_cum = _cumulative([day_weight(d) for d in days])
    now = datetime.combine(end, datetime.min.time(), TZ) + timedelta(hours=17)

    d_fields = [f for f in Dossier._meta.concrete_fields if f.attname != "id"]
    d_cols = ["id"] + [f.column for f in d_fields]
    doc_fields = [f for f in DossierDocument._meta.concrete_fields if f.attname != "id"]
    s_fields = [f for f in Supplement._meta.concrete_fields if f.attname != "id"]
    tables = {
        Dossier._meta.db_table: d_cols,
        DossierDocument._meta.db_table: [f.column for f in doc_fields],
        Supplement._meta.db_table: [f.column for f in s_fields],
    }
    defaults = {f.attname: _default(f) for f in d_fields + doc_fields + s_fields}
    first_id = (Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    counters: dict[tuple[str, date], int] = {}
    # Sequence numbers above anything a previous run (or real intake) used on that day.
    code_base = 10000 + Dossier.objects.count()
    stats = {"dossiers": 0, "documents": 0, "supplements": 0, "online": 0, "late": 0, "open": 0}
    started = time.perf_counter()
    with transaction.atomic():
        writer = Writer(connection, tables)
        for i in range(count):
            p = procedures[_pick(cum_p, rng.random())]
            pool = by_kind[p.handling_agency_kind]
            handler = pool[_pick(agency_cum[p.handling_agency_kind], rng.random())]
            day = days[_pick(day_cum, rng.random())]
            progress = (day - start).days / 365
            received_at = datetime.combine(day, datetime.min.time(), TZ) + timedelta(
                hours=7.5 + rng.random() * 9
            )
            if received_at > now:
                received_at = now - timedelta(hours=1)
            online_p = 0.40 + 0.25 * progress + (0.15 if p.online_level == "full" else 0)
            if p.online_level == "none":
                online_p = 0
            r = rng.random()
            channel = 2 if r < online_p else (3 if r > 0.98 else 1)
            receiver = (
                province_center
                if p.level == "province" and province_center
                else (rng.choice(centers) if centers else handler)
            )
            limit = float(p.processing_time_value or 0)
            unit = p.processing_time_unit
            if unit == "hours":
                due = received_at + timedelta(hours=max(limit, 4))
            elif unit == "calendar_days":
                due = received_at + timedelta(days=max(limit, 1))
            else:
                due = (
                    add_working_days(received_at, max(limit, 1))
                    if limit <= 30
                    else received_at + timedelta(days=limit * 1.4)
                )
            original_due = due
            values = dict(defaults)
            code_key = (handler.eid, day)
            counters[code_key] = counters.get(code_key, code_base) + 1
            values.update(
                created_at=received_at,
                updated_at=received_at,
                code=f"{handler.eid}-{day:%y%m%d}-{counters[code_key]}",
                procedure_id=p.pk,
                channel=channel,
                applicant_kind="citizen",
                applicant_name=f"Công dân {i}",
                applicant_personal_id=f"{province:0>3}{rng.randrange(10**9):09d}",
                receiving_agency_id=receiver.pk,
                handling_agency_id=handler.pk,
                submitted_at=received_at - timedelta(hours=2) if channel == 2 else received_at,
                received_at=received_at,
                identity_verified=channel == 2 and rng.random() < 0.7,
                fee_total_vnd=fees[p.pk],
                paid_online=rng.choice((1, 2))
                if channel == 2 and fees[p.pk] and rng.random() < 0.6
                else 0,
            )
            supplements = []
            r = rng.random()
            n_supp = 2 if r < 0.01 else (1 if r < 0.09 else 0)
            t = received_at
            for _ in range(n_supp):
                asked = t + timedelta(days=rng.uniform(0.2, 2))
                back = asked + timedelta(days=rng.uniform(0.5, 7))
                supplements.append([asked, back])
                due += back - asked
                t = back
            extended = rng.random() < 0.01
            if extended:
                due += timedelta(days=5)
            late = rng.random() < 0.07
            span = (due - received_at).total_seconds()
            finish = (
                received_at + timedelta(seconds=span * rng.uniform(0.3, 0.98))
                if not late
                else due + timedelta(days=rng.uniform(0.5, 12))
            )
            outcome = rng.random()
            stopped = outcome < 0.03
            refused = channel == 2 and 0.03 <= outcome < 0.05
            straggler = outcome > 0.995
            if refused:
                values.update(
                    status=3,
                    received_at=None,
                    due_at=None,
                    original_due_at=None,
                    finished_at=received_at + timedelta(hours=3),
                )
                supplements = []
            elif finish > now or straggler:
                stats["open"] += 1
                status = rng.choice((2, 4, 4, 4, 6))
                if supplements and supplements[-1][1] > now:
                    supplements[-1][1] = None
                    status = 5
                values.update(
                    status=status,
                    step="assigned" if status == 4 else "",
                    due_at=due,
                    original_due_at=original_due,
                    paused_at=supplements[-1][0] if status == 5 else None,
                )
            elif stopped:
                values.update(
                    status=8,
                    due_at=due,
                    original_due_at=original_due,
                    finished_at=received_at + timedelta(days=rng.uniform(0.1, 3)),
                )
            else:
                returned = finish + timedelta(days=rng.uniform(0, 3))
                status = 10 if returned <= now else 9
                values.update(
                    status=status,
                    due_at=due,
                    original_due_at=original_due,
                    finished_at=finish,
                    returned_at=returned if status == 10 else None,
                    result_code=f"KQ-{values['code']}",
                    result_url=f"/ket-qua/{values['code']}.pdf" if rng.random() < 0.9 else "",
                )
                stats["late"] += late or n_supp > 1 or extended
            values.update(supplement_count=len(supplements), extension_count=int(extended))
            dossier_id = first_id + i
            digitized_p = 1.0 if channel == 2 else 0.6 + 0.3 * progress
            documents = []
            for n in range(1 if rng.random() < 0.7 else 2):
                reused = n == 0 and rng.random() < 0.15
                documents.append(
                    dict(
                        defaults,
                        created_at=received_at,
                        updated_at=received_at,
                        dossier_id=dossier_id,
                        requirement_code=f"TP{n + 1}",
                        name=f"Thành phần {n + 1}",
                        paper_received=channel != 2,
                        digitized=reused or rng.random() < digitized_p,
                        reused_from=f"KQ-{i}" if reused else "",
                    )
                )
            values.update(
                documents_total=len(documents),
                documents_digitized=sum(row["digitized"] for row in documents),
                documents_reused=sum(bool(row["reused_from"]) for row in documents),
            )
            writer.add(Dossier._meta.db_table, (dossier_id, *(values[f.attname] for f in d_fields)))
            for asked, back in supplements:
                row = dict(
                    defaults,
                    dossier_id=dossier_id,
                    requested_at=asked,
                    requested_by_id=user_id,
                    items='["Bổ sung giấy tờ"]',
                    reason="Hồ sơ chưa đầy đủ",
                    returned_at=back,
                )
                writer.add(Supplement._meta.db_table, tuple(row[f.attname] for f in s_fields))
                stats["supplements"] += 1
            for row in documents:
                writer.add(
                    DossierDocument._meta.db_table, tuple(row[f.attname] for f in doc_fields)
                )
                stats["documents"] += 1
            stats["dossiers"] += 1
            stats["online"] += channel == 2
            if i and i % 500_000 == 0:
                elapsed = time.perf_counter() - started
                log(f"{i:,} dossiers, {writer.rows / elapsed:,.0f} rows/s")
        writer.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
    seconds = time.perf_counter() - started
    stats.update(
        rows=writer.rows,
        seconds=round(seconds, 1),
        rows_per_s=round(writer.rows / seconds),
        dossiers_per_s=round(count / seconds),
    )
    return stats


def _default(field):
    if field.has_default():
        value = field.get_default()
        return json.dumps(value) if isinstance(value, dict | list) else value
    return (
        None
        if field.null
        else ("" if field.get_internal_type() in ("CharField", "TextField", "FileField") else None)
    )


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return [x / total for x in out]


def _pick(cumulative: list[float], x: float) -> int:
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] > x:
            hi = mid
        else:
            lo = mid + 1
    return lo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--province", default="33")
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--end", type=date.fromisoformat, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="then run indicators_rebuild")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-generate")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    end = args.end or timezone.localdate()
    log(f"{args.dossiers:,} dossiers for province {args.province}, year ending {end}")
    stats = generate(province=args.province, count=args.dossiers, end=end, seed=args.seed)
    log(f"done: {stats['rows']:,} rows in {stats['seconds']} s = {stats['rows_per_s']:,} rows/s")
    if args.rebuild:
        call_command("indicators_rebuild", "--province", args.province)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
