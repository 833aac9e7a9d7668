"""Hub-side tables: province credentials, the replica of every dossier, PAKN and dossier
rating, the ingest record.

A province node has these tables too (one codebase) but leaves them empty.
"""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class ProvinceCredential(models.Model):
    """Lets one province write its own dossiers, and only those, to the hub.

    No secret is stored: the secret is HMAC-SHA256(hub key, "motcua-sync:{province}:{key_id}")
    and the hub recomputes it from its own key (settings.SECRET_KEY) on each request. A copy
    of this table therefore gives nobody a province's secret; revoking is `is_active=False`,
    rotating is a new row (new key id) while the old one is still active.
    """

    province_code = models.CharField("mã tỉnh", max_length=8, db_index=True)
    key_id = models.CharField(
        "mã khóa",
        max_length=32,
        unique=True,
        help_text="Phần đầu của khóa bí mật (trước dấu chấm); chọn đúng khóa khi xoay vòng.",
    )
    note = models.CharField("ghi chú", max_length=200, blank=True)
    is_active = models.BooleanField("đang dùng", default=True)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    last_used_at = models.DateTimeField("dùng gần nhất lúc", null=True, blank=True)

    class Meta:
        verbose_name = "khóa đồng bộ của tỉnh"
        verbose_name_plural = "khóa đồng bộ của tỉnh"
        ordering = ["province_code", "-created_at"]

    def __str__(self) -> str:
        return f"{self.province_code}/{self.key_id}"


