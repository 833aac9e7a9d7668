"""Every write to agencies. Rules: the e-ID (QĐ 20/2020/QĐ-TTg), the level of the kind against
the level of the administrative unit (two-tier map, QĐ 19/2025/QĐ-TTg), and the parent."""

from django.db import transaction

from motcua.adminunits.models import AdminUnit
from motcua.agencies.constants import AgencyKind, AgencyLevel, level_of_kind
from motcua.agencies.eid import eid_is_child_of, eid_problems
from motcua.agencies.models import Agency
from motcua.core.errors import ApplicationError, ErrorDetail
from motcua.core.text import nfc

_LEVEL_VI = {AgencyLevel.PROVINCE: "cấp tỉnh", AgencyLevel.COMMUNE: "cấp xã"}
_LEVEL_EN = {AgencyLevel.PROVINCE: "province", AgencyLevel.COMMUNE: "commune"}


def agency_eid_normalize(value: str) -> str:
    """What a person typed, as stored: no surrounding spaces, upper case."""
    return (value or "").strip().upper()


def agency_problems(
    *,
    eid: str,
    kind: str,
    admin_unit: AdminUnit | None,
    parent: Agency | None = None,
    agency: Agency | None = None,
) -> list[ErrorDetail]:
    """Every reason these values cannot make (or, with `agency`, update) an agency.

    Used by the services below and by the admin form, so a bad value is always a listed
    problem, never a crash. `eid` is checked as given: normalize it first.
    """
    details: list[ErrorDetail] = []

    eid_ok = True
    for problem in eid_problems(eid):
        eid_ok = False
        details.append(ErrorDetail("eid", problem.message, problem.message_en))
    if eid_ok:
        taken = Agency.objects.filter(eid=eid)
        if agency is not None and agency.pk:
            taken = taken.exclude(pk=agency.pk)
        if taken.exists():
            details.append(
                ErrorDetail(
                    "eid",
                    f"Mã định danh «{eid}» đã được dùng cho cơ quan khác.",
                    f"The identifier '{eid}' is already used by another agency.",
                )
            )

    kind_ok = kind in AgencyKind.values
    if not kind_ok:
        details.append(
            ErrorDetail(
                "kind", f"Loại cơ quan «{kind}» không có.", f"Unknown agency kind '{kind}'."
            )
        )

    if admin_unit is None:
        details.append(
            ErrorDetail(
                "admin_unit",
                "Chưa chọn đơn vị hành chính.",
                "The administrative unit is missing.",
            )
        )
    elif kind_ok:
        # Two-tier government (from 1/7/2025): province agencies sit on a province unit,
        # commune agencies on a xã, phường or đặc khu (QĐ 19/2025/QĐ-TTg codes 2 / 5 digits).
        level = level_of_kind(kind)
        if admin_unit.level != level:
            details.append(
                ErrorDetail(
                    "admin_unit",
                    f"{AgencyKind(kind).label} là cơ quan {_LEVEL_VI[level]} nên phải gắn với "
                    f"đơn vị hành chính {_LEVEL_VI[level]}, không phải «{admin_unit.name}».",
                    f"'{kind}' is a {_LEVEL_EN[level]}-level kind: its administrative unit "
                    f"must be {_LEVEL_EN[level]}-level, not '{admin_unit.code}'.",
                )
            )

    if parent is not None:
        details.extend(
            _parent_problems(
                eid=eid if eid_ok else "",
                kind=kind if kind_ok else "",
                admin_unit=admin_unit,
                parent=parent,
                agency=agency,
            )
        )

    eid_changes = agency is not None and agency.pk and eid_ok and eid != agency.eid
    if eid_changes and Agency.objects.filter(parent=agency).exists():
        details.append(
            ErrorDetail(
                "eid",
                "Không đổi được mã định danh của cơ quan đang có cơ quan trực thuộc.",
                "The identifier of an agency with child agencies cannot change.",
            )
        )
    return details


