"""Catalog administration. Saving goes through the services (search words stay true); a
whole catalog file is imported with the same service as `manage.py catalog_import`."""

import json
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from motcua.core.errors import ApplicationError
from motcua.procedures.catalog_format import steps_exceed_limit
from motcua.procedures.exporter import catalog_export, catalog_serialize
from motcua.procedures.importer import catalog_import
from motcua.procedures.models import Field, Procedure, ProcedureFee, ProcedureStep, Requirement
from motcua.procedures.services import field_save, procedure_save, procedure_search_text_refresh


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector"]
    search_fields = ["code", "name", "sector"]

    def save_model(self, request, obj, form, change) -> None:
        field_save(field=obj)


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    fields = ["order", "code", "name", "template", "originals", "copies", "required"]


class FeeInline(admin.TabularInline):
    model = ProcedureFee
    extra = 0
    fields = ["order", "name", "amount_vnd"]


class StepFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        total = sum(
            (
                form.cleaned_data.get("working_days") or Decimal(0)
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ),
            Decimal(0),
        )
        procedure = self.instance
        if procedure.processing_time_value is not None and steps_exceed_limit(
            value=procedure.processing_time_value,
            unit=procedure.processing_time_unit,
            total=total,
        ):
            raise ValidationError(
                "Tổng thời gian các bước vượt quá thời hạn giải quyết của thủ tục."
            )


class StepInline(admin.TabularInline):
    model = ProcedureStep
    formset = StepFormSet
    extra = 0
    fields = ["order", "name", "actor", "working_days"]


class CatalogImportForm(forms.Form):
    file = forms.FileField(label="Tệp danh mục (JSON, định dạng motcua-catalog)")


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "level", "online_level", "boundary_free", "is_active"]
    list_filter = ["field", "level", "online_level", "boundary_free", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["field"]
    inlines = [RequirementInline, FeeInline, StepInline]
    change_list_template = "admin/procedures/procedure/change_list.html"

    def save_model(self, request, obj, form, change) -> None:
        procedure_save(procedure=obj)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Requirement names are search words too, and they are saved after the procedure.
        procedure_search_text_refresh(procedure=form.instance)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.catalog_import_view),
                name="procedures_procedure_import",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.catalog_export_view),
                name="procedures_procedure_export",
            ),
            *super().get_urls(),
        ]

    def catalog_import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        problems = []
        form = CatalogImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                document = json.loads(form.cleaned_data["file"].read().decode("utf-8"))
                report = catalog_import(document=document)
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                form.add_error("file", f"Tệp không phải JSON UTF-8 hợp lệ: {error}")
            except ApplicationError as error:
                form.add_error("file", error.message)
                problems = error.details
            else:
                self.message_user(
                    request,
                    f"Đã nhập danh mục: {report.created} thủ tục thêm mới, {report.updated} "
                    f"cập nhật, {report.unchanged} không đổi.",
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:procedures_procedure_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Nhập danh mục thủ tục hành chính",
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/procedures/procedure/import.html", context)

    def catalog_export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            catalog_serialize(document=catalog_export()),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="motcua-catalog.json"'
        return response
