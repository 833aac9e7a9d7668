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


class LegacyLevel(models.TextChoices):
    """The three tiers in force until 30 June 2025 (63 provinces, districts abolished after)."""

    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    WARD = "ward", "Cấp xã"


class LegacyKind(models.TextChoices):
    """Division types before 1 July 2025 (QĐ 124/2004/QĐ-TTg code list and its updates)."""

    TINH = "tinh", "Tỉnh"
    THANH_PHO = "thanh_pho", "Thành phố trực thuộc trung ương"
    HUYEN = "huyen", "Huyện"
    QUAN = "quan", "Quận"
    THI_XA = "thi_xa", "Thị xã"
    THANH_PHO_THUOC_TINH = "thanh_pho_thuoc_tinh", "Thành phố thuộc tỉnh"
    XA = "xa", "Xã"
    PHUONG = "phuong", "Phường"
    THI_TRAN = "thi_tran", "Thị trấn"


# Code widths (QĐ 19/2025/QĐ-TTg keeps the statistical code widths of the old list).
PROVINCE_CODE_WIDTH = 2
DISTRICT_CODE_WIDTH = 3
COMMUNE_CODE_WIDTH = 5
