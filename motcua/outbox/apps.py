from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "motcua.outbox"
    label = "outbox"
    verbose_name = "Hàng đợi gửi đi (outbox)"
