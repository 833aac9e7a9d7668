"""Sync benchmark: hub ingest rate, and draining a province's backlog after a 24-hour outage.

    python bench/sync.py [--quick] [--db pg|sqlite|both] [--ingest-events N] [--backlog N]
                         [--batch-size N] [--hub-workers N] [--drainers N]

1. Hub ingest (in-process): a scratch database (PostgreSQL `motcua_bench_sync_ingest`, or a
   SQLite file under /tmp) is migrated; batches of 1,000 events (one per dossier; a quarter
   new dossiers, the rest updates with a newer event_seq) are encoded to JSON bytes
   beforehand, then timed through `ingest_parse` (pydantic validation of the signed bytes) +
   `ingest_apply` (one transaction per batch). HMAC, gzip and HTTP are not in this figure
   (they are in the drain figure). CPU per 1,000 events (Python, PostgreSQL backend) is
   logged too: it moves far less than the wall clock when the machine is shared.
2. Backlog drain (real processes, loopback): a province scratch PostgreSQL database gets
   `--backlog` outbox rows bulk-inserted directly with bulk_create (not through the dossier
   services: 500,000 events through the services would take far longer than the drain),
   spread over the 24 hours before now, 5 events per dossier in time order, as a province
   accumulates them while the hub is unreachable. A real hub (gunicorn, MOTCUA_ROLE=hub, its
   own scratch PostgreSQL database, a province credential) listens on a loopback port; the
   province drains with `outbox_drain` + `hub_handle` (signed, gzipped HTTP batches; up to
   20 consecutive events of a dossier per batch), timed until no message is pending. With
   --quick the backlog is 50,000 and the figure is scaled linearly to 500,000. The log gives
   CPU seconds per 1,000 events of the province's Python and PostgreSQL backends, the hub's
   gunicorn workers and PostgreSQL backends, and how busy the whole machine was.
   `MOTCUA_SYNC_INGEST_HOOKS=,` in the environment runs the hub without post-ingest hooks.

Progress goes to stderr; the last lines on stdout are

    BENCH hub_ingest_per_s <v> events/s     (PostgreSQL if available, else SQLite; one stream)
    BENCH hub_ingest_2_provinces_per_s <v> events/s   (two provinces pushing at once, PostgreSQL)
    BENCH hub_ingest_sqlite_per_s <v> events/s
    BENCH backlog_drain_s <v> s             (scaled to 500,000 events)
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    ServerConfig,
    _machine_busy_seconds,
    _proc_cpu,
    django_env,
    django_setup,
    log,
    manage,
    pg_available,
    pg_drop,
    pg_scratch,
    process_group_cpu_seconds,
    run_phase,
    server_start,
    server_stop,
    sqlite_scratch,
)

PROVINCE = "33"
FULL_BACKLOG = 500_000
EVENTS_PER_DOSSIER = 5


def event_doc(*, code: str, seq: int, at: datetime) -> dict:
    """A realistic event payload (the keys dossiers.events.event_payload writes)."""
    iso = at.isoformat()
    return {
        "event_seq": seq,
        "action": ["receive", "assign", "appraise", "approve", "sign"][(seq - 1) % 5],
        "at": iso,
        "code": code,
        "procedure_code": "1.004447",
        "procedure_field_code": "ATBX",
        "receiving_agency": "H31.30",
        "handling_agency": f"H31.{12 + hash(code) % 20}",
        "to_agency": None,
        "channel": 1 + seq % 2,
        "status": [2, 4, 4, 4, 9][(seq - 1) % 5],
        "from_status": None if seq == 1 else 2,
        "submitted_at": iso,
        "received_at": iso,
        "due_at": (at + timedelta(days=14)).isoformat(),
        "finished_at": iso if seq >= 5 else None,
        "returned_at": None,
        "supplement_count": 0,
        "supplements": [],
        "extension_count": 0,
        "fee_total_vnd": 300000,
        "fees": [{"name": "Lệ phí cấp giấy phép tiến hành công việc bức xạ", "amount_vnd": 300000}],
        "documents_total": 2,
        "documents_digitized": 1,
        "documents_reused": 0,
        "paid_online": 1,
        "identity_verified": True,
        "result_code": "",
        "result_url": "",
        "reason": "",
    }


def pid_cpu_seconds(pid: int) -> float:
    """User+system CPU seconds of one live process (a PostgreSQL backend, here)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pg_database_cpu_seconds(database: str) -> float:
    """CPU of the live PostgreSQL backends connected to `database`."""
    return sum(
        cpu for _, comm, cpu, cmdline in _proc_cpu()
        if comm.startswith("postgres") and f" {database} " in cmdline
    )  # fmt: skip


