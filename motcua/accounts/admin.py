"""Users and staff memberships in the Django admin. Membership forms check the same rule as
`membership_grant`, so a role held at the wrong level is a form error, not a stored row."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from motcua.accounts.identity import personal_id_validate
from motcua.accounts.models import StaffMembership, User
from motcua.accounts.services import membership_problems


class StaffMembershipForm(forms.ModelForm):
    class Meta:
        model = StaffMembership
        fields = ["user", "agency", "role", "is_active"]

    def clean(self) -> dict:
        cleaned = super().clean()
        agency, role = cleaned.get("agency"), cleaned.get("role")
        if agency is not None and role:
            for detail in membership_problems(agency=agency, role=role):
                self.add_error(detail.path if detail.path in self.fields else None, detail.message)
        return cleaned


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    form = StaffMembershipForm
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "role", "is_active"]


class _PersonalIdMixin:
    def clean_personal_id(self) -> str | None:
        value = (self.cleaned_data.get("personal_id") or "").strip()
        if not value:
            return None  # unique and nullable: blank must be stored as NULL
        for message in personal_id_validate(value):
            raise forms.ValidationError(message)
        return value


class UserChangeForm(_PersonalIdMixin, DjangoUserAdmin.form):
    pass


class UserCreationForm(_PersonalIdMixin, DjangoUserAdmin.add_form):
    class Meta(DjangoUserAdmin.add_form.Meta):
        model = User
        fields = ["username", "full_name", "personal_id", "phone"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    inlines = [StaffMembershipInline]
    list_display = ["username", "full_name", "personal_id", "email", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "personal_id", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Thông tin cá nhân", {"fields": ["full_name", "personal_id", "phone", "email"]}),
        (
            "Quyền",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Thời điểm", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "full_name",
                    "personal_id",
                    "phone",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    form = StaffMembershipForm
    list_display = ["user", "agency", "role", "is_active"]
    list_filter = ["role", "is_active", "agency__province_code"]
    search_fields = ["user__username", "user__full_name", "agency__eid", "agency__name"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]
