"""Portal benchmark: page weight and server time of the citizen pages on old PCs and links.

    python bench/portal.py [--requests N] [--keep]

Builds a scratch SQLite node under /tmp (migrate, load_demo, the demo registers: 10,000 people
and 1,000 businesses through registry_demo_generate + registry_import), starts gunicorn
(config.wsgi, DEBUG=0, 2 sync workers) on a free loopback port, logs in as the demo citizen
033090001234 and walks the submission wizard of procedure 1.014761 (cấp lại chứng chỉ nhân
viên bức xạ): the procedure page, each of the four wizard steps, the search, tracking and
"Hồ sơ của tôi".

- page weight: bytes on the wire of the HTML with `Accept-Encoding: gzip` (GZipMiddleware),
  first load; static files (one stylesheet each for the site and the portal, cached by the
  browser with far-future headers from whitenoise) are excluded and reported separately;
- server time: wall time of N sequential GETs per page measured at the client on loopback
  (an upper bound of the server's own time), p95 over all pages.

Progress goes to stderr; the last lines on stdout are

    BENCH portal_page_kb_max <v> KB    (largest of the procedure page and the wizard steps)
    BENCH portal_p95_ms <v> ms         (all measured pages)
"""

import argparse
import os
import re
import shutil
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    ServerConfig,
    django_env,
    log,
    manage,
    percentile,
    process_group_cpu_seconds,
    server_start,
    server_stop,
    sqlite_scratch,
)

WORK = Path("/tmp/motcua-bench-portal")
CITIZEN = "033090001234"
PASSWORD = "motcua-demo-2026"
PROCEDURE = "1.014761"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GZIP = {"Accept-Encoding": "gzip"}
LIMIT_KB = 60
LIMIT_MS = 50


def _csrf(client: httpx.Client, html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else client.cookies.get("csrftoken", "")


def _post(client: httpx.Client, url: str, data: dict, files=None) -> httpx.Response:
    page = client.get(url)
    response = client.post(url, data={**data, "csrfmiddlewaretoken": _csrf(client, page.text)},
                           files=files, headers={"Referer": str(page.url)})  # fmt: skip
    if response.status_code != 302:
        raise RuntimeError(f"POST {url} → {response.status_code}: {response.text[:2000]}")
    return response


def _weight(client: httpx.Client, url: str) -> tuple[int, int]:
    """(compressed bytes on the wire, uncompressed bytes) of one first load of `url`."""
    with client.stream("GET", url, headers=GZIP) as response:
        raw = b"".join(response.iter_raw())
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} → {response.status_code}")
    return len(raw), len(httpx.get(f"{client.base_url}{url}", cookies=client.cookies).content)


def _timings(client: httpx.Client, url: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, headers=GZIP)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} → {response.status_code}")
    return times


def setup(env: dict) -> None:
    log("migrate")
    manage(env, "migrate", "--noinput")
    log("load_demo (administrative units, agencies, demo accounts, catalog)")
    manage(env, "load_demo", timeout=1800)
    log("demo registers: 10,000 people, 1,000 businesses")
    manage(env, "registry_demo_generate", "--people", "10000", "--businesses", "1000",
           "--out", str(WORK))  # fmt: skip
    manage(env, "registry_import", str(WORK / "people.csv"), str(WORK / "businesses.csv"))
    manage(env, "collectstatic", "--noinput")


