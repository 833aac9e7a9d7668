"""Every write of PAKN and ratings. Each change of a PAKN writes, in one transaction, the row,
its history (`FeedbackEvent`) and one outbox row per destination (the citizen's notification
by default: MOTCUA_FEEDBACK_EVENT_DESTINATIONS; "hub" when the node syncs to the national hub,
with the payload of hub_payloads.py). A rating writes its outbox row for the hub the same way.
Rules say no before anything is written."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from motcua.agencies.models import Agency
from motcua.core.calendar_db import calendar_get
from motcua.core.errors import ApplicationError, ErrorDetail, PermissionDeniedError
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.feedback import rules
from motcua.feedback.constants import (
    FeedbackAction,
    FeedbackCategory,
    FeedbackKind,
    FeedbackStatus,
)
from motcua.feedback.hub_payloads import (
    HUB_DESTINATION,
    RATING_EVENT_KIND,
    feedback_hub_payload,
    rating_hub_key,
    rating_hub_payload,
)
from motcua.feedback.models import Feedback, FeedbackEvent, Rating, RatingEvent
from motcua.feedback.selectors import feedback_roles
from motcua.outbox.services import outbox_enqueue

EVENT_KIND = "feedback.event"
CONTENT_MIN_CHARS = 10
TEXT_MAX_CHARS = 5000
RATEABLE_STATUSES = (DossierStatus.RESULT_READY, DossierStatus.RETURNED)


def feedback_destinations() -> list[str]:
    """Where each PAKN change and rating is sent (MOTCUA_FEEDBACK_EVENT_DESTINATIONS)."""
    return list(getattr(settings, "MOTCUA_FEEDBACK_EVENT_DESTINATIONS", ["notifications"]))


def _invalid(message: str, message_en: str, *details: ErrorDetail) -> ApplicationError:
    return ApplicationError(message, message_en=message_en, status=422, details=list(details))


def _text(value: str, *, path: str, what: str, what_en: str, minimum: int = 1) -> str:
    text = (value or "").strip()
    if len(text) < minimum or len(text) > TEXT_MAX_CHARS:
        vi = (
            f"{what} cần từ {minimum} đến {TEXT_MAX_CHARS} ký tự."
            if minimum > 1
            else f"Vui lòng nhập {what.lower()} (tối đa {TEXT_MAX_CHARS} ký tự)."
        )
        en = f"{what_en}: {minimum}–{TEXT_MAX_CHARS} characters."
        raise _invalid(vi, en, ErrorDetail(path, vi, en))
    return text


def _record(
    feedback: Feedback,
    *,
    action: str,
    at: datetime,
    by,
    before: str,
    agency: Agency | None = None,
    to_agency: Agency | None = None,
    note: str = "",
) -> FeedbackEvent:
    """History row and outbox rows of a change already saved on `feedback` (same transaction)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("feedback history must be written in the transaction of the change")
    feedback.event_count += 1
    Feedback.objects.filter(pk=feedback.pk).update(event_count=feedback.event_count)
    actor = by if getattr(by, "is_authenticated", False) else None
    event = FeedbackEvent.objects.create(
        feedback=feedback,
        seq=feedback.event_count,
        action=action,
        at=at,
        actor=actor,
        actor_name=(getattr(actor, "display_name", "") or "") if actor else "",
        agency=agency if agency is not None else feedback.agency,
        to_agency=to_agency,
        from_status=before,
        to_status=feedback.status,
        note=note,
    )
    notification = {
        "feedback_id": feedback.pk,
        "reference": feedback.reference,
        "event_seq": event.seq,
        "action": action,
        "at": at.isoformat(),
        "status": feedback.status,
        "from_status": before,
        "agency": feedback.agency.eid if feedback.agency_id else "",
        "note": note,
    }
    for destination in feedback_destinations():
        if destination == HUB_DESTINATION:
            if not feedback.agency_id:
                continue  # 766 group 5 counts a PAKN for its handling agency only
            payload = feedback_hub_payload(
                feedback=feedback, event=event, agency_eid=feedback.agency.eid
            )
        else:
            payload = notification
        outbox_enqueue(
            destination=destination, kind=EVENT_KIND, key=feedback.reference, payload=payload
        )
    return event


