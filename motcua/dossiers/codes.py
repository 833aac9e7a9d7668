"""Dossier codes: `{e-ID of the resolving agency}-{YYMMDD}-{daily sequence, ≥ 4 digits}`.

TT 03/2025/TT-VPCP Art. 13 (DOMAIN.md §2.2). The sequence comes from one counter row per agency
and day, incremented with a single `UPDATE … RETURNING` inside the intake transaction: on
PostgreSQL the row lock serialises concurrent intakes until commit; on SQLite the IMMEDIATE
transaction already holds the write lock. A rolled-back intake gives its number back.
"""

from datetime import date, datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from motcua.dossiers.models import DossierCodeCounter

_TABLE = DossierCodeCounter._meta.db_table


def dossier_code_format(*, agency_eid: str, day: date, sequence: int) -> str:
    return f"{agency_eid}-{day:%y%m%d}-{sequence:04d}"


def _increment(agency_eid: str, day: date) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_TABLE} SET last = last + 1 WHERE agency_eid = %s AND day = %s RETURNING last",
            [agency_eid, day],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def dossier_code_allocate(*, agency_eid: str, received_at: datetime) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossier codes are allocated inside the intake transaction")
    day = timezone.localdate(received_at)
    sequence = _increment(agency_eid, day)
    if sequence is None:
        try:
            with transaction.atomic():
                DossierCodeCounter.objects.create(agency_eid=agency_eid, day=day, last=1)
            sequence = 1
        except IntegrityError:
            # Another intake created today's counter first.
            sequence = _increment(agency_eid, day)
    return dossier_code_format(agency_eid=agency_eid, day=day, sequence=sequence)
