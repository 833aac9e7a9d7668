"""Hub-side tables: province credentials, the replica of every dossier, the ingest record.

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


class AppliedEvent(models.Model):
    """Every event id the hub has taken in: THE idempotency key (unique `event_id`)."""

    event_id = models.UUIDField("mã sự kiện", unique=True)
    province = models.CharField("mã tỉnh", max_length=8)
    code = models.CharField("mã hồ sơ", max_length=64)
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
