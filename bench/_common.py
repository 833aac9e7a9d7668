"""Shared bench helpers: scratch databases, a gunicorn server on a free loopback port,
Django-in-a-child-process phases, percentiles. Progress goes to stderr; BENCH lines to stdout.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
LOOPBACK = "127.0.0.1"

_started = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _started:7.1f}s] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


# --- scratch databases -------------------------------------------------------------------


def sqlite_scratch(path: Path) -> str:
    """A fresh SQLite file (old file and its WAL/SHM removed); returns its DATABASE_URL."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def pg_url(name: str, admin_url: str = PG_ADMIN_URL) -> str:
    return admin_url.rsplit("/", 1)[0] + "/" + name


def pg_drop(name: str, admin_url: str = PG_ADMIN_URL) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_scratch(name: str, admin_url: str = PG_ADMIN_URL) -> str:
    """Drop and create the PostgreSQL database `name`; returns its DATABASE_URL."""
    import psycopg

    pg_drop(name, admin_url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_url(name, admin_url)


def pg_available(admin_url: str = PG_ADMIN_URL) -> bool:
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=3):
            return True
    except Exception:
        return False


# --- Django in a child process ---------------------------------------------------------------


def django_env(database_url: str, **extra: str) -> dict[str, str]:
    """Environment of a production-like node on `database_url` (DEBUG off, loopback only)."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"MOTCUA_TESTING", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="bench",
        MOTCUA_SIGNING_KEY="bench-signing-key",  # production requires one; load_demo signs
        ALLOWED_HOSTS=LOOPBACK,
        DATABASE_URL=database_url,
        DB_CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def run_phase(script: Path, env: dict[str, str], phase: str, payload: dict, timeout=3600) -> dict:
    """Run `script --phase <phase>` with Django configured by `env`; JSON in on stdin, JSON
    out on the last stdout line. Keeps each database's Django settings in its own process."""
    result = subprocess.run(
        [PYTHON, str(script), "--phase", phase],
        cwd=ROOT,
        env=env,
        input=json.dumps(payload),
        stdout=subprocess.PIPE,
        stderr=None,  # progress of the phase goes straight to our stderr
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"phase {phase} failed (exit {result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def django_setup() -> None:
    """For phase processes: configure Django from the environment run_phase gave us."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- gunicorn ------------------------------------------------------------------------------


@dataclass
class ServerConfig:
    workers: int = 5
    worker_class: str = "sync"  # or "gthread"
    threads: int = 1
    backlog: int = 2048

    def label(self) -> str:
        if self.worker_class == "gthread":
            return f"gunicorn {self.workers} gthread workers × {self.threads} threads"
        return f"gunicorn {self.workers} {self.worker_class} workers"


def server_start(
    env: dict[str, str], config: ServerConfig, *, port: int | None = None, timeout: float = 60
) -> tuple[subprocess.Popen, str]:
    """Start gunicorn (config.wsgi) in its own process group; wait until it answers."""
    port = port or free_port()
    args = [
        GUNICORN,
        "config.wsgi",
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        str(config.workers),
        "--worker-class",
        config.worker_class,
        "--backlog",
        str(config.backlog),
        "--log-level",
        "warning",
        "--timeout",
        "120",
        "--keep-alive",
        "30",
        # gunicorn ≥ 25 opens ~/.gunicorn/gunicorn.ctl by default, shared by every gunicorn of
        # the user: parallel servers (other benches, tests) would fight over it.
        "--no-control-socket",
        # Import Django once in the master and fork: workers boot in a fraction of the time
        # (connections are opened lazily, in the workers, so none is shared across the fork).
        "--preload",
    ]
    if config.worker_class == "gthread":
        args += ["--threads", str(config.threads)]
    proc = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://{LOOPBACK}:{port}"
    deadline = time.monotonic() + timeout
    import httpx

    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/health/", timeout=2).status_code < 500:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server_stop(proc)
    raise RuntimeError("gunicorn did not answer in time")


def server_stop(proc: subprocess.Popen, *, grace: float = 10) -> None:
    """TERM the whole process group, KILL it if it lingers."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


@contextlib.contextmanager
def server_running(env: dict[str, str], config: ServerConfig) -> Iterator[str]:
    proc, base = server_start(env, config)
    try:
        yield base
    finally:
        server_stop(proc)


def _proc_cpu() -> list[tuple[int, str, float, str]]:
    """(process group, command name, user+system CPU seconds, command line) of every live
    process."""
    tick = os.sysconf("SC_CLK_TCK")
    rows = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            cmdline = ""
        fields = stat.rsplit(")", 1)[1].split()
        # after the command: state ppid pgrp … utime(11) stime(12)
        rows.append((int(fields[2]), comm, (int(fields[11]) + int(fields[12])) / tick, cmdline))
    return rows


def process_group_cpu_seconds(pgid: int) -> float:
    """User+system CPU of every live process in `pgid`, for cost per request."""
    return sum(cpu for group, _, cpu, _ in _proc_cpu() if group == pgid)


def _machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (/proc/stat; idle and iowait excluded)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields[:8]) - fields[3] - fields[4]) / tick


@dataclass
class CpuSnapshot:
    machine: float
    server: float
    postgres: float
    client: float

    @classmethod
    def take(cls, server_pgid: int, client_cpu: float, pg_database: str = "") -> "CpuSnapshot":
        """`pg_database`: count only PostgreSQL backends of that database (other databases
        on the shared server belong to other work), plus the shared WAL writer."""
        rows = _proc_cpu()
        return cls(
            machine=_machine_busy_seconds(),
            server=sum(cpu for group, _, cpu, _ in rows if group == server_pgid),
            postgres=sum(
                cpu
                for _, comm, cpu, cmdline in rows
                if comm.startswith("postgres")
                and pg_database
                and (f" {pg_database} " in cmdline or "walwriter" in cmdline)
            ),
            client=client_cpu,
        )

    def minus(self, before: "CpuSnapshot") -> "CpuSnapshot":
        return CpuSnapshot(
            machine=self.machine - before.machine,
            server=self.server - before.server,
            postgres=self.postgres - before.postgres,
            client=self.client - before.client,
        )

    @property
    def others(self) -> float:
        """CPU that neither the server, PostgreSQL nor the load generator used: other work on
        the machine competing with the benchmark (shared machine)."""
        return max(0.0, self.machine - self.server - self.postgres - self.client)
