"""Forms of the officer workspace. They parse and shape input into the services' arguments
and nothing more: every rule, and every message about a rule, comes from the services
(an error detail's path is mapped back onto the field it names)."""

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import StaffRole
from motcua.accounts.models import User
from motcua.accounts.selectors import staff_of_agency
from motcua.core.errors import ErrorDetail
from motcua.dossiers.constants import Action, ApplicantKind, Channel, DossierStatus
from motcua.dossiers.files import MAX_FILE_BYTES
from motcua.dossiers.selectors import InboxFilters
from motcua.dossiers.services.intake import ApplicantInput, DocumentInput

FORM_DATA_PREFIX = "f_"
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InboxFilterForm(forms.Form):
    """The inbox filters, from GET; a value that does not parse is ignored, never an error page."""

    q = forms.CharField(label=_("Mã hồ sơ, tên hoặc số giấy tờ"), required=False, max_length=100)
    status = forms.TypedChoiceField(
        label=_("Trạng thái"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Mọi trạng thái")), *DossierStatus.choices],
    )
    procedure = forms.CharField(label=_("Mã thủ tục"), required=False, max_length=32)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    channel = forms.TypedChoiceField(
        label=_("Kênh"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Mọi kênh")), *Channel.choices],
    )
    received_from = forms.DateField(label=_("Nộp từ ngày"), required=False, widget=_date_input())
    received_to = forms.DateField(label=_("đến ngày"), required=False, widget=_date_input())
    finished_from = forms.DateField(
        label=_("Kết thúc xử lý từ ngày"), required=False, widget=_date_input()
    )
    finished_to = forms.DateField(label=_("đến ngày"), required=False, widget=_date_input())
    accepted_from = forms.DateField(
        label=_("Tiếp nhận từ ngày"), required=False, widget=_date_input()
    )
    accepted_to = forms.DateField(label=_("đến ngày"), required=False, widget=_date_input())
    # Drill-down from the indicators (hidden in the form: they arrive in the link).
    agency = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    commune = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    overdue = forms.BooleanField(required=False, widget=forms.HiddenInput)
    due_soon = forms.BooleanField(required=False, widget=forms.HiddenInput)
    mine = forms.BooleanField(label=_("Chỉ hồ sơ của tôi"), required=False)
    scope = forms.ChoiceField(
        label=_("Phạm vi"),
        required=False,
        choices=[("", _("Đang giải quyết")), ("all", _("Tất cả, kể cả đã kết thúc"))],
    )

    def __init__(self, *args, fields, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            ("", _("Mọi lĩnh vực")),
            *((field.code, field.name) for field in fields),
        ]

    def filters(self, **overrides) -> InboxFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        values = {
            "status": data.get("status"),
            "procedure_code": (data.get("procedure") or "").strip(),
            "field_code": data.get("field") or "",
            "channel": data.get("channel"),
            "received_from": data.get("received_from"),
            "received_to": data.get("received_to"),
            "finished_from": data.get("finished_from"),
            "finished_to": data.get("finished_to"),
            "accepted_from": data.get("accepted_from"),
            "accepted_to": data.get("accepted_to"),
            "handling_agency_id": data.get("agency"),
            "handling_commune_id": data.get("commune"),
            "overdue": bool(data.get("overdue")),
            "due_soon": bool(data.get("due_soon")),
            "q": (data.get("q") or "").strip(),
            "mine": bool(data.get("mine")),
            # By default the inbox shows what is still being handled; a status picks its own.
            "open_only": data.get("scope") != "all"
            and not data.get("status")
            and not any(
                data.get(name)
                for name in ("finished_from", "finished_to", "accepted_from", "accepted_to")
            ),
        }
        values.update(overrides)
        return InboxFilters(**values)


class LedgerForm(forms.Form):
    """Mẫu 07: one agency, one period, optionally one field."""

    agency = forms.TypedChoiceField(label=_("Cơ quan"), coerce=int)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)

    def __init__(self, *args, agencies, fields, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The URL says ?from=&to= (words Python reserves, hence not class attributes).
        self.fields["from"] = forms.DateField(label=_("Từ ngày"), widget=_date_input())
        self.fields["to"] = forms.DateField(label=_("Đến ngày"), widget=_date_input())
        self.fields["agency"].choices = [(agency.pk, agency.name) for agency in agencies]
        self.fields["field"].choices = [
            ("", _("Mọi lĩnh vực")),
            *((field.code, field.name) for field in fields),
        ]


# --- Counter intake ----------------------------------------------------------------------


def eform_field(spec: dict, *, required: bool) -> forms.Field:
    """A form field for one property of the procedure's e-form schema (catalog-format.md)."""
    label = spec.get("title") or ""
    help_text = spec.get("description") or ""
    attrs = {"aria-required": "true"} if required else {}
    if "enum" in spec:
        choices = [("", _("— Chọn —")), *((str(v), str(v)) for v in spec["enum"])]
        return forms.ChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=choices,
            widget=forms.Select(attrs=attrs),
        )
    kind = spec.get("type")
    if kind == "boolean":
        return forms.BooleanField(label=label, help_text=help_text, required=False)
    if kind in ("integer", "number"):
        attrs["step"] = "1" if kind == "integer" else "any"
        for key, attr in (("minimum", "min"), ("maximum", "max")):
            if key in spec:
                attrs[attr] = str(spec[key])
        # A text field underneath: a value that is not a number reaches the service, which
        # names the problem in the words of the e-form.
        return forms.CharField(
            label=label,
            help_text=help_text,
            required=False,
            widget=forms.NumberInput(attrs=attrs),
        )
    input_type = {"date": "date", "email": "email"}.get(spec.get("format", ""), "text")
    if "maxLength" in spec:
        attrs["maxlength"] = str(spec["maxLength"])
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={**attrs, "type": input_type}),
    )


