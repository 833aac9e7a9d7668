"""The documents test world: two agencies that sign, the test catalog, staff, a trusted root."""

from dataclasses import dataclass

from motcua.accounts.constants import StaffRole
from motcua.accounts.models import StaffMembership, User
from motcua.agencies.constants import AgencyKind
from motcua.agencies.tests.factories import AgencyFactory, hung_yen_units
from motcua.documents.constants import OwnerKind, TrustSource
from motcua.documents.models import Result
from motcua.documents.services.certificates import certificate_upload_pkcs12, trusted_root_add
from motcua.documents.services.render import ResultDocument, result_render_pdf
from motcua.documents.services.results import result_issue, result_verify_url
from motcua.documents.signers import Pkcs12Signer
from motcua.procedures.importer import catalog_import
from motcua.procedures.models import Procedure
from motcua.procedures.tests.factories import catalog_document

from .conftest import P12_PASSWORD

XRAY_DATA = {"organization_name": "Bệnh viện Đa khoa Phố Hiến", "device_count": 2}


@dataclass
class World:
    dost: object
    khoai_chau: object
    xray: Procedure
    copy_cert: Procedure
    users: dict


def _user(username: str, **extra) -> User:
    return User.objects.create_user(
        username=username, password="pw-test-12345", full_name=username, **extra
    )


def build_world(pki) -> World:
    units = hung_yen_units()
    dost = AgencyFactory(
        eid="H31.12",
        name="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        kind=AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY,
        admin_unit=units["33"],
    )
    khoai_chau = AgencyFactory(
        eid="H31.50.002",
        name="UBND xã Khoái Châu",
        kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
        admin_unit=units["khoai_chau"],
    )
    users = {}
    for name, agency, role in [
        ("dost_signer", dost, StaffRole.SIGNER),
        ("dost_specialist", dost, StaffRole.SPECIALIST),
        ("kc_leader", khoai_chau, StaffRole.LEADER),
        ("province_admin", dost, StaffRole.PROVINCE_ADMIN),
    ]:
        users[name] = _user(name)
        StaffMembership.objects.create(user=users[name], agency=agency, role=role)
    catalog_import(document=catalog_document())
    trusted_root_add(
        certificate_pem_text=pki.root.certificate_pem,
        name="motcua Test Root CA",
        source=TrustSource.DEMO,
    )
    certificate_upload_pkcs12(
        agency=dost, pkcs12_bytes=pki.p12(pki.dost), password=P12_PASSWORD.decode()
    )
    certificate_upload_pkcs12(
        agency=khoai_chau, pkcs12_bytes=pki.p12(pki.khoai_chau), password=P12_PASSWORD.decode()
    )
    return World(
        dost=dost,
        khoai_chau=khoai_chau,
        xray=Procedure.objects.get(code="1.004447"),
        copy_cert=Procedure.objects.get(code="2.000815"),
        users=users,
    )


def issue(
    world: World, *, dossier_code: str = "H31.12-261128-0001", agency=None, procedure=None, **extra
) -> Result:
    values = dict(
        dossier_code=dossier_code,
        procedure=procedure or world.xray,
        agency=agency or world.dost,
        owner_kind=OwnerKind.CITIZEN,
        owner_personal_id="033090001234",
        owner_tax_code="",
        owner_name="Nguyễn Thị Ngọc Ánh",
        data=dict(XRAY_DATA),
        signer_user=world.users["dost_signer"],
    )
    values.update(extra)
    return result_issue(**values)


def forge(
    *,
    number: str,
    p12: bytes,
    agency_name: str = "Sở Khoa học và Công nghệ tỉnh Hưng Yên",
    passphrase: bytes | None = P12_PASSWORD,
) -> bytes:
    """A result-looking PDF claiming `number`, signed with any PKCS#12 (an attacker's view)."""
    from django.utils import timezone

    document = ResultDocument(
        procedure_code="1.004447",
        procedure_name="Cấp giấy phép tiến hành công việc bức xạ",
        title="Giấy phép tiến hành công việc bức xạ",
        number=number,
        dossier_code="H31.12-261128-0001",
        agency_parent_name="Ủy ban nhân dân tỉnh Hưng Yên",
        agency_name=agency_name,
        agency_eid="H31.12",
        place="Hưng Yên",
        issued_at=timezone.now(),
        valid_until=None,
        owner_label="Cá nhân",
        owner_name="Nguyễn Thị Ngọc Ánh",
        owner_id_label="Số định danh cá nhân",
        owner_id="033090001234",
        verify_url=result_verify_url(number=number),
    )
    pdf = result_render_pdf(document=document)
    return Pkcs12Signer(pkcs12=p12, passphrase=passphrase).sign_pdf(
        pdf, reason="x", location="Hưng Yên"
    )
