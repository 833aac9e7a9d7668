from django.contrib.auth.models import AbstractUser
from django.db import models

from motcua.accounts.constants import StaffRole
from motcua.core.models import BaseModel


class User(AbstractUser):
    """A person who logs in: an officer (with staff memberships) or a citizen (personal ID)."""

    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    personal_id = models.CharField(
        "số định danh cá nhân",
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        help_text="12 chữ số (Luật Căn cước 2023, Điều 12). Trống với tài khoản cán bộ không phải công dân.",
    )
    phone = models.CharField("số điện thoại", max_length=20, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class StaffMembership(BaseModel):
    """A role held by a user in one agency. A user may hold several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="người dùng"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name="cơ quan",
    )
    role = models.CharField("vai trò", max_length=20, choices=StaffRole.choices)
    is_active = models.BooleanField("đang hiệu lực", default=True)

    class Meta:
        verbose_name = "phân công cán bộ"
        verbose_name_plural = "phân công cán bộ"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="accounts_membership_unique_role"
            )
        ]
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
