"""Certificates, trusted roots and results in the admin. Uploads and status changes go
through the services; the PKCS#12 password is used to open the file and then forgotten."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from motcua.accounts.selectors import agencies_visible_to_user
from motcua.agencies.models import Agency
from motcua.core.errors import ApplicationError
from motcua.documents.constants import TrustSource
from motcua.documents.forms import Pkcs12UploadForm
from motcua.documents.models import Result, ResultEvent, SigningCertificate, TrustedRoot
from motcua.documents.services.certificates import certificate_upload_pkcs12, trusted_root_add
from motcua.documents.services.results import result_revoke


@admin.register(SigningCertificate)
class SigningCertificateAdmin(admin.ModelAdmin):
    list_display = ["agency", "kind", "subject", "not_after", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["agency__name", "agency__eid", "subject", "fingerprint"]
    readonly_fields = [
        "agency", "kind", "certificate_pem", "chain_pem", "subject", "issuer", "serial",
        "fingerprint", "not_before", "not_after", "token_label", "key_label", "key_id",
    ]  # fmt: skip
    fields = [*readonly_fields, "is_active"]

    def get_urls(self):
        return [
            path(
                "upload-pkcs12/",
                self.admin_site.admin_view(self.upload_view),
                name="documents_signingcertificate_upload",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        return redirect("admin:documents_signingcertificate_upload")

    def _agencies(self, request: HttpRequest):
        if request.user.is_superuser:
            return Agency.objects.order_by("eid")
        return agencies_visible_to_user(user=request.user)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = Pkcs12UploadForm(
            request.POST or None, request.FILES or None, agencies=self._agencies(request)
        )
        if request.method == "POST" and form.is_valid():
            try:
                certificate = certificate_upload_pkcs12(
                    agency=form.cleaned_data["agency"],
                    pkcs12_bytes=form.cleaned_data["pkcs12"].read(),
                    password=form.cleaned_data["password"] or "",
                    activate=form.cleaned_data["activate"],
                )
            except ApplicationError as error:
                form.add_error("pkcs12", error.message)
            else:
                messages.success(request, f"Đã lưu chứng thư {certificate.subject}.")
                return redirect(reverse("admin:documents_signingcertificate_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Tải lên chứng thư ký số (PKCS#12)",
            "form": form,
        }
        return TemplateResponse(request, "admin/documents/pkcs12_upload.html", context)


class TrustedRootForm(forms.ModelForm):
    class Meta:
        model = TrustedRoot
        fields = ["name", "certificate_pem", "is_active"]


@admin.register(TrustedRoot)
class TrustedRootAdmin(admin.ModelAdmin):
    form = TrustedRootForm
    list_display = ["name", "source", "fingerprint", "is_active"]
    list_filter = ["source", "is_active"]

    def save_model(self, request, obj, form, change) -> None:
        root = trusted_root_add(
            certificate_pem_text=form.cleaned_data["certificate_pem"],
            name=form.cleaned_data["name"],
            source=obj.source or TrustSource.CONFIGURED,
        )
        if not form.cleaned_data["is_active"]:
            TrustedRoot.objects.filter(pk=root.pk).update(is_active=False)
        obj.pk = root.pk


class ResultEventInline(admin.TabularInline):
    model = ResultEvent
    fk_name = "result"
    extra = 0
    can_delete = False
    readonly_fields = ["at", "kind", "by", "reason", "related"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "agency", "owner_name", "issued_at", "status"]
    list_filter = ["status", "agency"]
    search_fields = ["number", "dossier_code", "owner_personal_id", "owner_tax_code"]
    inlines = [ResultEventInline]
    actions = ["revoke_selected"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Thu hồi các kết quả đã chọn (lý do: thu hồi theo quyết định)")
    def revoke_selected(self, request, queryset) -> None:
        for result in queryset:
            try:
                result_revoke(result=result, by=request.user, reason="Thu hồi theo quyết định")
            except ApplicationError as error:
                self.message_user(request, f"{result.number}: {error.message}", messages.ERROR)
