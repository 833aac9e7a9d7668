"""Every change to a dossier after intake. Each service locks the dossier row, asks the
workflow table whether the action is allowed in this state by this person, applies it, and
writes the history row and outbox rows in the same transaction.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from motcua.accounts.selectors import user_roles_in_agency
from motcua.agencies.models import Agency
from motcua.core.calendar_db import calendar_get
from motcua.core.errors import ApplicationError, ErrorDetail
from motcua.documents.services.repository import result_ready_payload
from motcua.documents.services.results import result_issue
from motcua.dossiers.constants import Action, DossierStatus
from motcua.dossiers.deadlines import extension_check, initial_due_at, resumed_due_at
from motcua.dossiers.events import event_record
from motcua.dossiers.models import Apology, Dossier, Supplement
from motcua.dossiers.selectors import dossier_roles, dossier_state
from motcua.dossiers.workflow import TransitionNotAllowed, apply, may_act

# Actions done at the one-stop desk that received the dossier.
_DESK_ACTIONS = frozenset({Action.RECEIVE, Action.REFUSE, Action.STOP, Action.RETURN_RESULT})


def _refuse(
    vi: str,
    en: str,
    *,
    code: str = "action_not_allowed",
    status: int = 409,
    details: list[ErrorDetail] | None = None,
) -> ApplicationError:
    return ApplicationError(vi, message_en=en, code=code, status=status, details=details or [])


def _require_reason(reason: str, *, what: str) -> None:
    if not reason.strip():
        raise _refuse(
            f"Cần ghi rõ {what}.",
            f"A {what} is required.",
            code="reason_required",
            status=422,
            details=[ErrorDetail("reason", f"Cần ghi rõ {what}.", "Required.")],
        )


def _transition(
    *,
    dossier: Dossier,
    action: Action,
    by,
    now: datetime | None = None,
    reason: str = "",
    mutate: Callable[[Dossier, datetime], dict | None] | None = None,
    to_agency: Agency | None = None,
) -> Dossier:
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update()
            .select_related("procedure", "handling_agency", "receiving_agency")
            .get(pk=dossier.pk)
        )
        roles = dossier_roles(dossier=locked, user=by)
        if not may_act(action, roles):
            raise _refuse(
                "Bạn không có quyền thực hiện thao tác này với hồ sơ.",
                "You may not do this to the dossier.",
                code="forbidden",
                status=403,
            )
        before = dossier_state(locked)
        try:
            after = apply(before, action)
        except TransitionNotAllowed:
            raise _refuse(
                f"Không thể «{action.label}» khi hồ sơ đang ở trạng thái «{before.status.label}».",
                f"'{action.value}' is not allowed in status {int(before.status)}.",
            ) from None
        # Who acted is decided before the change: a transfer moves the handling agency.
        acting_agency = (
            locked.receiving_agency if action in _DESK_ACTIONS else locked.handling_agency
        )
        locked.status, locked.step = int(after.status), after.step
        locked.resume_status = int(after.resume_status) if after.resume_status else None
        data = mutate(locked, now) if mutate else None
        if after.status in (
            DossierStatus.REFUSED,
            DossierStatus.STOPPED,
            DossierStatus.RESULT_READY,
        ):
            locked.finished_at = now
        locked.save()
        event_record(
            dossier=locked,
            action=action,
            at=now,
            actor=by,
            agency=acting_agency,
            before=before,
            to_agency=to_agency,
            reason=reason,
            data=data,
        )
    return locked


def dossier_receive(*, dossier: Dossier, by, now: datetime | None = None) -> Dossier:
    """The desk receives an online dossier: status 2, the legal clock starts (Mẫu 01)."""

    def start_clock(d: Dossier, at: datetime) -> None:
        d.received_at = at
        d.due_at = d.original_due_at = initial_due_at(
            calendar_get(),
            received_at=at,
            value=d.procedure.processing_time_value,
            unit=d.procedure.processing_time_unit,
        )

    return _transition(dossier=dossier, action=Action.RECEIVE, by=by, now=now, mutate=start_clock)


def dossier_refuse(*, dossier: Dossier, by, reason: str, now: datetime | None = None) -> Dossier:
    """Refuse an online dossier at reception, with the reason (Mẫu 03)."""
    _require_reason(reason, what="lý do từ chối")
    return _transition(dossier=dossier, action=Action.REFUSE, by=by, now=now, reason=reason)


def dossier_request_supplement(
    *, dossier: Dossier, by, items: list[str], reason: str, now: datetime | None = None
) -> Dossier:
    """Ask for everything missing at once (Mẫu 02); the legal clock pauses until it comes back."""
    items = [item.strip() for item in items if item and item.strip()]
    if not items:
        raise _refuse(
            "Cần liệt kê đầy đủ các nội dung phải bổ sung (hướng dẫn một lần).",
            "List everything that must be supplemented, at once.",
            code="items_required",
            status=422,
            details=[ErrorDetail("items", "Chưa có nội dung bổ sung.", "Required.")],
        )
    _require_reason(reason, what="lý do yêu cầu bổ sung")

    def pause(d: Dossier, at: datetime) -> dict:
        d.supplement_count += 1
        if d.received_at is not None:
            d.paused_at = at
        Supplement.objects.create(
            dossier=d,
            requested_at=at,
            requested_by=by,
            items=items,
            reason=reason,
            due_at_before=d.due_at,
        )
        return {"items": items}

    return _transition(
        dossier=dossier,
        action=Action.REQUEST_SUPPLEMENT,
        by=by,
        now=now,
        reason=reason,
        mutate=pause,
    )


def dossier_supplement(
    *, dossier: Dossier, by, note: str = "", now: datetime | None = None
) -> Dossier:
    """The citizen's supplement arrives: the clock resumes with the time that was left."""

    def resume(d: Dossier, at: datetime) -> dict:
        supplement = (
            d.supplements.filter(returned_at__isnull=True).order_by("-requested_at").first()
        )
        if d.paused_at is not None and d.due_at is not None:
            d.due_at = resumed_due_at(
                calendar_get(),
                due_at=d.due_at,
                paused_at=d.paused_at,
                resumed_at=at,
                unit=d.procedure.processing_time_unit,
            )
        d.paused_at = None
        if supplement is not None:
            supplement.returned_at, supplement.due_at_after = at, d.due_at
            supplement.save(update_fields=["returned_at", "due_at_after"])
        return {"note": note}

    return _transition(
        dossier=dossier, action=Action.SUPPLEMENT, by=by, now=now, reason=note, mutate=resume
    )


