"""States of an outbox message and the outcomes a destination handler can report."""

from django.db import models


class OutboxState(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    DELIVERED = "delivered", "Đã gửi"
    # Gave up: max attempts reached or the receiver refused for good. Blocks its key until
    # an operator re-drives it, because delivering later events of the key would break order.
    DEAD = "dead", "Ngừng gửi (lỗi)"


class OutcomeStatus(models.TextChoices):
    DELIVERED = "delivered", "Đã nhận"
    RETRY = "retry", "Lỗi tạm thời, thử lại"
    FAILED = "failed", "Lỗi vĩnh viễn"