def eform_value(spec: dict, raw):
    """The JSON value of one e-form input; None when left empty (the key is then omitted)."""
    if spec.get("type") == "boolean":
        return bool(raw)
    if raw in (None, ""):
        return None
    if "enum" in spec:
        return next((v for v in spec["enum"] if str(v) == raw), raw)
    if spec.get("type") == "integer" and _INTEGER.match(raw):
        return int(raw)
    if spec.get("type") == "number" and _NUMBER.match(raw):
        number = raw.replace(",", ".")
        return float(number) if "." in number else int(number)
    return raw


@dataclass(frozen=True)
class RequirementRow:
    """One requirement of the procedure as the intake form lays it out."""

    index: int
    requirement: object
    paper: forms.BoundField
    file: forms.BoundField
    reuse: forms.BoundField | None


class CounterIntakeForm(forms.Form):
    """One form for a counter reception: desk, applicant, e-form and one row per requirement."""

    receiving_agency = forms.TypedChoiceField(label=_("Cơ quan tiếp nhận"), coerce=int)
    applicant_kind = forms.ChoiceField(label=_("Người nộp là"))
    name = forms.CharField(
        label=_("Họ tên người nộp / tên tổ chức"), required=False, max_length=255
    )
    personal_id = forms.CharField(
        label=_("Số định danh cá nhân (12 số)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế (tổ chức)"),
        required=False,
        max_length=14,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = forms.CharField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email"}),
    )
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=255)
    unit_code = forms.ChoiceField(label=_("Xã, phường, đặc khu (mới)"), required=False)

    def __init__(self, *args, procedure, requirements, agencies, communes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.requirements = list(requirements)
        self._agencies = {agency.pk: agency for agency in agencies}
        self.fields["receiving_agency"].choices = [(a.pk, a.name) for a in agencies]
        # The cursor starts where typing starts: the desk when there is a choice, else the name.
        self.single_desk = len(agencies) == 1
        if self.single_desk:
            self.fields["receiving_agency"].initial = agencies[0].pk
        else:
            self.fields["receiving_agency"].widget.attrs["autofocus"] = True
        subjects = [k for k in ApplicantKind.values if k in (procedure.subjects or [])]
        self.fields["applicant_kind"].choices = [
            (k, ApplicantKind(k).label) for k in subjects or ApplicantKind.values
        ]
        self.fields["unit_code"].choices = [
            ("", _("— Không chọn (theo nơi tiếp nhận) —")),
            *((unit.code, unit.name) for unit in communes),
        ]
        schema = procedure.form or {}
        self._eform = dict((schema.get("properties") or {}).items())
        required = set(schema.get("required") or [])
        self.eform_names = []
        for key, spec in self._eform.items():
            name = FORM_DATA_PREFIX + key
            self.fields[name] = eform_field(spec or {}, required=key in required)
            self.fields[name].schema_required = key in required
            self.eform_names.append(name)
        for index, requirement in enumerate(self.requirements):
            self.fields[f"doc{index}_paper"] = forms.BooleanField(
                label=_("Đã nhận bản giấy"), required=False
            )
            self.fields[f"doc{index}_file"] = forms.FileField(
                label=_("Tệp (PDF, JPEG, PNG)"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "application/pdf,image/jpeg,image/png"}
                ),
            )
            if requirement.reusable_result_of:
                self.fields[f"doc{index}_reuse"] = forms.CharField(
                    label=_("hoặc mã kết quả đã cấp để tái sử dụng"),
                    required=False,
                    max_length=64,
                )

    @property
    def eform_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.eform_names]

    @property
    def requirement_rows(self) -> list[RequirementRow]:
        return [
            RequirementRow(
                index=i,
                requirement=r,
                paper=self[f"doc{i}_paper"],
                file=self[f"doc{i}_file"],
                reuse=self[f"doc{i}_reuse"] if f"doc{i}_reuse" in self.fields else None,
            )
            for i, r in enumerate(self.requirements)
        ]

    def service_arguments(self) -> tuple[dict, list[str]]:
        """Keyword arguments for `dossier_receive_at_counter`, and the field name each sent
        document came from (to put the service's `documents[i]` messages next to it)."""
        data = self.cleaned_data
        applicant = ApplicantInput(
            kind=data["applicant_kind"],
            name=data["name"],
            personal_id=data["personal_id"].strip(),
            tax_code=data["tax_code"].strip(),
            phone=data["phone"].strip(),
            email=data["email"].strip(),
            address=data["address"].strip(),
            unit_code=data["unit_code"],
        )
        form_data = {}
        for key, spec in self._eform.items():
            value = eform_value(spec or {}, data.get(FORM_DATA_PREFIX + key))
            if value is not None:
                form_data[key] = value
        documents, sources = [], []
        for index, requirement in enumerate(self.requirements):
            upload = data.get(f"doc{index}_file")
            reuse = (data.get(f"doc{index}_reuse") or "").strip()
            paper = bool(data.get(f"doc{index}_paper"))
            if not (upload or reuse or paper):
                continue  # nothing given: the service says so if the requirement is mandatory
            # Read one byte past the limit: enough for the service to refuse a huge file
            # without holding all of it in memory.
            content = upload.read(MAX_FILE_BYTES + 1) if upload else None
            documents.append(
                DocumentInput(
                    requirement_code=requirement.code,
                    filename=upload.name if upload else "",
                    content=content,
                    paper_received=paper,
                    reused_from=reuse,
                )
            )
            sources.append(f"doc{index}_reuse" if reuse and not upload else f"doc{index}_file")
        arguments = {
            "receiving_agency": self._agencies[data["receiving_agency"]],
            "applicant": applicant,
            "form_data": form_data,
            "documents": documents,
        }
        return arguments, sources

    def add_service_errors(self, details: list[ErrorDetail], *, sources: list[str]) -> None:
        """Put each of the service's messages next to the field its path names."""
        by_code = {r.code: f"doc{i}_file" for i, r in enumerate(self.requirements)}
        applicant_fields = {"kind": "applicant_kind"}
        for detail in details:
            name = None
            head, _dot, rest = detail.path.partition(".")
            if head == "applicant":
                name = applicant_fields.get(rest, rest)
            elif head == "form_data" and rest:
                name = FORM_DATA_PREFIX + rest
            elif head == "documents" and rest:
                name = by_code.get(rest)
            elif head.startswith("documents[") and head.endswith("]"):
                position = head[len("documents[") : -1]
                if position.isdigit() and int(position) < len(sources):
                    name = sources[int(position)]
            elif head == "receiving_agency":
                name = head
            self.add_error(name if name in self.fields else None, detail.message)