def dossier_assign(*, dossier: Dossier, by, assignee, now: datetime | None = None) -> Dossier:
    """Hand the dossier to a specialist of the handling agency."""
    if "specialist" not in user_roles_in_agency(user=assignee, agency=dossier.handling_agency):
        raise _refuse(
            "Người được phân công không phải chuyên viên của cơ quan giải quyết.",
            "The assignee is not a specialist of the handling agency.",
            code="invalid_assignee",
            status=422,
            details=[
                ErrorDetail("assignee", "Không phải chuyên viên của cơ quan.", "Not a specialist.")
            ],
        )

    def set_assignee(d: Dossier, at: datetime) -> dict:
        d.assignee = assignee
        return {"assignee": assignee.username}

    return _transition(dossier=dossier, action=Action.ASSIGN, by=by, now=now, mutate=set_assignee)


def dossier_advance(
    *, dossier: Dossier, action: Action, by, note: str = "", now: datetime | None = None
) -> Dossier:
    """The steps that need nothing but a note: appraise, approve, sign, payment, return, withdrawal."""
    simple = {
        Action.APPRAISE,
        Action.APPROVE,
        Action.SIGN,
        Action.REQUEST_PAYMENT,
        Action.CONFIRM_PAYMENT,
        Action.RETURN_RESULT,
        Action.REQUEST_WITHDRAWAL,
    }
    if action not in simple:
        raise ValueError(f"{action} has its own service")

    def stamp(d: Dossier, at: datetime) -> dict | None:
        if action == Action.RETURN_RESULT:
            d.returned_at = at
        if action == Action.SIGN:
            return _result_issue(d, by=by, at=at)
        return None

    return _transition(dossier=dossier, action=action, by=by, now=now, reason=note, mutate=stamp)