def _parent_problems(
    *,
    eid: str,
    kind: str,
    admin_unit: AdminUnit | None,
    parent: Agency,
    agency: Agency | None,
) -> list[ErrorDetail]:
    details: list[ErrorDetail] = []
    if agency is not None and agency.pk and parent.pk == agency.pk:
        return [
            ErrorDetail(
                "parent",
                "Cơ quan không thể là cấp trên của chính nó.",
                "An agency cannot be its own parent.",
            )
        ]
    if admin_unit is not None and parent.province_code != admin_unit.province_code:
        details.append(
            ErrorDetail(
                "parent",
                f"Cơ quan cấp trên «{parent.name}» thuộc tỉnh khác.",
                f"The parent agency '{parent.eid}' belongs to another province.",
            )
        )
    if kind and parent.level == AgencyLevel.COMMUNE and level_of_kind(kind) == AgencyLevel.PROVINCE:
        details.append(
            ErrorDetail(
                "parent",
                "Cơ quan cấp tỉnh không thể trực thuộc cơ quan cấp xã.",
                "A province-level agency cannot sit under a commune-level agency.",
            )
        )
    # QĐ 20/2020/QĐ-TTg: each group identifies a unit under the one named by the groups before.
    if eid and not eid_is_child_of(eid, parent.eid):
        details.append(
            ErrorDetail(
                "eid",
                f"Mã định danh phải bắt đầu bằng mã của cơ quan cấp trên «{parent.eid}.».",
                f"The identifier must extend the parent's identifier '{parent.eid}.'.",
            )
        )
    return details


def _raise_if(details: list[ErrorDetail]) -> None:
    if details:
        raise ApplicationError(
            "Thông tin cơ quan chưa hợp lệ.",
            message_en="The agency data is invalid.",
            details=details,
        )


@transaction.atomic
def agency_create(
    *,
    eid: str,
    name: str,
    kind: str,
    admin_unit: AdminUnit,
    parent: Agency | None = None,
    short_name: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
) -> Agency:
    """Create an agency; the level and province code follow from the kind and the unit."""
    eid = agency_eid_normalize(eid)
    details = agency_problems(eid=eid, kind=kind, admin_unit=admin_unit, parent=parent)
    if not (name or "").strip():
        details.append(ErrorDetail("name", "Chưa nhập tên cơ quan.", "The name is missing."))
    _raise_if(details)
    return Agency.objects.create(
        eid=eid,
        name=nfc(name.strip()),
        short_name=nfc(short_name.strip()),
        kind=kind,
        level=level_of_kind(kind),
        parent=parent,
        admin_unit=admin_unit,
        province_code=admin_unit.province_code,
        address=nfc(address.strip()),
        phone=phone.strip(),
        email=email.strip(),
        is_active=is_active,
    )


@transaction.atomic
def agency_update(
    *,
    agency: Agency,
    eid: str,
    name: str,
    kind: str,
    admin_unit: AdminUnit,
    parent: Agency | None = None,
    short_name: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
) -> Agency:
    """Replace an agency's data, under the same rules as `agency_create`."""
    eid = agency_eid_normalize(eid)
    details = agency_problems(
        eid=eid, kind=kind, admin_unit=admin_unit, parent=parent, agency=agency
    )
    if not (name or "").strip():
        details.append(ErrorDetail("name", "Chưa nhập tên cơ quan.", "The name is missing."))
    _raise_if(details)
    agency.eid = eid
    agency.name = nfc(name.strip())
    agency.short_name = nfc(short_name.strip())
    agency.kind = kind
    agency.level = level_of_kind(kind)
    agency.parent = parent
    agency.admin_unit = admin_unit
    agency.province_code = admin_unit.province_code
    agency.address = nfc(address.strip())
    agency.phone = phone.strip()
    agency.email = email.strip()
    agency.is_active = is_active
    agency.save()
    return agency
