"""Intake benchmark: acknowledged dossiers per second through `POST /api/dossiers/intake`, and
the inbox at 1 M dossiers.

    python bench/intake.py [--quick] [--db sqlite|pg|both] [--seconds N] [--concurrency N]
                           [--dossiers N] [--agencies N] [--generator httpx|wrk|both]
                           [--workers N] [--worker-class sync|gthread] [--threads N]
                           [--try-workers] [--skip-inbox] [--skip-intake]

For each database it builds a scratch database (SQLite file under /tmp, or PostgreSQL
`motcua_bench`, dropped and created), migrates, runs `load_demo`, adds one receiver per commune
service center, starts gunicorn (config.wsgi, DEBUG=0) on a free loopback port and submits
dossiers of procedure 2.000815 (chứng thực bản sao, same day) from N logged-in sessions:

- single agency: every dossier goes to one commune (one code-counter row → on PostgreSQL its
  row lock serialises every intake until commit);
- many agencies: each request goes to the next of the province's 104 commune centers, as a
  province spreads its load (the realistic case).

Only 201 answers count. After the runs it checks that the database holds exactly one dossier per
201 (with its history event and outbox row) and that codes are unique. Then it bulk-generates
`--dossiers` dossiers (COPY on PostgreSQL, executemany on SQLite) and measures the inbox as
one agency's officer and as the province monitor (p95 over ≥ 200 requests, SQL queries/request).

Progress goes to stderr; the last lines on stdout are

    BENCH intake_pg_per_s <v> dossiers/s        (PostgreSQL, many agencies)
    BENCH intake_sqlite_per_s <v> dossiers/s    (SQLite, many agencies)
    BENCH intake_p95_ms <v> ms                  (PostgreSQL, many agencies)
    BENCH inbox_p95_ms <v> ms                   (PostgreSQL, the worse of officer and monitor)
"""

import argparse
import asyncio
import itertools
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    CpuSnapshot,
    ServerConfig,
    django_env,
    django_setup,
    log,
    manage,
    percentile,
    pg_available,
    pg_drop,
    pg_scratch,
    run_phase,
    server_start,
    server_stop,
    sqlite_scratch,
)

SCRIPT = Path(__file__).resolve()
PROCEDURE_CODE = "2.000815"  # chứng thực bản sao: commune level, boundary-free, same day
INTAKE_PATH = "/api/dossiers/intake"
PG_DB_NAME = "motcua_bench"
SQLITE_PATH = Path(tempfile.gettempdir()) / "motcua_bench.sqlite3"
BENCH_PASSWORD = "motcua-demo-2026"  # the demo password (motcua.web.demo.DEMO_PASSWORD)
SINGLE_RECEIVER = "phohien.tiepnhan"
OFFICER = "phohien.chuyenvien"  # specialist of the People's Committee of Phố Hiến
MONITOR = "tinh.giamsat"  # province monitor: sees every dossier of the province
# Measured on the 2-core machine (docs/benchmarks-intake.md): sync workers, 2 × cores + 1.
CORES = os.cpu_count() or 1
DEFAULT_WORKERS = 2 * CORES + 1


# =============================================================================================
# Phases: run in a child process whose environment selects the database (run_phase).
# =============================================================================================


def phase_prepare(payload: dict) -> dict:
    """One receiver per commune service center (the demo has one in two communes only)."""
    from django.contrib.auth.hashers import make_password

    from motcua.accounts.constants import StaffRole
    from motcua.accounts.models import User
    from motcua.accounts.services import membership_grant, user_create
    from motcua.agencies.constants import AgencyKind
    from motcua.agencies.models import Agency

    centers = list(
        Agency.objects.filter(kind=AgencyKind.COMMUNE_SERVICE_CENTER, is_active=True).order_by(
            "eid"
        )[: payload["agencies"]]
    )
    encoded = make_password(BENCH_PASSWORD)  # hashed once for every bench receiver
    taken = set(User.objects.values_list("username", flat=True))
    receivers = []
    for center in centers:
        username = f"bench.tiepnhan.{center.eid.split('.')[2]}"
        if username in taken:
            user = User.objects.get(username=username)
        else:
            user = user_create(
                username=username, full_name="Cán bộ tiếp nhận (bench)", encoded_password=encoded
            )
        membership_grant(user=user, agency=center, role=StaffRole.RECEIVER)
        receivers.append({"username": username, "agency_eid": center.eid})
    single = User.objects.get(username=SINGLE_RECEIVER)
    single_agency = single.memberships.get(role=StaffRole.RECEIVER).agency
    return {
        "single": {"username": SINGLE_RECEIVER, "agency_eid": single_agency.eid},
        "many": receivers,
    }


