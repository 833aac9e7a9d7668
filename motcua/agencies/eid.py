"""Agency electronic identifiers (mã định danh điện tử), QĐ 20/2020/QĐ-TTg. Pure: no ORM.

The structure (QĐ 20/2020/QĐ-TTg; level-1 codes listed in its Phụ lục I):

* at most 35 characters taken from ``.``, ``0-9`` and ``A-Z`` (upper case);
* dot-separated groups, read left to right, one group per level of the organisation tree;
* the first group is the level-1 code ``MX1X2``: ``M`` a letter ``A``–``Y`` and ``X1X2`` two
  digits (ministries ``Gxx``, provinces ``Hxx``), e.g. ``H31``, ``G06``;
* each later group identifies a unit under the previous one and is made of digits — two or
  three in every identifier seen in practice (``H15.50.05.13``, ``H55.242``), which is what
  this module accepts.

A second, legacy spelling is still found in LGSP document exchange and in local procedure
codes: right-aligned and zero-padded, level-1 code last, e.g. ``000.00.00.H30`` (UBND tỉnh
Hậu Giang) or ``000.00.01.H22``. :func:`eid_from_legacy` turns it into the QĐ 20/2020
left-to-right form (``H30``, ``H22.01``); :func:`eid_validate` recognises it and says so.
"""

import re
from dataclasses import dataclass

# QĐ 20/2020/QĐ-TTg: at most 35 characters.
EID_MAX_LENGTH = 35
_ALLOWED = re.compile(r"[.0-9A-Z]")
# QĐ 20/2020/QĐ-TTg: level-1 code MX1X2, M ∈ A..Y, X1X2 digits.
_LEVEL1 = re.compile(r"[A-Y][0-9]{2}")
_LOWER_GROUP = re.compile(r"[0-9]{2,3}")
_LEGACY = re.compile(r"(?:[0-9]+\.)+[A-Y][0-9]{2}")


@dataclass(frozen=True)
class EidProblem:
    """One reason an e-ID is not well formed, in Vietnamese and English."""

    code: str
    message: str
    message_en: str


def eid_problems(value: str) -> list[EidProblem]:
    """Every problem with `value` as a QĐ 20/2020 e-ID; empty when it is well formed."""
    if not value:
        return [EidProblem("empty", "Chưa nhập mã định danh.", "The identifier is empty.")]
    if eid_is_legacy(value):
        try:
            suggestion = eid_from_legacy(value)
        except ValueError:
            suggestion = ""
        hint = f" Dạng theo QĐ 20/2020/QĐ-TTg là «{suggestion}»." if suggestion else ""
        hint_en = f" The QĐ 20/2020 form is '{suggestion}'." if suggestion else ""
        return [
            EidProblem(
                "legacy",
                f"«{value}» là kiểu mã cũ (căn phải, đệm số 0).{hint}",
                f"'{value}' is the legacy right-aligned style.{hint_en}",
            )
        ]

    problems: list[EidProblem] = []
    if len(value) > EID_MAX_LENGTH:
        problems.append(
            EidProblem(
                "too_long",
                f"Mã định danh dài {len(value)} ký tự, tối đa {EID_MAX_LENGTH} ký tự.",
                f"The identifier has {len(value)} characters; at most {EID_MAX_LENGTH} are allowed.",
            )
        )
    bad = sorted({ch for ch in value if not _ALLOWED.fullmatch(ch)})
    if bad:
        shown = " ".join(f"«{ch}»" for ch in bad)
        problems.append(
            EidProblem(
                "bad_characters",
                f"Ký tự không hợp lệ: {shown}. Chỉ dùng dấu chấm, chữ số và chữ in hoa A-Z.",
                f"Characters not allowed: {' '.join(bad)}. Use only '.', 0-9 and A-Z.",
            )
        )

    groups = value.split(".")
    if any(group == "" for group in groups):
        problems.append(
            EidProblem(
                "empty_group",
                "Có nhóm rỗng: không được mở đầu, kết thúc bằng dấu chấm hay có hai dấu chấm liền nhau.",
                "Empty group: no leading, trailing or double dots.",
            )
        )
    first, rest = groups[0], groups[1:]
    if first and not _LEVEL1.fullmatch(first):
        problems.append(
            EidProblem(
                "bad_level1",
                f"Nhóm đầu «{first}» phải có dạng MX1X2: một chữ cái A-Y rồi hai chữ số (vd. H31, G06).",
                f"The first group '{first}' must be MX1X2: a letter A-Y and two digits (e.g. H31).",
            )
        )
    for position, group in enumerate(rest, start=2):
        if group and not _LOWER_GROUP.fullmatch(group):
            problems.append(
                EidProblem(
                    "bad_group",
                    f"Nhóm thứ {position} «{group}» phải gồm 2 hoặc 3 chữ số.",
                    f"Group {position} '{group}' must be 2 or 3 digits.",
                )
            )
    return problems


def eid_validate(value: str) -> list[str]:
    """The problems with `value` as a QĐ 20/2020 e-ID, in Vietnamese; empty when valid."""
    return [problem.message for problem in eid_problems(value)]


def eid_is_valid(value: str) -> bool:
    return not eid_problems(value)


def eid_groups(value: str) -> list[str]:
    """The groups of a well-formed e-ID, level 1 first."""
    return value.split(".")


def eid_is_child_of(child: str, parent: str) -> bool:
    """True when `child` extends `parent` by one or more groups (QĐ 20/2020: each group is a
    unit under the previous one). Intermediate groups need not be agencies themselves: the
    commune People's Committees of a province share a grouping code, e.g. ``H15.50.…``."""
    if not child or not parent:
        return False
    return child.startswith(parent + ".") and len(child) > len(parent) + 1


def eid_is_legacy(value: str) -> bool:
    """True for the right-aligned, zero-padded style with the level-1 code last (``000.00.00.H30``)."""
    return bool(_LEGACY.fullmatch(value))


def eid_from_legacy(value: str) -> str:
    """Convert ``000.00.01.H22`` to ``H22.01``: reverse the groups, drop the all-zero padding.

    Raises ValueError (Vietnamese message) for input that is not the legacy style, or whose
    padding is not at the deep end (a zero group above a non-zero one names no unit).
    """
    if not eid_is_legacy(value):
        raise ValueError(f"«{value}» không phải mã định danh kiểu cũ (vd. 000.00.00.H30).")
    *digit_groups, level1 = value.split(".")
    lower = list(reversed(digit_groups))
    while lower and set(lower[-1]) == {"0"}:
        lower.pop()
    if any(set(group) == {"0"} for group in lower):
        raise ValueError(
            f"«{value}»: nhóm toàn số 0 nằm giữa các nhóm khác, không chuyển được sang dạng mới."
        )
    converted = ".".join([level1, *lower])
    problems = eid_validate(converted)
    if problems:
        raise ValueError(f"«{value}» chuyển thành «{converted}» nhưng không hợp lệ: {problems[0]}")
    return converted