class ReplicaDossier(models.Model):
    """The hub's copy of one dossier's current state, as of its newest applied event."""

    province = models.CharField("mã tỉnh", max_length=8)
    code = models.CharField("mã hồ sơ", max_length=64)
    procedure_code = models.CharField("mã thủ tục", max_length=64)
    handling_agency = models.CharField("cơ quan giải quyết", max_length=35)
    receiving_agency = models.CharField("cơ quan tiếp nhận", max_length=35)
    channel = models.PositiveSmallIntegerField("kênh nộp")
    status = models.PositiveSmallIntegerField("trạng thái")
    day = models.DateField(
        "ngày nộp/tiếp nhận", null=True, help_text="Ngày (giờ Việt Nam) dùng để đối soát."
    )
    received_at = models.DateTimeField("tiếp nhận lúc", null=True)
    due_at = models.DateTimeField("ngày hẹn trả", null=True)
    finished_at = models.DateTimeField("kết thúc xử lý lúc", null=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True)
    event_seq = models.PositiveIntegerField(
        "sự kiện cuối", help_text="Số thứ tự của sự kiện mới nhất đã áp dụng."
    )
    event_at = models.DateTimeField("thời điểm sự kiện cuối")
    last_event_id = models.UUIDField("mã sự kiện cuối")
    state = models.JSONField("trạng thái đầy đủ", encoder=DjangoJSONEncoder, default=dict)
    applied_at = models.DateTimeField("áp dụng lúc")

    class Meta:
        verbose_name = "bản sao hồ sơ"
        verbose_name_plural = "bản sao hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="sync_replica_code_uniq"),
        ]
        indexes = [
            models.Index(
                fields=["province", "handling_agency", "day"], name="sync_replica_digest_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province}/{self.code}#{self.event_seq}"


class ReplicaFeedback(models.Model):
    """The hub's copy of one PAKN (phản ánh, kiến nghị) as of its newest applied event: only
    what 766 group 5 needs (contract v1.2, `FeedbackEventV1`), no content or sender."""

    province = models.CharField("mã tỉnh", max_length=8)
    reference = models.CharField("mã PAKN", max_length=32, help_text="Mã PAKN trên nút của tỉnh.")
    handling_agency = models.CharField("cơ quan xử lý", max_length=35)
    status = models.CharField("trạng thái", max_length=20)
    category = models.CharField(
        "phân loại", max_length=20, blank=True, help_text="Trống: chưa phân loại (766 mục 5.1)."
    )
    dossier_code = models.CharField("mã hồ sơ liên quan", max_length=64, blank=True)
    procedure_code = models.CharField("mã thủ tục của hồ sơ", max_length=64, blank=True)
    procedure_field_code = models.CharField("mã lĩnh vực của hồ sơ", max_length=64, blank=True)
    repeat_of = models.CharField(
        "phản ánh lại kết quả của",
        max_length=32,
        blank=True,
        help_text="Mã PAKN mà PAKN này phản ánh lại kết quả (766 mục 5.3).",
    )
    received_at = models.DateTimeField("tiếp nhận lúc")
    started_at = models.DateTimeField("bắt đầu chờ tiếp nhận", null=True)
    rejected_at = models.DateTimeField("từ chối lúc", null=True)
    first_supplement_at = models.DateTimeField("yêu cầu bổ sung lần đầu lúc", null=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True)
    published_at = models.DateTimeField("công khai lúc", null=True)
    likes = models.PositiveIntegerField("số lượt hài lòng", default=0)
    dislikes = models.PositiveIntegerField("số lượt không hài lòng", default=0)
    event_seq = models.PositiveIntegerField(
        "sự kiện cuối", help_text="Số thứ tự của sự kiện mới nhất đã áp dụng."
    )
    event_at = models.DateTimeField("thời điểm sự kiện cuối")
    last_event_id = models.UUIDField("mã sự kiện cuối")
    state = models.JSONField("trạng thái đầy đủ", encoder=DjangoJSONEncoder, default=dict)
    applied_at = models.DateTimeField("áp dụng lúc")

    class Meta:
        verbose_name = "bản sao phản ánh, kiến nghị"
        verbose_name_plural = "bản sao phản ánh, kiến nghị"
        constraints = [
            models.UniqueConstraint(
                fields=["province", "reference"], name="sync_replfeedback_ref_uniq"
            ),
        ]
        indexes = [
            # The nation's and a province's PAKN of a period (766 group 5).
            models.Index(fields=["received_at"], name="sync_replfeedback_recv_idx"),
            models.Index(fields=["province", "received_at"], name="sync_replfeedback_prov_idx"),
            models.Index(fields=["province", "repeat_of"], name="sync_replfeedback_repeat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.province}/{self.reference}#{self.event_seq}"


class ReplicaRating(models.Model):
    """The hub's copy of one dossier's rating by its applicant (contract v1.2,
    `RatingEventV1`): the score only (766 record 5.4: ≤ 2 is a "dislike")."""

    province = models.CharField("mã tỉnh", max_length=8)
    dossier_code = models.CharField("mã hồ sơ", max_length=64)
    procedure_code = models.CharField("mã thủ tục", max_length=64, blank=True)
    procedure_field_code = models.CharField("mã lĩnh vực", max_length=64, blank=True)
    score = models.PositiveSmallIntegerField("mức độ hài lòng")
    event_seq = models.PositiveIntegerField("lần đánh giá", help_text="Lần đánh giá mới nhất.")
    event_at = models.DateTimeField("đánh giá lúc")
    last_event_id = models.UUIDField("mã sự kiện cuối")
    state = models.JSONField("trạng thái đầy đủ", encoder=DjangoJSONEncoder, default=dict)
    applied_at = models.DateTimeField("áp dụng lúc")

    class Meta:
        verbose_name = "bản sao đánh giá hồ sơ"
        verbose_name_plural = "bản sao đánh giá hồ sơ"
        constraints = [
            models.UniqueConstraint(
                fields=["province", "dossier_code"], name="sync_replrating_code_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province}/{self.dossier_code}: {self.score}"


class AppliedEvent(models.Model):
    """Every event id the hub has taken in: THE idempotency key (unique `event_id`), for
    dossier, PAKN and rating events alike (`stream` tells them apart; `code` is the dossier
    code, or the PAKN reference)."""

    event_id = models.UUIDField("mã sự kiện", unique=True)
    province = models.CharField("mã tỉnh", max_length=8)
    stream = models.CharField(
        "loại sự kiện",
        max_length=8,
        db_default="dossier",
        help_text="dossier: hồ sơ; feedback: phản ánh, kiến nghị; rating: đánh giá hồ sơ.",
    )
    code = models.CharField("mã hồ sơ / mã PAKN", max_length=64)
    event_seq = models.PositiveIntegerField("thứ tự trong hồ sơ")
    stale = models.BooleanField(
        "đến muộn", default=False, help_text="Cũ hơn bản sao lúc nhận: ghi nhận, không áp dụng."
    )
    batch_id = models.UUIDField("mã lô")
    received_at = models.DateTimeField("nhận lúc")

    class Meta:
        verbose_name = "sự kiện đã nhận"
        verbose_name_plural = "sự kiện đã nhận"

    def __str__(self) -> str:
        return f"{self.province}/{self.code}#{self.event_seq}"


class IngestLog(models.Model):
    """One received batch and what became of its events."""

    id = models.BigAutoField(primary_key=True)
    batch_id = models.UUIDField("mã lô", default=uuid.uuid4)
    province = models.CharField("mã tỉnh", max_length=8)
    received = models.PositiveIntegerField("số sự kiện")
    applied = models.PositiveIntegerField("áp dụng")
    duplicates = models.PositiveIntegerField("trùng")
    stale = models.PositiveIntegerField("đến muộn")
    errors = models.PositiveIntegerField("bị từ chối")
    error_sample = models.TextField("lỗi (mẫu)", blank=True)
    at = models.DateTimeField("lúc", default=timezone.now, db_index=True)
    duration_ms = models.PositiveIntegerField("thời gian xử lý (ms)", default=0)

    class Meta:
        verbose_name = "nhật ký nhận"
        verbose_name_plural = "nhật ký nhận"
        ordering = ["-at"]
        indexes = [models.Index(fields=["province", "-at"], name="sync_ingestlog_prov_idx")]

    def __str__(self) -> str:
        return f"{self.province} {self.batch_id} @ {self.at:%d/%m/%Y %H:%M:%S}"
