"""Portal forms: they parse input into the services' arguments and put the services' messages
next to the fields they name. The e-form fields are built by the officer intake's code
(motcua.dossiers.forms), so a procedure's schema looks and parses the same on both sides."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import ErrorDetail
from motcua.dossiers.constants import ApplicantKind
from motcua.dossiers.files import MAX_FILE_BYTES

# Shared with the counter intake form; see the report about making these two names public.
from motcua.dossiers.forms import FORM_DATA_PREFIX, eform_field, eform_value
from motcua.dossiers.services.intake import ApplicantInput
from motcua.feedback.constants import RATING_SCORES, FeedbackKind
from motcua.portal.services.wizard import DocumentChoice

UPLOAD = ""


class LongSelect(forms.Select):
    """A select of many options (the province's 104 communes) rendered in one pass: the
    template-per-option default costs more server time than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(value)} if value not in (None, "") else {""}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class ServiceErrorsMixin:
    """Put each ApplicationError detail next to the field its path names, else on top."""

    error_fields: dict[str, str] = {}

    def field_for_path(self, path: str) -> str | None:
        head, _dot, rest = path.partition(".")
        if head == "applicant":
            return {"kind": "kind"}.get(rest, rest)
        if head == "form_data" and rest:
            return FORM_DATA_PREFIX + rest
        return self.error_fields.get(path, path)

    def add_service_errors(self, details: list[ErrorDetail]) -> None:
        for detail in details:
            name = self.field_for_path(detail.path)
            self.add_error(name if name in self.fields else None, detail.message)


def _locked(field: forms.Field, source: str) -> None:
    field.widget.attrs["readonly"] = True
    field.prefill_source = source


class ApplicantForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Người nộp là"), widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Họ tên người nộp / tên tổ chức"), max_length=255, required=False
    )
    personal_id = forms.CharField(
        label=_("Số định danh cá nhân"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế (khi nộp thay mặt doanh nghiệp)"), max_length=14, required=False
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("Thư điện tử (nhận thông báo về hồ sơ)"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )
    address = forms.CharField(label=_("Địa chỉ thường trú"), max_length=255, required=False)
    unit_code = forms.ChoiceField(
        label=_("Xã, phường, đặc khu (mới)"), required=False, widget=LongSelect
    )

    def __init__(self, *args, procedure, communes, sources: dict[str, str], editing: bool,
                 **kwargs) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        subjects = [k for k in ApplicantKind.values if k in (procedure.subjects or [])]
        self.fields["kind"].choices = [
            (k, ApplicantKind(k).label) for k in subjects or ApplicantKind.values
        ]
        if len(self.fields["kind"].choices) == 1:
            self.fields["kind"].initial = self.fields["kind"].choices[0][0]
        if ApplicantKind.ORGANIZATION not in subjects:
            del self.fields["tax_code"]
        self.fields["unit_code"].choices = [
            ("", _("— Chọn xã, phường, đặc khu —")),
            *communes.values_list("code", "name"),
        ]
        self.sources = sources
        self.editing = editing
        for name, source in sources.items():
            if name in self.fields and not editing:
                _locked(self.fields[name], source)
        # The personal ID is the account's own: never editable here.
        self.fields["personal_id"].widget.attrs["readonly"] = True

    @property
    def prefilled(self) -> list[str]:
        return [name for name in self.sources if name in self.fields]

    def applicant(self) -> ApplicantInput:
        data = self.cleaned_data
        kind = data["kind"]
        return ApplicantInput(
            kind=kind,
            name=data["name"].strip(),
            personal_id=data["personal_id"].strip() if kind == ApplicantKind.CITIZEN else "",
            tax_code=(data.get("tax_code") or "").strip()
            if kind == ApplicantKind.ORGANIZATION
            else "",
            phone=data["phone"].strip(),
            email=data["email"].strip(),
            address=data["address"].strip(),
            unit_code=data["unit_code"],
        )


class EForm(ServiceErrorsMixin, forms.Form):
    """The procedure's e-form, one field per schema property, prefilled where `x-prefill`."""

    def __init__(self, *args, schema: dict | None, sources: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        schema = schema or {}
        self._properties = dict((schema.get("properties") or {}).items())
        required = set(schema.get("required") or [])
        self.sources = {}
        for key, spec in self._properties.items():
            name = FORM_DATA_PREFIX + key
            self.fields[name] = eform_field(spec or {}, required=key in required)
            self.fields[name].schema_required = key in required
            if key in sources:
                self.fields[name].prefill_source = sources[key]
                self.sources[key] = sources[key]

    def form_data(self) -> dict:
        values = {}
        for key, spec in self._properties.items():
            value = eform_value(spec or {}, self.cleaned_data.get(FORM_DATA_PREFIX + key))
            if value is not None:
                values[key] = value
        return values


class DocumentsForm(ServiceErrorsMixin, forms.Form):
    """Per requirement: a new file, or one of the stored results it accepts."""

    def __init__(self, *args, requirements, offers: dict[str, list], staged: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        self.staged = staged
        self.error_fields = {}
        for index, requirement in enumerate(self.requirements):
            self.fields[f"doc{index}_file"] = forms.FileField(
                label=_("Tệp (PDF, JPEG, PNG; tối đa 10 MB)"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "application/pdf,image/jpeg,image/png"}
                ),
            )
            self.error_fields[f"documents.{requirement.code}"] = f"doc{index}_file"
            results = offers.get(requirement.code) or []
            if results:
                choices = [(UPLOAD, _("Tải tệp lên"))] + [
                    (r.code, f"{r.name} — {r.code}") for r in results
                ]
                previous = (staged.get(requirement.code) or {}).get("reuse")
                has_file = bool((staged.get(requirement.code) or {}).get("sha256"))
                self.fields[f"doc{index}_reuse"] = forms.ChoiceField(
                    label=_("Dùng kết quả đã được cấp"),
                    choices=choices,
                    required=False,
                    initial=previous or (UPLOAD if has_file else results[0].code),
                    widget=forms.RadioSelect,
                )
                self.error_fields[f"documents.{requirement.code}"] = f"doc{index}_reuse"

    def rows(self) -> list[dict]:
        return [
            {
                "requirement": r,
                "file": self[f"doc{i}_file"],
                "reuse": self[f"doc{i}_reuse"] if f"doc{i}_reuse" in self.fields else None,
                "staged": self.staged.get(r.code) or {},
            }
            for i, r in enumerate(self.requirements)
        ]

    def choices(self) -> list[DocumentChoice]:
        result = []
        for index, requirement in enumerate(self.requirements):
            upload = self.cleaned_data.get(f"doc{index}_file")
            reuse = self.cleaned_data.get(f"doc{index}_reuse") or ""
            if upload:
                # One byte past the limit is enough for the check to refuse a huge file.
                content = upload.read(MAX_FILE_BYTES + 1)
                result.append(DocumentChoice(requirement.code, upload.name, content))
            elif reuse:
                result.append(DocumentChoice(requirement.code, reuse=reuse))
        return result


class ReviewForm(ServiceErrorsMixin, forms.Form):
    receiving_agency = forms.TypedChoiceField(
        label=_("Nơi tiếp nhận hồ sơ"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiving_agency"].choices = [(a.pk, a.name) for a in agencies]
        if len(agencies) == 1:
            self.fields["receiving_agency"].initial = agencies[0].pk
        elif len(agencies) > 8:
            self.fields["receiving_agency"].widget = LongSelect(
                choices=self.fields["receiving_agency"].choices
            )


class TrackingForm(forms.Form):
    ma = forms.CharField(label=_("Mã hồ sơ"), max_length=64)
    so = forms.CharField(
        label=_("4 chữ số cuối của số định danh, mã số thuế hoặc số điện thoại người nộp"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}"}
        ),
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Mức độ hài lòng"), coerce=int, choices=RATING_SCORES, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Ý kiến (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
    )


class FeedbackForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"), choices=FeedbackKind.choices, widget=forms.RadioSelect
    )
    dossier = forms.ChoiceField(label=_("Về hồ sơ (không bắt buộc)"), required=False)
    agency = forms.ChoiceField(
        label=_("Cơ quan tiếp nhận (khi không gắn với hồ sơ)"),
        required=False,
        widget=LongSelect,
    )
    content = forms.CharField(
        label=_("Nội dung"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 50}),
    )
    repeat_of = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, dossiers, agencies=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dossier"].choices = [
            ("", _("— Không gắn với hồ sơ nào —")),
            *((d.code, f"{d.code} — {d.procedure.name[:60]}") for d in dossiers),
        ]
        self.fields["agency"].choices = [
            ("", _("— Chọn cơ quan —")),
            *((str(a.pk), a.name) for a in agencies),
        ]


class FeedbackSupplementForm(ServiceErrorsMixin, forms.Form):
    content = forms.CharField(
        label=_("Thông tin bổ sung"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 50}),
    )


class FeedbackVoteForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Ông/Bà có hài lòng với kết quả trả lời không?"),
        coerce=lambda value: value == "1",
        choices=[("1", _("Hài lòng")), ("0", _("Không hài lòng"))],
        widget=forms.RadioSelect,
    )
