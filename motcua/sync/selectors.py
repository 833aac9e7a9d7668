"""Province-side reads for sync: dossier digest lines and the latest event of a dossier.

Sync reads the dossiers app only here (and through `dossiers.events.event_payload`).
"""

from collections.abc import Iterable

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.sync.contract import day_key
from motcua.sync.digest import Line, digest_day


def dossier_lines(*, agency: str | None = None) -> Iterable[Line]:
    """Every dossier of this node as a digest line (optionally of one handling agency)."""
    dossiers = Dossier.objects.all()
    if agency is not None:
        dossiers = dossiers.filter(handling_agency__eid=agency)
    for code, status, seq, agency_eid, submitted_at, received_at in (
        dossiers.values_list(
            "code", "status", "event_count", "handling_agency__eid", "submitted_at", "received_at"
        )
        .order_by()
        .iterator(chunk_size=5000)
    ):
        day = day_key(digest_day(submitted_at=submitted_at, received_at=received_at))
        yield Line(agency_eid, day, code, status, seq)


def dossiers_with_latest_event(*, codes: Iterable[str]) -> list[tuple[Dossier, DossierEvent]]:
    """Each dossier among `codes` with its newest event (those without events are skipped)."""
    dossiers = Dossier.objects.filter(code__in=list(codes)).select_related(
        "procedure", "procedure__field", "receiving_agency", "handling_agency"
    )
    result = []
    for dossier in dossiers:
        event = (
            DossierEvent.objects.filter(dossier=dossier)
            .select_related("to_agency")
            .order_by("-seq")
            .first()
        )
        if event is not None:
            result.append((dossier, event))
    return result
