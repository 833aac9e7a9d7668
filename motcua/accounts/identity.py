"""Personal identification numbers (số định danh cá nhân). Pure: no ORM."""

import re
from datetime import date

_TWELVE_DIGITS = re.compile(r"[0-9]{12}")


def personal_id_validate(value: str) -> list[str]:
    """Problems with `value` as a personal ID, in Vietnamese; empty when valid.

    Luật Căn cước 26/2023/QH15, Điều 12: a string of 12 digits. The law fixes no layout and
    there is no public check digit, so nothing more is checked (and the first three digits,
    the birth-registration province, say nothing about where a person lives today).
    """
    if not value:
        return ["Chưa nhập số định danh cá nhân."]
    if not _TWELVE_DIGITS.fullmatch(value):
        return [f"Số định danh cá nhân phải gồm đúng 12 chữ số, «{value}» thì không."]
    return []


# Birth-registration codes: "0" + the 2-digit code of one of the 63 provinces before 1 July
# 2025 (NĐ 137/2015 Art. 13, TT 59/2021/TT-BCA; DOMAIN.md §7.1). Numbers keep their old prefix
# after the merger, so this list is closed and never changes.
LEGACY_PROVINCE_PREFIXES = frozenset(
    f"0{code:02d}"
    for code in (
        1,
        2,
        4,
        6,
        8,
        10,
        11,
        12,
        14,
        15,
        17,
        19,
        20,
        22,
        24,
        25,
        26,
        27,
        30,
        31,
        33,
        34,
        35,
        36,
        37,
        38,
        40,
        42,
        44,
        45,
        46,
        48,
        49,
        51,
        52,
        54,
        56,
        58,
        60,
        62,
        64,
        66,
        67,
        68,
        70,
        72,
        74,
        75,
        77,
        79,
        80,
        82,
        83,
        84,
        86,
        87,
        89,
        91,
        92,
        93,
        94,
        95,
        96,
    )
)
# Gender/century digit: 0/1 born 1900–1999, 2/3 born 2000–2099 (TT 59/2021/TT-BCA).
_CENTURY_OF_DIGIT = {0: 1900, 1: 1900, 2: 2000, 3: 2000}


def personal_id_check(value: str, *, today: date) -> list[tuple[str, str]]:
    """Problems (Vietnamese, English) with a personal ID given by an applicant; empty when valid.

    Stricter than `personal_id_validate`: the layout `PPP G YY NNNNNN` must be possible — a
    known birth-registration prefix (or a foreign-birth code 100–999, which we cannot list and
    accept), a gender/century digit for a person born by `today`, and a birth year not in the
    future. There is no public check digit (DOMAIN.md §7.1).
    """
    value = (value or "").strip()
    if not value:
        return [("Chưa nhập số định danh cá nhân.", "The personal ID is required.")]
    if not _TWELVE_DIGITS.fullmatch(value):
        return [
            (
                f"Số định danh cá nhân phải gồm đúng 12 chữ số, «{value}» thì không.",
                f"A personal ID has exactly 12 digits; '{value}' does not.",
            )
        ]
    problems: list[tuple[str, str]] = []
    prefix = value[:3]
    if prefix.startswith("0") and prefix not in LEGACY_PROVINCE_PREFIXES:
        problems.append(
            (
                f"Ba chữ số đầu «{prefix}» không phải mã tỉnh nơi đăng ký khai sinh.",
                f"The first three digits '{prefix}' are not a birth-registration province code.",
            )
        )
    digit = int(value[3])
    century = _CENTURY_OF_DIGIT.get(digit)
    if century is None:
        problems.append(
            (
                f"Chữ số thứ tư «{digit}» (giới tính, thế kỷ sinh) không thể có với người đang sống.",
                f"The fourth digit '{digit}' (gender and century of birth) is impossible for a living person.",
            )
        )
    elif century + int(value[4:6]) > today.year:
        problems.append(
            (
                f"Năm sinh {century + int(value[4:6])} trong số định danh ở tương lai.",
                f"The birth year {century + int(value[4:6])} in the ID is in the future.",
            )
        )
    return problems


_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_TAX_CODE = re.compile(r"([0-9]{10})(?:-([0-9]{3}))?")


def tax_code_check(value: str) -> list[tuple[str, str]]:
    """Problems (Vietnamese, English) with an enterprise tax code; empty when valid.

    10 digits, or 10 digits + "-" + a 3-digit branch number 001–999. Check digit:
    N10 = 10 − (Σ Nᵢ·Wᵢ mod 11), W = 31 29 23 19 17 13 7 5 3; a remainder of 0 would need
    a digit "10", so no such code is issued (DOMAIN.md §7.2).
    """
    value = (value or "").strip()
    if not value:
        return [("Chưa nhập mã số thuế.", "The tax code is required.")]
    match = _TAX_CODE.fullmatch(value)
    if match is None:
        return [
            (
                "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu «-» và 3 chữ số của đơn vị phụ thuộc.",
                "A tax code has 10 digits, or 10 digits, '-' and a 3-digit branch number.",
            )
        ]
    digits = [int(c) for c in match.group(1)]
    remainder = sum(d * w for d, w in zip(digits[:9], _TAX_WEIGHTS, strict=True)) % 11
    if remainder == 0 or digits[9] != 10 - remainder:
        return [("Mã số thuế sai chữ số kiểm tra.", "The tax code's check digit is wrong.")]
    if match.group(2) == "000":
        return [
            (
                "Số thứ tự đơn vị phụ thuộc phải từ 001 đến 999.",
                "The branch number must be 001–999.",
            )
        ]
    return []
