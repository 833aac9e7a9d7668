"""Outbox destination "notifications": an e-mail to the applicant on every status change.

Settings: MOTCUA_OUTBOX_HANDLERS["notifications"] = "motcua.portal.notifications.notifications_handle"
and "notifications" in MOTCUA_DOSSIER_EVENT_DESTINATIONS. Mail goes through Django's mail API
(SMTP in production, the console in the demo). A message handed over again after a crash is
recognised by its id (`NotificationSent`) and not mailed twice.

Messages of kind "feedback.event" (motcua.feedback, MOTCUA_FEEDBACK_EVENT_DESTINATIONS) tell the
sender of a phản ánh, kiến nghị what became of it; internal steps are not mailed.
"""

import logging
from uuid import UUID

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.selectors import dossier_by_code_public
from motcua.feedback.constants import FeedbackAction, FeedbackStatus
from motcua.feedback.selectors import feedback_recipient
from motcua.outbox.handlers import Outcome
from motcua.outbox.models import OutboxMessage
from motcua.portal.models import NotificationSent

logger = logging.getLogger(__name__)


def _tracking_url(code: str) -> str:
    base = getattr(settings, "MOTCUA_PUBLIC_URL", "").rstrip("/")
    return f"{base}/tra-cuu/?ma={code}"


def _body(*, code: str, procedure: str, status: str, reason: str) -> str:
    lines = [
        "Kính gửi Ông/Bà,",
        "",
        f"Hồ sơ {code} ({procedure}) đã chuyển sang trạng thái: {status}.",
    ]
    if reason:
        lines.append(f"Nội dung: {reason}")
    lines += [
        "",
        f"Tra cứu tiến độ: {_tracking_url(code)}",
        "",
        "Thư này được gửi tự động từ hệ thống một cửa điện tử; vui lòng không trả lời.",
    ]
    return "\n".join(lines)


def _notify(message: OutboxMessage) -> None:
    payload = message.payload or {}
    if payload.get("status") == payload.get("from_status"):
        return  # a step inside processing, the status the citizen sees is unchanged
    dossier = dossier_by_code_public(code=payload.get("code", ""))
    if dossier is None or not dossier.applicant_email:
        return
    if NotificationSent.objects.filter(message_id=message.id).exists():
        return
    status = DossierStatus(payload["status"]).label
    send_mail(
        subject=f"[Một cửa điện tử] Hồ sơ {dossier.code}: {status}",
        message=_body(
            code=dossier.code,
            procedure=dossier.procedure.name,
            status=status,
            reason=payload.get("reason", ""),
        ),
        from_email=None,
        recipient_list=[dossier.applicant_email],
    )
    NotificationSent.objects.create(
        message_id=message.id,
        dossier_code=dossier.code,
        recipient=dossier.applicant_email,
        sent_at=timezone.now(),
    )


FEEDBACK_EVENT_KIND = "feedback.event"
# What the sender of a PAKN hears about: reception, refusal, a request, a transfer, the answer.
FEEDBACK_MAILED_ACTIONS = {
    FeedbackAction.SUBMIT,
    FeedbackAction.ACCEPT,
    FeedbackAction.REJECT,
    FeedbackAction.TRANSFER,
    FeedbackAction.REQUEST_SUPPLEMENT,
    FeedbackAction.PUBLISH,
}


def _feedback_url(pk: int) -> str:
    base = getattr(settings, "MOTCUA_PUBLIC_URL", "").rstrip("/")
    return f"{base}/cong-dan/phan-anh/{pk}/"


def _notify_feedback(message: OutboxMessage) -> None:
    payload = message.payload or {}
    if payload.get("action") not in FEEDBACK_MAILED_ACTIONS:
        return
    found = feedback_recipient(pk=int(payload["feedback_id"]))
    if found is None or not found[1]:
        return
    item, email = found
    if NotificationSent.objects.filter(message_id=message.id).exists():
        return
    status = FeedbackStatus(payload["status"]).label
    lines = [
        "Kính gửi Ông/Bà,",
        "",
        f"Phản ánh, kiến nghị {item.reference} đã chuyển sang trạng thái: {status}.",
    ]
    if payload.get("note") and payload.get("action") != FeedbackAction.ACCEPT:
        lines.append(f"Nội dung: {payload['note']}")
    lines += [
        "",
        f"Xem chi tiết: {_feedback_url(item.pk)}",
        "",
        "Thư này được gửi tự động từ hệ thống một cửa điện tử; vui lòng không trả lời.",
    ]
    send_mail(
        subject=f"[Một cửa điện tử] Phản ánh, kiến nghị {item.reference}: {status}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=[email],
    )
    NotificationSent.objects.create(
        message_id=message.id,
        dossier_code=item.reference,
        recipient=email,
        sent_at=timezone.now(),
    )


def notifications_handle(messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
    """The mails are written in Vietnamese, so their status labels are too: the worker's
    thread may still have the language of the last request it served (English included)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _handle(messages)


def _handle(messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
    outcomes: dict[UUID, Outcome] = {}
    for message in messages:
        try:
            if message.kind == FEEDBACK_EVENT_KIND:
                _notify_feedback(message)
            else:
                _notify(message)
        except (OSError, ConnectionError) as error:  # SMTP down: try again later
            logger.warning("notification %s not sent: %s", message.id, error)
            outcomes[message.id] = Outcome.retry(str(error))
            continue
        except (KeyError, ValueError) as error:
            outcomes[message.id] = Outcome.failed(f"bad payload: {error}")
            continue
        outcomes[message.id] = Outcome.delivered()
    return outcomes
