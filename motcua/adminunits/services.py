"""Writes to the administrative-unit tables: loading the maps from `vietnam-provinces`.

The package carries the list and codes of QĐ 19/2025/QĐ-TTg (34 provinces, 3,321 communes),
the 63-province list in force until 30 June 2025, and the official old → new conversion table
(Bộ Nội vụ, "Bảng chuyển đổi ĐVHC mới – cũ"). Loading is an upsert keyed on the statistical
code, so running it twice changes nothing and a newer package only updates what changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from motcua.adminunits.constants import (
    COMMUNE_CODE_WIDTH,
    DISTRICT_CODE_WIDTH,
    PROVINCE_CODE_WIDTH,
    LegacyKind,
    LegacyLevel,
    UnitKind,
    UnitLevel,
)
from motcua.adminunits.models import (
    AdminUnit,
    LegacyProvinceMapping,
    LegacyUnit,
    LegacyWardMapping,
)
from motcua.core.text import fold, nfc

# Division-type labels of the package (`VietNamDivisionType` values) → our kinds.
_NEW_KINDS = {
    "tỉnh": UnitKind.TINH,
    "thành phố trung ương": UnitKind.THANH_PHO,
    "xã": UnitKind.XA,
    "phường": UnitKind.PHUONG,
    "đặc khu": UnitKind.DAC_KHU,
}
_LEGACY_KINDS = {
    "tỉnh": LegacyKind.TINH,
    "thành phố trung ương": LegacyKind.THANH_PHO,
    "huyện": LegacyKind.HUYEN,
    "quận": LegacyKind.QUAN,
    "thị xã": LegacyKind.THI_XA,
    "thành phố": LegacyKind.THANH_PHO_THUOC_TINH,
    "xã": LegacyKind.XA,
    "phường": LegacyKind.PHUONG,
    "thị trấn": LegacyKind.THI_TRAN,
}
_BATCH = 1000


@dataclass(frozen=True)
class AdminUnitLoadResult:
    """What the tables hold after a load, and what the load changed."""

    data_version: str
    provinces_by_kind: Mapping[str, int]
    communes_by_kind: Mapping[str, int]
    legacy_by_level: Mapping[str, int]
    ward_mapping_rows: int
    split_legacy_wards: int
    province_mapping_rows: int
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    mapping_rows_skipped: int = 0
    skipped_legacy_codes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def provinces(self) -> int:
        return sum(self.provinces_by_kind.values())

    @property
    def communes(self) -> int:
        return sum(self.communes_by_kind.values())

    @property
    def legacy_units(self) -> int:
        return sum(self.legacy_by_level.values())

    def summary(self) -> str:
        p, c, lg = self.provinces_by_kind, self.communes_by_kind, self.legacy_by_level
        return (
            f"{self.provinces} tỉnh/thành phố ({p.get(UnitKind.TINH, 0)} tỉnh, "
            f"{p.get(UnitKind.THANH_PHO, 0)} thành phố trực thuộc trung ương); "
            f"{self.communes} đơn vị cấp xã ({c.get(UnitKind.XA, 0)} xã, "
            f"{c.get(UnitKind.PHUONG, 0)} phường, {c.get(UnitKind.DAC_KHU, 0)} đặc khu); "
            f"{self.legacy_units} đơn vị cũ ({lg.get(LegacyLevel.PROVINCE, 0)} tỉnh, "
            f"{lg.get(LegacyLevel.DISTRICT, 0)} huyện, {lg.get(LegacyLevel.WARD, 0)} xã); "
            f"{self.ward_mapping_rows} dòng ánh xạ xã ({self.split_legacy_wards} xã cũ bị chia); "
            f"{self.province_mapping_rows} dòng ánh xạ tỉnh"
        )


@dataclass(frozen=True)
class _Row:
    """One unit as the package describes it, before it meets the database."""

    code: str
    name: str
    kind: str
    level: str
    province_code: str
    district_code: str = ""
    parent_code: str | None = None

    def values(self, *, legacy: bool) -> dict[str, Any]:
        values = {
            "name": self.name,
            "name_folded": fold(self.name),
            "kind": self.kind,
            "level": self.level,
            "province_code": self.province_code,
        }
        if legacy:
            values["district_code"] = self.district_code
        return values


def _code(value: int, width: int) -> str:
    return str(int(value)).zfill(width)


def _new_rows() -> tuple[list[_Row], list[_Row]]:
    from vietnam_provinces import Province, Ward

    provinces = [
        _Row(
            code=_code(p.code, PROVINCE_CODE_WIDTH),
            name=nfc(p.name),
            kind=_NEW_KINDS[str(p.division_type)],
            level=UnitLevel.PROVINCE,
            province_code=_code(p.code, PROVINCE_CODE_WIDTH),
        )
        for p in Province.iter_all()
    ]
    communes = [
        _Row(
            code=_code(w.code, COMMUNE_CODE_WIDTH),
            name=nfc(w.name),
            kind=_NEW_KINDS[str(w.division_type)],
            level=UnitLevel.COMMUNE,
            province_code=_code(w.province_code, PROVINCE_CODE_WIDTH),
            parent_code=_code(w.province_code, PROVINCE_CODE_WIDTH),
        )
        for w in Ward.iter_all()
    ]
    return provinces, communes


def _legacy_rows() -> tuple[list[_Row], list[_Row], list[_Row]]:
    # The public API only offers per-code look-ups; the lookup dicts give the full lists at once.
    from vietnam_provinces.legacy._lookup import DISTRICT_MAPPING, PROVINCE_MAPPING, WARD_MAPPING

    provinces = [
        _Row(
            code=_code(p.code, PROVINCE_CODE_WIDTH),
            name=nfc(p.name),
            kind=_LEGACY_KINDS[str(p.division_type)],
            level=LegacyLevel.PROVINCE,
            province_code=_code(p.code, PROVINCE_CODE_WIDTH),
        )
        for p in PROVINCE_MAPPING.values()
    ]
    districts = [
        _Row(
            code=_code(d.code, DISTRICT_CODE_WIDTH),
            name=nfc(d.name),
            kind=_LEGACY_KINDS[str(d.division_type)],
            level=LegacyLevel.DISTRICT,
            province_code=_code(d.province_code, PROVINCE_CODE_WIDTH),
            district_code=_code(d.code, DISTRICT_CODE_WIDTH),
            parent_code=_code(d.province_code, PROVINCE_CODE_WIDTH),
        )
        for d in DISTRICT_MAPPING.values()
    ]
    district_province = {d.code: d.province_code for d in districts}
    wards = []
    for w in WARD_MAPPING.values():
        district_code = _code(w.district_code, DISTRICT_CODE_WIDTH)
        wards.append(
            _Row(
                code=_code(w.code, COMMUNE_CODE_WIDTH),
                name=nfc(w.name),
                kind=_LEGACY_KINDS[str(w.division_type)],
                level=LegacyLevel.WARD,
                province_code=district_province[district_code],
                district_code=district_code,
                parent_code=district_code,
            )
        )
    return provinces, districts, wards


@dataclass
class _Tally:
    created: int = 0
    updated: int = 0


def _upsert(
    model: type[models.Model],
    rows: Iterable[_Row],
    *,
    existing: Mapping[str, models.Model],
    parent_ids: Mapping[str, int],
    extra: Mapping[str, Any],
    tally: _Tally,
) -> None:
    """Create missing rows and update changed ones; `existing` is keyed by code."""
    now = timezone.now()
    to_create, to_update = [], []
    fields: set[str] = set()
    for row in rows:
        wanted = row.values(legacy=model is LegacyUnit) | dict(extra)
        wanted["parent_id"] = parent_ids[row.parent_code] if row.parent_code else None
        obj = existing.get(row.code)
        if obj is None:
            to_create.append(model(code=row.code, **wanted))
            continue
        changed = [name for name, value in wanted.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, wanted[name])
            obj.updated_at = now  # bulk_update skips auto_now
            fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=_BATCH)
    if to_update:
        model.objects.bulk_update(to_update, [*sorted(fields), "updated_at"], batch_size=_BATCH)
    tally.created += len(to_create)
    tally.updated += len(to_update)


def _load_new_units(tally: _Tally) -> tuple[dict[str, int], int]:
    provinces, communes = _new_rows()
    existing = {u.code: u for u in AdminUnit.objects.all()}
    _upsert(
        AdminUnit,
        provinces,
        existing=existing,
        parent_ids={},
        extra={"is_active": True},
        tally=tally,
    )
    province_ids = dict(
        AdminUnit.objects.filter(level=UnitLevel.PROVINCE).values_list("code", "id")
    )
    _upsert(
        AdminUnit,
        communes,
        existing=existing,
        parent_ids=province_ids,
        extra={"is_active": True},
        tally=tally,
    )
    # A closed code is never reused (QĐ 19/2025/QĐ-TTg, Art. 3), and agencies may still point at
    # it: keep the row, mark it out of force.
    present = {r.code for r in provinces} | {r.code for r in communes}
    deactivated = (
        AdminUnit.objects.filter(is_active=True)
        .exclude(code__in=present)
        .update(is_active=False, updated_at=timezone.now())
    )
    return dict(AdminUnit.objects.values_list("code", "id")), deactivated


def _load_legacy_units(tally: _Tally) -> dict[tuple[str, str], int]:
    provinces, districts, wards = _legacy_rows()
    ids: dict[tuple[str, str], int] = {}
    for level, rows in (
        (LegacyLevel.PROVINCE, provinces),
        (LegacyLevel.DISTRICT, districts),
        (LegacyLevel.WARD, wards),
    ):
        parent_level = {
            LegacyLevel.DISTRICT: LegacyLevel.PROVINCE,
            LegacyLevel.WARD: LegacyLevel.DISTRICT,
        }.get(level)
        parent_ids = {code: pk for (lvl, code), pk in ids.items() if lvl == parent_level}
        existing = {u.code: u for u in LegacyUnit.objects.filter(level=level)}
        _upsert(LegacyUnit, rows, existing=existing, parent_ids=parent_ids, extra={}, tally=tally)
        for code, pk in LegacyUnit.objects.filter(level=level).values_list("code", "id"):
            ids[(level, code)] = pk
    return ids


def _sync_pairs(
    model: type[models.Model],
    *,
    left: str,
    right: str,
    wanted: Mapping[tuple[int, int], dict[str, bool]],
    tally: _Tally,
) -> None:
    """Make `model`'s (left, right) rows exactly `wanted`, with their flags."""
    now = timezone.now()
    existing = {
        (getattr(o, f"{left}_id"), getattr(o, f"{right}_id")): o for o in model.objects.all()
    }
    stale = [o.pk for key, o in existing.items() if key not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    to_create, to_update = [], []
    for (left_id, right_id), flags in wanted.items():
        obj = existing.get((left_id, right_id))
        if obj is None:
            to_create.append(model(**{f"{left}_id": left_id, f"{right}_id": right_id}, **flags))
        elif any(getattr(obj, k) != v for k, v in flags.items()):
            for k, v in flags.items():
                setattr(obj, k, v)
            obj.updated_at = now
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=_BATCH)
    if to_update:
        flag_names = sorted(next(iter(wanted.values())).keys())
        model.objects.bulk_update(to_update, [*flag_names, "updated_at"], batch_size=_BATCH)
    tally.created += len(to_create)
    tally.updated += len(to_update) + len(stale)


