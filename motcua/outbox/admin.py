"""Outbox in the admin: read-only rows; actions go through the services."""

import uuid

from django.contrib import admin, messages
from django.db.models import Q

from motcua.outbox.models import OutboxDestinationState, OutboxMessage
from motcua.outbox.services import outbox_redrive, outbox_send_now, worker_id_default


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "destination",
        "kind",
        "key",
        "sequence",
        "state",
        "attempts",
        "available_at",
        "last_error_short",
        "created_at",
    ]
    list_filter = ["destination", "state", "kind"]
    search_fields = ["key"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"
    actions = ["redrive", "send_now"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    @admin.display(description="lỗi gần nhất")
    def last_error_short(self, obj: OutboxMessage) -> str:
        return obj.last_error[:80]

    def get_search_results(self, request, queryset, search_term):
        # Search by event id too; a UUID field cannot take icontains on every database.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            message_id = uuid.UUID(search_term.strip())
        except ValueError:
            return queryset, may_have_duplicates
        return queryset | self.model.objects.filter(Q(id=message_id)), may_have_duplicates

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a message would leave a gap in its key's sequence at the receiver.
        return False

    @admin.action(description="Gửi lại (re-drive) các tin đã ngừng gửi", permissions=["change"])
    def redrive(self, request, queryset):
        count = outbox_redrive(message_ids=list(queryset.values_list("id", flat=True)))
        self.message_user(request, f"Đã đưa {count} tin trở lại hàng đợi.", messages.SUCCESS)

    @admin.action(description="Gửi ngay", permissions=["change"])
    def send_now(self, request, queryset):
        reports = outbox_send_now(
            message_ids=list(queryset.values_list("id", flat=True)),
            worker_id=f"admin:{request.user.pk}:{worker_id_default()}",
        )
        delivered = sum(report.delivered for report in reports)
        failed = sum(report.retried + report.dead for report in reports)
        self.message_user(
            request,
            f"Đã gửi {delivered} tin, lỗi {failed} tin. Tin chưa tới lượt theo thứ tự "
            "của khóa (còn tin trước đó chưa gửi) được giữ lại.",
            messages.SUCCESS if not failed else messages.WARNING,
        )


@admin.register(OutboxDestinationState)
class OutboxDestinationStateAdmin(admin.ModelAdmin):
    list_display = ["destination", "last_success_at", "last_failure_at", "wakeup_at"]
    readonly_fields = ["destination", "last_success_at", "last_failure_at", "wakeup_at"]

    def has_add_permission(self, request) -> bool:
        return False
