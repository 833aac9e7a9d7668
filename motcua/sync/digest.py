"""Reconciliation digests: per agency and day, a count and a SHA-256 of dossier states.

A dossier's line is `code:status:event_seq`; its bucket is (handling agency e-ID, the local
date of submission or else reception). The province computes lines from its dossiers, the hub
from its replica; equal text means converged. Buckets, lines and the text are sorted, so the
output is stable across runs, databases and hosts.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from motcua.sync.contract import DigestLineV1, DigestRowV1, day_key
from motcua.sync.models import ReplicaDossier

DIGEST_HEADER = "# motcua sync digest v1"


def digest_day(*, submitted_at: datetime | None, received_at: datetime | None) -> date | None:
    """The bucket date: submission day, else reception day, in the country's time zone."""
    moment = submitted_at or received_at
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


@dataclass(frozen=True)
class Line:
    agency: str
    day: str
    code: str
    status: int
    event_seq: int

    def text(self) -> str:
        return f"{self.code}:{self.status}:{self.event_seq}"


def digest_rows(*, lines: Iterable[Line]) -> list[DigestRowV1]:
    buckets: dict[tuple[str, str], list[str]] = {}
    for line in lines:
        buckets.setdefault((line.agency, line.day), []).append(line.text())
    rows = []
    for (agency, day), texts in sorted(buckets.items()):
        texts.sort()
        sha = hashlib.sha256(("\n".join(texts) + "\n").encode()).hexdigest()
        rows.append(DigestRowV1(agency=agency, day=day, count=len(texts), sha256=sha))
    return rows


def digest_text(*, province: str, rows: list[DigestRowV1]) -> str:
    """The stable text form `manage.py sync_digest` prints."""
    body = [f"{row.agency} {row.day} {row.count} {row.sha256}" for row in rows]
    total = hashlib.sha256(("\n".join(body) + "\n").encode()).hexdigest()
    count = sum(row.count for row in rows)
    return (
        "\n".join([f"{DIGEST_HEADER} province={province}", *body, f"TOTAL {count} {total}"]) + "\n"
    )


def replica_lines(
    *, province: str, agency: str | None = None, day: str | None = None
) -> Iterable[Line]:
    """Hub side: the replica's lines of `province` (optionally one agency-day)."""
    replicas = ReplicaDossier.objects.filter(province=province)
    if agency is not None:
        replicas = replicas.filter(handling_agency=agency)
    if day is not None:
        replicas = replicas.filter(day=None if day == "-" else date.fromisoformat(day))
    for agency_eid, day_value, code, status, seq in replicas.values_list(
        "handling_agency", "day", "code", "status", "event_seq"
    ).iterator(chunk_size=5000):
        yield Line(agency_eid, day_key(day_value), code, status, seq)


def lines_of_bucket(*, lines: Iterable[Line]) -> list[DigestLineV1]:
    return [
        DigestLineV1(code=line.code, status=line.status, event_seq=line.event_seq)
        for line in sorted(lines, key=lambda line: line.code)
    ]
