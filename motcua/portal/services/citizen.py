"""What a citizen does with a dossier after submitting it: pay online. Rating a dossier and
sending feedback (phản ánh, kiến nghị) are motcua.feedback services."""

from django.db import transaction
from django.utils import timezone

from motcua.core.errors import ApplicationError
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.processing import dossier_mark_paid_online
from motcua.portal.constants import PAID_ONLINE_PROVINCE_GATEWAY, PaymentStatus
from motcua.portal.models import Payment
from motcua.portal.payments import payment_provider

CLOSED_STATUSES = (DossierStatus.REFUSED, DossierStatus.STOPPED)


def _own(dossier: Dossier, by) -> None:
    if dossier.applicant_user_id != getattr(by, "pk", None):
        raise ApplicationError(
            "Không tìm thấy hồ sơ.", message_en="Dossier not found.", code="not_found", status=404
        )


def payment_start(*, dossier: Dossier, by) -> tuple[Payment, str]:
    """Open an online payment of the dossier's fees; returns it and where to pay."""
    _own(dossier, by)
    if dossier.fee_total_vnd <= 0:
        raise ApplicationError(
            "Hồ sơ này không phải nộp phí, lệ phí.", message_en="No fee is due.", status=409
        )
    if (
        dossier.paid_online
        or Payment.objects.filter(dossier=dossier, status=PaymentStatus.PAID).exists()
    ):
        raise ApplicationError(
            "Phí, lệ phí của hồ sơ này đã được thanh toán.", message_en="Already paid.", status=409
        )
    if dossier.status in CLOSED_STATUSES:
        raise ApplicationError(
            "Hồ sơ đã dừng xử lý hoặc không được tiếp nhận; không thể thanh toán.",
            message_en="The dossier is closed; it cannot be paid.",
            status=409,
        )
    provider = payment_provider()
    payment = Payment.objects.create(
        dossier=dossier,
        provider=provider.name,
        amount=dossier.fee_total_vnd,
        provider_ref=provider.reference_new(),
    )
    url = provider.checkout_url(
        reference=payment.provider_ref,
        amount=payment.amount,
        description=f"Phí, lệ phí hồ sơ {dossier.code}",
    )
    return payment, url


def payment_complete(*, reference: str, data: dict) -> Payment:
    """Record the provider's answer. Idempotent: a paid payment stays paid."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(provider_ref=reference).first()
        if payment is None:
            raise ApplicationError(
                "Không tìm thấy giao dịch.", message_en="Unknown payment.", status=404
            )
        if payment.status == PaymentStatus.PAID:
            return payment
        paid = payment_provider().result_verify(reference=reference, data=data)
        if paid is None:
            raise ApplicationError(
                "Kết quả thanh toán không hợp lệ.",
                message_en="The payment result could not be verified.",
                status=400,
            )
        payment.status = PaymentStatus.PAID if paid else PaymentStatus.FAILED
        payment.paid_at = timezone.now() if paid else None
        payment.save(update_fields=["status", "paid_at", "updated_at"])
        if paid:
            # DuocThanhToanTrucTuyen, 766 group 3.6: paid through the province's gateway.
            dossier_mark_paid_online(
                dossier_id=payment.dossier_id, gateway=PAID_ONLINE_PROVINCE_GATEWAY
            )
    return payment
