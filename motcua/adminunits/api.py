"""HTTP API for administrative units: search, look-up and old → new resolution."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from motcua.adminunits.constants import UnitLevel
from motcua.adminunits.models import AdminUnit, LegacyUnit, LegacyWardMapping
from motcua.adminunits.resolver import (
    Resolution,
    ResolveReason,
    address_resolve,
    legacy_address_resolve,
    legacy_ward_resolve,
)
from motcua.adminunits.schemas import (
    AddressResolveOut,
    AdminUnitDetailOut,
    AdminUnitSearchItemOut,
    AdminUnitSearchOut,
    LegacyResolveOut,
    LegacySourceOut,
    LegacyUnitRefOut,
    ResolveCandidateOut,
)
from motcua.adminunits.selectors import (
    adminunit_get,
    adminunit_legacy_sources,
    adminunit_search,
    communes_of_province,
)
from motcua.core.errors import ApplicationError, ErrorDetail, NotFoundError

router = Router(tags=["adminunits"])


class SearchQuery(Schema):
    q: str = Field("", max_length=200, description="Tên (có hoặc không dấu) hoặc mã")
    province: str | None = Field(None, pattern=r"^\d{1,2}$", description="Mã tỉnh")
    level: Literal["province", "commune"] | None = None
    limit: int = Field(20, ge=1, le=100)


class LegacyResolveQuery(Schema):
    code: str | None = Field(None, max_length=10, description="Mã xã cũ (5 chữ số)")
    address: str | None = Field(None, max_length=500, description="Địa chỉ theo đơn vị cũ")


class AddressResolveQuery(Schema):
    address: str = Field(..., min_length=1, max_length=500, description="Địa chỉ hiện hành")


def _province_name(unit: AdminUnit) -> str:
    return unit.parent.name if unit.parent_id else unit.name


def _search_item(unit: AdminUnit) -> AdminUnitSearchItemOut:
    return AdminUnitSearchItemOut(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        kind_label=str(unit.get_kind_display()),
        level=unit.level,
        province_code=unit.province_code,
        province_name=_province_name(unit),
    )


def _legacy_ref(ward: LegacyUnit) -> LegacyUnitRefOut:
    district = ward.parent
    province = district.parent if district else None
    return LegacyUnitRefOut(
        code=ward.code,
        name=ward.name,
        district_name=district.name if district else "",
        province_name=province.name if province else "",
    )


def _legacy_source(mapping: LegacyWardMapping) -> LegacySourceOut:
    ref = _legacy_ref(mapping.legacy_ward)
    return LegacySourceOut(
        **ref.model_dump(),
        is_split=mapping.is_split,
        is_partly_merged=mapping.is_partly_merged,
    )


def _candidates(result: Resolution) -> list[ResolveCandidateOut]:
    return [
        ResolveCandidateOut(
            code=u.code,
            name=u.name,
            kind=u.kind,
            province_code=u.province_code,
            province_name=_province_name(u),
            legacy_codes=list(result.sources.get(u.code, ())),
        )
        for u in result.candidates
    ]


@router.get("/", response=AdminUnitSearchOut, summary="Tìm đơn vị hành chính (không dấu được)")
def adminunit_search_endpoint(request: HttpRequest, filters: Query[SearchQuery]):
    units = adminunit_search(
        q=filters.q, province_code=filters.province, level=filters.level, limit=filters.limit
    )
    return AdminUnitSearchOut(count=len(units), items=[_search_item(u) for u in units])


@router.get(
    "/legacy/resolve",
    response=LegacyResolveOut,
    summary="Đơn vị cũ (trước 1/7/2025) nay thuộc đơn vị nào",
)
def legacy_resolve_endpoint(request: HttpRequest, params: Query[LegacyResolveQuery]):
    code, address = (params.code or "").strip(), (params.address or "").strip()
    if bool(code) == bool(address):
        raise ApplicationError(
            "Cần đúng một trong hai tham số: mã xã cũ (code) hoặc địa chỉ cũ (address).",
            message_en="Give exactly one of `code` or `address`.",
            code="invalid_input",
            status=422,
            details=[
                ErrorDetail("code", "Thiếu hoặc thừa tham số.", "Missing or extra parameter.")
            ],
        )
    result = legacy_ward_resolve(code=code) if code else legacy_address_resolve(text=address)
    if result.reason_code == ResolveReason.UNKNOWN_CODE:
        raise NotFoundError(result.reason, message_en=result.reason_en)
    return LegacyResolveOut(
        query=result.query,
        status=result.status,
        ambiguous=result.ambiguous,
        split=result.split,
        partly_merged=result.partly_merged,
        reason_code=result.reason_code,
        reason=result.reason,
        reason_en=result.reason_en,
        legacy_wards=[_legacy_ref(w) for w in result.legacy_wards],
        candidates=_candidates(result),
    )


@router.get("/resolve", response=AddressResolveOut, summary="Địa chỉ hiện hành thuộc xã nào")
def address_resolve_endpoint(request: HttpRequest, params: Query[AddressResolveQuery]):
    result = address_resolve(text=params.address)
    return AddressResolveOut(
        query=result.query,
        status=result.status,
        ambiguous=result.ambiguous,
        reason_code=result.reason_code,
        reason=result.reason,
        reason_en=result.reason_en,
        candidates=_candidates(result),
    )


@router.get("/{code}", response=AdminUnitDetailOut, summary="Một đơn vị hành chính theo mã")
def adminunit_get_endpoint(request: HttpRequest, code: str):
    unit = adminunit_get(code=code)
    is_province = unit.level == UnitLevel.PROVINCE
    return AdminUnitDetailOut(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        kind_label=str(unit.get_kind_display()),
        level=unit.level,
        province_code=unit.province_code,
        province_name=_province_name(unit),
        is_active=unit.is_active,
        commune_count=communes_of_province(province_code=unit.code).count()
        if is_province
        else None,
        legacy_sources=[]
        if is_province
        else [_legacy_source(m) for m in adminunit_legacy_sources(unit=unit)],
    )
