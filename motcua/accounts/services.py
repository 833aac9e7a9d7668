"""Every write to users and staff memberships."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from motcua.accounts.constants import PROVINCE_WIDE_ROLES, StaffRole
from motcua.accounts.identity import personal_id_validate
from motcua.accounts.models import StaffMembership, User
from motcua.agencies.constants import AgencyLevel
from motcua.agencies.models import Agency
from motcua.core.errors import ApplicationError, ErrorDetail
from motcua.core.text import nfc


def membership_problems(*, agency: Agency, role: str) -> list[ErrorDetail]:
    """Why `role` cannot be held in `agency`; empty when it can. Shared with the admin forms."""
    if role not in StaffRole.values:
        return [ErrorDetail("role", f"Vai trò «{role}» không có.", f"Unknown role '{role}'.")]
    if role in PROVINCE_WIDE_ROLES and agency.level != AgencyLevel.PROVINCE:
        # A province-wide role reaches every agency of the province; it is held at a
        # provincial agency (usually the provincial People's Committee), never a commune one.
        return [
            ErrorDetail(
                "agency",
                f"Vai trò «{StaffRole(role).label}» phải gắn với một cơ quan cấp tỉnh.",
                f"The role '{role}' must be held at a province-level agency.",
            )
        ]
    return []


@transaction.atomic
def membership_grant(*, user: User, agency: Agency, role: str) -> StaffMembership:
    """Give `user` the `role` in `agency`. Granting a role already held changes nothing;
    granting a revoked one makes it active again."""
    details = membership_problems(agency=agency, role=role)
    if details:
        raise ApplicationError(
            "Không phân công được vai trò này.",
            message_en="This role cannot be granted.",
            details=details,
        )
    membership, created = StaffMembership.objects.get_or_create(user=user, agency=agency, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
    return membership


@transaction.atomic
def membership_revoke(*, user: User, agency: Agency, role: str) -> bool:
    """End `user`'s `role` in `agency`; the row stays, inactive, as a record. Returns whether
    anything changed (revoking a role not held is not an error)."""
    changed = StaffMembership.objects.filter(
        user=user, agency=agency, role=role, is_active=True
    ).update(is_active=False)
    return bool(changed)


def _invalid(details: list[ErrorDetail]) -> None:
    if details:
        raise ApplicationError(
            "Thông tin tài khoản chưa hợp lệ.",
            message_en="The account data is invalid.",
            details=details,
        )


@transaction.atomic
def user_create(
    *,
    username: str,
    full_name: str,
    password: str | None = None,
    encoded_password: str | None = None,
    personal_id: str | None = None,
    email: str = "",
    phone: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a login. Give `password` in clear, or `encoded_password` already hashed (bulk
    loads hash one shared password once); with neither, the account cannot log in by password."""
    username = (username or "").strip()
    details: list[ErrorDetail] = []
    if not username:
        details.append(
            ErrorDetail("username", "Chưa nhập tên đăng nhập.", "The username is missing.")
        )
    elif User.objects.filter(username=username).exists():
        details.append(
            ErrorDetail(
                "username",
                f"Tên đăng nhập «{username}» đã có người dùng.",
                f"The username '{username}' is taken.",
            )
        )
    if personal_id:
        details.extend(
            ErrorDetail("personal_id", message, "A personal ID is 12 digits.")
            for message in personal_id_validate(personal_id)
        )
        if User.objects.filter(personal_id=personal_id).exists():
            details.append(
                ErrorDetail(
                    "personal_id",
                    "Số định danh cá nhân này đã có tài khoản.",
                    "This personal ID already has an account.",
                )
            )
    _invalid(details)
    user = User(
        username=username,
        full_name=nfc(full_name.strip()),
        personal_id=personal_id or None,
        email=email.strip(),
        phone=phone.strip(),
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if encoded_password is not None:
        user.password = encoded_password
    else:
        user.password = make_password(password)  # None → unusable
    user.save()
    return user


def citizen_create(
    *,
    personal_id: str,
    full_name: str,
    password: str | None = None,
    encoded_password: str | None = None,
    email: str = "",
    phone: str = "",
) -> User:
    """A citizen's login: the personal ID is the username (Luật Căn cước 2023, Điều 12)."""
    return user_create(
        username=personal_id,
        full_name=full_name,
        password=password,
        encoded_password=encoded_password,
        personal_id=personal_id,
        email=email,
        phone=phone,
    )
