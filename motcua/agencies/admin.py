"""Agencies in the Django admin. Saving goes through the services, so the admin obeys the same
rules as every other writer; a rule broken is a form error, never a 500."""

from django import forms
from django.contrib import admin

from motcua.agencies.models import Agency
from motcua.agencies.services import (
    agency_create,
    agency_eid_normalize,
    agency_problems,
    agency_update,
)

_EDITABLE = [
    "eid",
    "name",
    "short_name",
    "kind",
    "admin_unit",
    "parent",
    "address",
    "phone",
    "email",
    "is_active",
]


class AgencyAdminForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = _EDITABLE

    def clean_eid(self) -> str:
        return agency_eid_normalize(self.cleaned_data.get("eid", ""))

    def clean(self) -> dict:
        cleaned = super().clean()
        if "eid" not in cleaned or "kind" not in cleaned or "admin_unit" not in cleaned:
            return cleaned  # a required field is missing: Django already said so
        for detail in agency_problems(
            eid=cleaned["eid"],
            kind=cleaned["kind"],
            admin_unit=cleaned["admin_unit"],
            parent=cleaned.get("parent"),
            agency=self.instance if self.instance.pk else None,
        ):
            self.add_error(detail.path if detail.path in self.fields else None, detail.message)
        return cleaned


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyAdminForm
    list_display = ["eid", "name", "kind", "level", "province_code", "is_active"]
    list_filter = ["kind", "level", "province_code", "is_active"]
    search_fields = ["eid", "name", "short_name"]
    autocomplete_fields = ["parent"]
    raw_id_fields = ["admin_unit"]
    readonly_fields = ["level", "province_code", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["eid", "name", "short_name", "kind", "is_active"]}),
        ("Vị trí", {"fields": ["admin_unit", "parent", "level", "province_code"]}),
        ("Liên hệ", {"fields": ["address", "phone", "email"]}),
        ("Lịch sử", {"fields": ["created_at", "updated_at"]}),
    ]
    list_select_related = ["admin_unit"]

    def save_model(self, request, obj: Agency, form: AgencyAdminForm, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in _EDITABLE}
        if change:
            agency_update(agency=obj, **data)
            return
        created = agency_create(**data)
        # The admin goes on with `obj` (log entry, redirect): make it the saved row.
        for field in Agency._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