# --- phases (child processes with Django configured for one database) ------------------------


def phase_ingest(payload: dict) -> dict:
    django_setup()
    from motcua.outbox.gcpause import gc_paused
    from motcua.sync.services import ingest_apply, ingest_parse

    events, batch_size = payload["events"], payload["batch_size"]
    province = payload.get("province", PROVINCE)
    dossiers = max(batch_size, events // 4)
    start = datetime(2026, 3, 2, 2, tzinfo=UTC)
    bodies = []
    for first in range(0, events, batch_size):
        items = []
        for index in range(first, min(events, first + batch_size)):
            number, seq = index % dossiers, index // dossiers + 1
            doc = event_doc(code=f"H31.12-260302-{number:07d}", seq=seq, at=start)
            doc["event_id"] = str(uuid.uuid4())
            items.append(doc)
        bodies.append(
            json.dumps(
                {"v": 1, "province": province, "batch_id": str(uuid.uuid4()),
                 "sent_at": start.isoformat(), "events": items}
            ).encode()
        )  # fmt: skip
    log(f"  {len(bodies)} batches of {batch_size} encoded; ingesting")
    from django.db import connection

    backend_pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_pid = cursor.fetchone()[0]
    pg_before = pid_cpu_seconds(backend_pid) if backend_pid else 0.0
    cpu_before = time.process_time()
    if "start_at" in payload:  # concurrent streams start together (wall clock)
        time.sleep(max(0.0, payload["start_at"] - time.time()))
    wall_start = time.time()
    started = time.perf_counter()
    applied = 0
    for body in bodies:
        with gc_paused():  # as the hub's ingest view does around parse + apply
            parsed = ingest_parse(body=body, province=province)
            applied += ingest_apply(province=province, batch=parsed.batch).applied
    elapsed = time.perf_counter() - started
    return {
        "wall_start": wall_start,
        "wall_end": time.time(),
        "events": events,
        "applied": applied,
        "seconds": elapsed,
        "cpu_python": time.process_time() - cpu_before,
        "cpu_pg": (pid_cpu_seconds(backend_pid) - pg_before) if backend_pid else 0.0,
    }


def phase_backlog_fill(payload: dict) -> dict:
    django_setup()
    from django.utils import timezone

    from motcua.outbox.models import OutboxKeySequence, OutboxMessage

    total = payload["backlog"]
    dossiers = total // EVENTS_PER_DOSSIER
    now = timezone.now()
    outage_start = now - timedelta(hours=24)
    step = timedelta(hours=24) / total
    started = time.perf_counter()
    rows = []
    for index in range(total):
        number, seq = index % dossiers, index // dossiers + 1
        at = outage_start + step * index
        rows.append(
            OutboxMessage(
                destination="hub", kind="dossier.event", key=f"H31.12-260302-{number:07d}",
                sequence=seq, payload=event_doc(code=f"H31.12-260302-{number:07d}", seq=seq, at=at),
                created_at=at, available_at=at,
            )
        )  # fmt: skip
        if len(rows) == 5000:
            OutboxMessage.objects.bulk_create(rows)
            rows = []
    if rows:
        OutboxMessage.objects.bulk_create(rows)
    OutboxKeySequence.objects.bulk_create(
        [
            OutboxKeySequence(
                destination="hub", key=f"H31.12-260302-{n:07d}", last_sequence=EVENTS_PER_DOSSIER
            )
            for n in range(dossiers)
        ],
        batch_size=5000,
    )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE outbox_outboxmessage")
    return {"rows": total, "seconds": time.perf_counter() - started}


def phase_drain(payload: dict) -> dict:
    django_setup()
    from motcua.outbox.models import OutboxMessage
    from motcua.outbox.services import outbox_drain

    pending = OutboxMessage.objects.filter(destination="hub", state="pending")
    total = pending.count()
    results: list = []

    backend_cpu: list[float] = []

    def drainer(n: int) -> None:
        from django.db import connection

        delivered = 0
        while True:
            report = outbox_drain(
                destination="hub", worker_id=f"bench-{n}", budget_s=5.0,
                batch_size=payload["batch_size"], schedule_next=False,
            )  # fmt: skip
            delivered += report.delivered
            if not report.passes:
                break
        results.append(delivered)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_cpu.append(pid_cpu_seconds(cursor.fetchone()[0]))
        connection.close()

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    threads = [threading.Thread(target=drainer, args=(n,)) for n in range(payload["drainers"])]
    for thread in threads:
        thread.start()
    last_log = time.perf_counter()
    while any(t.is_alive() for t in threads):
        time.sleep(0.5)
        if time.perf_counter() - last_log > 10:
            log(f"  pending {pending.count()}")
            last_log = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    left = pending.count()
    dead = OutboxMessage.objects.filter(destination="hub", state="dead").count()
    return {
        "total": total,
        "delivered": sum(results),
        "left": left,
        "dead": dead,
        "seconds": elapsed,
        "cpu_province_python": cpu_after.ru_utime
        + cpu_after.ru_stime
        - cpu_before.ru_utime
        - cpu_before.ru_stime,
        "cpu_province_pg": sum(backend_cpu),
    }


def phase_hub_check(payload: dict) -> dict:
    django_setup()
    from django.db.models import Max, Sum

    from motcua.sync.models import AppliedEvent, IngestLog, ReplicaDossier

    return {
        "applied_events": AppliedEvent.objects.count(),
        "replicas": ReplicaDossier.objects.count(),
        "max_seq": ReplicaDossier.objects.aggregate(m=Max("event_seq"))["m"],
        "applied": IngestLog.objects.aggregate(s=Sum("applied"))["s"],
        "duplicates": IngestLog.objects.aggregate(s=Sum("duplicates"))["s"],
    }


PHASES = {
    "ingest": phase_ingest,
    "backlog_fill": phase_backlog_fill,
    "drain": phase_drain,
    "hub_check": phase_hub_check,
}


# --- orchestration -----------------------------------------------------------------------------


def bench_ingest(db: str, events: int, batch_size: int) -> float:
    if db == "pg":
        name = "motcua_bench_sync_ingest"
        url = pg_scratch(name)
    else:
        url = sqlite_scratch(Path(tempfile.gettempdir()) / "motcua_bench_sync_ingest.sqlite3")
    env = django_env(url, MOTCUA_ROLE="hub")
    try:
        log(f"ingest on {db}: migrating")
        manage(env, "migrate", "--noinput", "-v", "0")
        result = run_phase(
            Path(__file__), env, "ingest", {"events": events, "batch_size": batch_size}
        )
    finally:
        if db == "pg":
            pg_drop(name)
    rate = result["events"] / result["seconds"]
    per_k = 1000 / result["events"]
    log(f"ingest on {db}: {result['events']} events in {result['seconds']:.2f}s = {rate:,.0f}/s "
        f"(applied {result['applied']}); CPU per 1,000 events: python "
        f"{result['cpu_python'] * per_k * 1000:.0f} ms, PostgreSQL backend "
        f"{result['cpu_pg'] * per_k * 1000:.0f} ms; load {os.getloadavg()[0]:.2f}")  # fmt: skip
    assert result["applied"] == result["events"], "every event is new and newer: all applied"
    return rate


def bench_ingest_concurrent(events: int, batch_size: int, streams: int) -> float:
    """The hub's capacity: `streams` provinces pushing at once (the hub runs several web
    workers; provinces never share dossiers), PostgreSQL. Events per second over the wall
    time from the first start to the last end."""
    name = "motcua_bench_sync_ingest_n"
    env = django_env(pg_scratch(name), MOTCUA_ROLE="hub")
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        start_at = time.time() + 15  # after each stream has encoded its batches
        payloads = [
            {
                "events": events // streams,
                "batch_size": batch_size,
                "province": f"{33 + i:02d}",
                "start_at": start_at,
            }
            for i in range(streams)
        ]
        with ThreadPoolExecutor(streams) as pool:
            results = list(
                pool.map(lambda p: run_phase(Path(__file__), env, "ingest", p), payloads)
            )
    finally:
        pg_drop(name)
    total = sum(r["events"] for r in results)
    assert sum(r["applied"] for r in results) == total
    wall = max(r["wall_end"] for r in results) - min(r["wall_start"] for r in results)
    rate = total / wall
    log(f"ingest on pg, {streams} provinces at once: {total} events in {wall:.2f}s = "
        f"{rate:,.0f}/s; load {os.getloadavg()[0]:.2f}")  # fmt: skip
    return rate


def bench_drain(backlog: int, batch_size: int, hub_workers: int, drainers: int) -> float:
    hub_name, province_name = "motcua_bench_sync_hub", "motcua_bench_sync_province"
    hub_env = django_env(pg_scratch(hub_name), MOTCUA_ROLE="hub", SECRET_KEY="bench-hub")
    proc = None
    try:
        log("drain: migrating hub and province")
        manage(hub_env, "migrate", "--noinput", "-v", "0")
        secret = manage(hub_env, "hub_credential_create", "--province", PROVINCE).strip()
        province_env = django_env(
            pg_scratch(province_name),
            MOTCUA_PROVINCE=PROVINCE,
            MOTCUA_HUB_SECRET=secret,
            MOTCUA_HUB_URL="http://placeholder",  # replaced once the hub is up
        )
        manage(province_env, "migrate", "--noinput", "-v", "0")
        log(f"drain: bulk-inserting {backlog:,} outbox rows (24 h outage)")
        fill = run_phase(Path(__file__), province_env, "backlog_fill", {"backlog": backlog})
        log(f"drain: filled in {fill['seconds']:.1f}s")
        proc, base = server_start(hub_env, ServerConfig(workers=hub_workers))
        province_env["MOTCUA_HUB_URL"] = base
        log(f"drain: hub at {base} ({hub_workers} workers); draining with {drainers} drainer(s)")
        hub_cpu, hub_pg_cpu = process_group_cpu_seconds(proc.pid), pg_database_cpu_seconds(hub_name)
        busy, load = _machine_busy_seconds(), os.getloadavg()[0]
        result = run_phase(
            Path(__file__), province_env, "drain", {"batch_size": batch_size, "drainers": drainers}
        )
        busy = _machine_busy_seconds() - busy
        hub_cpu = process_group_cpu_seconds(proc.pid) - hub_cpu
        hub_pg_cpu = pg_database_cpu_seconds(hub_name) - hub_pg_cpu
        per_k = 1000 / backlog
        log(
            f"drain CPU per 1,000 events (s): province python {result['cpu_province_python'] * per_k:.3f}"
            f", province PG {result['cpu_province_pg'] * per_k:.3f}, hub gunicorn {hub_cpu * per_k:.3f}"
            f", hub PG {hub_pg_cpu * per_k:.3f}; machine busy {busy * per_k:.3f}"
            f" ({busy / result['seconds']:.2f} cores of {os.cpu_count()}); load {load:.2f} → "
            f"{os.getloadavg()[0]:.2f}"
        )
        check = run_phase(Path(__file__), hub_env, "hub_check", {})
        log(f"drain: {result} hub: {check}")
        assert result["left"] == 0 and result["dead"] == 0, "backlog fully delivered"
        assert check["applied_events"] == backlog, "every event reached the hub exactly once"
    finally:
        if proc is not None:
            server_stop(proc)
        pg_drop(hub_name)
        pg_drop(province_name)
    return result["seconds"] * FULL_BACKLOG / backlog


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--db", choices=["pg", "sqlite", "both", "none"], default="both")
    parser.add_argument("--ingest-events", type=int)
    parser.add_argument("--backlog", type=int)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--hub-workers", type=int, default=2)
    parser.add_argument("--drainers", type=int, default=2)
    parser.add_argument(
        "--ingest-streams",
        type=int,
        default=2,
        help="also measure this many provinces pushing at once (PostgreSQL; 1 turns it off)",
    )
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](json.loads(sys.stdin.read() or "{}"))))
        return 0
    events = args.ingest_events or (50_000 if args.quick else 200_000)
    backlog = args.backlog or (50_000 if args.quick else FULL_BACKLOG)
    have_pg = pg_available()
    rates = {}
    for db in {"both": ["pg", "sqlite"], "none": []}.get(args.db, [args.db]):
        if db == "pg" and not have_pg:
            log("PostgreSQL not reachable: skipping it")
            continue
        rates[db] = bench_ingest(db, events, args.batch_size)
    concurrent = None
    if have_pg and args.db in ("pg", "both") and args.ingest_streams > 1:
        concurrent = bench_ingest_concurrent(events, args.batch_size, args.ingest_streams)
    drain_s = None
    if have_pg:
        drain_s = bench_drain(backlog, args.batch_size, args.hub_workers, args.drainers)
    else:
        log("PostgreSQL not reachable: backlog drain skipped")
    headline = rates.get("pg", rates.get("sqlite"))
    if headline is not None:
        print(f"BENCH hub_ingest_per_s {headline:.0f} events/s")
    if concurrent is not None:
        print(f"BENCH hub_ingest_{args.ingest_streams}_provinces_per_s {concurrent:.0f} events/s")
    if "sqlite" in rates:
        print(f"BENCH hub_ingest_sqlite_per_s {rates['sqlite']:.0f} events/s")
    if drain_s is not None:
        print(f"BENCH backlog_drain_s {drain_s:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
