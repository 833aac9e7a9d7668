"""Province-side reads for sync: the digest lines of dossiers, PAKN and ratings, and the latest
event of a dossier.

Sync reads the dossiers app only here (and through `dossiers.events.event_payload`), and the
feedback app here and through its hub snapshot services.
"""

from collections.abc import Iterable

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.feedback.hub_payloads import rating_hub_seq
from motcua.feedback.models import feedback_reference
from motcua.feedback.selectors import feedback_for_hub, ratings_for_hub
from motcua.sync.contract import day_key
from motcua.sync.digest import NO_AGENCY, Line, digest_day, local_day


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


def feedback_lines() -> Iterable[Line]:
    """Every PAKN this node sends to the hub as a digest line: `reference:event_seq`, bucket
    (handling agency, local date of first reception), as the hub computes from its replica."""
    for agency_eid, received_at, pk, seq in (
        feedback_for_hub()
        .values_list("agency__eid", "received_at", "pk", "event_count")
        .order_by()
        .iterator(chunk_size=5000)
    ):
        yield Line(agency_eid, day_key(local_day(received_at)), feedback_reference(pk), None, seq)


def rating_lines() -> Iterable[Line]:
    """Every dossier rating as a digest line: `dossier code:event_seq` (the revision), bucket
    ("-", local date of the latest rating: the `at` the hub keeps)."""
    for code, rated_at, revision in (
        ratings_for_hub()
        .values_list("dossier__code", "updated_at", "revision")
        .order_by()
        .iterator(chunk_size=5000)
    ):
        yield Line(
            NO_AGENCY, day_key(local_day(rated_at)), code, None, rating_hub_seq(revision=revision)
        )


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
