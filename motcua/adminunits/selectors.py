"""Reads of the administrative-unit tables: search, look-up, lists and counts."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from motcua.adminunits.constants import (
    COMMUNE_CODE_WIDTH,
    PROVINCE_CODE_WIDTH,
    LegacyLevel,
    UnitLevel,
)
from motcua.adminunits.models import AdminUnit, LegacyUnit, LegacyWardMapping
from motcua.core.errors import NotFoundError
from motcua.core.text import fold_words


def _pad(code: str, width: int) -> str:
    code = code.strip()
    return code.zfill(width) if code.isdigit() else code


def adminunit_search(
    *,
    q: str,
    province_code: str | None = None,
    level: str | None = None,
    limit: int = 20,
) -> list[AdminUnit]:
    """Units in force whose name holds every word of `q`, accents ignored ("dong van" → Đồng Văn).

    Digits alone search the code. Exact names come first, then provinces, then by code.
    """
    units = AdminUnit.objects.filter(is_active=True).select_related("parent")
    if province_code:
        units = units.filter(province_code=_pad(province_code, PROVINCE_CODE_WIDTH))
    if level:
        units = units.filter(level=level)
    words = fold_words(q)
    if not words:
        return list(units.order_by("code")[:limit]) if (province_code or level) else []
    if len(words) == 1 and words[0].isdigit():
        return list(units.filter(code__startswith=words[0]).order_by("code")[:limit])
    for word in words:
        units = units.filter(name_folded__contains=word)
    folded = " ".join(words)
    units = units.annotate(
        exact=Case(
            When(Q(name_folded=folded) | Q(name_folded__endswith=" " + folded), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        tier=Case(
            When(level=UnitLevel.PROVINCE, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    )
    return list(units.order_by("exact", "tier", "code")[:limit])


def adminunit_get(*, code: str) -> AdminUnit:
    """The unit with this statistical code (closed codes included), or NotFoundError."""
    code = code.strip()
    width = PROVINCE_CODE_WIDTH if len(code) <= PROVINCE_CODE_WIDTH else COMMUNE_CODE_WIDTH
    unit = AdminUnit.objects.select_related("parent").filter(code=_pad(code, width)).first()
    if unit is None:
        raise NotFoundError(
            f"Không có đơn vị hành chính mã {code}.",
            message_en=f"No administrative unit with code {code}.",
        )
    return unit


def communes_of_province(*, province_code: str) -> QuerySet[AdminUnit]:
    """Communes, wards and special zones in force in a province, by code."""
    return AdminUnit.objects.filter(
        is_active=True,
        level=UnitLevel.COMMUNE,
        province_code=_pad(province_code, PROVINCE_CODE_WIDTH),
    ).order_by("code")


def adminunit_counts_by_kind(*, province_code: str | None = None) -> dict[str, int]:
    """How many units in force of each kind (tinh, thanh_pho, xa, phuong, dac_khu)."""
    units = AdminUnit.objects.filter(is_active=True)
    if province_code:
        units = units.filter(province_code=_pad(province_code, PROVINCE_CODE_WIDTH))
    rows = units.order_by().values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    return dict(rows)


def adminunit_legacy_sources(*, unit: AdminUnit) -> list[LegacyWardMapping]:
    """The old communes that went (wholly or partly) into this new commune."""
    return list(
        LegacyWardMapping.objects.filter(new_unit=unit)
        .select_related("legacy_ward__parent__parent")
        .order_by("legacy_ward__code")
    )


def legacy_unit_get(*, code: str, level: str = LegacyLevel.WARD) -> LegacyUnit:
    """An old (before 1 July 2025) unit by code and level, or NotFoundError."""
    width = {LegacyLevel.PROVINCE: 2, LegacyLevel.DISTRICT: 3}.get(level, COMMUNE_CODE_WIDTH)
    unit = (
        LegacyUnit.objects.select_related("parent__parent")
        .filter(level=level, code=_pad(code, width))
        .first()
    )
    if unit is None:
        raise NotFoundError(
            f"Không có đơn vị hành chính cũ mã {code}.",
            message_en=f"No former administrative unit with code {code}.",
        )
    return unit


def legacy_unit_search(*, q: str, level: str | None = None, limit: int = 20) -> list[LegacyUnit]:
    """Old units whose name holds every word of `q`, accents ignored."""
    units = LegacyUnit.objects.select_related("parent__parent")
    if level:
        units = units.filter(level=level)
    words = fold_words(q)
    if not words:
        return []
    for word in words:
        units = units.filter(name_folded__contains=word)
    return list(units.order_by("level", "code")[:limit])
