"""Crash safety of intake, with real processes: gunicorn is SIGKILLed (master and workers) in
the middle of concurrent submissions. Rule checked: an acknowledged dossier (201) is durable —
it is in the database with its history event and outbox row, codes stay unique, the database
is sound, and after a restart the daily sequence continues without reusing an acknowledged
number (NĐ 118/2025 Art. 17: the code is the receipt the citizen holds).

SQLite always; PostgreSQL too when DATABASE_URL points at PostgreSQL (a scratch database is
created next to it and dropped afterwards).
"""

import contextlib
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "pw-test-12345"  # motcua.dossiers.tests.factories
RECEIVERS = ["ph_receiver", "kc_receiver"]  # two commune desks: two code counters
PROCEDURE = "2.000815"  # chứng thực bản sao: commune level, same day, TP1 and TP2
# The dossier tests' small world (factories.build_world), built in the scratch database:
# a second faster than load_demo, which matters on a busy 2-core machine.
# One process for both steps: each Django start-up costs seconds of CPU.
PREPARE = (
    "from django.core.management import call_command; "
    "call_command('migrate', interactive=False, verbosity=0); "
    "from motcua.dossiers.tests.factories import build_world; build_world()"
)
KILL_AFTER_ACKS = 40
CODE = re.compile(r"^(?P<prefix>.+-\d{6})-(?P<seq>\d{4,})$")

_DATABASE_URL = os.environ.get("DATABASE_URL", "")
_PG = _DATABASE_URL.startswith(("postgres://", "postgresql://"))


# --- databases -------------------------------------------------------------------------------


class SqliteDb:
    def __init__(self, tmp_path: Path):
        self.path = tmp_path / "crash.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def create(self) -> None:
        pass

    def drop(self) -> None:
        pass

    def query(self, sql: str, params=()) -> list[tuple]:
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            conn.close()


class PgDb:
    def __init__(self, tmp_path: Path):
        base = _DATABASE_URL.rsplit("/", 1)[0]
        self.name = f"motcua_crash_{os.getpid()}"
        self.admin_url = f"{base}/postgres"
        self.url = f"{base}/{self.name}"

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(statement)

    def create(self) -> None:
        self.drop()
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url, connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()


# --- processes -------------------------------------------------------------------------------


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="crash-test",
        ALLOWED_HOSTS="127.0.0.1",
        DB_CONN_MAX_AGE="60",
        MOTCUA_TESTING="1",  # fast password hasher, plain static files storage
        LOG_LEVEL="WARNING",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"manage.py {args}: {result.stdout}\n{result.stderr}"


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_start(env: dict[str, str], log_path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    log = log_path.open("ab")
    proc = subprocess.Popen(
        [
            GUNICORN,
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            # gunicorn ≥ 25 opens ~/.gunicorn/gunicorn.ctl by default: shared by every
            # gunicorn of the user, so parallel servers would fight over it.
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killpg reaches master and workers
    )
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # booting Django on a busy 2-core machine
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"gunicorn exited early:\n{log_path.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/health/", timeout=2).status_code == 200:
                return proc, base
        time.sleep(0.1)
    _kill(proc)
    pytest.fail(f"gunicorn did not answer:\n{log_path.read_text()[-3000:]}")


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


# --- HTTP ------------------------------------------------------------------------------------


def _login(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=10)
    client.get("/login/")
    client.post(
        "/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
    )
    assert "sessionid" in client.cookies, f"login of {username} failed"
    client.headers["X-CSRFToken"] = client.cookies["csrftoken"]
    return client


def _body(agency_eid: str, n: int) -> dict:
    personal_id = f"0330900{n % 100000:05d}"
    return {
        "procedure_code": PROCEDURE,
        "receiving_agency_eid": agency_eid,
        "channel": 1,
        "applicant": {"kind": "citizen", "name": "Nguyễn Văn An", "personal_id": personal_id},
        "form_data": {},
        "documents": [
            {"requirement_code": "TP1", "paper_received": True},
            {"requirement_code": "TP2", "paper_received": True},
        ],
    }


def _submit(client: httpx.Client, agency_eid: str, n: int) -> httpx.Response:
    return client.post("/api/dossiers/intake", json=_body(agency_eid, n))


def _receiver_agencies(db) -> dict[str, str]:
    rows = db.query(
        "SELECT u.username, a.eid FROM accounts_staffmembership m "
        "JOIN accounts_user u ON u.id = m.user_id JOIN agencies_agency a ON a.id = m.agency_id "
        "WHERE m.role = 'receiver' AND u.username IN (%s, %s)",
        tuple(RECEIVERS),
    )
    return dict(rows)


def _load_until_killed(base: str, agencies: dict[str, str], proc: subprocess.Popen) -> list[str]:
    """Eight threads submit until the server is gone; the server is SIGKILLed once
    KILL_AFTER_ACKS dossiers are acknowledged. Returns every acknowledged code."""
    acked: list[str] = []
    lock = threading.Lock()
    enough = threading.Event()
    numbers = iter(range(1, 10**6))
    clients = [_login(base, username) for username in RECEIVERS]

    def worker(index: int) -> None:
        username = RECEIVERS[index % len(RECEIVERS)]
        client = _login(base, username) if index >= len(clients) else clients[index]
        failures = 0
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and failures < 3:
            with lock:
                n = next(numbers)
            try:
                response = _submit(client, agencies[username], n)
            except httpx.HTTPError:
                failures += 1  # the server is gone (or going): in-flight replies are lost
                time.sleep(0.05)
                continue
            if response.status_code == 201:
                with lock:
                    acked.append(response.json()["code"])
                    if len(acked) >= KILL_AFTER_ACKS:
                        enough.set()
            else:
                failures += 1
        client.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(8)]
    for thread in threads:
        thread.start()
    assert enough.wait(timeout=20), f"only {len(acked)} dossiers acknowledged before the kill"
    os.killpg(proc.pid, signal.SIGKILL)  # master and workers at once, mid-load
    proc.wait(timeout=10)
    for thread in threads:
        thread.join(timeout=25)
        assert not thread.is_alive(), "a load thread did not stop"
    with lock:
        return list(acked)


