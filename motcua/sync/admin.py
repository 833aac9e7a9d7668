"""Hub tables in the admin: read-only; credentials are created by `hub_credential_create`."""

from django.contrib import admin

from motcua.sync.models import (
    AppliedEvent,
    IngestLog,
    ProvinceCredential,
    ReplicaDossier,
    ReplicaFeedback,
    ReplicaRating,
)
from motcua.sync.services import credential_revoke


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProvinceCredential)
class ProvinceCredentialAdmin(ReadOnlyAdmin):
    list_display = ["province_code", "key_id", "is_active", "note", "created_at", "last_used_at"]
    list_filter = ["is_active", "province_code"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in ProvinceCredential._meta.fields]

    @admin.action(description="Thu hồi khóa đã chọn")
    def revoke(self, request, queryset):
        for credential in queryset:
            credential_revoke(credential=credential)
        self.message_user(request, f"Đã thu hồi {queryset.count()} khóa.")


@admin.register(ReplicaDossier)
class ReplicaDossierAdmin(ReadOnlyAdmin):
    list_display = [
        "province",
        "code",
        "status",
        "event_seq",
        "handling_agency",
        "day",
        "applied_at",
    ]
    list_filter = ["province", "status"]
    search_fields = ["code"]


@admin.register(ReplicaFeedback)
class ReplicaFeedbackAdmin(ReadOnlyAdmin):
    list_display = [
        "province", "reference", "status", "category", "event_seq", "handling_agency",
        "received_at", "applied_at",
    ]  # fmt: skip
    list_filter = ["province", "status"]
    search_fields = ["reference", "dossier_code"]


@admin.register(ReplicaRating)
class ReplicaRatingAdmin(ReadOnlyAdmin):
    list_display = ["province", "dossier_code", "score", "event_seq", "applied_at"]
    list_filter = ["province", "score"]
    search_fields = ["dossier_code"]


@admin.register(AppliedEvent)
class AppliedEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "province", "stream", "code", "event_seq", "stale", "received_at"]
    list_filter = ["province", "stream", "stale"]
    search_fields = ["code"]


@admin.register(IngestLog)
class IngestLogAdmin(ReadOnlyAdmin):
    list_display = [
        "at", "province", "batch_id", "received", "applied", "duplicates", "stale", "errors",
        "duration_ms",
    ]  # fmt: skip
    list_filter = ["province"]
    date_hierarchy = "at"
