from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    """What a staff membership lets a user do in one agency."""

    RECEIVER = "receiver", _("Cán bộ tiếp nhận (một cửa)")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo phê duyệt")
    SIGNER = "signer", _("Người ký số")
    AGENCY_ADMIN = "agency_admin", _("Quản trị cơ quan")
    PROVINCE_ADMIN = "province_admin", _("Quản trị cấp tỉnh")
    MONITOR = "monitor", _("Giám sát (chỉ xem)")


# Roles that reach every agency of the province of the agency they are held in; the others
# reach only their own agency.
PROVINCE_WIDE_ROLES = frozenset({StaffRole.PROVINCE_ADMIN, StaffRole.MONITOR})
