from django.db import models


class BaseModel(models.Model):
    """Every table carries when its row was made and last changed."""

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class CalendarOverrideKind(models.TextChoices):
    HOLIDAY = "holiday", "Ngày nghỉ"
    WORKING_DAY = "working_day", "Ngày làm việc"


class CalendarOverride(BaseModel):
    """One date whose working status the yearly Bộ Nội vụ notice fixes (NĐ 128/2025 Art. 7.2).

    It decides the date ahead of the `holidays` package: a Tết day off the package misses, or a
    Saturday worked in exchange for a day off (e.g. TB 9441/TB-BNV for 2026).
    """

    date = models.DateField(
        "ngày",
        unique=True,
        help_text="Ngày được điều chỉnh so với lịch nghỉ lễ, Tết mặc định.",
    )
    kind = models.CharField(
        "loại",
        max_length=16,
        choices=CalendarOverrideKind.choices,
        help_text="Ngày nghỉ: cơ quan không làm việc (nghỉ lễ, Tết, nghỉ bù). "
        "Ngày làm việc: cơ quan làm việc dù là thứ Bảy, Chủ nhật hay ngày nghỉ mặc định "
        "(làm bù).",
    )
    note = models.CharField(
        "căn cứ, ghi chú",
        max_length=500,
        help_text="Văn bản quy định và lý do, ví dụ: "
        "“Thông báo 9441/TB-BNV ngày 16/10/2025 — làm bù cho ngày 31/08/2026”.",
    )

    class Meta:
        verbose_name = "ngày điều chỉnh lịch làm việc"
        verbose_name_plural = "ngày điều chỉnh lịch làm việc"
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CalendarOverrideKind.values),
                name="core_calendaroverride_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()}"
