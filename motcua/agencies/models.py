from django.db import models

from motcua.agencies.constants import AgencyKind, AgencyLevel
from motcua.core.models import BaseModel


class Agency(BaseModel):
    """A state agency or unit with its electronic identifier (QĐ 20/2020/QĐ-TTg)."""

    eid = models.CharField(
        "mã định danh điện tử",
        max_length=35,
        unique=True,
        help_text="Tối đa 35 ký tự gồm '.', 0-9, A-Z; nhóm đầu dạng MX1X2 (vd. H31), "
        "mỗi nhóm sau là đơn vị cấp dưới (QĐ 20/2020/QĐ-TTg).",
    )
    name = models.CharField("tên cơ quan", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    kind = models.CharField("loại cơ quan", max_length=50, choices=AgencyKind.choices)
    level = models.CharField("cấp", max_length=10, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="cơ quan cấp trên",
    )
    admin_unit = models.ForeignKey(
        "adminunits.AdminUnit",
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name="đơn vị hành chính",
        help_text="Tỉnh với cơ quan cấp tỉnh; xã, phường, đặc khu với cơ quan cấp xã.",
    )
    province_code = models.CharField(
        "mã tỉnh",
        max_length=2,
        db_index=True,
        help_text="Mã thống kê của tỉnh (QĐ 19/2025/QĐ-TTg) mà cơ quan thuộc về.",
    )
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["eid"]
        indexes = [models.Index(fields=["province_code", "kind"])]

    def __str__(self) -> str:
        return self.name
