"""PAKN (phản ánh, kiến nghị) with its history, and the citizen's rating of a dossier.

The tables began in the portal app (`portal_feedback`, `portal_rating`) and keep their names.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from motcua.core.models import BaseModel
from motcua.feedback.constants import (
    RATING_SCORES,
    FeedbackAction,
    FeedbackCategory,
    FeedbackKind,
    FeedbackStatus,
)


class Feedback(models.Model):
    """Phản ánh, kiến nghị of a citizen, about a dossier or about an agency's work in general."""

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
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name="cơ quan xử lý",
        help_text="Cơ quan giải quyết hồ sơ liên quan, hoặc cơ quan người dân chọn; đổi khi "
        "chuyển cơ quan có thẩm quyền. Chỉ số 766 nhóm 5 tính cho cơ quan này.",
    )
    kind = models.CharField("loại", max_length=20, choices=FeedbackKind.choices)
    category = models.CharField(
        "phân loại",
        max_length=20,
        choices=FeedbackCategory.choices,
        blank=True,
        help_text="Chỉ số 766 mục 5.1: PAKN đã tiếp nhận và được phân loại.",
    )
    content = models.TextField("nội dung")
    status = models.CharField(
        "trạng thái", max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.PENDING
    )
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name="phản ánh lại kết quả của",
        help_text="Chỉ số 766 mục 5.3: PAKN có phản ánh lặp lại về kết quả xử lý.",
    )
    received_at = models.DateTimeField(
        "tiếp nhận lúc", help_text="Ngày tiếp nhận đầu tiên: mỗi PAKN tính một lần trong kỳ."
    )
    started_at = models.DateTimeField(
        "bắt đầu chờ tiếp nhận",
        null=True,
        blank=True,
        help_text="Lúc gửi, hoặc lúc được chuyển đến cơ quan hiện tại; các thời hạn tính từ đây.",
    )
    due_at = models.DateTimeField("hạn của bước hiện tại", null=True, blank=True)
    rejected_at = models.DateTimeField("từ chối lúc", null=True, blank=True)
    first_supplement_at = models.DateTimeField("yêu cầu bổ sung lần đầu lúc", null=True, blank=True)
    supplement_request = models.TextField("nội dung yêu cầu bổ sung", blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    published_at = models.DateTimeField("công khai lúc", null=True, blank=True)
    likes = models.PositiveIntegerField("số lượt hài lòng", default=0)
    dislikes = models.PositiveIntegerField("số lượt không hài lòng", default=0)
    event_count = models.PositiveIntegerField("số sự kiện", default=0)

    class Meta:
        db_table = "portal_feedback"
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["agency", "received_at"], name="feedback_agency_received_idx"),
            models.Index(fields=["agency", "status", "due_at"], name="feedback_agency_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()} {self.received_at:%d/%m/%Y}"

    @property
    def reference(self) -> str:
        return feedback_reference(self.pk) if self.pk else "PAKN"


REFERENCE_PREFIX = "PAKN-"


def feedback_reference(pk: int) -> str:
    """The PAKN's reference on this node (shown to the citizen, the key on the hub)."""
    return f"{REFERENCE_PREFIX}{pk:06d}"


def feedback_pk_of(reference: str) -> int | None:
    """The id behind a reference of this node (`feedback_reference` read back), else None."""
    number = reference.removeprefix(REFERENCE_PREFIX)
    if number == reference or not number.isdigit():
        return None
    return int(number)


class FeedbackEvent(models.Model):
    """Append-only history of one PAKN: every change of status, agency or answer."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="events", verbose_name="PAKN"
    )
    seq = models.PositiveIntegerField("số thứ tự")
    action = models.CharField("thao tác", max_length=20, choices=FeedbackAction.choices)
    at = models.DateTimeField("lúc")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    actor_name = models.CharField("tên người thực hiện", max_length=255, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan",
    )
    to_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chuyển đến cơ quan",
    )
    from_status = models.CharField(
        "từ trạng thái", max_length=20, choices=FeedbackStatus.choices, blank=True
    )
    to_status = models.CharField("sang trạng thái", max_length=20, choices=FeedbackStatus.choices)
    note = models.TextField("nội dung, lý do", blank=True)

    class Meta:
        verbose_name = "lịch sử xử lý PAKN"
        verbose_name_plural = "lịch sử xử lý PAKN"
        ordering = ["feedback", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "seq"], name="feedback_event_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id}#{self.seq} {self.action}"


class Rating(BaseModel):
    """The citizen's satisfaction with a finished dossier (766 record 5.4: "dislike")."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="rating", verbose_name="hồ sơ"
    )
    score = models.PositiveSmallIntegerField(
        "mức độ hài lòng",
        choices=RATING_SCORES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField("ý kiến", blank=True)
    revision = models.PositiveIntegerField(
        "lần đánh giá",
        default=0,
        help_text="Tăng mỗi lần người nộp đánh giá (lại); thứ tự của bản đồng bộ lên hub.",
    )

    class Meta:
        db_table = "portal_rating"
        verbose_name = "đánh giá mức độ hài lòng"
        verbose_name_plural = "đánh giá mức độ hài lòng"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="portal_rating_score_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}"


class RatingEvent(models.Model):
    """Append-only history of a dossier's rating: each score the applicant gave, in order (a
    new rating replaces the current one on `Rating`; the earlier ones stay here)."""

    rating = models.ForeignKey(
        Rating, on_delete=models.CASCADE, related_name="events", verbose_name="đánh giá"
    )
    revision = models.PositiveIntegerField("lần đánh giá")
    score = models.PositiveSmallIntegerField("mức độ hài lòng", choices=RATING_SCORES)
    comment = models.TextField("ý kiến", blank=True)
    at = models.DateTimeField("lúc")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đánh giá",
    )

    class Meta:
        verbose_name = "lịch sử đánh giá"
        verbose_name_plural = "lịch sử đánh giá"
        ordering = ["rating", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "revision"], name="feedback_rating_event_unique_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating_id}#{self.revision}: {self.score}"