def _result_issue(d: Dossier, *, by, at: datetime) -> dict:
    """Signing ends processing with a PAdES-signed result in the owner's repository; the
    result_ready event carries its number and link (766 group 4: MaKetQua, DuongDanTepTinKetQua)."""
    result = result_issue(
        dossier_code=d.code,
        procedure=d.procedure,
        agency=d.handling_agency,
        owner_kind=d.applicant_kind,
        owner_personal_id=d.applicant_personal_id,
        owner_tax_code=d.applicant_tax_code,
        owner_name=d.applicant_name,
        data=d.form_data,
        signer_user=by,
        now=at,
    )
    payload = result_ready_payload(result=result)
    d.result_code, d.result_url = payload["result_number"], payload["result_url"]
    return payload


def dossier_stop(*, dossier: Dossier, by, reason: str, now: datetime | None = None) -> Dossier:
    """Stop a dossier the citizen asked to withdraw (Mẫu 05; TT 03/2025/TT-VPCP Art. 7)."""
    _require_reason(reason, what="nội dung thông báo dừng xử lý")
    return _transition(dossier=dossier, action=Action.STOP, by=by, now=now, reason=reason)


def dossier_extend(
    *, dossier: Dossier, by, new_due_at: datetime, reason: str, now: datetime | None = None
) -> Dossier:
    """Apologise and set a new return date (Mẫu 04): once, and before the deadline."""
    _require_reason(reason, what="lý do chậm trả kết quả")
    now = now or timezone.now()

    def extend(d: Dossier, at: datetime) -> dict:
        check = extension_check(
            now=at, due_at=d.due_at, new_due_at=new_due_at, extensions_so_far=d.extension_count
        )
        if not check.allowed:
            raise _refuse(check.reason, check.reason_en, code="extension_not_allowed", status=409)
        Apology.objects.create(
            dossier=d,
            created_at=at,
            created_by=by,
            old_due_at=d.due_at,
            new_due_at=new_due_at,
            reason=reason,
        )
        old = d.due_at
        d.due_at, d.extension_count = new_due_at, d.extension_count + 1
        return {"old_due_at": old.isoformat(), "new_due_at": new_due_at.isoformat()}

    return _transition(
        dossier=dossier, action=Action.EXTEND, by=by, now=now, reason=reason, mutate=extend
    )


def dossier_transfer(
    *, dossier: Dossier, to_agency: Agency, by, reason: str, now: datetime | None = None
) -> Dossier:
    """Move the dossier to another agency (commune ↔ province, or to the competent agency),
    keeping its code; both agencies stay in the history (Mẫu 06 rows)."""
    _require_reason(reason, what="lý do chuyển xử lý")
    if to_agency.pk == dossier.handling_agency_id:
        raise _refuse(
            "Hồ sơ đã ở cơ quan này.",
            "The dossier is already at this agency.",
            code="same_agency",
            status=422,
        )
    if to_agency.province_code != dossier.handling_agency.province_code:
        raise _refuse(
            "Chỉ chuyển xử lý trong phạm vi tỉnh.",
            "Transfers stay within the province.",
            code="other_province",
            status=422,
        )
    if not to_agency.is_active:
        raise _refuse(
            "Cơ quan nhận không còn hoạt động.",
            "The receiving agency is inactive.",
            code="inactive_agency",
            status=422,
        )

    def move(d: Dossier, at: datetime) -> dict:
        old = d.handling_agency
        d.handling_agency, d.assignee, d.step = to_agency, None, ""
        return {"from_agency": old.eid, "to_agency": to_agency.eid}

    return _transition(
        dossier=dossier,
        action=Action.TRANSFER,
        by=by,
        now=now,
        reason=reason,
        mutate=move,
        to_agency=to_agency,
    )


def dossier_mark_paid_online(*, dossier_id: int, gateway: int) -> None:
    """Record that the fees were paid online (DuocThanhToanTrucTuyen: 1 through the national
    portal's payment platform, 2 through the province's gateway; 766 indicator 3.6). The next
    event of the dossier carries it to the hub and the indicators."""
    if gateway not in (1, 2):
        raise ValueError("gateway must be 1 (national platform) or 2 (provincial gateway)")
    Dossier.objects.filter(pk=dossier_id).update(paid_online=gateway)