def _vietnamese(label) -> str:
    """History notes are records: kept in Vietnamese whatever the officer's page language."""
    with translation.override("vi"):
        return str(label)


def _due(feedback: Feedback) -> datetime | None:
    return rules.due_at(
        calendar_get(),
        status=feedback.status,
        started_at=feedback.started_at or feedback.received_at,
        answered_at=feedback.answered_at,
    )


# --- Citizen ---------------------------------------------------------------------------------


def _own_dossier(dossier: Dossier, by) -> None:
    if dossier.applicant_user_id is None or dossier.applicant_user_id != getattr(by, "pk", None):
        raise ApplicationError(
            "Không tìm thấy hồ sơ.", message_en="Dossier not found.", code="not_found", status=404
        )


def feedback_submit(
    *,
    by,
    kind: str,
    content: str,
    dossier: Dossier | None = None,
    agency: Agency | None = None,
    repeat_of: Feedback | None = None,
    now: datetime | None = None,
) -> Feedback:
    """A phản ánh or kiến nghị. It goes to the dossier's handling agency when it is about a
    dossier, else to the agency the citizen chose (docs/feedback.md)."""
    problems = []
    if kind not in FeedbackKind.values:
        problems.append(ErrorDetail("kind", "Chọn phản ánh hoặc kiến nghị.", "Choose a kind."))
    text = (content or "").strip()
    if not CONTENT_MIN_CHARS <= len(text) <= TEXT_MAX_CHARS:
        problems.append(
            ErrorDetail(
                "content",
                "Nội dung phản ánh, kiến nghị cần ít nhất 10 ký tự.",
                "Write at least 10 characters.",
            )
        )
    if dossier is not None:
        _own_dossier(dossier, by)
    if repeat_of is not None:
        if repeat_of.user_id is None or repeat_of.user_id != getattr(by, "pk", None):
            raise ApplicationError(
                "Không tìm thấy phản ánh, kiến nghị.", message_en="Feedback not found.", status=404
            )
        if repeat_of.status != FeedbackStatus.PUBLISHED:
            problems.append(
                ErrorDetail(
                    "repeat_of",
                    "Chỉ phản ánh lại khi đã có kết quả trả lời được công khai.",
                    "Only a published answer can be complained about again.",
                )
            )
        dossier = dossier or repeat_of.dossier
        agency = agency or repeat_of.agency
    target = dossier.handling_agency if dossier is not None else agency
    if target is None or not target.is_active:
        problems.append(
            ErrorDetail(
                "agency",
                "Chọn cơ quan tiếp nhận phản ánh, kiến nghị.",
                "Choose the agency the feedback is for.",
            )
        )
    if problems:
        raise _invalid("Phản ánh, kiến nghị chưa hợp lệ.", "The feedback is not valid.", *problems)
    now = now or timezone.now()
    with transaction.atomic():
        feedback = Feedback(
            dossier=dossier,
            user=by if getattr(by, "is_authenticated", False) else None,
            agency=target,
            kind=kind,
            content=text,
            status=FeedbackStatus.PENDING,
            repeat_of=repeat_of,
            received_at=now,
            started_at=now,
        )
        feedback.due_at = _due(feedback)
        feedback.save()
        _record(feedback, action=FeedbackAction.SUBMIT, at=now, by=by, before="")
    return feedback


# --- Handling --------------------------------------------------------------------------------


