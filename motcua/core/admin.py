from django.contrib import admin
from django.db import transaction

from motcua.core.calendar_db import calendar_override_delete, calendar_override_save
from motcua.core.models import CalendarOverride


class YearListFilter(admin.SimpleListFilter):
    title = "năm"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "note", "updated_at")
    list_filter = ("kind", YearListFilter)
    search_fields = ("note",)
    ordering = ("date",)
    date_hierarchy = "date"
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description="thứ", ordering="date")
    def weekday(self, obj: CalendarOverride) -> str:
        return ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")[
            obj.date.weekday()
        ]

    def save_model(self, request, obj, form, change):
        calendar_override_save(override=obj)

    def delete_model(self, request, obj):
        calendar_override_delete(override=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for override in queryset:
                calendar_override_delete(override=override)
