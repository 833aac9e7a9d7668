"""Reconciliation digests: per bucket, a count and a SHA-256 of the items' states.

Three streams (contract v1.3; `contract.DIGEST_STREAMS`), each bucketed by what both sides know:

* dossier: a line `code:status:event_seq`, bucket (handling agency e-ID, the local date of
  submission or else reception);
* feedback (PAKN): a line `reference:event_seq`, bucket (handling agency e-ID, the local date
  of first reception);
* rating: a line `dossier code:event_seq` (the rating's revision), bucket ("-", the local date
  it was last rated): a rating event carries no agency, and borrowing the dossier replica's
  would make the rating digest depend on the dossier stream.

`event_seq` orders each stream, so a line differs whenever the hub is behind. The province
computes lines from its own tables (selectors.py), the hub from its replicas (here); equal
text means converged. Buckets, lines and the text are sorted, so the output is stable across
runs, databases and hosts.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from motcua.core.errors import ApplicationError
from motcua.sync.contract import DigestLineV1, DigestRowV1, day_key
from motcua.sync.models import ReplicaDossier, ReplicaFeedback, ReplicaRating

DIGEST_HEADER = "# motcua sync digest v1"
DOSSIER_STREAM = "dossier"
NO_AGENCY = "-"  # the agency of a rating's bucket: rating events name none


def local_day(moment: datetime | None) -> date | None:
    """The date of `moment` in the country's time zone."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def digest_day(*, submitted_at: datetime | None, received_at: datetime | None) -> date | None:
    """A dossier's bucket date: submission day, else reception day, in the country's time zone."""
    return local_day(submitted_at or received_at)


@dataclass(frozen=True)
class Line:
    agency: str
    day: str
    code: str
    status: int | None  # dossiers only
    event_seq: int

    def text(self) -> str:
        if self.status is None:
            return f"{self.code}:{self.event_seq}"
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


def digest_text(*, province: str, rows: list[DigestRowV1], stream: str = DOSSIER_STREAM) -> str:
    """The stable text form `manage.py sync_digest` prints (the dossier header as before v1.3)."""
    header = f"{DIGEST_HEADER} province={province}"
    if stream != DOSSIER_STREAM:
        header += f" stream={stream}"
    body = [f"{row.agency} {row.day} {row.count} {row.sha256}" for row in rows]
    total = hashlib.sha256(("\n".join(body) + "\n").encode()).hexdigest()
    count = sum(row.count for row in rows)
    return "\n".join([header, *body, f"TOTAL {count} {total}"]) + "\n"


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


def _in_local_day(replicas, *, field: str, day: str):
    """The replicas whose `field` falls on the local date `day` ("-": none)."""
    if day == "-":
        return replicas.none()
    start = datetime.combine(date.fromisoformat(day), time.min, ZoneInfo(settings.TIME_ZONE))
    return replicas.filter(**{f"{field}__gte": start, f"{field}__lt": start + timedelta(days=1)})


def replica_feedback_lines(
    *, province: str, agency: str | None = None, day: str | None = None
) -> Iterable[Line]:
    """Hub side: the PAKN replicas' lines of `province` (optionally one agency-day)."""
    replicas = ReplicaFeedback.objects.filter(province=province)
    if agency is not None:
        replicas = replicas.filter(handling_agency=agency)
    if day is not None:
        replicas = _in_local_day(replicas, field="received_at", day=day)
    for agency_eid, received_at, reference, seq in replicas.values_list(
        "handling_agency", "received_at", "reference", "event_seq"
    ).iterator(chunk_size=5000):
        yield Line(agency_eid, day_key(local_day(received_at)), reference, None, seq)


def replica_rating_lines(
    *, province: str, agency: str | None = None, day: str | None = None
) -> Iterable[Line]:
    """Hub side: the rating replicas' lines of `province` (optionally one bucket)."""
    replicas = ReplicaRating.objects.filter(province=province)
    if agency not in (None, NO_AGENCY):
        replicas = replicas.none()
    if day is not None:
        replicas = _in_local_day(replicas, field="event_at", day=day)
    for rated_at, code, seq in replicas.values_list(
        "event_at", "dossier_code", "event_seq"
    ).iterator(chunk_size=5000):
        yield Line(NO_AGENCY, day_key(local_day(rated_at)), code, None, seq)


REPLICA_LINES: dict[str, Callable[..., Iterable[Line]]] = {
    "dossier": replica_lines,
    "feedback": replica_feedback_lines,
    "rating": replica_rating_lines,
}


def replica_lines_of(*, stream: str) -> Callable[..., Iterable[Line]]:
    """Hub side: the lines of `stream` (called with province and optionally agency and day);
    a stream this hub does not know is refused."""
    try:
        return REPLICA_LINES[stream]
    except KeyError:
        raise ApplicationError(
            f"Không có loại dữ liệu đối soát “{stream[:40]}”: chỉ có dossier (hồ sơ), "
            "feedback (phản ánh, kiến nghị) và rating (đánh giá hồ sơ).",
            message_en=f"Unknown digest stream '{stream[:40]}': use dossier, feedback or rating.",
            code="unknown_stream",
            status=422,
        ) from None


def lines_of_bucket(*, lines: Iterable[Line]) -> list[DigestLineV1]:
    return [
        DigestLineV1(code=line.code, status=line.status, event_seq=line.event_seq)
        for line in sorted(lines, key=lambda line: line.code)
    ]