def _locked(feedback: Feedback, action: str, by) -> tuple[Feedback, str, str]:
    """The row locked for the change, its status before, and the status after; raises when the
    status or the person's roles do not allow `action` (call inside transaction.atomic)."""
    current = (
        Feedback.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=feedback.pk)
    )
    roles = feedback_roles(feedback=current, user=by)
    if not rules.ACTION_ROLES[action] & roles:
        raise PermissionDeniedError()
    target = rules.next_status(action, current.status)
    if target is None:
        raise ApplicationError(
            f"Không thể «{_vietnamese(FeedbackAction(action).label).lower()}» khi phản ánh, kiến "
            f"nghị đang ở trạng thái «{_vietnamese(FeedbackStatus(current.status).label)}».",
            message_en=f"'{action}' is not allowed in status '{current.status}'.",
            code="invalid_transition",
            status=409,
        )
    return current, current.status, target


# Markers for `changes`: set the field to the time of the change (always / only if still unset).
_NOW = object()
_NOW_IF_UNSET = object()


def _apply(
    feedback: Feedback,
    *,
    action: str,
    by,
    changes: dict,
    note: str = "",
    to_agency: Agency | None = None,
    now: datetime | None = None,
) -> Feedback:
    now = now or timezone.now()
    with transaction.atomic():
        current, before, target = _locked(feedback, action, by)
        acting_agency = current.agency
        current.status = target
        for name, value in changes.items():
            if value is _NOW_IF_UNSET:
                value = getattr(current, name) or now
            setattr(current, name, now if value is _NOW else value)
        current.due_at = _due(current)
        current.save()
        _record(
            current,
            action=action,
            at=now,
            by=by,
            before=before,
            agency=acting_agency,
            to_agency=to_agency,
            note=note,
        )
    return current


def feedback_accept(
    *, feedback: Feedback, by, category: str, now: datetime | None = None
) -> Feedback:
    """Receive the PAKN and classify it (766 indicator 5.1)."""
    if category not in FeedbackCategory.values:
        vi = "Chọn phân loại phản ánh, kiến nghị."
        raise _invalid(vi, "Choose a category.", ErrorDetail("category", vi, "Choose a category."))
    return _apply(
        feedback,
        now=now,
        action=FeedbackAction.ACCEPT,
        by=by,
        changes={"category": category},
        note=_vietnamese(FeedbackCategory(category).label),
    )


def feedback_reject(
    *, feedback: Feedback, by, reason: str, now: datetime | None = None
) -> Feedback:
    reason = _text(reason, path="reason", what="Lý do từ chối", what_en="Reason")
    return _apply(
        feedback,
        now=now,
        action=FeedbackAction.REJECT,
        by=by,
        changes={"rejected_at": _NOW},
        note=reason,
    )


def feedback_transfer(
    *, feedback: Feedback, by, to_agency: Agency, reason: str, now: datetime | None = None
) -> Feedback:
    """Hand the PAKN to the competent agency; its deadlines start again from the transfer."""
    reason = _text(reason, path="reason", what="Lý do chuyển", what_en="Reason")
    if (
        to_agency is None
        or not to_agency.is_active
        or to_agency.pk == feedback.agency_id
        or (feedback.agency_id and to_agency.province_code != feedback.agency.province_code)
    ):
        vi = "Chọn một cơ quan khác, đang hoạt động, trong tỉnh."
        en = "Choose another active agency of the province."
        raise _invalid(vi, en, ErrorDetail("to_agency", vi, en))
    return _apply(
        feedback,
        now=now,
        action=FeedbackAction.TRANSFER,
        by=by,
        changes={"agency": to_agency, "started_at": _NOW, "category": ""},
        note=reason,
        to_agency=to_agency,
    )


def feedback_request_supplement(
    *, feedback: Feedback, by, request: str, now: datetime | None = None
) -> Feedback:
    request = _text(request, path="request", what="Nội dung cần bổ sung", what_en="Request")
    # Decision 766/QĐ-TTg 5.2 judges the first request (≤ 5 working days).
    changes = {"supplement_request": request, "first_supplement_at": _NOW_IF_UNSET}
    return _apply(
        feedback,
        now=now,
        action=FeedbackAction.REQUEST_SUPPLEMENT,
        by=by,
        changes=changes,
        note=request,
    )


