from django import forms


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(
        label="Tệp kết quả (PDF)",
        help_text="Tệp PDF kết quả giải quyết thủ tục hành chính đã ký số.",
    )


class Pkcs12UploadForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=None, label="Cơ quan")
    pkcs12 = forms.FileField(label="Tệp chứng thư số PKCS#12 (.p12, .pfx)")
    password = forms.CharField(
        label="Mật khẩu của tệp PKCS#12",
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text="Chỉ dùng để mở tệp; không được lưu.",
    )
    activate = forms.BooleanField(label="Dùng chứng thư này để ký", required=False, initial=True)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
