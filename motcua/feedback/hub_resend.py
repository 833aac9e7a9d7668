"""Re-sending PAKN and ratings to the national hub: their current state as snapshots, for
what was made before the node synced to the hub or what the hub lost (`feedback_hub_resend`),
and for the keys reconciliation finds different (`sync_reconcile`). Snapshots carry the newest
sequence, so the hub applies each once and never goes back (docs/sync-contract.md)."""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from motcua.feedback.hub_payloads import (
    FEEDBACK_SNAPSHOT_KIND,
    HUB_DESTINATION,
    RATING_SNAPSHOT_KIND,
    feedback_hub_payload,
    rating_hub_key,
    rating_hub_payload,
)
from motcua.feedback.models import Feedback, Rating
from motcua.feedback.selectors import feedback_for_hub, ratings_for_hub
from motcua.feedback.services import feedback_destinations
from motcua.outbox.services import outbox_enqueue


def feedback_syncs_to_hub() -> bool:
    """Whether this node sends its PAKN and ratings to the national hub."""
    return HUB_DESTINATION in feedback_destinations()


def feedback_hub_snapshot_enqueue(*, feedback: Feedback) -> None:
    """Queue for the hub the current state of one PAKN (one of `feedback_for_hub`), marked a
    snapshot and carrying its newest sequence, so the hub applies it once and never goes back
    (docs/sync-contract.md). In the caller's transaction."""
    event = feedback.events.order_by("-seq").first()
    outbox_enqueue(
        destination=HUB_DESTINATION,
        kind=FEEDBACK_SNAPSHOT_KIND,
        key=feedback.reference,
        payload=feedback_hub_payload(
            feedback=feedback, event=event, agency_eid=feedback.agency.eid
        ),
    )


def rating_hub_snapshot_enqueue(*, rating: Rating) -> None:
    """Queue for the hub the current rating of one dossier, as a snapshot (as above)."""
    outbox_enqueue(
        destination=HUB_DESTINATION,
        kind=RATING_SNAPSHOT_KIND,
        key=rating_hub_key(dossier_code=rating.dossier.code),
        payload=rating_hub_payload(rating=rating, dossier=rating.dossier),
    )


def _hub_snapshots(feedback_rows: QuerySet[Feedback], ratings: QuerySet[Rating]) -> tuple[int, int]:
    if not feedback_syncs_to_hub():
        return 0, 0
    sent = [0, 0]
    with transaction.atomic():
        for feedback in feedback_rows.select_related("agency").order_by("pk").iterator(500):
            feedback_hub_snapshot_enqueue(feedback=feedback)
            sent[0] += 1
        for rating in (
            ratings.select_related("dossier__procedure__field").order_by("pk").iterator(500)
        ):
            rating_hub_snapshot_enqueue(rating=rating)
            sent[1] += 1
    return sent[0], sent[1]


def feedback_hub_resend(*, since: datetime | None = None) -> tuple[int, int]:
    """Queue, for the hub, the current state of every PAKN (with an agency) and every rating,
    or of those changed since `since`: what was made before the node synced to the hub, or
    what the hub lost. Returns (PAKN, ratings) queued; (0, 0) when the node does not sync to
    the hub."""
    feedback_rows, ratings = feedback_for_hub(), ratings_for_hub()
    if since is not None:
        feedback_rows = feedback_rows.filter(events__at__gte=since).distinct()
        ratings = ratings.filter(updated_at__gte=since)
    return _hub_snapshots(feedback_rows, ratings)


def feedback_hub_snapshots_enqueue(*, references: list[str]) -> int:
    """Reconciliation (sync_reconcile): queue the current state of the PAKN `references` that
    the hub lacks or has behind; returns how many were queued (0 if not syncing)."""
    return _hub_snapshots(feedback_for_hub(references=references), Rating.objects.none())[0]


def rating_hub_snapshots_enqueue(*, dossier_codes: list[str]) -> int:
    """Reconciliation: the same for the ratings of the dossiers `dossier_codes`."""
    return _hub_snapshots(Feedback.objects.none(), ratings_for_hub(dossier_codes=dossier_codes))[1]
