"""Read-mostly admin: the maps come from `manage.py load_adminunits`, not from hand edits."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from motcua.adminunits.models import (
    AdminUnit,
    LegacyProvinceMapping,
    LegacyUnit,
    LegacyWardMapping,
)
from motcua.core.text import fold_words


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Searches accent-insensitively; nothing is added, changed or deleted by hand."""

    folded_field = "name_folded"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        words = fold_words(search_term)
        if not words:
            return queryset, False
        if len(words) == 1 and words[0].isdigit():
            return queryset.filter(code__startswith=words[0]), False
        condition = Q()
        for word in words:
            condition &= Q(**{f"{self.folded_field}__contains": word})
        return queryset.filter(condition), False


class LegacyWardMappingInline(admin.TabularInline):
    model = LegacyWardMapping
    fk_name = "new_unit"
    fields = ["legacy_ward", "is_split", "is_partly_merged"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "xã cũ hợp thành"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class LegacyToNewInline(LegacyWardMappingInline):
    fk_name = "legacy_ward"
    fields = ["new_unit", "is_split", "is_partly_merged"]
    readonly_fields = fields
    verbose_name_plural = "nay thuộc đơn vị mới"


@admin.register(AdminUnit)
class AdminUnitAdmin(_ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "level", "province_code", "is_active"]
    list_filter = ["level", "kind", "is_active", "province_code"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    readonly_fields = ["code", "name", "name_folded", "kind", "level", "parent", "province_code"]
    inlines = [LegacyWardMappingInline]


@admin.register(LegacyUnit)
class LegacyUnitAdmin(_ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "province_code"]
    list_filter = ["level", "kind", "province_code"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    inlines = [LegacyToNewInline]


@admin.register(LegacyProvinceMapping)
class LegacyProvinceMappingAdmin(_ReadOnlyAdmin):
    list_display = ["legacy_province", "new_province", "is_split"]
    list_filter = ["is_split"]
    search_fields = ["legacy_province__name"]
    folded_field = "legacy_province__name_folded"
    list_select_related = ["legacy_province", "new_province"]
