"""A small real world for dossier tests: Hưng Yên with two communes, its agencies and staff,
and the test catalog imported through the real importer. Built directly, no demo loader."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.accounts.constants import StaffRole
from motcua.accounts.models import StaffMembership, User
from motcua.agencies.constants import AgencyKind
from motcua.agencies.tests.factories import AgencyFactory, hung_yen_units
from motcua.dossiers.constants import ApplicantKind
from motcua.dossiers.services.intake import ApplicantInput, DocumentInput, dossier_submit_online
from motcua.procedures.importer import catalog_import
from motcua.procedures.models import Procedure
from motcua.procedures.tests.factories import catalog_document

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16 + b"IEND\xaeB`\x82"


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


@dataclass
class World:
    units: dict
    dost: object
    province_center: object
    pho_hien_pc: object
    pho_hien_center: object
    khoai_chau_pc: object
    khoai_chau_center: object
    ha_noi_pc: object
    users: dict
    xray: Procedure  # 1.004447: province, 10 working days, boundary-free, form + 2 requirements
    copy_cert: Procedure  # 2.000815: commune, same day, boundary-free
    service_reg: Procedure  # 1.004440: province, 15 calendar days, not boundary-free


def _user(username: str, **extra) -> User:
    return User.objects.create_user(
        username=username, password="pw-test-12345", full_name=username, **extra
    )


def _grant(user: User, agency, role: str) -> None:
    StaffMembership.objects.create(user=user, agency=agency, role=role)


def build_world() -> World:
    units = hung_yen_units()
    p = units["33"]
    dost = AgencyFactory(
        eid="H31.12",
        name="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        kind=AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY,
        admin_unit=p,
    )
    province_center = AgencyFactory(
        eid="H31.30",
        name="Trung tâm Phục vụ hành chính công tỉnh Hưng Yên",
        kind=AgencyKind.PROVINCIAL_SERVICE_CENTER,
        admin_unit=p,
    )
    pho_hien_pc = AgencyFactory(
        eid="H31.50.001",
        name="UBND phường Phố Hiến",
        kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
        admin_unit=units["pho_hien"],
    )
    pho_hien_center = AgencyFactory(
        eid="H31.50.001.01",
        name="TTPVHCC phường Phố Hiến",
        kind=AgencyKind.COMMUNE_SERVICE_CENTER,
        admin_unit=units["pho_hien"],
        parent=pho_hien_pc,
    )
    khoai_chau_pc = AgencyFactory(
        eid="H31.50.002",
        name="UBND xã Khoái Châu",
        kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
        admin_unit=units["khoai_chau"],
    )
    khoai_chau_center = AgencyFactory(
        eid="H31.50.002.01",
        name="TTPVHCC xã Khoái Châu",
        kind=AgencyKind.COMMUNE_SERVICE_CENTER,
        admin_unit=units["khoai_chau"],
        parent=khoai_chau_pc,
    )
    ha_noi_pc = AgencyFactory(
        eid="H26.50.001",
        name="UBND phường Ba Đình",
        kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
        admin_unit=units["ba_dinh"],
    )
    users = {}
    for name, agency, roles in [
        ("dost_receiver", dost, [StaffRole.RECEIVER]),
        ("dost_specialist", dost, [StaffRole.SPECIALIST]),
        ("dost_leader", dost, [StaffRole.LEADER]),
        ("dost_signer", dost, [StaffRole.SIGNER]),
        ("center_receiver", province_center, [StaffRole.RECEIVER]),
        ("ph_receiver", pho_hien_center, [StaffRole.RECEIVER]),
        ("ph_specialist", pho_hien_pc, [StaffRole.SPECIALIST]),
        ("ph_leader", pho_hien_pc, [StaffRole.LEADER, StaffRole.SIGNER]),
        ("kc_receiver", khoai_chau_center, [StaffRole.RECEIVER]),
        ("kc_specialist", khoai_chau_pc, [StaffRole.SPECIALIST]),
        ("kc_leader", khoai_chau_pc, [StaffRole.LEADER, StaffRole.SIGNER]),
        ("province_admin", province_center, [StaffRole.PROVINCE_ADMIN]),
        ("monitor", province_center, [StaffRole.MONITOR]),
        ("hanoi_receiver", ha_noi_pc, [StaffRole.RECEIVER]),
    ]:
        users[name] = _user(name)
        for role in roles:
            _grant(users[name], agency, role)
    users["citizen"] = _user("033090001234", personal_id="033090001234")
    users["other_citizen"] = _user("034195006789", personal_id="034195006789")
    catalog_import(document=catalog_document())
    return World(
        units=units,
        dost=dost,
        province_center=province_center,
        pho_hien_pc=pho_hien_pc,
        pho_hien_center=pho_hien_center,
        khoai_chau_pc=khoai_chau_pc,
        khoai_chau_center=khoai_chau_center,
        ha_noi_pc=ha_noi_pc,
        users=users,
        xray=Procedure.objects.get(code="1.004447"),
        copy_cert=Procedure.objects.get(code="2.000815"),
        service_reg=Procedure.objects.get(code="1.004440"),
    )


def citizen_applicant(**overrides) -> ApplicantInput:
    values = dict(
        kind=ApplicantKind.CITIZEN,
        name="Nguyễn Thị Ngọc Ánh",
        personal_id="033090001234",
        phone="0912345678",
        email="anh@example.vn",
        address="Phường Phố Hiến, Hưng Yên",
    )
    values.update(overrides)
    return ApplicantInput(**values)


def xray_documents() -> list[DocumentInput]:
    return [DocumentInput("TP1", "don.pdf", PDF_BYTES), DocumentInput("TP2", paper_received=True)]


XRAY_FORM = {"organization_name": "Bệnh viện Đa khoa Phố Hiến", "device_count": 2}


def online_xray(world: World, *, now=None, by=None):
    """The citizen's X-ray licence dossier submitted online to the provincial center (status 1),
    with both components uploaded."""
    return dossier_submit_online(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=[
            DocumentInput("TP1", "a.pdf", PDF_BYTES),
            DocumentInput("TP2", "b.pdf", PDF_BYTES),
        ],
        by=by or world.users["citizen"],
        now=now,
    )
