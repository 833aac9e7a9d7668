"""Input/output shapes of the adminunits API: one output schema per operation."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class AdminUnitSearchItemOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    level: str
    province_code: str
    province_name: str


class AdminUnitSearchOut(Schema):
    count: int
    items: list[AdminUnitSearchItemOut]


class LegacySourceOut(Schema):
    """An old commune that went (wholly or partly) into the unit."""

    code: str
    name: str
    district_name: str
    province_name: str
    is_split: bool = Field(description="Xã cũ được chia cho nhiều đơn vị mới.")
    is_partly_merged: bool


class AdminUnitDetailOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    level: str
    province_code: str
    province_name: str
    is_active: bool
    commune_count: int | None = Field(
        None, description="Số đơn vị cấp xã đang có hiệu lực (chỉ với cấp tỉnh)."
    )
    legacy_sources: list[LegacySourceOut] = Field(
        default_factory=list, description="Các xã cũ hợp thành (chỉ với cấp xã)."
    )


class ResolveCandidateOut(Schema):
    code: str
    name: str
    kind: str
    province_code: str
    province_name: str
    legacy_codes: list[str] = Field(
        default_factory=list, description="Mã xã cũ dẫn tới đơn vị này."
    )


class LegacyUnitRefOut(Schema):
    code: str
    name: str
    district_name: str
    province_name: str


class LegacyResolveOut(Schema):
    """The new unit(s) for an old commune code or an old address; never a silent guess."""

    query: str
    status: str = Field(description="resolved | ambiguous | not_found")
    ambiguous: bool
    split: bool
    partly_merged: bool
    reason_code: str
    reason: str
    reason_en: str
    legacy_wards: list[LegacyUnitRefOut]
    candidates: list[ResolveCandidateOut]


class AddressResolveOut(Schema):
    """The unit in force named in a current address."""

    query: str
    status: str = Field(description="resolved | ambiguous | not_found")
    ambiguous: bool
    reason_code: str
    reason: str
    reason_en: str
    candidates: list[ResolveCandidateOut]
