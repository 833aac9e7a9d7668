"""Slips of one dossier (Mẫu 01–06) and the ledger (Mẫu 07), built from the dossier and its
history — nothing is typed twice (TT 03/2025/TT-VPCP Phụ lục I)."""

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from motcua.core.errors import ApplicationError
from motcua.dossiers.constants import Action, ApplicantKind, Channel, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.slips.context import (
    PERSONAL_ID_LABEL,
    TAX_CODE_LABEL,
    AgencyHeader,
    ApologySlip,
    ApplicantInfo,
    ControlSlip,
    DocumentLine,
    HandoverOutcome,
    HandoverRow,
    LedgerReport,
    LedgerRow,
    Officer,
    ReceiptSlip,
    RefusalSlip,
    SlipBase,
    SlipKind,
    StopNoticeSlip,
    SupplementSlip,
)
from motcua.dossiers.slips.render import slip_render_pdf

SLIP_KIND_BY_FORM = {
    "01": SlipKind.RECEIPT,
    "02": SlipKind.SUPPLEMENT,
    "03": SlipKind.REFUSAL,
    "04": SlipKind.APOLOGY,
    "05": SlipKind.STOP_NOTICE,
    "06": SlipKind.CONTROL,
}
_UNIT_LABEL = {"working_days": "ngày làm việc", "calendar_days": "ngày", "hours": "giờ làm việc"}


def _not_available(vi: str, en: str) -> ApplicationError:
    return ApplicationError(vi, message_en=en, code="slip_not_available", status=409)


def _header(agency) -> AgencyHeader:
    parent = agency.parent.name if agency.parent_id else ""
    return AgencyHeader(
        parent_name=parent,
        name=agency.name,
        eid=agency.eid,
        address=agency.address,
        phone=agency.phone,
    )


def _place(agency) -> str:
    name = agency.admin_unit.name if agency.level == "province" else agency.admin_unit.parent.name
    for prefix in ("Thành phố ", "Tỉnh "):
        name = name.removeprefix(prefix)
    return name


def _applicant(d: Dossier) -> ApplicantInfo:
    organization = d.applicant_kind == ApplicantKind.ORGANIZATION
    return ApplicantInfo(
        name=d.applicant_name,
        id_label=TAX_CODE_LABEL if organization else PERSONAL_ID_LABEL,
        id_number=d.applicant_tax_code if organization else d.applicant_personal_id,
        address=d.applicant_address,
        phone=d.applicant_phone,
        email=d.applicant_email,
    )


def _officer(event: DossierEvent | None, position: str = "") -> Officer:
    return Officer(name=event.actor_name if event else "", position=position)


def _tracking_url(d: Dossier) -> str:
    return f"{settings.MOTCUA_PUBLIC_URL.rstrip('/')}/tra-cuu/?ma={d.code}"


def _base(d: Dossier, agency, now: datetime) -> dict:
    return {
        "agency": _header(agency),
        "place": _place(agency),
        "issued_at": timezone.localdate(now),
        "tracking_url": _tracking_url(d),
    }


def _last(events: list[DossierEvent], action: Action) -> DossierEvent | None:
    return next((e for e in reversed(events) if e.action == action), None)


def _time_value(value):
    return int(value) if value == int(value) else value


