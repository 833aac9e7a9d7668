"""Choices and limits of the procedure catalog (shared/spec/catalog-format.md).

The limits are here, not only on the model fields, so the pure validator in
`catalog_format.py` can reject a too-long value before anything reaches the database.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

CATALOG_FORMAT = "motcua-catalog"
CATALOG_VERSION = 1

# National procedure codes are digits and dots (1.004447, 2.000123).
PROCEDURE_CODE_PATTERN = r"^\d+(?:\.\d+)*$"

CODE_MAX_LENGTH = 30
FIELD_CODE_MAX_LENGTH = 50
REQUIREMENT_CODE_MAX_LENGTH = 50
NAME_MAX_LENGTH = 500
SHORT_TEXT_MAX_LENGTH = 255
PROCESSING_TIME_MAX = 9999

# A registry attribute named by `x-prefill` in an e-form: <registry>.<attribute>.
PREFILL_NAMESPACES = ("citizen", "business")
PREFILL_PATTERN = r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$"


class ProcedureLevel(models.TextChoices):
    """The level that receives and decides (chính quyền địa phương hai cấp)."""

    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class Subject(models.TextChoices):
    """Đối tượng thực hiện."""

    CITIZEN = "citizen", _("Cá nhân")
    ORGANIZATION = "organization", _("Tổ chức")


class DelegationKind(models.TextChoices):
    """How the competence reached the locality (NĐ 133/2025/NĐ-CP and the like)."""

    DECENTRALIZED = "decentralized", _("Phân cấp")
    DELEGATED = "delegated", _("Ủy quyền")


class TimeUnit(models.TextChoices):
    """Unit of the legal time limit; the label is how the limit reads ("10 ngày làm việc")."""

    WORKING_DAYS = "working_days", _("ngày làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    HOURS = "hours", _("giờ")


class OnlineLevel(models.TextChoices):
    """Online public service level (NĐ 42/2022/NĐ-CP): toàn trình, một phần, or none."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Trực tiếp")


class Channel(models.TextChoices):
    """Cách thức thực hiện: where a dossier may be submitted."""

    COUNTER = "counter", _("Trực tiếp tại Bộ phận Một cửa")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Qua dịch vụ bưu chính công ích")


class StepActor(models.TextChoices):
    """Who performs one internal step; the values are the staff roles of motcua.accounts."""

    RECEIVER = "receiver", _("Cán bộ tiếp nhận (một cửa)")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo phê duyệt")
    SIGNER = "signer", _("Người ký số")