# --- Actions on one dossier --------------------------------------------------------------


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "cols": 40})


class ConfirmForm(forms.Form):
    """An action that needs nothing but the click (receiving an online dossier)."""


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú (không bắt buộc)"), required=False, max_length=2000, widget=_textarea()
    )


class ReasonForm(forms.Form):
    # Not `required` here: the service decides what needs a reason and says so in its words.
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=2000, widget=_textarea(3))


class SupplementRequestForm(forms.Form):
    items = forms.CharField(
        label=_("Các nội dung cần bổ sung (mỗi dòng một nội dung)"),
        required=False,
        max_length=5000,
        widget=_textarea(4),
    )
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=2000, widget=_textarea())

    def item_list(self) -> list[str]:
        return self.cleaned_data["items"].splitlines()


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Chuyên viên thụ lý"), queryset=User.objects.none(), empty_label=_("— Chọn —")
    )

    def __init__(self, *args, agency, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The people to offer; whether the choice is acceptable is `dossier_assign`'s call.
        self.fields["assignee"].queryset = staff_of_agency(agency=agency, role=StaffRole.SPECIALIST)
        self.fields["assignee"].label_from_instance = lambda user: user.display_name


class TransferForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"), queryset=None, empty_label=_("— Chọn —")
    )
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=2000, widget=_textarea())

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies


class ExtendForm(forms.Form):
    new_due_date = forms.DateField(label=_("Ngày hẹn trả mới"), widget=_date_input())
    reason = forms.CharField(
        label=_("Lý do chậm trả kết quả"), required=False, max_length=2000, widget=_textarea()
    )


ACTION_FORMS: dict[Action, type[forms.Form]] = {
    Action.RECEIVE: ConfirmForm,
    Action.ASSIGN: AssignForm,
    Action.REQUEST_SUPPLEMENT: SupplementRequestForm,
    Action.REFUSE: ReasonForm,
    Action.STOP: ReasonForm,
    Action.TRANSFER: TransferForm,
    Action.EXTEND: ExtendForm,
}
# Detail paths of the services' errors that name a field of an action form.
ACTION_ERROR_FIELDS = frozenset({"reason", "items", "assignee", "to_agency"})


def action_form_class(action: Action) -> type[forms.Form]:
    return ACTION_FORMS.get(action, NoteForm)


def default_period(today: date) -> tuple[date, date]:
    """The ledger's default period: the current month up to today."""
    return today.replace(day=1), today
