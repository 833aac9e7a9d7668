"""Indicators benchmark on PostgreSQL: rebuild time, dashboard latency, incremental cost.

    .venv/bin/python bench/indicators.py [--quick] [--dossiers N] [--samples N] [--keep]

Builds the scratch database `motcua_bench_ind` (dropped and created; `--keep` leaves it),
migrates, runs `load_demo` (Hưng Yên: agencies, catalog), generates `--dossiers` dossiers with
bench/generate.py (COPY), then in child processes:

1. rebuild: `rollups_rebuild(province="33")` from scratch, timed (BENCH rebuild_s);
2. dashboard: the province monitor's `/chi-so/` page through Django's test client (all
   queries + template), for random units (province, departments, communes), fields and
   periods (month, quarter, year, custom); p50/p95 over `--samples` (BENCH dashboard_p95_ms);
3. incremental: N open dossiers are finished in SQL, their outbox payloads built with
   `events.event_payload`, and `indicators_handle` applies them in batches of 100 (the
   handler's own cost: lookups, state rows, upserts; BENCH rollup_update_us_per_event);
4. verify: `rollups_rebuild(verify=True)` proves incremental == rebuild at that size.

`--quick` (20 000 dossiers, 60 samples) finishes in about a minute on an idle machine.
Progress on stderr; BENCH lines last on stdout.
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    ROOT,
    django_env,
    django_setup,
    log,
    manage,
    percentile,
    pg_drop,
    pg_scratch,
    pg_url,
    run_phase,
)

DB_NAME = "motcua_bench_ind"
SCRIPT = Path(__file__).resolve()


def phase_generate(payload: dict) -> dict:
    django_setup()
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    return generate(
        province="33",
        count=payload["dossiers"],
        end=__import__("datetime").date.fromisoformat(payload["end"]),
        seed=7,
    )


def phase_rebuild(payload: dict) -> dict:
    django_setup()
    from django.db import connection

    from motcua.indicators.rebuild import progress_bar, rollups_rebuild

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE") if connection.get_autocommit() else None
    report = rollups_rebuild(
        province="33", verify=payload.get("verify", False), progress=progress_bar
    )
    with connection.cursor() as cursor:
        for table in (
            "indicators_dailyrollup",
            "indicators_monthlyrollup",
            "indicators_openrollup",
            "indicators_dossierindicatorstate",
        ):
            cursor.execute(f"ANALYZE {table}")
    return {
        "seconds": round(report.seconds, 2),
        "dossiers": report.dossiers,
        "daily_rows": report.daily_rows,
        "open_rows": report.open_rows,
        "differences": report.differences,
        "steps": report.steps,
    }


def phase_dashboard(payload: dict) -> dict:
    django_setup()
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from motcua.accounts.models import StaffMembership, User
    from motcua.agencies.models import Agency
    from motcua.procedures.models import Field

    user, _ = User.objects.get_or_create(username="bench-monitor")
    center = Agency.objects.filter(province_code="33").order_by("pk").first()
    StaffMembership.objects.get_or_create(user=user, agency=center, role="monitor")
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    rng = random.Random(3)
    agencies = list(
        Agency.objects.filter(province_code="33").values_list("pk", "admin_unit_id", "level")
    )
    fields = list(Field.objects.values_list("code", flat=True))
    end = __import__("datetime").date.fromisoformat(payload["end"])
    timings, queries, kinds, kind_sql, kind_queries = [], [], {}, {}, {}
    for i in range(payload["samples"] + 5):
        params = {}
        r = rng.random()
        if r < 0.3:
            kind = "province"
        elif r < 0.65:
            pk, _, _ = rng.choice(agencies)
            params["unit"], kind = f"agency:{pk}", "agency"
        else:
            _, unit, _ = rng.choice([a for a in agencies if a[2] == "commune"] or agencies)
            params["unit"], kind = f"commune:{unit}", "commune"
        p = rng.random()
        month = rng.randint(1, 12)
        year = end.year if month <= end.month else end.year - 1
        if p < 0.4:
            params.update(period="month", year=year, month=month)
        elif p < 0.65:
            params.update(
                period="quarter", year=end.year, quarter=rng.randint(1, (end.month - 1) // 3 + 1)
            )
        elif p < 0.85:
            params.update(period="year", year=end.year)
        else:
            first = end - __import__("datetime").timedelta(days=rng.randint(10, 300))
            params.update(period="custom", **{"from": first.isoformat(), "to": end.isoformat()})
        if fields and rng.random() < 0.4:
            params["field"] = rng.choice(fields)
        cache.clear()  # every sample is a cache miss (the province page is cached 60 s)
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/chi-so/", params)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (response.status_code, params)
        if i >= 5:  # warm-up
            timings.append(elapsed)
            queries.append(len(captured))
            kinds.setdefault(kind, []).append(elapsed)
            sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
            kind_sql.setdefault(kind, []).append(sql_ms)
            kind_queries.setdefault(kind, []).append(len(captured))
    return {
        "p50_ms": round(percentile(timings, 50), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "max_ms": round(max(timings), 1),
        "queries_max": max(queries),
        "by_unit_p95_ms": {k: round(percentile(v, 95), 1) for k, v in kinds.items()},
        # per unit kind: p50 / p95 of the page, median SQL time (the rest is Python) and queries
        "by_unit": {
            k: {
                "samples": len(v),
                "p50_ms": round(percentile(v, 50), 1),
                "p95_ms": round(percentile(v, 95), 1),
                "sql_p50_ms": round(percentile(kind_sql[k], 50), 1),
                "queries_max": max(kind_queries[k]),
            }
            for k, v in sorted(kinds.items())
        },
    }


def phase_incremental(payload: dict) -> dict:
    django_setup()
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from motcua.dossiers.events import event_payload
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.indicators.services import placed_from_payloads, rollup_apply

    now = timezone.now()
    open_ids = list(
        Dossier.objects.filter(status__in=(2, 4, 6)).values_list("pk", flat=True)[
            : payload["events"]
        ]
    )
    with transaction.atomic():
        Dossier.objects.filter(pk__in=open_ids).update(
            status=9, finished_at=now, result_code="KQ-bench", event_count=F("event_count") + 1
        )
    dossiers = Dossier.objects.filter(pk__in=open_ids).select_related(
        "procedure", "procedure__field", "handling_agency", "receiving_agency"
    )
    payloads = []
    for d in dossiers:
        event = DossierEvent(
            dossier=d, seq=d.event_count, action="sign", at=now, to_status=9, from_status=4
        )
        payloads.append(json.loads(json.dumps(event_payload(dossier=d, event=event))))
    started = time.perf_counter()
    applied = 0
    for i in range(0, len(payloads), 100):
        applied += rollup_apply(placed=placed_from_payloads(payloads[i : i + 100]))
    seconds = time.perf_counter() - started
    again = time.perf_counter()
    for i in range(0, len(payloads), 100):
        rollup_apply(placed=placed_from_payloads(payloads[i : i + 100]))  # redelivered: no change
    return {
        "events": len(payloads),
        "applied": applied,
        "us_per_event": round(seconds / max(1, len(payloads)) * 1e6),
        "redelivered_us_per_event": round(
            (time.perf_counter() - again) / max(1, len(payloads)) * 1e6
        ),
    }


def dossier_count(env: dict) -> int:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        return conn.execute("SELECT COUNT(*) FROM dossiers_dossier").fetchone()[0]


PHASES = {
    "generate": phase_generate,
    "rebuild": phase_rebuild,
    "dashboard": phase_dashboard,
    "incremental": phase_incremental,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--dossiers", type=int, default=None)
    parser.add_argument("--samples", type=int, default=None)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--end", default="2026-11-28")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--db-name", default=DB_NAME, help="scratch database name")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the scratch database of an earlier --keep run (migrate, no load or generate)",
    )
    parser.add_argument(
        "--phases",
        default="rebuild,dashboard,incremental,verify",
        help="comma-separated subset of rebuild,dashboard,incremental,verify",
    )
    args = parser.parse_args()
    if args.phase:
        result = PHASES[args.phase](json.loads(sys.stdin.read() or "{}"))
        print(json.dumps(result))
        return
    dossiers = args.dossiers or (20_000 if args.quick else 10_000_000)
    samples = args.samples or (60 if args.quick else 300)
    events = min(args.events, 500) if args.quick else args.events
    phases = set(args.phases.split(","))
    db_name = args.db_name
    url = pg_url(db_name) if args.reuse else pg_scratch(db_name)
    env = django_env(url, MOTCUA_PROVINCE="33")
    try:
        started = time.perf_counter()
        manage(env, "migrate", "--noinput", "-v", "0", "--skip-checks")
        manage(env, "collectstatic", "--noinput", "-v", "0")  # pages render with DEBUG off
        gen = {"dossiers": dossier_count(env), "rows_per_s": "-"} if args.reuse else None
        if gen is None or not gen["dossiers"]:
            demo_env = {**env, "DEBUG": "1"}
            try:
                manage(demo_env, "load_demo", "--skip-checks")
            except RuntimeError:  # the demo signs its sample results: it needs the demo PKI
                manage(
                    demo_env, "demo_pki", "--trust", "--out", f"/tmp/{db_name}-pki", "--skip-checks"
                )
                manage(demo_env, "load_demo", "--skip-checks")
            log(f"scratch database ready in {time.perf_counter() - started:.1f} s")
            gen = run_phase(
                SCRIPT, env, "generate", {"dossiers": dossiers, "end": args.end}, timeout=7200
            )
        log(f"generate: {gen}")
        print(f"BENCH dossiers {gen['dossiers']}")
        if gen["rows_per_s"] != "-":
            print(f"BENCH generate_rows_per_s {gen['rows_per_s']} rows/s")
        if "rebuild" in phases:
            rebuild = run_phase(SCRIPT, env, "rebuild", {}, timeout=7200)
            log(f"rebuild: {rebuild}")
            print(f"BENCH rebuild_s {rebuild['seconds']} s")
        if "dashboard" in phases:
            dash = run_phase(SCRIPT, env, "dashboard", {"samples": samples, "end": args.end})
            log(f"dashboard: {dash}")
            print(f"BENCH dashboard_p95_ms {dash['p95_ms']} ms")
            print(f"BENCH dashboard_p50_ms {dash['p50_ms']} ms")
        if "incremental" in phases:
            inc = run_phase(SCRIPT, env, "incremental", {"events": events})
            log(f"incremental: {inc}")
            print(f"BENCH rollup_update_us_per_event {inc['us_per_event']} us")
        if "verify" in phases:
            verify = run_phase(SCRIPT, env, "rebuild", {"verify": True}, timeout=7200)
            log(f"verify: {verify}")
            print(f"BENCH verify_differences {len(verify['differences'])}")
    finally:
        if not args.keep:
            pg_drop(db_name)


if __name__ == "__main__":
    main()
