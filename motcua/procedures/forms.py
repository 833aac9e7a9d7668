from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.procedures.constants import OnlineLevel, ProcedureLevel
from motcua.procedures.models import Field


class ProcedureSearchForm(forms.Form):
    """The public search: free text plus filters; an unknown filter value is ignored."""

    q = forms.CharField(label=_("Tìm thủ tục"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        required=False,
        choices=[("", _("Tất cả các cấp")), *ProcedureLevel.choices],
    )
    online = forms.ChoiceField(
        label=_("Dịch vụ công trực tuyến"),
        required=False,
        choices=[("", _("Mọi mức độ")), *OnlineLevel.choices],
    )

    def __init__(self, *args, fields: list[Field], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            ("", _("Tất cả lĩnh vực")),
            *((field.code, field.name) for field in fields),
        ]

    def search_arguments(self) -> dict:
        """Keyword arguments for procedure_search from the values that are valid."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "field_code": data.get("field") or None,
            "level": data.get("level") or None,
            "online_level": data.get("online") or None,
        }
