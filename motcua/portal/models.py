"""Portal tables: wizard drafts, payments, and the log of notifications sent (so a message the
outbox hands over twice is mailed once). Ratings and feedback (phản ánh, kiến nghị) live in
motcua.feedback."""

from django.conf import settings
from django.db import models

from motcua.core.models import BaseModel
from motcua.portal.constants import PaymentStatus, WizardStep


class Draft(models.Model):
    """A submission being prepared by a citizen: resumable from "Hồ sơ của tôi"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="portal_drafts",
        verbose_name="người dùng",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="+", verbose_name="thủ tục"
    )
    step = models.CharField(
        "bước đang làm", max_length=20, choices=WizardStep.choices, default=WizardStep.APPLICANT
    )
    data = models.JSONField(
        "dữ liệu đã nhập",
        default=dict,
        blank=True,
        help_text="applicant, form, documents (tệp tạm theo SHA-256 hoặc mã kết quả tái sử dụng).",
    )
    created = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "hồ sơ nháp"
        verbose_name_plural = "hồ sơ nháp"
        ordering = ["-updated"]
        indexes = [models.Index(fields=["user", "-updated"])]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.procedure_id} · {self.step}"


class Payment(BaseModel):
    """One online payment of a dossier's fees through a payment provider."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments", verbose_name="hồ sơ"
    )
    provider = models.CharField("đơn vị thanh toán", max_length=50)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    status = models.CharField(
        "trạng thái", max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    paid_at = models.DateTimeField("thanh toán lúc", null=True, blank=True)
    provider_ref = models.CharField(
        "mã giao dịch của đơn vị thanh toán", max_length=100, unique=True
    )

    class Meta:
        verbose_name = "thanh toán trực tuyến"
        verbose_name_plural = "thanh toán trực tuyến"

    def __str__(self) -> str:
        return f"{self.provider_ref} {self.amount} {self.status}"


class NotificationSent(models.Model):
    """An outbox message already mailed: the handler skips it when handed it again."""

    message_id = models.UUIDField("mã tin", unique=True)
    dossier_code = models.CharField("mã hồ sơ", max_length=64)
    recipient = models.EmailField("người nhận")
    sent_at = models.DateTimeField("gửi lúc")

    class Meta:
        verbose_name = "thông báo đã gửi"
        verbose_name_plural = "thông báo đã gửi"

    def __str__(self) -> str:
        return f"{self.dossier_code} → {self.recipient}"
