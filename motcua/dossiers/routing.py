"""Which agency resolves a dossier, and whether this desk may receive it.

NĐ 118/2025/NĐ-CP: provincial and commune Public Administration Service Centers receive
procedures regardless of administrative boundaries within the province when the procedure is
flagged boundary-free, and forward them to the competent agency; the receiving and resolving
agencies are kept apart (DOMAIN.md §3.1, §10.5).
"""

from motcua.adminunits.models import AdminUnit
from motcua.agencies.constants import AgencyLevel
from motcua.agencies.models import Agency
from motcua.agencies.selectors import agency_for_kind_in_unit
from motcua.core.errors import ErrorDetail
from motcua.procedures.models import Procedure


def _problem(vi: str, en: str) -> list[ErrorDetail]:
    return [ErrorDetail("receiving_agency", vi, en)]


def handling_agency_resolve(
    *, procedure: Procedure, receiving_agency: Agency, applicant_unit: AdminUnit | None
) -> tuple[Agency | None, list[ErrorDetail]]:
    """The competent agency for this dossier, or the problems that prevent routing it."""
    if (
        applicant_unit is not None
        and applicant_unit.province_code != receiving_agency.province_code
    ):
        return None, [
            ErrorDetail(
                "applicant.unit_code",
                "Địa chỉ của người nộp thuộc tỉnh khác; hồ sơ phải nộp tại tỉnh đó.",
                "The applicant's address is in another province; submit the dossier there.",
            )
        ]
    if procedure.level == AgencyLevel.PROVINCE:
        province = AdminUnit.objects.filter(code=receiving_agency.province_code).first()
        competent_unit = province
        same_place = receiving_agency.level == AgencyLevel.PROVINCE
    else:
        # The commune whose People's Committee decides: the applicant's, else the desk's own.
        competent_unit = applicant_unit or (
            receiving_agency.admin_unit if receiving_agency.level == AgencyLevel.COMMUNE else None
        )
        if competent_unit is None:
            return None, [
                ErrorDetail(
                    "applicant.unit_code",
                    "Cần chọn xã, phường, đặc khu nơi cư trú để chuyển hồ sơ đến đúng cơ quan.",
                    "Choose the applicant's commune so the dossier reaches the competent agency.",
                )
            ]
        same_place = receiving_agency.admin_unit_id == competent_unit.pk
    if not procedure.boundary_free and not same_place:
        return None, _problem(
            "Thủ tục này không tiếp nhận ngoài địa giới hành chính; vui lòng nộp tại cơ quan có thẩm quyền.",
            "This procedure is not boundary-free; submit it where the competent agency is.",
        )
    handling = agency_for_kind_in_unit(
        kind=procedure.handling_agency_kind, admin_unit=competent_unit
    )
    if handling is None:
        return None, _problem(
            "Chưa có cơ quan có thẩm quyền giải quyết thủ tục này trên hệ thống.",
            "No competent agency for this procedure is registered.",
        )
    return handling, []
