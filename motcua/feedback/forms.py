"""Workspace forms for PAKN: the inbox filters and one small form per action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.feedback.constants import FeedbackAction, FeedbackCategory, FeedbackStatus
from motcua.feedback.selectors import FeedbackFilters

ALL = "all"
TEXT = {"rows": 4, "cols": 40}


class InboxFilterForm(forms.Form):
    """From GET; a value that does not parse is ignored, never an error page."""

    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[
            ("", _("Đang xử lý (chưa kết thúc)")),
            (ALL, _("Tất cả")),
            *FeedbackStatus.choices,
        ],
    )
    agency = forms.TypedChoiceField(
        label=_("Cơ quan"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [
            ("", _("Mọi cơ quan")),
            *((a.pk, a.name) for a in agencies),
        ]

    def filters(self) -> FeedbackFilters:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        status = data.get("status") or ""
        return FeedbackFilters(
            status="" if status == ALL else status,
            agency_id=data.get("agency"),
            open_only=not status,
        )


class NoInputForm(forms.Form):
    pass


class AcceptForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Phân loại"), choices=[("", "—"), *FeedbackCategory.choices]
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"), max_length=5000, widget=forms.Textarea(attrs=TEXT)
    )


class TransferForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"), queryset=None, empty_label="—"
    )
    reason = forms.CharField(
        label=_("Lý do chuyển"), max_length=5000, widget=forms.Textarea(attrs=TEXT)
    )

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies


class RequestSupplementForm(forms.Form):
    request = forms.CharField(
        label=_("Thông tin cần bổ sung"), max_length=5000, widget=forms.Textarea(attrs=TEXT)
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 40}),
    )


FORMS = {
    FeedbackAction.ACCEPT: AcceptForm,
    FeedbackAction.REJECT: RejectForm,
    FeedbackAction.TRANSFER: TransferForm,
    FeedbackAction.REQUEST_SUPPLEMENT: RequestSupplementForm,
    FeedbackAction.START: NoInputForm,
    FeedbackAction.ANSWER: AnswerForm,
    FeedbackAction.PUBLISH: NoInputForm,
}
ERROR_FIELDS = {"category", "reason", "to_agency", "request", "answer"}
