"""Outbox tables: messages waiting to leave the process, per-key counters, per-destination state."""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from motcua.outbox.constants import OutboxState


class OutboxMessage(models.Model):
    """One event to deliver to one destination, written in the business transaction."""

    id = models.UUIDField(
        "mã sự kiện",
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        help_text="Bên nhận dựa vào mã này để bỏ qua tin đã xử lý (có thể nhận một tin hai lần).",
    )
    destination = models.CharField(
        "nơi nhận",
        max_length=64,
        help_text="Tên nơi nhận trong MOTCUA_OUTBOX_HANDLERS, ví dụ “hub”.",
    )
    kind = models.CharField("loại sự kiện", max_length=100)
    key = models.CharField(
        "khóa thứ tự",
        max_length=200,
        help_text="Các tin cùng khóa và cùng nơi nhận được gửi đúng thứ tự, ví dụ mã hồ sơ.",
    )
    sequence = models.PositiveBigIntegerField(
        "số thứ tự",
        help_text="Tăng dần theo từng nơi nhận và khóa, bắt đầu từ 1.",
    )
    payload = models.JSONField("nội dung", encoder=DjangoJSONEncoder)
    state = models.CharField(
        "trạng thái", max_length=16, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    available_at = models.DateTimeField(
        "gửi từ lúc",
        default=timezone.now,
        help_text="Thời điểm sớm nhất được thử gửi (lùi dần sau mỗi lần lỗi).",
    )
    attempts = models.PositiveIntegerField("số lần đã thử", default=0)
    last_attempt_at = models.DateTimeField("thử gần nhất lúc", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    delivered_at = models.DateTimeField("đã gửi lúc", null=True, blank=True)
    claimed_by = models.CharField(
        "đang được xử lý bởi",
        max_length=200,
        blank=True,
        help_text="Bộ gửi đang giữ tin; hết hạn giữ thì bộ gửi khác được lấy lại.",
    )
    claimed_until = models.DateTimeField("giữ đến", null=True, blank=True)

    class Meta:
        verbose_name = "tin chờ gửi"
        verbose_name_plural = "tin chờ gửi"
        constraints = [
            # Also the index the head-of-line check probes: (destination, key, sequence).
            models.UniqueConstraint(
                fields=["destination", "key", "sequence"], name="outbox_message_key_seq_uniq"
            ),
        ]
        indexes = [
            models.Index(
                fields=["destination", "state", "available_at"], name="outbox_msg_claim_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.destination}/{self.key}#{self.sequence} {self.kind}"


class OutboxKeySequence(models.Model):
    """Last sequence handed out per destination and key.

    A counter row (not MAX(sequence) + 1) so numbering survives pruning of delivered messages,
    and its row lock serialises concurrent writers of the same key until they commit.
    """

    destination = models.CharField("nơi nhận", max_length=64)
    key = models.CharField("khóa thứ tự", max_length=200)
    last_sequence = models.PositiveBigIntegerField("số thứ tự cuối", default=0)

    class Meta:
        verbose_name = "bộ đếm thứ tự"
        verbose_name_plural = "bộ đếm thứ tự"
        constraints = [
            models.UniqueConstraint(fields=["destination", "key"], name="outbox_keyseq_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.destination}/{self.key}: {self.last_sequence}"


class OutboxDestinationState(models.Model):
    """Per-destination bookkeeping for health pages and for coalescing dispatcher tasks."""

    destination = models.CharField("nơi nhận", max_length=64, primary_key=True)
    last_success_at = models.DateTimeField("gửi thành công gần nhất", null=True, blank=True)
    last_failure_at = models.DateTimeField("gửi lỗi gần nhất", null=True, blank=True)
    wakeup_at = models.DateTimeField(
        "bộ gửi hẹn chạy lúc",
        null=True,
        blank=True,
        help_text="Đã có một tác vụ gửi được xếp hàng cho thời điểm này; không xếp thêm.",
    )

    class Meta:
        verbose_name = "trạng thái nơi nhận"
        verbose_name_plural = "trạng thái nơi nhận"

    def __str__(self) -> str:
        return self.destination
