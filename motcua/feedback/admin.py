"""Read-only views of PAKN, their history and ratings: changes go through the workspace
(services write history and outbox rows; the admin would not)."""

from django.contrib import admin

from motcua.feedback.models import Feedback, FeedbackEvent, Rating, RatingEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FeedbackEventInline(admin.TabularInline):
    model = FeedbackEvent
    extra = 0
    can_delete = False
    fields = ["seq", "at", "action", "from_status", "to_status", "actor_name", "agency", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "category", "agency", "received_at", "due_at"]
    list_filter = ["status", "category", "kind"]
    list_select_related = ["agency"]
    date_hierarchy = "received_at"
    inlines = [FeedbackEventInline]


class RatingEventInline(admin.TabularInline):
    model = RatingEvent
    extra = 0
    can_delete = False
    fields = ["revision", "at", "score", "comment", "actor"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    inlines = [RatingEventInline]
    list_display = ["dossier", "score", "created_at"]
    list_filter = ["score"]
