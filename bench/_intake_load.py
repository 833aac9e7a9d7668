"""The intake benchmark's load generators (no Django in this process): logged-in sessions,
an async httpx driver and a wrk driver, each counting only acknowledged (201) submissions."""

import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    CpuSnapshot,
    log,
    percentile,
)
from _intake_phases import BENCH_PASSWORD, CORES, PG_DB_NAME, PROCEDURE_CODE

INTAKE_PATH = "/api/dossiers/intake"


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
