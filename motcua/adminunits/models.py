from django.db import models

from motcua.adminunits.constants import UnitKind, UnitLevel
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

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["code"]
        indexes = [models.Index(fields=["province_code", "level"])]

    def __str__(self) -> str:
        return self.name
