"""Phản ánh, kiến nghị (PAKN) and dossier ratings: kinds, statuses, classification, actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackKind(models.TextChoices):
    """Phản ánh, kiến nghị (NĐ 20/2008/NĐ-CP; DOMAIN.md §3.5)."""

    REFLECTION = "reflection", _("Phản ánh")
    RECOMMENDATION = "recommendation", _("Kiến nghị")


class FeedbackStatus(models.TextChoices):
    """The statuses of the national PAKN system (766 spec record 5.2; DOMAIN.md §1.3)."""

    PENDING = "pending", _("Chờ tiếp nhận")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    REJECTED = "rejected", _("Từ chối tiếp nhận")
    SUPPLEMENT = "supplement", _("Yêu cầu bổ sung")
    PROCESSING = "processing", _("Đang xử lý")
    AWAITING_PUBLICATION = "awaiting_publication", _("Chờ công khai")
    PUBLISHED = "published", _("Đã công khai")


class FeedbackCategory(models.TextChoices):
    """Classification counted by 766 sub-indicator 5.1 (rules/policy, procedure, behaviour)."""

    POLICY = "policy", _("Quy định, chính sách")
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    CONDUCT = "conduct", _("Hành vi của cán bộ, công chức")
    OTHER = "other", _("Khác")


class FeedbackAction(models.TextChoices):
    SUBMIT = "submit", _("Gửi phản ánh, kiến nghị")
    ACCEPT = "accept", _("Tiếp nhận và phân loại")
    REJECT = "reject", _("Từ chối tiếp nhận")
    TRANSFER = "transfer", _("Chuyển cơ quan có thẩm quyền")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung thông tin")
    SUPPLEMENT = "supplement", _("Bổ sung thông tin")
    START = "start", _("Bắt đầu xử lý")
    ANSWER = "answer", _("Trả lời")
    PUBLISH = "publish", _("Công khai kết quả trả lời")
    VOTE = "vote", _("Đánh giá kết quả trả lời")


OPEN_STATUSES = frozenset(
    {
        FeedbackStatus.PENDING,
        FeedbackStatus.ACCEPTED,
        FeedbackStatus.SUPPLEMENT,
        FeedbackStatus.PROCESSING,
        FeedbackStatus.AWAITING_PUBLICATION,
    }
)

RATING_SCORES = [(5, "Rất hài lòng"), (4, "Hài lòng"), (3, "Bình thường"),
                 (2, "Không hài lòng"), (1, "Rất không hài lòng")]  # fmt: skip
# A rating at or below this score is a "dislike" (766 record 5.4: share of dossiers with a PAKN
# or a "dislike"); the 5-point scale maps "Không hài lòng" and "Rất không hài lòng" to it.
DISLIKE_MAX_SCORE = 2