def _yymmdd(day) -> str:
    """A counter's day as in codes; SQLite answers text, PostgreSQL a date."""
    text = day if isinstance(day, str) else day.isoformat()
    return text[2:4] + text[5:7] + text[8:10]


# --- the test --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "backend",
    [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not _PG, reason="DATABASE_URL is not PostgreSQL"),
        ),
    ],
)
def test_acknowledged_dossiers_survive_sigkill_of_the_server(backend, tmp_path):
    db = SqliteDb(tmp_path) if backend == "sqlite" else PgDb(tmp_path)
    env = _env(db.url)
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    log_path = tmp_path / "gunicorn.log"
    proc = None
    db.create()
    try:
        _manage(env, "shell", "-c", PREPARE)
        agencies = _receiver_agencies(db)
        assert set(agencies) == set(RECEIVERS)

        proc, base = _server_start(env, log_path)
        acked = _load_until_killed(base, agencies, proc)

        # Every acknowledged dossier is there, once, with its history event and outbox row.
        assert len(acked) == len(set(acked)), "a code was acknowledged twice"
        rows = db.query(
            "SELECT d.code, "
            "(SELECT count(*) FROM dossiers_dossierevent e WHERE e.dossier_id = d.id), "
            "(SELECT count(*) FROM outbox_outboxmessage o WHERE o.key = d.code) "
            "FROM dossiers_dossier d"
        )
        stored = {code: (events, outbox) for code, events, outbox in rows}
        missing = [code for code in acked if code not in stored]
        assert not missing, f"acknowledged but lost in the crash: {missing}"
        # One history event, and one outbox row per destination (the server shares our env).
        expected = (1, len(settings.MOTCUA_DOSSIER_EVENT_DESTINATIONS))
        for code in acked:
            assert stored[code] == expected, f"{code}: (events, outbox rows) = {stored[code]}"
        duplicates = db.query(
            "SELECT code, count(*) FROM dossiers_dossier GROUP BY code HAVING count(*) > 1"
        )
        assert duplicates == []
        if backend == "sqlite":
            assert db.query("PRAGMA integrity_check") == [("ok",)]
        # No counter is behind the codes it has handed out (else a number would be reused).
        counters = {
            f"{eid}-{_yymmdd(day)}": last
            for eid, day, last in db.query(
                "SELECT agency_eid, day, last FROM dossiers_dossiercodecounter"
            )
        }
        highest: dict[str, int] = {}
        for code in stored:
            match = CODE.match(code)
            assert match, f"malformed code {code}"
            prefix, seq = match["prefix"], int(match["seq"])
            highest[prefix] = max(highest.get(prefix, 0), seq)
        for prefix, seq in highest.items():
            assert counters.get(prefix, 0) >= seq, f"counter {prefix} behind its codes"

        # Restarted, the node takes dossiers again and continues each day's sequence.
        proc, base = _server_start(env, log_path)
        for username in RECEIVERS:
            client = _login(base, username)
            try:
                for n in range(3):
                    response = _submit(client, agencies[username], 900_000 + n)
                    assert response.status_code == 201, response.text
                    code = response.json()["code"]
                    assert code not in stored and code not in acked
                    match = CODE.match(code)
                    previous = highest.get(match["prefix"], 0)
                    assert int(match["seq"]) == previous + 1, (
                        f"{code} after {previous}: the sequence must continue without reuse"
                    )
                    highest[match["prefix"]] = previous + 1
            finally:
                client.close()
    finally:
        if proc is not None:
            _kill(proc)
        db.drop()
