from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class AgencyKind(models.TextChoices):
    """Kinds of agency the platform knows. `handling_agency_kind` in the catalog names one."""

    PROVINCIAL_PEOPLES_COMMITTEE = "provincial_peoples_committee", _("Ủy ban nhân dân tỉnh")
    DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY = (
        "department_of_science_and_technology",
        _("Sở Khoa học và Công nghệ"),
    )
    DEPARTMENT_OF_JUSTICE = "department_of_justice", _("Sở Tư pháp")
    DEPARTMENT_OF_HOME_AFFAIRS = "department_of_home_affairs", _("Sở Nội vụ")
    DEPARTMENT_OF_FINANCE = "department_of_finance", _("Sở Tài chính")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Sở, ngành khác cấp tỉnh")
    PROVINCIAL_SERVICE_CENTER = (
        "provincial_service_center",
        _("Trung tâm Phục vụ hành chính công tỉnh"),
    )
    COMMUNE_PEOPLES_COMMITTEE = "commune_peoples_committee", _("Ủy ban nhân dân cấp xã")
    COMMUNE_SERVICE_CENTER = "commune_service_center", _("Trung tâm Phục vụ hành chính công cấp xã")
    COMMUNE_POLICE = "commune_police", _("Công an cấp xã")


PROVINCE_LEVEL_KINDS = frozenset(
    {
        AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE,
        AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY,
        AgencyKind.DEPARTMENT_OF_JUSTICE,
        AgencyKind.DEPARTMENT_OF_HOME_AFFAIRS,
        AgencyKind.DEPARTMENT_OF_FINANCE,
        AgencyKind.PROVINCIAL_DEPARTMENT,
        AgencyKind.PROVINCIAL_SERVICE_CENTER,
    }
)
SERVICE_CENTER_KINDS = frozenset(
    {AgencyKind.PROVINCIAL_SERVICE_CENTER, AgencyKind.COMMUNE_SERVICE_CENTER}
)


def level_of_kind(kind: str) -> AgencyLevel:
    return AgencyLevel.PROVINCE if kind in PROVINCE_LEVEL_KINDS else AgencyLevel.COMMUNE