def walk(base: str, n: int, pgid: int) -> dict[str, dict]:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
    _post(client, "/login/", {"username": CITIZEN, "password": PASSWORD})
    page = client.get(f"/dich-vu-cong/{PROCEDURE}/")
    start = client.post(
        f"/dich-vu-cong/{PROCEDURE}/nop/",
        data={"csrfmiddlewaretoken": _csrf(client, page.text)},
    )
    step1 = start.headers["location"]
    draft = step1.rstrip("/").rsplit("/", 1)[0]
    pages = {
        "procedure": f"/dich-vu-cong/{PROCEDURE}/",
        "search": "/dich-vu-cong/?q=cap+lai+chung+chi+buc+xa",
        "step1_applicant": f"{draft}/nguoi-nop/",
    }
    applicant_page = client.get(pages["step1_applicant"]).text
    values = dict(re.findall(r'name="(name|address|phone)"[^>]*value="([^"]*)"', applicant_page))
    _post(client, pages["step1_applicant"], {"kind": "citizen", "personal_id": CITIZEN,
          "unit_code": "11953", "email": "an@example.vn", **values})  # fmt: skip
    pages["step2_form"] = f"{draft}/to-khai/"
    _post(client, pages["step2_form"], {"f_full_name": values.get("name", "Nguyễn Văn An"),
          "f_personal_id": CITIZEN, "f_reason": "Bị mất"})  # fmt: skip
    pages["step3_documents"] = f"{draft}/giay-to/"
    _post(client, pages["step3_documents"], {},
          files={"doc0_file": ("don.pdf", PDF, "application/pdf"),
                 "doc2_file": ("anh.pdf", PDF, "application/pdf")})  # fmt: skip
    pages["step4_review"] = f"{draft}/xem-lai/"
    pages["tracking"] = "/tra-cuu/?ma=H31.12-260101-0001"
    pages["my_dossiers"] = "/cong-dan/ho-so/"
    results = {}
    for name, url in pages.items():
        compressed, plain = _weight(client, url)
        cpu_before = process_group_cpu_seconds(pgid)
        times = _timings(client, url, n)
        cpu_ms = (process_group_cpu_seconds(pgid) - cpu_before) * 1000 / n
        results[name] = {
            "kb": compressed / 1024,
            "plain_kb": plain / 1024,
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "cpu_ms": cpu_ms,
            "times": times,
        }
        log(f"{name:16} {compressed / 1024:6.1f} KB gzip ({plain / 1024:6.1f} KB plain)  "
            f"p50 {results[name]['p50']:5.1f} ms  p95 {results[name]['p95']:5.1f} ms  "
            f"server CPU {cpu_ms:5.1f} ms/request")  # fmt: skip
    static = {}
    for path in ("/static/web/site.css", "/static/portal/portal.css"):
        html = client.get(pages["procedure"]).text
        href = re.search(rf'href="([^"]*{Path(path).stem}[^"]*\.css)"', html)
        with client.stream("GET", href.group(1) if href else path, headers=GZIP) as response:
            static[path] = len(b"".join(response.iter_raw())) / 1024
    log(
        "static (cached after the first page): "
        + ", ".join(f"{k} {v:.1f} KB" for k, v in static.items())
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=None, help="GETs per page for timing")
    parser.add_argument("--quick", action="store_true", help="50 GETs per page (under a minute)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the scratch database of a --keep run"
    )
    args = parser.parse_args()
    args.requests = args.requests or (50 if args.quick else 200)
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "bench.sqlite3"
    reuse = args.reuse and database.exists()
    url = f"sqlite:///{database}" if reuse else sqlite_scratch(database)
    env = django_env(url, MEDIA_ROOT=str(WORK / "media"), MOTCUA_PROVINCE="33")
    if not reuse:
        setup(env)
    log(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    proc, base = server_start(env, ServerConfig(workers=2))
    try:
        results = walk(base, args.requests, proc.pid)
    finally:
        server_stop(proc)
    log(
        f"load average after: {os.getloadavg()[0]:.1f} (other work on the machine inflates wall time)"
    )
    weighed = ["procedure", "step1_applicant", "step2_form", "step3_documents", "step4_review"]
    page_kb_max = max(results[name]["kb"] for name in weighed)
    all_times = [t for r in results.values() for t in r["times"]]
    p95 = percentile(all_times, 95)
    cpu_max = max(r["cpu_ms"] for r in results.values())
    log(f"server CPU per request, worst page: {cpu_max:.1f} ms")
    if not args.keep:
        shutil.rmtree(WORK, ignore_errors=True)
    log(f"limits: ≤ {LIMIT_KB} KB per page, p95 ≤ {LIMIT_MS} ms")
    print(f"BENCH portal_page_kb_max {page_kb_max:.1f} KB")
    print(f"BENCH portal_p95_ms {p95:.1f} ms")


if __name__ == "__main__":
    main()
