"""The one writer of dossier history. Each call writes a `DossierEvent` and, in the same
transaction, one outbox row per destination, so a state change is never recorded without
being announced, nor announced without being recorded (STYLE.md habit 4 and 5).
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction

from motcua.dossiers.constants import Action
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.workflow import State
from motcua.outbox.services import outbox_enqueue

EVENT_KIND = "dossier.event"


def _destinations() -> list[str]:
    return list(getattr(settings, "MOTCUA_DOSSIER_EVENT_DESTINATIONS", ["log"]))


def event_payload(*, dossier: Dossier, event: DossierEvent) -> dict:
    """What leaves the node for this event: the dossier's state after it (DOMAIN.md §5.3)."""

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "event_seq": event.seq,
        "action": event.action,
        "at": iso(event.at),
        "code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_field_code": dossier.procedure.field.code if dossier.procedure.field_id else "",
        "procedure_online_level": dossier.procedure.online_level,
        "receiving_agency": dossier.receiving_agency.eid,
        "handling_agency": dossier.handling_agency.eid,
        "to_agency": event.to_agency.eid if event.to_agency_id else None,
        "channel": dossier.channel,
        "status": dossier.status,
        "from_status": event.from_status,
        "submitted_at": iso(dossier.submitted_at),
        "received_at": iso(dossier.received_at),
        "due_at": iso(dossier.due_at),
        "original_due_at": iso(dossier.original_due_at),
        "finished_at": iso(dossier.finished_at),
        "returned_at": iso(dossier.returned_at),
        "supplement_count": dossier.supplement_count,
        "supplements": [
            {"requested_at": iso(requested), "returned_at": iso(returned)}
            for requested, returned in dossier.supplements.order_by("requested_at").values_list(
                "requested_at", "returned_at"
            )
        ],
        "extension_count": dossier.extension_count,
        "fee_total_vnd": dossier.fee_total_vnd,
        "fees": [
            {"name": name, "amount_vnd": amount}
            for name, amount in dossier.procedure.fees.values_list("name", "amount_vnd")
        ],
        "documents_total": dossier.documents_total,
        "documents_digitized": dossier.documents_digitized,
        "documents_reused": dossier.documents_reused,
        "paid_online": dossier.paid_online,
        "identity_verified": dossier.identity_verified,
        "result_code": dossier.result_code,
        "result_url": dossier.result_url,
        "reason": event.reason,
    }


def event_record(
    *,
    dossier: Dossier,
    action: Action,
    at: datetime,
    actor=None,
    agency=None,
    before: State | None,
    to_agency=None,
    reason: str = "",
    data: dict | None = None,
) -> DossierEvent:
    """Append the history row for a change already applied to `dossier` (and saved by the caller)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record must run inside the transaction that changes the dossier")
    dossier.event_count += 1
    Dossier.objects.filter(pk=dossier.pk).update(event_count=dossier.event_count)
    event = DossierEvent.objects.create(
        dossier=dossier,
        seq=dossier.event_count,
        action=action,
        at=at,
        actor=actor,
        actor_name=(actor.display_name if actor is not None else ""),
        agency=agency,
        to_agency=to_agency,
        from_status=int(before.status) if before else None,
        to_status=dossier.status,
        from_step=before.step if before else "",
        to_step=dossier.step,
        due_at=dossier.due_at,
        reason=reason,
        data=data or {},
    )
    payload = event_payload(dossier=dossier, event=event)
    for destination in _destinations():
        outbox_enqueue(destination=destination, kind=EVENT_KIND, key=dossier.code, payload=payload)
    return event
