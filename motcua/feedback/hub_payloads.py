"""What leaves the node for the national hub about a PAKN or a dossier rating (sync contract
v1.2, docs/sync-contract.md: `FeedbackEventV1`, `RatingEventV1`): the whole current state,
only what Decision 766 group 5 needs. Never the content, the answer, the notes, the sender or
the comment: the hub computes indicators, it does not handle PAKN.

The outbox destination "hub" gets these payloads; the other destinations (notifications) keep
their own (services._record).
"""

from datetime import datetime

from motcua.dossiers.models import Dossier
from motcua.feedback.models import Feedback, FeedbackEvent, Rating, feedback_reference

HUB_DESTINATION = "hub"
RATING_EVENT_KIND = "rating.event"
FEEDBACK_SNAPSHOT_KIND = "feedback.snapshot"
RATING_SNAPSHOT_KIND = "rating.snapshot"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _dossier_codes(dossier_id: int | None) -> tuple[str, str, str]:
    """(dossier code, procedure code, field code) of the dossier a PAKN is about (one query)."""
    if dossier_id is None:
        return "", "", ""
    row = (
        Dossier.objects.filter(pk=dossier_id)
        .values_list("code", "procedure__code", "procedure__field__code")
        .first()
    )
    return (row[0], row[1], row[2] or "") if row else ("", "", "")


def feedback_hub_payload(*, feedback: Feedback, event: FeedbackEvent, agency_eid: str) -> dict:
    """The PAKN's state after `event`, for the hub."""
    dossier_code, procedure_code, field_code = _dossier_codes(feedback.dossier_id)
    return {
        "event_seq": event.seq,
        "action": event.action,
        "at": _iso(event.at),
        "reference": feedback.reference,
        "handling_agency": agency_eid,
        "status": feedback.status,
        "category": feedback.category,
        "dossier_code": dossier_code,
        "procedure_code": procedure_code,
        "procedure_field_code": field_code,
        "repeat_of": feedback_reference(feedback.repeat_of_id) if feedback.repeat_of_id else "",
        "received_at": _iso(feedback.received_at),
        "started_at": _iso(feedback.started_at),
        "rejected_at": _iso(feedback.rejected_at),
        "first_supplement_at": _iso(feedback.first_supplement_at),
        "answered_at": _iso(feedback.answered_at),
        "published_at": _iso(feedback.published_at),
        "likes": feedback.likes,
        "dislikes": feedback.dislikes,
    }


def rating_hub_key(*, dossier_code: str) -> str:
    """The rating's line in the hub outbox, apart from its dossier's events."""
    return f"rating:{dossier_code}"


def rating_hub_seq(*, revision: int) -> int:
    """The rating's `event_seq` on the hub: its revision (ratings older than revisions: 1)."""
    return max(1, revision)


def rating_hub_payload(*, rating: Rating, dossier: Dossier) -> dict:
    """The dossier's current rating, for the hub (766 record 5.4: ≤ 2 is a "dislike")."""
    return {
        "event_seq": rating_hub_seq(revision=rating.revision),
        "at": _iso(rating.updated_at),
        "dossier_code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_field_code": dossier.procedure.field.code if dossier.procedure.field_id else "",
        "score": rating.score,
    }
