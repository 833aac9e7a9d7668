from django.db import models

from motcua.adminunits.constants import LegacyKind, LegacyLevel, UnitKind, UnitLevel
from motcua.core.models import BaseModel


class AdminUnit(BaseModel):
    """A province-level or commune-level unit of the two-tier map in force since 1 July 2025."""

    code = models.CharField(
        "mã đơn vị",
        max_length=5,
        unique=True,
        help_text="Mã thống kê theo QĐ 19/2025/QĐ-TTg: 2 chữ số (tỉnh), 5 chữ số (xã).",
    )
    name = models.CharField("tên", max_length=150)
    name_folded = models.CharField("tên không dấu", max_length=150, db_index=True, editable=False)
    kind = models.CharField("loại", max_length=10, choices=UnitKind.choices)
    level = models.CharField("cấp", max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="tỉnh",
    )
    province_code = models.CharField("mã tỉnh", max_length=2, db_index=True)
    is_active = models.BooleanField(
        "đang có hiệu lực",
        default=True,
        help_text="Mã đã đóng không được dùng lại (QĐ 19/2025/QĐ-TTg, Điều 3): đơn vị không còn "
        "trong danh mục được giữ lại nhưng đánh dấu hết hiệu lực, không xoá.",
    )

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["code"]
        indexes = [models.Index(fields=["province_code", "level"])]

    def __str__(self) -> str:
        return self.name


class LegacyUnit(BaseModel):
    """A unit of the three-tier map (63 provinces, districts, communes) in force until 30 June 2025.

    Kept so that addresses and papers issued before the reorganisation can still be read.
    """

    code = models.CharField(
        "mã đơn vị cũ",
        max_length=5,
        help_text="Mã thống kê cũ: 2 chữ số (tỉnh), 3 chữ số (huyện), 5 chữ số (xã).",
    )
    name = models.CharField("tên", max_length=150)
    name_folded = models.CharField("tên không dấu", max_length=150, db_index=True, editable=False)
    kind = models.CharField("loại", max_length=20, choices=LegacyKind.choices)
    level = models.CharField("cấp", max_length=10, choices=LegacyLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    province_code = models.CharField("mã tỉnh cũ", max_length=2, db_index=True)
    district_code = models.CharField("mã huyện cũ", max_length=3, blank=True, db_index=True)

    class Meta:
        verbose_name = "đơn vị hành chính cũ"
        verbose_name_plural = "đơn vị hành chính cũ (trước 1/7/2025)"
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="adminunits_legacy_level_code"),
        ]
        indexes = [models.Index(fields=["province_code", "level"])]

    def __str__(self) -> str:
        return self.name


class LegacyWardMapping(BaseModel):
    """One old commune → one new commune. An old commune split between new ones has several rows."""

    legacy_ward = models.ForeignKey(
        LegacyUnit,
        on_delete=models.CASCADE,
        related_name="ward_mappings",
        verbose_name="xã cũ",
        limit_choices_to={"level": LegacyLevel.WARD},
    )
    new_unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.CASCADE,
        related_name="legacy_ward_mappings",
        verbose_name="đơn vị cấp xã mới",
        limit_choices_to={"level": UnitLevel.COMMUNE},
    )
    is_split = models.BooleanField(
        "xã cũ bị chia",
        default=False,
        help_text="Xã cũ được chia cho nhiều đơn vị mới; dữ liệu không nói phần nào về đâu.",
    )
    is_partly_merged = models.BooleanField(
        "sáp nhập một phần",
        default=False,
        help_text="Theo bảng chuyển đổi: chỉ một phần diện tích, dân số của xã cũ nhập vào đơn vị này.",
    )

    class Meta:
        verbose_name = "ánh xạ xã cũ → mới"
        verbose_name_plural = "ánh xạ xã cũ → mới"
        ordering = ["legacy_ward__code", "new_unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["legacy_ward", "new_unit"], name="adminunits_legacy_ward_mapping_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legacy_ward_id} → {self.new_unit_id}"


class LegacyProvinceMapping(BaseModel):
    """One old province → one new province (NQ 202/2025/QH15 merged 63 provinces into 34)."""

    legacy_province = models.ForeignKey(
        LegacyUnit,
        on_delete=models.CASCADE,
        related_name="province_mappings",
        verbose_name="tỉnh cũ",
        limit_choices_to={"level": LegacyLevel.PROVINCE},
    )
    new_province = models.ForeignKey(
        AdminUnit,
        on_delete=models.CASCADE,
        related_name="legacy_province_mappings",
        verbose_name="tỉnh mới",
        limit_choices_to={"level": UnitLevel.PROVINCE},
    )
    is_split = models.BooleanField(
        "tỉnh cũ bị chia",
        default=False,
        help_text="Một số xã của tỉnh cũ thuộc về tỉnh mới khác.",
    )

    class Meta:
        verbose_name = "ánh xạ tỉnh cũ → mới"
        verbose_name_plural = "ánh xạ tỉnh cũ → mới"
        ordering = ["legacy_province__code", "new_province__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["legacy_province", "new_province"],
                name="adminunits_legacy_province_mapping_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legacy_province_id} → {self.new_province_id}"
