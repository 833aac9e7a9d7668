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
import itertools
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    ServerConfig,
    django_env,
    django_setup,
    log,
    manage,
    pg_available,
    pg_drop,
    pg_scratch,
    run_phase,
    server_start,
    server_stop,
    sqlite_scratch,
)
from _intake_load import (
    RunResult,
    login_many,
    run_httpx,
    run_wrk,
)
from _intake_phases import CORES, MONITOR, OFFICER, PG_DB_NAME, PHASES

SCRIPT = Path(__file__).resolve()
SQLITE_PATH = Path(tempfile.gettempdir()) / "motcua_bench.sqlite3"
# Measured on the 2-core machine (docs/benchmarks/intake.md): sync workers, 2 × cores + 1.
DEFAULT_WORKERS = 2 * CORES + 1


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
