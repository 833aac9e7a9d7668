from django.db import models


class UnitLevel(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    COMMUNE = "commune", "Cấp xã"


class UnitKind(models.TextChoices):
    """Division types after 1 July 2025 (QĐ 19/2025/QĐ-TTg)."""

    TINH = "tinh", "Tỉnh"
    THANH_PHO = "thanh_pho", "Thành phố trực thuộc trung ương"
    XA = "xa", "Xã"
    PHUONG = "phuong", "Phường"
    DAC_KHU = "dac_khu", "Đặc khu"
