"""Which unit in force is this address in? Old codes, old addresses and new addresses.

Since 1 July 2025 districts are gone and most communes were merged (NQ 76/2025/UBTVQH15 and
the per-province resolutions; codes by QĐ 19/2025/QĐ-TTg). About 440 old communes were split
between two to five new ones and the official conversion table does not say which part went
where, so a split commune answers with every candidate, flagged ambiguous: never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.db.models import QuerySet

from motcua.adminunits.constants import COMMUNE_CODE_WIDTH, LegacyLevel, UnitLevel
from motcua.adminunits.matching import (
    Match,
    address_words,
    best_matches,
    candidates_from,
    find_matches,
    span_of,
)
from motcua.adminunits.models import (
    AdminUnit,
    LegacyProvinceMapping,
    LegacyUnit,
    LegacyWardMapping,
)
from motcua.core.errors import ApplicationError, ErrorDetail


class ResolveReason:
    """Why a resolution came out as it did (stable codes for callers and the API)."""

    RESOLVED = "resolved"
    SPLIT = "split"
    SEVERAL_MATCHES = "several_matches"
    UNKNOWN_CODE = "unknown_code"
    NO_MAPPING = "no_mapping"
    NO_MATCH = "no_match"
    EMPTY = "empty"


@dataclass(frozen=True)
class Resolution:
    """The new unit(s) an old code or an address points to.

    `candidates` are new communes (each with `.parent`, its province). More than one means
    the caller must ask the person: `ambiguous` is then true and `reason` says why.
    """

    query: str
    candidates: tuple[AdminUnit, ...]
    reason_code: str
    reason: str
    reason_en: str
    legacy_wards: tuple[LegacyUnit, ...] = ()
    # new commune code → old commune codes that lead to it
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    split: bool = False
    partly_merged: bool = False
    # the new province when every candidate lies in one, and the old units recognised
    province: AdminUnit | None = None
    legacy_province: LegacyUnit | None = None
    legacy_district: LegacyUnit | None = None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def found(self) -> bool:
        return bool(self.candidates)

    @property
    def status(self) -> str:
        if not self.candidates:
            return "not_found"
        return "ambiguous" if self.ambiguous else "resolved"


def _names(units: Iterable[AdminUnit | LegacyUnit]) -> str:
    return ", ".join(u.name for u in units)


def _legacy_label(ward: LegacyUnit) -> str:
    parts = [ward.name]
    if ward.parent is not None:
        parts.append(ward.parent.name)
        if ward.parent.parent is not None:
            parts.append(ward.parent.parent.name)
    return ", ".join(parts)


def _from_legacy_wards(
    query: str,
    wards: Sequence[LegacyUnit],
    *,
    legacy_province: LegacyUnit | None = None,
    legacy_district: LegacyUnit | None = None,
) -> Resolution:
    """Follow the conversion table from matched old communes to new ones."""
    mappings = list(
        LegacyWardMapping.objects.filter(legacy_ward__in=wards)
        .select_related("new_unit__parent", "legacy_ward")
        .order_by("new_unit__code")
    )
    by_code: dict[str, AdminUnit] = {}
    sources: dict[str, list[str]] = {}
    for m in mappings:
        by_code.setdefault(m.new_unit.code, m.new_unit)
        sources.setdefault(m.new_unit.code, []).append(m.legacy_ward.code)
    candidates = tuple(by_code.values())
    provinces = {c.parent_id for c in candidates}
    split = any(m.is_split for m in mappings)
    partly = any(m.is_partly_merged for m in mappings)
    common = {
        "query": query,
        "candidates": candidates,
        "legacy_wards": tuple(wards),
        "sources": {k: tuple(v) for k, v in sources.items()},
        "split": split,
        "partly_merged": partly,
        "province": candidates[0].parent if len(provinces) == 1 else None,
        "legacy_province": legacy_province,
        "legacy_district": legacy_district,
    }
    if not candidates:
        return Resolution(
            **common,
            reason_code=ResolveReason.NO_MAPPING,
            reason=f"{_names(wards)} không có trong bảng chuyển đổi đơn vị hành chính cũ → mới.",
            reason_en="The former commune is not in the old → new conversion table.",
        )
    if len(wards) > 1 and len(candidates) > 1:
        return Resolution(
            **common,
            reason_code=ResolveReason.SEVERAL_MATCHES,
            reason=f"Địa chỉ khớp với {len(wards)} xã cũ ({'; '.join(map(_legacy_label, wards))}); "
            "hãy ghi rõ huyện, tỉnh để chọn đúng.",
            reason_en=f"The address matches {len(wards)} former communes; give the district "
            "and province.",
        )
    if len(candidates) > 1:
        return Resolution(
            **common,
            reason_code=ResolveReason.SPLIT,
            reason=f"{_legacy_label(wards[0])} đã được chia cho {len(candidates)} đơn vị mới "
            f"({_names(candidates)}); bảng chuyển đổi không cho biết phần nào thuộc đơn vị nào, "
            "cần xác định theo thôn, tổ dân phố.",
            reason_en=f"The former commune was split between {len(candidates)} new units; the "
            "conversion table does not say which part went where.",
        )
    new = candidates[0]
    where = f"{new.name}, {new.parent.name}" if new.parent else new.name
    return Resolution(
        **common,
        reason_code=ResolveReason.RESOLVED,
        reason=f"{_names(wards)} nay thuộc {where}.",
        reason_en=f"Now part of {new.code}.",
    )


def legacy_ward_resolve(*, code: str) -> Resolution:
    """The new commune(s) an old commune code (before 1 July 2025) went into."""
    raw = code.strip()
    if not raw.isdigit() or len(raw) > COMMUNE_CODE_WIDTH:
        raise ApplicationError(
            "Mã xã cũ phải gồm tối đa 5 chữ số.",
            message_en="A former commune code has at most 5 digits.",
            code="invalid_input",
            status=422,
            details=[ErrorDetail("code", "Mã xã cũ không hợp lệ.", "Invalid former code.")],
        )
    padded = raw.zfill(COMMUNE_CODE_WIDTH)
    ward = (
        LegacyUnit.objects.select_related("parent__parent")
        .filter(level=LegacyLevel.WARD, code=padded)
        .first()
    )
    if ward is None:
        return Resolution(
            query=raw,
            candidates=(),
            reason_code=ResolveReason.UNKNOWN_CODE,
            reason=f"Không có xã, phường, thị trấn cũ mã {padded}.",
            reason_en=f"No former commune with code {padded}.",
        )
    return _from_legacy_wards(
        raw, [ward], legacy_province=ward.parent.parent, legacy_district=ward.parent
    )


def _matched_units(
    rows: QuerySet, words: Sequence[str], *, consumed: frozenset[int], strict: bool = False
) -> list:
    """The best-matching units of `rows`; names are matched on light tuples, units fetched after."""
    light = rows.values_list("pk", "name")
    matches = best_matches(
        find_matches(words, candidates_from(light, _tuple_name), consumed=consumed), strict=strict
    )
    pks = {m.item[0] for m in matches}
    return list(rows.filter(pk__in=pks).order_by("code")) if pks else []


def _tuple_name(row: tuple[int, str]) -> str:
    return row[1]


def _legacy_scope(*, provinces: Sequence[LegacyUnit], districts: Sequence[LegacyUnit]):
    wards = LegacyUnit.objects.filter(level=LegacyLevel.WARD).select_related("parent__parent")
    if districts:
        return wards.filter(parent__in=districts)
    if provinces:
        return wards.filter(province_code__in=[p.code for p in provinces])
    return wards


def _items(matches: Sequence[Match]) -> list:
    seen: dict[int, object] = {}
    for m in matches:
        seen.setdefault(m.item.pk, m.item)
    return list(seen.values())


def _empty(query: str, reason_code: str, reason: str, reason_en: str, **extra) -> Resolution:
    return Resolution(
        query=query,
        candidates=(),
        reason_code=reason_code,
        reason=reason,
        reason_en=reason_en,
        **extra,
    )


def legacy_address_resolve(*, text: str) -> Resolution:
    """The new commune(s) of an address written with the old units.

    "Xã Hoàng Hanh, Huyện Tiên Lữ, Tỉnh Hưng Yên" or "xa hoang hanh tien lu hung yen": the
    province narrows the districts, the district narrows the communes.
    """
    words = address_words(text)
    if not words:
        return _empty(text, ResolveReason.EMPTY, "Địa chỉ trống.", "The address is empty.")

    province_rows = LegacyUnit.objects.filter(level=LegacyLevel.PROVINCE)
    p_matches = best_matches(find_matches(words, candidates_from(province_rows, _name)))
    provinces = _items(p_matches)
    consumed = span_of(p_matches)

    district_rows = LegacyUnit.objects.filter(level=LegacyLevel.DISTRICT).select_related("parent")
    if provinces:
        district_rows = district_rows.filter(parent__in=provinces)
    d_matches = best_matches(
        find_matches(words, candidates_from(district_rows, _name), consumed=consumed)
    )
    districts = _items(d_matches)

    # A commune often shares its district's name ("Thị trấn Đồng Văn, Hà Giang"): if nothing
    # else matches, let the district's words name the commune. Communes also moved between
    # districts before 2025 (Hoàng Hanh: Tiên Lữ → TP Hưng Yên) and old papers keep the old
    # district, so last look in the whole province, and say so in the reason.
    with_district = consumed | span_of(d_matches)
    attempts: list[tuple[Sequence[LegacyUnit], frozenset[int]]] = [(districts, with_district)]
    if districts:
        attempts.append((districts, consumed))
        attempts.append(([], with_district))
    province_scope = provinces or list({d.parent_id: d.parent for d in districts}.values())
    wards: list[LegacyUnit] = []
    for scope_districts, taken in attempts:
        rows = _legacy_scope(provinces=province_scope, districts=scope_districts)
        wards = _matched_units(rows, words, consumed=taken, strict=not province_scope)
        if wards:
            break

    province = provinces[0] if len(provinces) == 1 else None
    district = districts[0] if len(districts) == 1 else None
    if not wards:
        seen = [u.name for u in (district, province) if u is not None]
        hint = f" (nhận ra: {', '.join(seen)})" if seen else ""
        return _empty(
            text,
            ResolveReason.NO_MATCH,
            f"Không tìm thấy tên xã, phường, thị trấn cũ trong địa chỉ{hint}.",
            "No former commune name found in the address.",
            legacy_province=province,
            legacy_district=district,
        )
    if districts and not any(w.parent_id in {d.pk for d in districts} for w in wards):
        result = _from_legacy_wards(text, wards, legacy_province=province, legacy_district=None)
        written = ", ".join(d.name for d in districts)
        where = _legacy_label(wards[0]) if len(wards) == 1 else "các huyện khác trong tỉnh"
        return replace(
            result,
            reason=f"{result.reason} Lưu ý: địa chỉ ghi {written}, nhưng danh mục cũ "
            f"có tên này ở {where}.",
            reason_en=f"{result.reason_en} Note: the address names another district.",
        )
    return _from_legacy_wards(text, wards, legacy_province=province, legacy_district=district)


def _name(unit: AdminUnit | LegacyUnit) -> str:
    return unit.name


def address_resolve(*, text: str) -> Resolution:
    """The commune in force named in a current address ("Phường Hồng Châu, Tỉnh Hưng Yên").

    The province may be written with its old name ("…, Thái Bình"): it then narrows the search
    to the province it was merged into (NQ 202/2025/QH15).
    """
    words = address_words(text)
    if not words:
        return _empty(text, ResolveReason.EMPTY, "Địa chỉ trống.", "The address is empty.")

    province_rows = AdminUnit.objects.filter(is_active=True, level=UnitLevel.PROVINCE)
    p_matches = best_matches(find_matches(words, candidates_from(province_rows, _name)))
    province_codes = {m.item.code for m in p_matches}
    if not p_matches:
        legacy = LegacyUnit.objects.filter(level=LegacyLevel.PROVINCE)
        p_matches = best_matches(find_matches(words, candidates_from(legacy, _name)))
        province_codes = set(
            LegacyProvinceMapping.objects.filter(legacy_province__in=_items(p_matches)).values_list(
                "new_province__code", flat=True
            )
        )
    consumed = span_of(p_matches)

    communes = AdminUnit.objects.filter(is_active=True, level=UnitLevel.COMMUNE).select_related(
        "parent"
    )
    if province_codes:
        communes = communes.filter(province_code__in=province_codes)
    found = _matched_units(communes, words, consumed=consumed, strict=not province_codes)
    province = (
        AdminUnit.objects.filter(code=next(iter(province_codes))).first()
        if len(province_codes) == 1
        else None
    )
    if not found:
        hint = f" (nhận ra: {province.name})" if province else ""
        return _empty(
            text,
            ResolveReason.NO_MATCH,
            f"Không tìm thấy tên xã, phường, đặc khu hiện hành trong địa chỉ{hint}.",
            "No current commune name found in the address.",
            province=province,
        )
    if len(found) > 1:
        places = "; ".join(f"{u.name}, {u.parent.name}" for u in found)
        return Resolution(
            query=text,
            candidates=tuple(found),
            reason_code=ResolveReason.SEVERAL_MATCHES,
            reason=f"Địa chỉ khớp với {len(found)} đơn vị ({places}); hãy ghi rõ tỉnh, thành phố.",
            reason_en=f"The address matches {len(found)} units; give the province.",
            province=province,
        )
    unit = found[0]
    return Resolution(
        query=text,
        candidates=(unit,),
        reason_code=ResolveReason.RESOLVED,
        reason=f"{unit.name}, {unit.parent.name}.",
        reason_en=f"Unit {unit.code}.",
        province=unit.parent,
    )
