"""Catalog values in words: fees, time limits, online levels, roles (Vietnamese and English).

Every number printed comes straight from the record; nothing here computes a new one.
"""


def number_vi(value: float) -> str:
    """1000000 → "1.000.000", 0.5 → "0,5" (Vietnamese separators)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:g}".replace(".", ",")


def number_en(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:g}"


def money(amount: int, *, english: bool) -> str:
    return f"{number_en(amount)} VND" if english else f"{number_vi(amount)} đồng"


_UNITS_VI = {"working_days": "ngày làm việc", "calendar_days": "ngày", "hours": "giờ làm việc"}
_UNITS_EN = {"working_days": "working days", "calendar_days": "days", "hours": "working hours"}


def time_limit(processing_time: dict | None, *, english: bool) -> str:
    if not processing_time:
        return "not stated in the catalog" if english else "danh mục chưa ghi thời hạn"
    value = processing_time.get("value", 0)
    unit = processing_time.get("unit", "working_days")
    if value == 0 and unit == "working_days":
        # Catalog format: 0 working days = the day of receipt, next working day after 15:00.
        if english:
            return "within the day (next working day if received after 15:00)"
        return "trong ngày; nếu tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo"
    if english:
        return f"{number_en(value)} {_UNITS_EN.get(unit, unit)}"
    return f"{number_vi(value)} {_UNITS_VI.get(unit, unit)}"


def working_days(value: float, *, english: bool) -> str:
    if english:
        return f"{number_en(value)} working days"
    return f"{number_vi(value)} ngày làm việc"


ONLINE_VI = {
    "full": "dịch vụ công trực tuyến toàn trình: nộp hồ sơ, nộp phí và nhận kết quả trên mạng",
    "partial": "dịch vụ công trực tuyến một phần: nộp hồ sơ trên mạng, nhận kết quả hoặc "
    "nộp bản giấy tại nơi tiếp nhận",
    "none": "chưa có dịch vụ công trực tuyến; nộp trực tiếp hoặc qua bưu chính nếu được",
}
ONLINE_EN = {
    "full": "fully online (toàn trình): apply, pay and receive the result online",
    "partial": "partly online (một phần): apply online, some steps in person",
    "none": "not available online; apply in person",
}
CHANNELS_VI = {"counter": "trực tiếp", "online": "trực tuyến", "postal": "qua bưu chính"}
CHANNELS_EN = {"counter": "in person", "online": "online", "postal": "by post"}
LEVEL_VI = {"province": "cấp tỉnh", "commune": "cấp xã"}
LEVEL_EN = {"province": "provincial level", "commune": "commune level"}
ROLE_VI = {
    "receiver": "cán bộ tiếp nhận",
    "specialist": "chuyên viên",
    "leader": "lãnh đạo",
    "signer": "người ký",
}
ROLE_EN = {
    "receiver": "receiver",
    "specialist": "specialist",
    "leader": "leader",
    "signer": "signer",
}


def procedure_url(code: str) -> str:
    return f"/procedures/{code}/"
