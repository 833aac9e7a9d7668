"""Portal tables: wizard drafts, ratings, feedback (phản ánh, kiến nghị), payments, and the
log of notifications sent (so a message the outbox hands over twice is mailed once)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from motcua.core.models import BaseModel
from motcua.portal.constants import (
    RATING_SCORES,
    FeedbackKind,
    FeedbackStatus,
    PaymentStatus,
    WizardStep,
)


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


class Rating(BaseModel):
    """The citizen's satisfaction with a finished dossier (feeds the 766 indicators)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="rating", verbose_name="hồ sơ"
    )
    score = models.PositiveSmallIntegerField(
        "mức độ hài lòng",
        choices=RATING_SCORES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField("ý kiến", blank=True)

    class Meta:
        verbose_name = "đánh giá mức độ hài lòng"
        verbose_name_plural = "đánh giá mức độ hài lòng"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="portal_rating_score_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}"


class Feedback(models.Model):
    """Phản ánh, kiến nghị of a citizen, about a dossier or about a procedure in general."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name="hồ sơ liên quan",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người gửi",
    )
    kind = models.CharField("loại", max_length=20, choices=FeedbackKind.choices)
    content = models.TextField("nội dung")
    status = models.CharField(
        "trạng thái", max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    received_at = models.DateTimeField("tiếp nhận lúc")
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_at:%d/%m/%Y}"


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