def feedback_supplement(
    *, feedback: Feedback, by, content: str, now: datetime | None = None
) -> Feedback:
    """The citizen sends the information asked for."""
    content = _text(content, path="content", what="Nội dung bổ sung", what_en="Content")
    return _apply(
        feedback,
        now=now,
        action=FeedbackAction.SUPPLEMENT,
        by=by,
        changes={"supplement_request": ""},
        note=content,
    )


def feedback_start(*, feedback: Feedback, by, now: datetime | None = None) -> Feedback:
    return _apply(feedback, now=now, action=FeedbackAction.START, by=by, changes={})


def feedback_answer(
    *, feedback: Feedback, by, answer: str, now: datetime | None = None
) -> Feedback:
    """The answer, waiting for a leader to publish it ("chờ công khai")."""
    answer = _text(
        answer, path="answer", what="Nội dung trả lời", what_en="Answer", minimum=CONTENT_MIN_CHARS
    )
    return _apply(
        feedback,
        now=now,
        action=FeedbackAction.ANSWER,
        by=by,
        changes={"answer": answer, "answered_at": _NOW},
    )


def feedback_publish(*, feedback: Feedback, by, now: datetime | None = None) -> Feedback:
    return _apply(
        feedback, now=now, action=FeedbackAction.PUBLISH, by=by, changes={"published_at": _NOW}
    )


def feedback_vote(
    *, feedback: Feedback, by, satisfied: bool, now: datetime | None = None
) -> Feedback:
    """The sender says whether the published answer satisfies them (766 indicator 5.3);
    saying it again replaces the earlier vote."""
    return _apply(
        feedback,
        now=now,
        action=FeedbackAction.VOTE,
        by=by,
        changes={"likes": 1 if satisfied else 0, "dislikes": 0 if satisfied else 1},
        note="Hài lòng" if satisfied else "Không hài lòng",
    )


# --- Rating of a dossier ---------------------------------------------------------------------


def rating_submit(*, dossier: Dossier, by, score: int, comment: str = "") -> Rating:
    """The applicant rates a dossier once its result is ready; rating again replaces it (the
    earlier scores stay in its history, `RatingEvent`, written in the same transaction)."""
    _own_dossier(dossier, by)
    if dossier.status not in RATEABLE_STATUSES:
        raise ApplicationError(
            "Chỉ đánh giá được khi hồ sơ đã có kết quả.",
            message_en="A dossier can be rated once its result is ready.",
            code="rating_too_early",
            status=409,
        )
    if score not in range(1, 6):
        raise ApplicationError(
            "Vui lòng chọn mức độ hài lòng từ 1 đến 5.",
            message_en="Choose a score from 1 to 5.",
            status=422,
            details=[ErrorDetail("score", "Chọn mức độ hài lòng từ 1 đến 5.", "Score 1–5.")],
        )
    with transaction.atomic():
        rating, _created = Rating.objects.update_or_create(
            dossier=dossier, defaults={"score": score, "comment": comment.strip()[:2000]}
        )
        Rating.objects.filter(pk=rating.pk).update(revision=F("revision") + 1)
        rating.refresh_from_db(fields=["revision", "updated_at"])
        RatingEvent.objects.create(
            rating=rating,
            revision=rating.revision,
            score=rating.score,
            comment=rating.comment,
            at=rating.updated_at,
            actor=by,
        )
        if HUB_DESTINATION in feedback_destinations():
            outbox_enqueue(
                destination=HUB_DESTINATION,
                kind=RATING_EVENT_KIND,
                key=rating_hub_key(dossier_code=dossier.code),
                payload=rating_hub_payload(rating=rating, dossier=dossier),
            )
    return rating