def _load_mappings(
    tally: _Tally, *, new_ids: Mapping[str, int], legacy_ids: Mapping[tuple[str, str], int]
) -> tuple[int, tuple[str, ...]]:
    from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCE_OLD_TO_NEW
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as WARD_OLD_TO_NEW

    ward_pairs: dict[tuple[int, int], dict[str, bool]] = {}
    skipped: list[str] = []
    for old_code, entry in WARD_OLD_TO_NEW.items():
        legacy_id = legacy_ids.get((LegacyLevel.WARD, _code(old_code, COMMUNE_CODE_WIDTH)))
        if legacy_id is None:
            # The conversion table names a few codes absent from the package's old list
            # (closed before 2025): there is no old name to show, so no row.
            skipped.append(_code(old_code, COMMUNE_CODE_WIDTH))
            continue
        flags = {
            "is_split": len(entry.new_wards) > 1,
            "is_partly_merged": bool(entry.old_ward.is_partly_merged),
        }
        for new in entry.new_wards:
            ward_pairs[(legacy_id, new_ids[_code(new.code, COMMUNE_CODE_WIDTH)])] = flags
    _sync_pairs(
        LegacyWardMapping, left="legacy_ward", right="new_unit", wanted=ward_pairs, tally=tally
    )

    province_pairs: dict[tuple[int, int], dict[str, bool]] = {}
    for old_code, entry in PROVINCE_OLD_TO_NEW.items():
        legacy_id = legacy_ids[(LegacyLevel.PROVINCE, _code(old_code, PROVINCE_CODE_WIDTH))]
        for new in entry.new_provinces:
            new_id = new_ids[_code(new.code, PROVINCE_CODE_WIDTH)]
            province_pairs[(legacy_id, new_id)] = {"is_split": len(entry.new_provinces) > 1}
    _sync_pairs(
        LegacyProvinceMapping,
        left="legacy_province",
        right="new_province",
        wanted=province_pairs,
        tally=tally,
    )
    return len(skipped), tuple(sorted(skipped))


