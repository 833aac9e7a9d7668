from django.db import models


class StaffRole(models.TextChoices):
    """What a staff membership lets a user do in one agency."""

    RECEIVER = "receiver", "Cán bộ tiếp nhận (một cửa)"
    SPECIALIST = "specialist", "Chuyên viên xử lý"
    LEADER = "leader", "Lãnh đạo phê duyệt"
    SIGNER = "signer", "Người ký số"
    AGENCY_ADMIN = "agency_admin", "Quản trị cơ quan"
    PROVINCE_ADMIN = "province_admin", "Quản trị cấp tỉnh"
    MONITOR = "monitor", "Giám sát (chỉ xem)"


# Roles that reach every agency of the province of the agency they are held in; the others
# reach only their own agency.
PROVINCE_WIDE_ROLES = frozenset({StaffRole.PROVINCE_ADMIN, StaffRole.MONITOR})