def phase_verify(payload: dict) -> dict:
    """Every acknowledged code is in the database, once, with its history and outbox rows, and
    nothing else was written."""
    from django.db.models import Count

    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.outbox.models import OutboxMessage

    acked = payload["codes"]
    acked_set = set(acked)
    in_db = set(Dossier.objects.values_list("code", flat=True))
    events = DossierEvent.objects.filter(seq=1).count()
    outbox = OutboxMessage.objects.values("key").annotate(n=Count("id")).filter(n__gte=1).count()
    return {
        "acked": len(acked),
        "acked_unique": len(acked_set),
        "dossiers": Dossier.objects.count(),
        "missing": len(acked_set - in_db),
        "unacknowledged": len(in_db - acked_set),
        "events": events,
        "outbox_keys": outbox,
    }


def _inbox_db_columns():
    from motcua.dossiers.models import Dossier, DossierEvent

    dossier_cols = [f for f in Dossier._meta.concrete_fields]
    event_cols = [f for f in DossierEvent._meta.concrete_fields]
    return dossier_cols, event_cols


def phase_generate(payload: dict) -> dict:
    """Bulk-generate dossiers (one history event each) over the province's agencies, statuses,
    channels and the past year; codes in the legal format with per-agency daily sequences."""
    import datetime as dt
    import zoneinfo

    from django.db import connection, transaction
    from django.utils import timezone

    from motcua.agencies.constants import AgencyKind
    from motcua.agencies.models import Agency
    from motcua.dossiers.codes import dossier_code_format
    from motcua.dossiers.constants import Action, Channel, DossierStatus
    from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent
    from motcua.procedures.models import Procedure

    count = payload["count"]
    rng = random.Random(20261128)
    tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    agencies = list(Agency.objects.all())
    by_unit_kind = {(a.admin_unit_id, a.kind): a for a in agencies}
    province_center = next(a for a in agencies if a.kind == AgencyKind.PROVINCIAL_SERVICE_CENTER)
    procedures_by_kind: dict[str, list] = {}
    for p in Procedure.objects.filter(is_active=True):
        procedures_by_kind.setdefault(p.handling_agency_kind, []).append(p)
    # (handling agency, receiving agency, procedures, weight): communes carry most of the load.
    targets = []
    for agency in agencies:
        procs = procedures_by_kind.get(agency.kind)
        if not procs:
            continue
        if agency.level == "commune":
            receiving = by_unit_kind.get((agency.admin_unit_id, AgencyKind.COMMUNE_SERVICE_CENTER))
            weight = 10 if agency.kind == AgencyKind.COMMUNE_PEOPLES_COMMITTEE else 4
        else:
            receiving, weight = province_center, 6
        targets.append((agency, receiving or agency, procs, weight))
    weights = list(itertools.accumulate(t[3] for t in targets))
    statuses = [
        (DossierStatus.SUBMITTED, 2),
        (DossierStatus.RECEIVED, 3),
        (DossierStatus.REFUSED, 1),
        (DossierStatus.PROCESSING, 9),
        (DossierStatus.SUPPLEMENT_REQUESTED, 2),
        (DossierStatus.FINANCIAL_OBLIGATION, 1),
        (DossierStatus.STOPPED, 1),
        (DossierStatus.RESULT_READY, 4),
        (DossierStatus.RETURNED, 77),
    ]
    status_values = [s for s, _ in statuses]
    status_weights = list(itertools.accumulate(w for _, w in statuses))
    channels = [Channel.COUNTER, Channel.ONLINE, Channel.POSTAL]
    channel_weights = [55, 95, 100]
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Khôi", "Phạm Thu Hà", "Hoàng Văn Nam"]
    now = timezone.now().replace(microsecond=0)
    start = now - timedelta(days=365)
    base_id = (Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1000
    base_event_id = (
        DossierEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ) + 1000
    # Continue today's and past counters (demo dossiers, the intake runs): never reuse a code.
    sequences: dict[tuple[str, dt.date], int] = {
        (c.agency_eid, c.day): c.last for c in DossierCodeCounter.objects.all()
    }

    dossier_fields, event_fields = _inbox_db_columns()
    dossier_columns = [f.column for f in dossier_fields]
    event_columns = [f.column for f in event_fields]
    vendor = connection.vendor

    def rows():
        for i in range(count):
            handling, receiving, procs, _ = targets[_bisect(weights, rng.random() * weights[-1])]
            procedure = procs[rng.randrange(len(procs))]
            status = status_values[_bisect(status_weights, rng.random() * status_weights[-1])]
            channel = channels[_bisect(channel_weights, rng.random() * 100)]
            if status == DossierStatus.SUBMITTED:
                channel = Channel.ONLINE
            submitted = start + timedelta(seconds=rng.randrange(365 * 86400))
            received = None if status == DossierStatus.SUBMITTED else submitted
            day = timezone.localtime(submitted, tz).date()
            key = (handling.eid, day)
            sequences[key] = sequence = sequences.get(key, 0) + 1
            due = (received or submitted) + timedelta(days=rng.choice((0, 1, 3, 5, 7, 10, 15)))
            finished = due - timedelta(hours=rng.randrange(1, 48)) if status >= 8 else None
            returned = finished if status == DossierStatus.RETURNED else None
            personal_id = f"0330{rng.randrange(60, 99)}{rng.randrange(1000000):06d}"
            values = {
                "id": base_id + i,
                "created_at": submitted,
                "updated_at": finished or submitted,
                "code": dossier_code_format(agency_eid=handling.eid, day=day, sequence=sequence),
                "procedure_id": procedure.pk,
                "channel": int(channel),
                "applicant_kind": "citizen",
                "applicant_name": names[i % len(names)],
                "applicant_personal_id": personal_id,
                "applicant_tax_code": "",
                "applicant_phone": "0912345678",
                "applicant_email": "",
                "applicant_address": "",
                "applicant_unit_id": None,
                "applicant_user_id": None,
                "identity_verified": channel == Channel.ONLINE,
                "receiving_agency_id": receiving.pk,
                "handling_agency_id": handling.pk,
                "form_data": "{}",
                "status": int(status),
                "step": "",
                "resume_status": None,
                "assignee_id": None,
                "submitted_at": submitted,
                "received_at": received,
                "due_at": due if received else None,
                "original_due_at": due if received else None,
                "paused_at": None,
                "finished_at": finished,
                "returned_at": returned,
                "supplement_count": 0,
                "extension_count": 0,
                "fee_total_vnd": 0,
                "paid_online": 0,
                "result_code": "",
                "result_url": "",
                "event_count": 1,
            }
            online = status == DossierStatus.SUBMITTED
            event = {
                "id": base_event_id + i,
                "dossier_id": base_id + i,
                "seq": 1,
                "action": Action.SUBMIT if online else Action.RECEIVE,
                "at": submitted,
                "actor_id": None,
                "actor_name": "",
                "agency_id": receiving.pk,
                "to_agency_id": None,
                "from_status": None,
                "to_status": int(DossierStatus.SUBMITTED if online else DossierStatus.RECEIVED),
                "from_step": "",
                "to_step": "",
                "due_at": due if received else None,
                "reason": "",
                "data": "{}",
            }
            yield (
                tuple(_db_value(values[c], vendor) for c in dossier_columns),
                tuple(_db_value(event[c], vendor) for c in event_columns),
            )

    started = time.perf_counter()
    dossier_table = Dossier._meta.db_table
    event_table = DossierEvent._meta.db_table
    if vendor == "postgresql":
        _generate_pg(rows(), dossier_table, dossier_columns, event_table, event_columns, count)
    else:
        _generate_sqlite(rows(), dossier_table, dossier_columns, event_table, event_columns, count)
    generate_s = time.perf_counter() - started
    with transaction.atomic():
        DossierCodeCounter.objects.bulk_create(
            [
                DossierCodeCounter(agency_eid=eid, day=day, last=n)
                for (eid, day), n in sequences.items()
            ],
            batch_size=5000,
            update_conflicts=True,
            unique_fields=["agency_eid", "day"],
            update_fields=["last"],
        )
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            for table in (dossier_table, event_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            connection.ensure_connection()
            old = connection.connection.autocommit
            connection.connection.autocommit = True
            cursor.execute(f"VACUUM ANALYZE {dossier_table}")
            cursor.execute(f"VACUUM ANALYZE {event_table}")
            connection.connection.autocommit = old
        else:
            cursor.execute("ANALYZE")
    return {
        "count": count,
        "generate_s": round(generate_s, 1),
        "rows_per_s": round(2 * count / generate_s),
        "analyze_s": round(time.perf_counter() - started, 1),
    }


def _bisect(cumulative: list[float], x: float) -> int:
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] > x:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _db_value(value, vendor: str):
    if vendor == "postgresql":
        return value
    # SQLite: what Django itself stores (naive UTC text, 0/1 for booleans).
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return value.astimezone(__import__("datetime").UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    return value


def _generate_pg(rows, dossier_table, dossier_columns, event_table, event_columns, count):
    from django.db import connection

    events = []
    connection.ensure_connection()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        columns = ", ".join(dossier_columns)
        with raw.copy(f"COPY {dossier_table} ({columns}) FROM STDIN") as copy:
            for i, (dossier, event) in enumerate(rows):
                copy.write_row(dossier)
                events.append(event)
                if i and i % 200_000 == 0:
                    log(f"  generated {i:,} dossiers")
        columns = ", ".join(event_columns)
        with raw.copy(f"COPY {event_table} ({columns}) FROM STDIN") as copy:
            for event in events:
                copy.write_row(event)
    connection.commit() if not connection.get_autocommit() else None


def _generate_sqlite(rows, dossier_table, dossier_columns, event_table, event_columns, count):
    from django.db import connection

    dossier_sql = (
        f"INSERT INTO {dossier_table} ({', '.join(dossier_columns)}) "
        f"VALUES ({', '.join('?' * len(dossier_columns))})"
    )
    event_sql = (
        f"INSERT INTO {event_table} ({', '.join(event_columns)}) "
        f"VALUES ({', '.join('?' * len(event_columns))})"
    )
    connection.ensure_connection()
    raw = connection.connection  # sqlite3.Connection
    batch_d, batch_e = [], []
    done = 0
    for dossier, event in rows:
        batch_d.append(dossier)
        batch_e.append(event)
        if len(batch_d) == 100_000:
            _sqlite_flush(raw, dossier_sql, event_sql, batch_d, batch_e)
            done += len(batch_d)
            batch_d, batch_e = [], []
            log(f"  generated {done:,} dossiers")
    if batch_d:
        _sqlite_flush(raw, dossier_sql, event_sql, batch_d, batch_e)


def _sqlite_flush(raw, dossier_sql, event_sql, batch_d, batch_e):
    raw.execute("BEGIN IMMEDIATE")
    raw.executemany(dossier_sql, batch_d)
    raw.executemany(event_sql, batch_e)
    raw.execute("COMMIT")


def phase_inbox(payload: dict) -> dict:
    """The inbox in process, for each user: latency, and SQL queries per request. Uses the
    workspace page when it exists (test client), else the selector + count."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    from motcua.accounts.models import User
    from motcua.dossiers.selectors import InboxFilters, dossier_list_for_user

    path = payload.get("path") or "/workspace/"
    try:
        resolve(path)
        page = True
    except Resolver404:
        page = False
    with __import__("contextlib").suppress(NoReverseMatch):
        reverse("api-1.0.0:openapi-json")
    out = {"page": page, "path": path if page else "selector", "users": {}}
    for username in payload["users"]:
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)

        def once(user=user, client=client):
            if page:
                response = client.get(path)
                assert response.status_code == 200, response.status_code
                return len(response.content)
            qs = dossier_list_for_user(user=user, filters=InboxFilters())
            rows = list(qs[:50])
            return qs.count() + len(rows)

        for _ in range(5):
            once()
        with CaptureQueriesContext(connection) as ctx:
            once()
        queries = [q["sql"] for q in ctx.captured_queries]
        times = []
        # A time budget per user: at seconds per request, 200 requests would take an hour;
        # the count actually measured is reported with the figure.
        budget_end = time.perf_counter() + payload.get("budget_s", 1e9)
        for i in range(payload["requests"]):
            if i >= 20 and time.perf_counter() > budget_end:
                break
            started = time.perf_counter()
            once()
            times.append((time.perf_counter() - started) * 1000)
        plans = {}
        if payload.get("explain") and connection.vendor == "postgresql":
            qs = dossier_list_for_user(user=user, filters=InboxFilters())
            plans["page"] = qs[:50].explain(analyze=True)
            plans["count"] = _explain_count(qs)
        out["users"][username] = {
            "p50_ms": round(percentile(times, 50), 2),
            "p95_ms": round(percentile(times, 95), 2),
            "max_ms": round(max(times), 2),
            "requests": len(times),
            "queries": len(queries),
            "visible": dossier_list_for_user(user=user, filters=InboxFilters()).count(),
            "plans": plans,
            "sql": queries if payload.get("show_sql") else [],
        }
    return out


def _explain_count(qs) -> str:
    from django.db import connection

    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE SELECT count(*) FROM ({sql}) AS sub", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def phase_index(payload: dict) -> dict:
    """Create or drop a candidate index (to measure before/after); never part of a normal run."""
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in payload["sql"]:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE dossiers_dossier")
    return {"ok": True}


PHASES = {
    "prepare": phase_prepare,
    "verify": phase_verify,
    "generate": phase_generate,
    "inbox": phase_inbox,
    "index": phase_index,
}


# =============================================================================================
# Load generation (this process: no Django).
# =============================================================================================


@dataclass
class Session:
    username: str
    agency_eid: str
    cookie: str
    csrf: str


@dataclass
class RunResult:
    label: str
    seconds: float
    ok: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    cpu: CpuSnapshot | None = None
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0

    @property
    def capacity(self) -> float:
        """Dossiers/s the server + database could do with every core to themselves."""
        if not self.ok or not self.cpu:
            return 0.0
        return CORES / ((self.cpu.server + self.cpu.postgres) / self.ok)

    @property
    def per_s(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def finish(self) -> "RunResult":
        if self.latencies_ms:
            self.p50_ms = percentile(self.latencies_ms, 50)
            self.p95_ms = percentile(self.latencies_ms, 95)
            self.p99_ms = percentile(self.latencies_ms, 99)
        return self

    def line(self) -> str:
        errors = f" errors={self.errors}" if self.errors else ""
        cpu = ""
        if self.ok and self.cpu:
            c = self.cpu
            database = f" + PostgreSQL {c.postgres / self.ok * 1000:.1f} ms" if c.postgres else ""
            cpu = (
                f"\n    CPU per dossier: gunicorn {c.server / self.ok * 1000:.1f} ms{database}"
                f" → {self.capacity:.0f} dossiers/s if the "
                f"{CORES} cores were ours; load generator {c.client / self.seconds * 100:.0f}% "
                f"of a core; other processes {c.others / self.seconds * 100:.0f}% of a core"
            )
        return (
            f"{self.label}: {self.ok} × 201 in {self.seconds:.1f} s = {self.per_s:.0f} dossiers/s, "
            f"p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, p99 {self.p99_ms:.1f} ms"
            f"{errors}{cpu}"
        )


def intake_body(agency_eid: str, n: int) -> dict:
    personal_id = f"0330{60 + n % 39:02d}{n % 1_000_000:06d}"
    return {
        "procedure_code": PROCEDURE_CODE,
        "receiving_agency_eid": agency_eid,
        "channel": 1,
        "applicant": {
            "kind": "citizen",
            "name": "Nguyễn Văn An",
            "personal_id": personal_id,
            "phone": "0912345678",
        },
        "form_data": {
            "full_name": "Nguyễn Văn An",
            "personal_id": personal_id,
            "document_name": "Bằng tốt nghiệp trung học phổ thông",
            "page_count": 2,
            "copies": 3,
        },
        "documents": [
            {"requirement_code": "TP1", "paper_received": True},
            {"requirement_code": "TP2", "paper_received": True},
        ],
    }


def login(base: str, username: str, password: str = BENCH_PASSWORD) -> tuple[str, str]:
    """Log in like a browser: GET /login/ for the CSRF cookie, POST the form. Returns (cookie
    header, csrftoken)."""
    import httpx

    with httpx.Client(base_url=base, timeout=60) as client:
        client.get("/login/")
        token = client.cookies["csrftoken"]
        response = client.post(
            "/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/login/"},
        )
        if "sessionid" not in client.cookies:
            raise RuntimeError(f"login of {username} failed ({response.status_code})")
        csrf = client.cookies["csrftoken"]
        return f"sessionid={client.cookies['sessionid']}; csrftoken={csrf}", csrf


def login_many(base: str, receivers: list[dict]) -> list[Session]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda r: login(base, r["username"]), receivers))
    return [
        Session(r["username"], r["agency_eid"], cookie, csrf)
        for r, (cookie, csrf) in zip(receivers, results, strict=True)
    ]


async def _drive_httpx(
    base: str, sessions: list[Session], seconds: float, concurrency: int, counter, result
) -> None:
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            while time.perf_counter() < deadline:
                n = next(counter)
                session = sessions[n % len(sessions)]
                body = json.dumps(intake_body(session.agency_eid, n)).encode()
                started = time.perf_counter()
                try:
                    response = await client.post(
                        INTAKE_PATH,
                        content=body,
                        headers={
                            "Content-Type": "application/json",
                            "Cookie": session.cookie,
                            "X-CSRFToken": session.csrf,
                        },
                    )
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                    result.errors[key] = result.errors.get(key, 0) + 1
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code == 201:
                    result.ok += 1
                    result.latencies_ms.append(elapsed)
                    result.codes.append(response.json()["code"])
                else:
                    key = str(response.status_code)
                    if key not in result.errors:
                        log(f"  first {key}: {response.text[:300]}")
                    result.errors[key] = result.errors.get(key, 0) + 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))


def run_httpx(label, base, sessions, seconds, concurrency, counter, server_pgid) -> RunResult:
    result = RunResult(label=label, seconds=seconds)
    before = CpuSnapshot.take(server_pgid, time.process_time(), PG_DB_NAME)
    started = time.perf_counter()
    asyncio.run(_drive_httpx(base, sessions, seconds, concurrency, counter, result))
    result.seconds = time.perf_counter() - started
    result.cpu = CpuSnapshot.take(server_pgid, time.process_time(), PG_DB_NAME).minus(before)
    return result.finish()


_WRK_LUA = r"""
local sessions = SESSIONS
local path = "PATH"
-- globals: wrk's thread:set/get reach them
offset = 0
n = 0
ok = 0
codes = {}
statuses = {}

function setup(thread)
  thread:set("offset", OFFSET + #threads_all * 10000000)
  table.insert(threads_all, thread)
end
threads_all = {}

function init(args)
  n = offset
end

local template = BODY

function request()
  n = n + 1
  local s = sessions[(n % #sessions) + 1]
  local pid = string.format("0330%02d%06d", 60 + n % 39, n % 1000000)
  local body = string.gsub(string.gsub(template, "@EID@", s[1]), "@PID@", pid)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Cookie"] = s[2],
    ["X-CSRFToken"] = s[3],
  }, body)
end

function response(status, headers, body)
  if status == 201 then
    ok = ok + 1
    codes[#codes + 1] = string.match(body, '"code":%s*"([^"]+)"')
  else
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  local f = io.open("CODES_FILE", "w")
  local errs = {}
  for _, t in ipairs(threads_all) do
    total = total + t:get("ok")
    for _, c in ipairs(t:get("codes")) do f:write(c, "\n") end
    for k, v in pairs(t:get("statuses")) do errs[#errs + 1] = k .. "=" .. v end
  end
  f:close()
  io.write(string.format("WRKRESULT ok=%d p50=%.3f p95=%.3f p99=%.3f errors=%s\n", total,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    table.concat(errs, ",")))
end
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _lua_string(value: str) -> str:
    """A Lua long-bracket literal: no escapes to get wrong (LuaJIT lacks \\u escapes)."""
    assert "]==]" not in value
    return f"[==[{value}]==]"


def run_wrk(label, base, sessions, seconds, concurrency, offset, server_pgid) -> RunResult:
    """wrk (C, one thread) with a Lua script: cheap enough that the server gets the cores.
    Latency percentiles are wrk's, over every response (all are 201 unless errors are shown)."""
    body = json.dumps(intake_body("@EID@", 0), ensure_ascii=False)
    body = body.replace("033060000000", "@PID@")
    sessions_lua = (
        "{"
        + ",".join(
            "{" + ",".join(_lua_string(v) for v in (s.agency_eid, s.cookie, s.csrf)) + "}"
            for s in sessions
        )
        + "}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        codes_file = Path(tmp) / "codes.txt"
        script = Path(tmp) / "intake.lua"
        script.write_text(
            _WRK_LUA.replace("SESSIONS", sessions_lua)
            .replace("PATH", INTAKE_PATH)
            .replace("OFFSET", str(offset))
            .replace("BODY", _lua_string(body))
            .replace("CODES_FILE", str(codes_file))
        )
        before = CpuSnapshot.take(server_pgid, _children_cpu(), PG_DB_NAME)
        started = time.perf_counter()
        completed = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{concurrency}",
                f"-d{int(seconds)}s",
                "--timeout",
                "60s",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        )
        elapsed = time.perf_counter() - started
        cpu = CpuSnapshot.take(server_pgid, _children_cpu(), PG_DB_NAME).minus(before)
        line = next((x for x in completed.stdout.splitlines() if x.startswith("WRKRESULT")), None)
        if line is None:
            raise RuntimeError(f"wrk failed:\n{completed.stdout}\n{completed.stderr}")
        fields = dict(part.split("=", 1) for part in line.split()[1:])
        codes = [c for c in codes_file.read_text().splitlines() if c]
    result = RunResult(label=label, seconds=min(elapsed, seconds + 0.5))
    result.seconds = float(seconds)  # wrk stops sending at -d; replies after it are not counted
    result.ok = int(fields["ok"])
    result.codes = codes
    result.p50_ms, result.p95_ms, result.p99_ms = (
        float(fields["p50"]),
        float(fields["p95"]),
        float(fields["p99"]),
    )
    for item in filter(None, fields.get("errors", "").split(",")):
        status, n = item.split("=")
        result.errors[status] = int(n)
    if "Socket errors" in completed.stdout:
        result.errors["socket"] = 1
        log("  " + next(x for x in completed.stdout.splitlines() if "Socket errors" in x))
    result.cpu = cpu
    return result


# =============================================================================================
# Orchestration.
# =============================================================================================


@dataclass
class DbReport:
    db: str
    config: str = ""
    runs: list[RunResult] = field(default_factory=list)
    verify: dict = field(default_factory=dict)
    trials: list[str] = field(default_factory=list)
    inbox: dict = field(default_factory=dict)
    generate: dict = field(default_factory=dict)
    headline: RunResult | None = None


def setup_database(db: str) -> str:
    url = pg_scratch(PG_DB_NAME) if db == "pg" else sqlite_scratch(SQLITE_PATH)
    env = django_env(url)
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    # DEBUG=0 serves static files from the manifest, as in production (docs/operations.md).
    manage(env, "collectstatic", "--noinput", "-v0")
    log(f"{db}: scratch database ready (migrate + load_demo {time.perf_counter() - started:.1f} s)")
    return url


def intake_runs(db: str, url: str, args, report: DbReport) -> None:
    env = django_env(url)
    world = run_phase(SCRIPT, env, "prepare", {"agencies": args.agencies})
    counter = itertools.count(1)
    wrk_offset = itertools.count(1)
    generators = ["httpx", "wrk"] if args.generator == "both" else [args.generator]
    if "wrk" in generators and shutil.which("wrk") is None:
        log("wrk is not installed (apt-get install wrk): httpx only")
        generators = ["httpx"]

    config = ServerConfig(args.workers, args.worker_class, args.threads)
    if args.try_workers:
        trials = [
            ServerConfig(DEFAULT_WORKERS, "sync"),
            ServerConfig(DEFAULT_WORKERS, "gthread", 4),
        ]
        best = (-1.0, config)
        for trial in trials:
            proc, base = server_start(env, trial)
            try:
                run = run_wrk(
                    f"{db} trial {trial.label()}",
                    base,
                    login_many(base, world["many"][:16]),
                    max(4, args.seconds // 3),
                    args.concurrency,
                    next(wrk_offset),
                    proc.pid,
                )
            finally:
                server_stop(proc)
            log(run.line())
            report.trials.append(run.line())
            if run.per_s > best[0]:
                best = (run.per_s, trial)
        config = best[1]
    report.config = config.label()
    log(f"{db}: measuring with {config.label()}, concurrency {args.concurrency}")

    baseline = run_phase(SCRIPT, env, "verify", {"codes": []})["dossiers"]
    proc, base = server_start(env, config)
    acked: list[str] = []
    try:
        started = time.perf_counter()
        many = login_many(base, world["many"])
        single = login_many(base, [world["single"]] * (2 if args.quick else 8))
        log(
            f"{db}: {len(many) + len(single)} sessions logged in "
            f"({time.perf_counter() - started:.1f} s; PBKDF2 at Django's default cost)"
        )
        warm = run_httpx(f"{db} warm-up", base, many, 2, args.concurrency, counter, proc.pid)
        acked += warm.codes
        for generator in generators:
            for label, sessions in (
                (f"many agencies ({len(many)})", many),
                ("single agency", single),
            ):
                label = f"{db} {label} [{generator}]"
                if generator == "httpx":
                    run = run_httpx(
                        label, base, sessions, args.seconds, args.concurrency, counter, proc.pid
                    )
                else:
                    run = run_wrk(
                        label,
                        base,
                        sessions,
                        args.seconds,
                        args.concurrency,
                        next(wrk_offset),
                        proc.pid,
                    )
                acked += run.codes
                report.runs.append(run)
                log(run.line())
            # httpx waits for every reply it sent: the database must match exactly. wrk
            # stops counting at its deadline with up to `concurrency` requests in flight.
            slack = 0 if generator == "httpx" else 2 * args.concurrency
            report.verify = _verify(db, env, acked, baseline, slack)
    finally:
        server_stop(proc)
    # The headline: many agencies (the realistic case), with the generator that leaves the
    # server the most CPU (the higher figure).
    many_runs = [r for r in report.runs if "many agencies" in r.label]
    report.headline = max(many_runs, key=lambda r: r.per_s)


def _verify(db: str, env: dict, acked: list[str], baseline: int, slack: int) -> dict:
    time.sleep(0.5)  # let replies cut off by wrk's deadline finish committing
    v = run_phase(SCRIPT, env, "verify", {"codes": acked})
    written = v["dossiers"] - baseline
    ok = (
        v["missing"] == 0
        and v["acked"] == v["acked_unique"]
        and v["acked"] <= written <= v["acked"] + slack
        and v["events"] == v["dossiers"]
        and v["outbox_keys"] == v["dossiers"]
    )
    log(
        f"{db}: verify {'OK' if ok else 'FAILED'}: {v['acked']} acknowledged (201), "
        f"{v['acked_unique']} unique codes, {written} dossiers written by the runs "
        f"({written - v['acked']} written but not acknowledged; allowed ≤ {slack}, the "
        f"replies wrk's deadline cuts off), {v['missing']} acknowledged but missing; "
        f"history events {v['events']} and outbox keys {v['outbox_keys']} for "
        f"{v['dossiers']} dossiers"
    )
    if not ok:
        raise SystemExit(f"{db}: verification failed: {v}")
    return v


def inbox_runs(db: str, url: str, args, report: DbReport) -> None:
    env = django_env(url)
    log(f"{db}: generating {args.dossiers:,} dossiers (+ one history event each)")
    report.generate = run_phase(SCRIPT, env, "generate", {"count": args.dossiers})
    g = report.generate
    log(
        f"{db}: generated {g['count']:,} dossiers in {g['generate_s']} s "
        f"({g['rows_per_s']:,} rows/s incl. events), analyze {g['analyze_s']} s"
    )
    requests = args.inbox_requests
    report.inbox = run_phase(
        SCRIPT,
        env,
        "inbox",
        {
            "users": [OFFICER, MONITOR],
            "requests": requests,
            "budget_s": args.inbox_budget,
            "explain": args.explain,
        },
    )
    for username, figures in report.inbox["users"].items():
        log(
            f"{db}: inbox ({report.inbox['path']}) as {username} "
            f"({figures['visible']:,} visible): p50 {figures['p50_ms']} ms, "
            f"p95 {figures['p95_ms']} ms over {figures['requests']}, "
            f"{figures['queries']} SQL queries/request"
        )
        for name, plan in figures["plans"].items():
            log(f"  plan ({name}):\n{plan}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--db", choices=["sqlite", "pg", "both"], default="both")
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--dossiers", type=int)
    parser.add_argument("--agencies", type=int, help="commune centers for the many-agency run")
    parser.add_argument("--generator", choices=["httpx", "wrk", "both"], default="both")
    parser.add_argument("--workers", type=int, help=f"default {DEFAULT_WORKERS}; quick 3")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--try-workers", action="store_true", help="short trials, keep the best")
    parser.add_argument("--inbox-requests", type=int, help="per user; ≥ 200 for the figure")
    parser.add_argument(
        "--inbox-budget", type=float, default=120, help="seconds per user (≥ 20 requests)"
    )
    parser.add_argument("--skip-intake", action="store_true")
    parser.add_argument("--skip-inbox", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print the inbox query plans")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    args = parser.parse_args()

    # TERM (timeout, kill) runs the finally blocks: servers stopped, scratch database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.phase:
        django_setup()
        result = PHASES[args.phase](json.loads(sys.stdin.read() or "{}"))
        print(json.dumps(result, default=str))
        return 0

    args.seconds = args.seconds or (3 if args.quick else 30)
    args.workers = args.workers or (3 if args.quick else DEFAULT_WORKERS)
    args.dossiers = args.dossiers or (20_000 if args.quick else 1_000_000)
    args.agencies = args.agencies or (4 if args.quick else 104)
    args.inbox_requests = args.inbox_requests or (25 if args.quick else 200)
    if args.quick:
        args.generator = "httpx" if args.generator == "both" else args.generator
    dbs = ["pg", "sqlite"] if args.db == "both" else [args.db]
    if "pg" in dbs and not pg_available():
        log("PostgreSQL is not reachable on 127.0.0.1:5432: SQLite only")
        dbs.remove("pg")
    started = time.perf_counter()
    reports: dict[str, DbReport] = {}
    # --quick prepares every database at once (subprocesses, so threads suffice): the later
    # database's set-up overlaps the first one's runs, which are labelled quick anyway.
    # A full run prepares each database just before its runs, so nothing competes with them.
    pool = ThreadPoolExecutor(max_workers=len(dbs)) if args.quick else None
    setups = {db: pool.submit(setup_database, db) for db in dbs} if pool else {}
    for db in dbs:
        report = reports[db] = DbReport(db)
        url = setups[db].result() if pool else setup_database(db)
        try:
            if not args.skip_intake:
                intake_runs(db, url, args, report)
            # --quick measures the inbox on PostgreSQL only (the BENCH figure) to stay < 1 min.
            if not args.skip_inbox and not (args.quick and db == "sqlite" and "pg" in dbs):
                inbox_runs(db, url, args, report)
        finally:
            if db == "pg" and not args.keep:
                pg_drop(PG_DB_NAME)
    label = " (quick: small sizes)" if args.quick else ""
    log(f"done in {time.perf_counter() - started:.0f} s{label}")

    print(f"# intake bench{label}: {os.cpu_count()} cores, concurrency {args.concurrency}")
    for report in reports.values():
        print(f"# {report.db}: {report.config}")
        for line in report.trials:
            print(f"#   {line}")
        for run in report.runs:
            print(f"#   {run.line()}")
        if report.inbox:
            for username, figures in report.inbox["users"].items():
                print(
                    f"#   inbox {args.dossiers:,} dossiers ({report.inbox['path']}) as {username}: "
                    f"p95 {figures['p95_ms']} ms over {figures['requests']} requests, "
                    f"{figures['queries']} queries/request"
                )
    for db, name in (("pg", "intake_pg_per_s"), ("sqlite", "intake_sqlite_per_s")):
        headline = reports.get(db) and reports[db].headline
        if headline:
            print(f"BENCH {name} {headline.per_s:.0f} dossiers/s")
    pg = reports.get("pg")
    if pg and pg.headline:
        print(f"BENCH intake_p95_ms {pg.headline.p95_ms:.1f} ms")
    if pg and pg.inbox:
        users = pg.inbox["users"]
        worst = max(users, key=lambda u: users[u]["p95_ms"])
        print(f"# inbox_p95_ms: the worse of {', '.join(users)} = {worst}")
        print(f"BENCH inbox_p95_ms {users[worst]['p95_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
