"""Local reference copies of the national registers, imported from CSV (demo and tests).

A real deployment reads the registers through their connectors (connectors.py); these tables
back the reference connector so the platform works, and can be tested, without them.
"""

from django.db import models

from motcua.core.models import BaseModel


class RegistryPerson(BaseModel):
    """One person as the national population database (CSDLQG về dân cư) would return them."""

    personal_id = models.CharField("số định danh cá nhân", max_length=12, unique=True)
    full_name = models.CharField("họ và tên", max_length=200)
    date_of_birth = models.DateField("ngày sinh")
    gender = models.CharField("giới tính", max_length=10, help_text="nam hoặc nữ")
    permanent_address = models.CharField("nơi thường trú", max_length=300)
    unit_code = models.CharField(
        "mã xã, phường, đặc khu (mới)",
        max_length=5,
        help_text="Mã thống kê của đơn vị hành chính cấp xã nơi thường trú (QĐ 19/2025/QĐ-TTg).",
    )
    phone = models.CharField("số điện thoại", max_length=20, blank=True)

    class Meta:
        verbose_name = "công dân (bản sao CSDL dân cư)"
        verbose_name_plural = "công dân (bản sao CSDL dân cư)"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.personal_id})"


class RegistryBusiness(BaseModel):
    """One enterprise as the national business registration database would return it."""

    tax_code = models.CharField("mã số doanh nghiệp (mã số thuế)", max_length=14, unique=True)
    name = models.CharField("tên doanh nghiệp", max_length=300)
    address = models.CharField("địa chỉ trụ sở chính", max_length=300)
    unit_code = models.CharField("mã xã, phường, đặc khu (mới) của trụ sở", max_length=5)
    representative_personal_id = models.CharField(
        "số định danh người đại diện theo pháp luật", max_length=12, db_index=True
    )
    representative_name = models.CharField("người đại diện theo pháp luật", max_length=200)
    registered_on = models.DateField("ngày đăng ký lần đầu", null=True, blank=True)

    class Meta:
        verbose_name = "doanh nghiệp (bản sao CSDL đăng ký doanh nghiệp)"
        verbose_name_plural = "doanh nghiệp (bản sao CSDL đăng ký doanh nghiệp)"

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"
