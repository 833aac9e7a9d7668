"""User and membership admin: Django's user admin plus our fields and a membership inline."""

import pytest
from django.urls import reverse

from motcua.accounts.constants import StaffRole
from motcua.accounts.models import StaffMembership, User
from motcua.accounts.services import membership_grant

pytestmark = pytest.mark.django_db


def test_user_change_page_shows_our_fields_and_memberships(admin_client, world, make_user):
    user = make_user(personal_id="033090001234")
    membership_grant(user=user, agency=world["a"], role=StaffRole.SPECIALIST)
    response = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "033090001234" in page
    assert "Số định danh cá nhân" in page or "số định danh cá nhân" in page
    assert "Cơ quan H31.50.001" in page


def test_user_add_rejects_a_malformed_personal_id(admin_client):
    data = {"username": "congdan", "full_name": "A", "personal_id": "12345", "phone": "",
            "usable_password": "false", "password1": "", "password2": "",
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}  # fmt: skip
    response = admin_client.post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 200
    assert "12 chữ số" in response.context["adminform"].form.errors["personal_id"][0]
    data["personal_id"] = ""
    assert admin_client.post(reverse("admin:accounts_user_add"), data).status_code == 302
    assert User.objects.get(username="congdan").personal_id is None  # blank stored as NULL


def test_membership_admin_refuses_a_province_role_at_a_commune(admin_client, world, make_user):
    user = make_user()
    url = reverse("admin:accounts_staffmembership_add")
    data = {"user": user.pk, "agency": world["a"].pk, "role": StaffRole.MONITOR, "is_active": "on"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "cơ quan cấp tỉnh" in response.context["adminform"].form.errors["agency"][0]
    assert not StaffMembership.objects.exists()
    data["agency"] = world["hy"].pk
    assert admin_client.post(url, data).status_code == 302
    assert StaffMembership.objects.get().role == StaffRole.MONITOR