def adminunits_load() -> AdminUnitLoadResult:
    """Load or refresh all units and mappings from `vietnam-provinces`, in one transaction."""
    import vietnam_provinces

    tally = _Tally()
    with transaction.atomic():
        new_ids, deactivated = _load_new_units(tally)
        legacy_ids = _load_legacy_units(tally)
        skipped_count, skipped_codes = _load_mappings(tally, new_ids=new_ids, legacy_ids=legacy_ids)
    active = AdminUnit.objects.filter(is_active=True)
    return AdminUnitLoadResult(
        data_version=vietnam_provinces.__data_version__,
        provinces_by_kind=_count(active.filter(level=UnitLevel.PROVINCE), "kind"),
        communes_by_kind=_count(active.filter(level=UnitLevel.COMMUNE), "kind"),
        legacy_by_level=_count(LegacyUnit.objects.all(), "level"),
        ward_mapping_rows=LegacyWardMapping.objects.count(),
        split_legacy_wards=LegacyWardMapping.objects.filter(is_split=True)
        .values("legacy_ward")
        .distinct()
        .count(),
        province_mapping_rows=LegacyProvinceMapping.objects.count(),
        created=tally.created,
        updated=tally.updated,
        deactivated=deactivated,
        mapping_rows_skipped=skipped_count,
        skipped_legacy_codes=skipped_codes,
    )


def _count(queryset: models.QuerySet, field_name: str) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for value, n in (
        queryset.order_by()
        .values_list(field_name)
        .annotate(n=models.Count("id"))
        .values_list(field_name, "n")
    ):
        counts[value] = n
    return dict(counts)