def dossier_slip(*, dossier: Dossier, kind: SlipKind, now: datetime | None = None) -> SlipBase:
    """The slip `kind` of this dossier as it stands, or 409 when the dossier has none of that kind."""
    now = now or timezone.now()
    d = dossier
    events = list(d.events.select_related("agency", "to_agency").order_by("seq"))
    procedure_name = d.procedure.name
    if kind == SlipKind.RECEIPT:
        if d.received_at is None:
            raise _not_available(
                "Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận.", "Not received yet."
            )
        requirements = {r.code: r for r in d.procedure.requirements.all()}
        documents = tuple(
            DocumentLine(
                name=doc.name,
                originals=requirements[doc.requirement_code].originals
                if doc.requirement_code in requirements
                else 0,
                copies=requirements[doc.requirement_code].copies
                if doc.requirement_code in requirements
                else 0,
                note="Tái sử dụng kết quả đã cấp"
                if doc.reused_from
                else ("Bản điện tử" if doc.file else ""),
            )
            for doc in d.documents.all()
        )
        return ReceiptSlip(
            **_base(d, d.receiving_agency, now),
            dossier_code=d.code,
            applicant=_applicant(d),
            procedure_name=procedure_name,
            documents=documents,
            received_at=d.received_at,
            due_at=d.original_due_at or d.due_at,
            processing_time=_time_value(d.procedure.processing_time_value),
            processing_time_unit=_UNIT_LABEL.get(d.procedure.processing_time_unit, "ngày làm việc"),
            result_delivery=f"{d.receiving_agency.name}"
            + (" hoặc trực tuyến" if d.channel == Channel.ONLINE else ""),
            receiving_officer=_officer(_last(events, Action.RECEIVE), "Cán bộ tiếp nhận"),
        )
    if kind == SlipKind.SUPPLEMENT:
        supplement = d.supplements.order_by("-requested_at").first()
        if supplement is None:
            raise _not_available("Hồ sơ không có yêu cầu bổ sung.", "No supplement request.")
        return SupplementSlip(
            **_base(d, d.receiving_agency, now),
            applicant=_applicant(d),
            procedure_name=procedure_name,
            items=tuple(supplement.items),
            reason=supplement.reason,
            guiding_officer=Officer(
                name=supplement.requested_by.display_name, phone=d.receiving_agency.phone
            ),
            dossier_code=d.code,
        )
    if kind == SlipKind.REFUSAL:
        event = _last(events, Action.REFUSE)
        if event is None:
            raise _not_available("Hồ sơ không bị từ chối.", "The dossier was not refused.")
        return RefusalSlip(
            **_base(d, d.receiving_agency, now),
            applicant=_applicant(d),
            procedure_name=procedure_name,
            reason=event.reason,
            receiving_officer=_officer(event, "Cán bộ tiếp nhận"),
            dossier_code=d.code,
        )
    if kind == SlipKind.APOLOGY:
        apology = getattr(d, "apology", None)
        if apology is None:
            raise _not_available("Hồ sơ chưa có phiếu xin lỗi, gia hạn.", "No apology slip.")
        return ApologySlip(
            **_base(d, d.handling_agency, now),
            dossier_code=d.code,
            applicant=_applicant(d),
            procedure_name=procedure_name,
            received_at=d.received_at,
            original_due_at=apology.old_due_at,
            delay_reason=apology.reason,
            new_due_at=apology.new_due_at,
            signer=Officer(name=apology.created_by.display_name, position="Thủ trưởng cơ quan"),
            copies_to=(d.receiving_agency.name, "Lưu: VT"),
        )
    if kind == SlipKind.STOP_NOTICE:
        stop, request = _last(events, Action.STOP), _last(events, Action.REQUEST_WITHDRAWAL)
        if stop is None or request is None:
            raise _not_available("Hồ sơ chưa dừng xử lý.", "The dossier was not stopped.")
        return StopNoticeSlip(
            **_base(d, d.receiving_agency, now),
            dossier_code=d.code,
            applicant=_applicant(d),
            procedure_name=procedure_name,
            received_at=d.received_at or d.submitted_at,
            withdrawal_requested_at=request.at,
            signer=_officer(stop, "Cán bộ tiếp nhận"),
            withdrawal_reason=request.reason or stop.reason,
            documents_note="Hồ sơ giấy (nếu có) được trả lại cho người nộp.",
            copies_to=(d.handling_agency.name, "Lưu: VT"),
        )
    if kind == SlipKind.CONTROL:
        if d.received_at is None:
            raise _not_available("Hồ sơ chưa được tiếp nhận.", "Not received yet.")
        return ControlSlip(
            **_base(d, d.receiving_agency, now),
            dossier_code=d.code,
            applicant=_applicant(d),
            procedure_name=procedure_name,
            lead_agency=d.handling_agency.name,
            received_at=d.received_at,
            due_at=d.due_at,
            handovers=_handovers(d, events),
        )
    raise _not_available("Không có loại phiếu này cho một hồ sơ.", "No such slip for one dossier.")


def _handovers(d: Dossier, events: list[DossierEvent]) -> tuple[HandoverRow, ...]:
    """One row per hand-over after reception, judged against the dossier's due instant."""
    rows = []
    previous = events[0] if events else None
    for event in events[1:]:
        due = event.due_at or d.due_at
        if due is None:
            outcome = None
        elif event.at > due:
            outcome = HandoverOutcome.LATE
        elif timezone.localdate(event.at) < timezone.localdate(due):
            outcome = HandoverOutcome.EARLY
        else:
            outcome = HandoverOutcome.ON_TIME
        giver = previous.agency.name if previous and previous.agency_id else ""
        receiver = (
            event.to_agency.name
            if event.to_agency_id
            else (event.agency.name if event.agency_id else "")
        )
        rows.append(
            HandoverRow(
                giver=giver,
                receiver=receiver,
                at=event.at,
                giver_officer=previous.actor_name if previous else "",
                receiver_officer=event.actor_name,
                due_at=due,
                outcome=outcome,
                note=event.get_action_display(),
            )
        )
        previous = event
    return tuple(rows)


def dossier_slip_pdf(*, dossier: Dossier, kind: SlipKind, now: datetime | None = None) -> bytes:
    return slip_render_pdf(dossier_slip(dossier=dossier, kind=kind, now=now))


_DELIVERY = {
    Channel.COUNTER: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POSTAL: "Bưu chính công ích",
}


def ledger_report(
    *,
    dossiers,
    agency,
    field_name: str,
    period_start: date,
    period_end: date,
    now: datetime | None = None,
) -> LedgerReport:
    """Mẫu 07 for the given dossiers (already access-checked and filtered by the caller)."""
    now = now or timezone.now()
    rows = tuple(
        LedgerRow(
            sequence=i,
            dossier_code=d.code,
            procedure_name=d.procedure.name,
            applicant_name=d.applicant_name,
            applicant_contact=", ".join(x for x in (d.applicant_address, d.applicant_phone) if x),
            lead_agency=d.handling_agency.name,
            received_at=d.received_at,
            due_at=d.due_at,
            returned_at=d.returned_at,
            delivery_method=_DELIVERY.get(d.channel, ""),
            note=DossierStatus(d.status).label,
        )
        for i, d in enumerate(dossiers, start=1)
        if d.received_at is not None
    )
    return LedgerReport(
        agency=_header(agency),
        place=_place(agency),
        issued_at=timezone.localdate(now),
        tracking_url=settings.MOTCUA_PUBLIC_URL,
        field_name=field_name,
        period_start=period_start,
        period_end=period_end,
        rows=rows,
    )
