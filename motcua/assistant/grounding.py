"""Does a text state only facts found in a procedure's record?

Used by the test that scans every answer on the evaluation set, and by generative mode to
reject a rephrasing that invents a fee, a deadline or a document. Numbers are compared in a
canonical form: "1.000.000" and "1,000,000" are 1000000, "0,5" is 0.5, "01" is 1, and
"1 triệu" is 1000000. Paths (links such as /procedures/1.004447/) are not facts.
"""

import json
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from motcua.core.text import fold

_URL = re.compile(r"(?:https?://|/)\S*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:\s*(?:triệu|nghìn|ngàn|tỷ|trieu|nghin|ngan|ty)\b)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_SCALES = {
    "triệu": 10**6,
    "trieu": 10**6,
    "nghìn": 10**3,
    "nghin": 10**3,
    "ngàn": 10**3,
    "ngan": 10**3,
    "tỷ": 10**9,
    "ty": 10**9,
}
_QUOTED = re.compile(r"[\"“«]([^\"”»]{3,120})[\"”»]")

# Common document names a rephrasing might add although the procedure does not ask for them.
COMMON_DOCUMENTS = (
    "giấy khai sinh",
    "căn cước công dân",
    "chứng minh nhân dân",
    "hộ chiếu",
    "sổ hộ khẩu",
    "giấy chứng nhận kết hôn",
    "giấy xác nhận tình trạng hôn nhân",
    "giấy chứng sinh",
    "giấy chứng tử",
    "giấy chứng nhận đăng ký doanh nghiệp",
    "giấy chứng nhận quyền sử dụng đất",
    "giấy khám sức khỏe",
    "sơ yếu lý lịch",
    "phiếu lý lịch tư pháp",
    "giấy ủy quyền",
    "bản vẽ thiết kế",
    "hợp đồng lao động",
    "sổ bảo hiểm xã hội",
    "ảnh 4x6",
    "ảnh 3x4",
)


def _canonical(raw: str) -> str:
    text = raw.strip()
    scale = 1
    for word, factor in _SCALES.items():
        if text.endswith(word):
            scale, text = factor, text[: -len(word)].strip()
            break
    if _THOUSANDS.fullmatch(text):
        value = Decimal(re.sub(r"[.,]", "", text))
    else:
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            return text
    value *= scale
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def numbers_in(text: str) -> set[str]:
    """Canonical forms of every number written in `text` (links ignored)."""
    return {_canonical(m.group(0)) for m in _NUMBER.finditer(_URL.sub(" ", text))}


def _walk_numbers(value: object, out: set[str]) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        out.add(_canonical(str(value)))
    elif isinstance(value, dict):
        for item in value.values():
            _walk_numbers(item, out)
    elif isinstance(value, list):
        for item in value:
            _walk_numbers(item, out)
    elif isinstance(value, str):
        out |= numbers_in(value)


def record_numbers(record: dict) -> set[str]:
    """Every number a record states, plus those its format defines (the 15:00 cut-off)."""
    out: set[str] = set()
    _walk_numbers(record, out)
    time = record.get("processing_time") or {}
    if time.get("value") == 0 and time.get("unit", "working_days") == "working_days":
        out.add("15")
    return out


def record_text(record: dict) -> str:
    return fold(json.dumps(record, ensure_ascii=False))


def grounding_check(
    text: str, procedure_record: dict, *, known_documents: Iterable[str] = ()
) -> bool:
    """True when every number and document name in `text` appears in the record."""
    if not numbers_in(text) <= record_numbers(procedure_record):
        return False
    haystack = record_text(procedure_record)
    folded_text = fold(text)
    for quoted in _QUOTED.findall(text):
        if fold(quoted) not in haystack:
            return False
    for name in (*COMMON_DOCUMENTS, *known_documents):
        folded_name = fold(name)
        if folded_name and folded_name in folded_text and folded_name not in haystack:
            return False
    return True
