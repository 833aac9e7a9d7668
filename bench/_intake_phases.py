"""The intake benchmark's phases that run inside Django, in a child process whose environment
selects the database (bench/_common.run_phase): prepare, verify, generate, inbox, index."""

import itertools
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    log,
    percentile,
)

# Shared by the intake bench's modules.
PROCEDURE_CODE = "2.000815"  # chứng thực bản sao: commune level, boundary-free, same day
BENCH_PASSWORD = "motcua-demo-2026"  # the demo password (motcua.web.demo.DEMO_PASSWORD)
SINGLE_RECEIVER = "phohien.tiepnhan"
OFFICER = "phohien.chuyenvien"  # specialist of the People's Committee of Phố Hiến
MONITOR = "tinh.giamsat"  # province monitor: sees every dossier of the province
PG_DB_NAME = "motcua_bench"
CORES = os.cpu_count() or 1


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
    # Dossiers' outbox lines only: the demo's PAKN and ratings have outbox rows of their own.
    outbox = (
        OutboxMessage.objects.filter(key__in=Dossier.objects.values("code"))
        .values("key")
        .annotate(n=Count("id"))
        .filter(n__gte=1)
        .count()
    )
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
                "documents_total": 0,  # no component rows are generated
                "documents_digitized": 0,
                "documents_reused": 0,
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
