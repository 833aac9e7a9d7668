"""Demo register data: realistic Vietnamese people and businesses on the new communes. Pure.

Personal IDs follow the `PPP G YY NNNNNN` layout (DOMAIN.md §7.1); tax codes carry their check
digit (DOMAIN.md §7.2). Addresses name communes in force since 1 July 2025, passed in by the
caller (codes and names from the adminunits app). Deterministic for a given seed.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

# The three demo citizens of motcua.web.demo.CITIZENS (login = personal ID), first in the file
# so the demo logins find themselves in the register.
DEMO_PEOPLE = [
    ("033090001234", "Nguyễn Văn An", date(1990, 5, 12), "nam"),
    ("034195006789", "Trần Thị Bình", date(1995, 11, 3), "nữ"),
    ("033202004567", "Lê Minh Khôi", date(2002, 2, 27), "nam"),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
          "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương"]  # fmt: skip
MIDDLE = {
    "nam": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Tiến", "Mạnh"],
    "nữ": ["Thị", "Ngọc", "Thu", "Thanh", "Phương", "Thị Thu", "Kim", "Hồng", "Minh", "Bảo"],
}
GIVEN = {
    "nam": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khánh", "Long",
            "Nam", "Phong", "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh"],
    "nữ": ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan",
           "Linh", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Thảo", "Trang", "Yến"],
}  # fmt: skip
# Birth-registration prefixes: mostly Hưng Yên (033) and Thái Bình (034), the two provinces
# merged into today's Hưng Yên; a few born elsewhere (Hà Nội, Hải Dương, Nam Định, TP HCM).
PREFIXES = ["033"] * 10 + ["034"] * 8 + ["001", "030", "036", "079"]
HAMLETS = ["Thôn", "Tổ dân phố", "Xóm"]
COMPANY_FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Hợp tác xã"]
COMPANY_WORDS = ["Thiết bị Y tế", "Nông sản", "Cơ khí", "Xây dựng", "Dệt may", "Thương mại",
                 "Công nghệ", "Vận tải", "Dược phẩm", "Điện tử", "Thực phẩm", "Gốm sứ",
                 "Giáo dục", "Môi trường", "Bưu chính", "Viễn thông"]  # fmt: skip
COMPANY_PLACES = ["Phố Hiến", "Hưng Yên", "Thái Bình", "Khoái Châu", "Sông Hồng",
                  "Văn Lâm", "Tiền Hải", "Đông Hưng", "Kiến Xương", "Châu Giang"]  # fmt: skip
TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
# Old tax-office province codes of the merged province: Hưng Yên 09, Thái Bình 10.
TAX_PREFIXES = ["09", "10"]

PEOPLE_COLUMNS = [
    "personal_id", "full_name", "date_of_birth", "gender", "permanent_address", "unit_code",
    "phone",
]  # fmt: skip
BUSINESS_COLUMNS = [
    "tax_code", "name", "address", "unit_code", "representative_personal_id",
    "representative_name", "registered_on",
]  # fmt: skip


@dataclass(frozen=True)
class Commune:
    code: str
    name: str


def personal_id_make(*, prefix: str, gender: str, born: date, serial: int) -> str:
    """`PPP G YY NNNNNN`: G is 0/1 (male/female) for 1900–1999 and 2/3 for 2000–2099."""
    century_base = 0 if born.year < 2000 else 2
    digit = century_base + (0 if gender == "nam" else 1)
    return f"{prefix}{digit}{born.year % 100:02d}{serial:06d}"


def tax_check_digit(first_nine: str) -> int | None:
    """N10 = 10 − (Σ Nᵢ·Wᵢ mod 11); None when the remainder is 0 (no such code is issued)."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, TAX_WEIGHTS, strict=True)) % 11
    return None if remainder == 0 else 10 - remainder


def tax_code_make(rng: random.Random) -> str:
    while True:
        first_nine = rng.choice(TAX_PREFIXES) + f"{rng.randrange(10**7):07d}"
        check = tax_check_digit(first_nine)
        if check is not None and check != 10:
            return f"{first_nine}{check}"


def _address(rng: random.Random, commune: Commune) -> str:
    return (
        f"Số {rng.randint(1, 250)}, {rng.choice(HAMLETS)} {rng.randint(1, 15)}, "
        f"{commune.name}, tỉnh Hưng Yên"
    )


def _phone(rng: random.Random) -> str:
    return rng.choice(["09", "03", "08", "07"]) + f"{rng.randrange(10**8):08d}"


def people_generate(*, count: int, communes: list[Commune], seed: int = 2026) -> list[dict]:
    """`count` people (the three demo citizens first), unique personal IDs, adults and children."""
    if not communes:
        raise ValueError("no communes to place people in")
    rng = random.Random(seed)
    rows: list[dict] = []
    seen: set[str] = set()
    for personal_id, name, born, gender in DEMO_PEOPLE[:count]:
        commune = communes[0] if personal_id != "034195006789" else communes[-1]
        rows.append(_person_row(personal_id, name, born, gender, rng, commune))
        seen.add(personal_id)
    while len(rows) < count:
        gender = rng.choice(["nam", "nữ"])
        born = date(rng.randint(1940, 2024), 1, 1) + timedelta(days=rng.randrange(365))
        personal_id = personal_id_make(
            prefix=rng.choice(PREFIXES), gender=gender, born=born, serial=rng.randrange(10**6)
        )
        if personal_id in seen:
            continue
        seen.add(personal_id)
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        rows.append(_person_row(personal_id, name, born, gender, rng, rng.choice(communes)))
    return rows


def _person_row(personal_id, name, born, gender, rng, commune: Commune) -> dict:
    return {
        "personal_id": personal_id,
        "full_name": name,
        "date_of_birth": born.isoformat(),
        "gender": gender,
        "permanent_address": _address(rng, commune),
        "unit_code": commune.code,
        "phone": _phone(rng),
    }


def businesses_generate(
    *, count: int, people: list[dict], communes: list[Commune], seed: int = 2026
) -> list[dict]:
    """`count` businesses with valid, unique tax codes; each legal representative is an adult
    from `people` (the first business is represented by the first demo citizen)."""
    rng = random.Random(seed + 1)
    adults = [p for p in people if p["date_of_birth"] <= "2006-12-31"] or people
    rows: list[dict] = []
    seen: set[str] = set()
    while len(rows) < count:
        tax_code = tax_code_make(rng)
        if tax_code in seen:
            continue
        seen.add(tax_code)
        representative = adults[0] if not rows else rng.choice(adults)
        commune = rng.choice(communes)
        if rows:
            name = (
                f"{rng.choice(COMPANY_FORMS)} {rng.choice(COMPANY_WORDS)} "
                f"{rng.choice(COMPANY_PLACES)}"
            )
        else:
            name = "Công ty TNHH Thiết bị Y tế Phố Hiến"
        registered = date(rng.randint(2000, 2025), 1, 1) + timedelta(days=rng.randrange(365))
        rows.append(
            {
                "tax_code": tax_code,
                "name": name,
                "address": _address(rng, commune),
                "unit_code": commune.code,
                "representative_personal_id": representative["personal_id"],
                "representative_name": representative["full_name"],
                "registered_on": registered.isoformat(),
            }
        )
    return rows
