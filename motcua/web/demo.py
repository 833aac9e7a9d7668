"""Demo data for one province node: Hưng Yên (statistical code 33, 104 communes). Demo only.

`demo_load()` runs in steps, each in its own transaction, and is idempotent: a second run
finds everything in place and changes nothing.

1. administrative units: ``manage.py load_adminunits`` (34 provinces, 3,321 communes);
2. agencies, with e-IDs (QĐ 20/2020/QĐ-TTg) in this scheme — the numbers below the level-1
   code are the demo's own, not ones the province has issued:

   ========================  ==========================  =====================================
   e-ID                      agency                      kind
   ========================  ==========================  =====================================
   ``H31``                   UBND tỉnh Hưng Yên          provincial People's Committee
   ``H31.NN``                provincial departments      Sở Nội vụ 05, Sở Tài chính 07,
                                                         Sở Tư pháp 11, Sở KH&CN 12
   ``H31.30``                TT Phục vụ HCC tỉnh         provincial service center
   ``H31.50.NNN``            UBND of each commune        ``50`` groups the commune level (as in
                                                         Đắk Lắk's ``H15.50.…``); ``NNN`` =
                                                         001…104, the communes taken in
                                                         ascending statistical code
                                                         (QĐ 19/2025/QĐ-TTg): 001 = Phường Phố
                                                         Hiến (11953) … 104 = Xã Vũ Tiên (13279)
   ``H31.50.NNN.01``         TT Phục vụ HCC of the       child of the commune's UBND
                             commune
   ``H31.50.NNN.02``         Công an of the commune      no parent: commune police answer to
                                                         the provincial police, not the UBND
   ========================  ==========================  =====================================

3. staff for every role (`STAFF`), one shared demo password (`DEMO_PASSWORD`), a Django
   superuser ``admin``, and three citizens who log in with their personal ID;
4. the demo catalog ``motcua/procedures/demo/catalog.json`` through ``manage.py
   catalog_import`` (skipped with a warning while the file does not exist).
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.management import call_command, get_commands
from django.db import transaction

from motcua.accounts.constants import StaffRole
from motcua.accounts.models import StaffMembership, User
from motcua.accounts.services import citizen_create, membership_grant, user_create
from motcua.adminunits.constants import UnitLevel
from motcua.adminunits.models import AdminUnit
from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import Agency
from motcua.agencies.selectors import agency_for_kind_in_unit
from motcua.agencies.services import agency_create
from motcua.core.errors import ApplicationError

# Statistical code of Hưng Yên (QĐ 19/2025/QĐ-TTg): Thái Bình + Hưng Yên since 1/7/2025.
DEMO_PROVINCE_CODE = "33"
# QĐ 20/2020/QĐ-TTg level-1 code of Hưng Yên. UNCONFIRMED: the merged province's code has not
# been checked against Phụ lục I or a provincial decision; change it here and only here.
DEMO_PROVINCE_EID = "H31"
# Groups the commune-level agencies under the province code (demo scheme, module docstring).
DEMO_COMMUNE_GROUP = "50"
# Demo only: every demo account has this password. Never load demo data on a real node.
DEMO_PASSWORD = "motcua-demo-2026"
DEMO_SUPERUSER = "admin"

PHO_HIEN = "11953"  # Phường Phố Hiến, seat of the provincial People's Committee
KHOAI_CHAU = "12205"  # Xã Khoái Châu, a rural commune

# (e-ID group under the province, name before "tỉnh …", kind, short name)
PROVINCE_AGENCIES = [
    ("05", "Sở Nội vụ", AgencyKind.DEPARTMENT_OF_HOME_AFFAIRS, "Sở Nội vụ"),
    ("07", "Sở Tài chính", AgencyKind.DEPARTMENT_OF_FINANCE, "Sở Tài chính"),
    ("11", "Sở Tư pháp", AgencyKind.DEPARTMENT_OF_JUSTICE, "Sở Tư pháp"),
    (
        "12",
        "Sở Khoa học và Công nghệ",
        AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY,
        "Sở KH&CN",
    ),
    (
        "30",
        "Trung tâm Phục vụ hành chính công",
        AgencyKind.PROVINCIAL_SERVICE_CENTER,
        "TTPVHCC tỉnh",
    ),
]
# (e-ID group under the commune's UBND, name before the commune's name, kind, has parent)
COMMUNE_CHILD_AGENCIES = [
    ("01", "Trung tâm Phục vụ hành chính công", AgencyKind.COMMUNE_SERVICE_CENTER, True),
    ("02", "Công an", AgencyKind.COMMUNE_POLICE, False),
]


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    agency_kind: str
    unit_code: str  # DEMO_PROVINCE_CODE for provincial agencies, a commune code otherwise
    roles: tuple[str, ...]


STAFF = [
    StaffSpec("tinh.quantri", "Phan Thị Thanh", AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE,
              DEMO_PROVINCE_CODE, (StaffRole.PROVINCE_ADMIN,)),
    StaffSpec("tinh.giamsat", "Lương Văn Hải", AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE,
              DEMO_PROVINCE_CODE, (StaffRole.MONITOR,)),
    StaffSpec("sokhcn.tiepnhan", "Nguyễn Thị Thu Hà",
              AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY, DEMO_PROVINCE_CODE,
              (StaffRole.RECEIVER,)),
    StaffSpec("sokhcn.chuyenvien", "Trần Văn Nam",
              AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY, DEMO_PROVINCE_CODE,
              (StaffRole.SPECIALIST,)),
    StaffSpec("sokhcn.lanhdao", "Phạm Minh Đức",
              AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY, DEMO_PROVINCE_CODE,
              (StaffRole.LEADER,)),
    StaffSpec("sokhcn.kyso", "Lê Thị Hồng Nhung",
              AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY, DEMO_PROVINCE_CODE,
              (StaffRole.SIGNER,)),
    StaffSpec("sokhcn.quantri", "Vũ Quang Huy",
              AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY, DEMO_PROVINCE_CODE,
              (StaffRole.AGENCY_ADMIN,)),
    StaffSpec("ttpvhcc.tiepnhan", "Đỗ Thị Lan", AgencyKind.PROVINCIAL_SERVICE_CENTER,
              DEMO_PROVINCE_CODE, (StaffRole.RECEIVER,)),
    StaffSpec("phohien.tiepnhan", "Hoàng Thị Mai", AgencyKind.COMMUNE_SERVICE_CENTER,
              PHO_HIEN, (StaffRole.RECEIVER,)),
    StaffSpec("phohien.chuyenvien", "Nguyễn Văn Tùng", AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
              PHO_HIEN, (StaffRole.SPECIALIST,)),
    StaffSpec("phohien.lanhdao", "Bùi Văn Thắng", AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
              PHO_HIEN, (StaffRole.LEADER, StaffRole.SIGNER)),
    StaffSpec("khoaichau.tiepnhan", "Đặng Thị Hương", AgencyKind.COMMUNE_SERVICE_CENTER,
              KHOAI_CHAU, (StaffRole.RECEIVER,)),
    StaffSpec("khoaichau.chuyenvien", "Ngô Văn Long", AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
              KHOAI_CHAU, (StaffRole.SPECIALIST,)),
    StaffSpec("khoaichau.lanhdao", "Trịnh Văn Sơn", AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
              KHOAI_CHAU, (StaffRole.LEADER, StaffRole.SIGNER)),
]  # fmt: skip

# Personal IDs `PPP G YY NNNNNN` (NĐ 137/2015 Art. 13 layout, DOMAIN.md §7.1): PPP = "0" + the
# old province of birth registration (033 Hưng Yên, 034 Thái Bình), G = gender/century.
CITIZENS = [
    ("033090001234", "Nguyễn Văn An"),  # male, born 1990, registered in Hưng Yên
    ("034195006789", "Trần Thị Bình"),  # female, born 1995, registered in Thái Bình
    ("033202004567", "Lê Minh Khôi"),  # male, born 2002, registered in Hưng Yên
]

CATALOG_PATH = Path(__file__).resolve().parent.parent / "procedures" / "demo" / "catalog.json"


@dataclass
class DemoReport:
    """What one run did; `lines` are Vietnamese, for the command to print."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    agencies_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    catalog_imported: bool = False


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def demo_commune_eid(number: int) -> str:
    """e-ID of the People's Committee of the `number`-th commune (1-based, by code)."""
    return f"{DEMO_PROVINCE_EID}.{DEMO_COMMUNE_GROUP}.{number:03d}"


def _province_unit() -> AdminUnit:
    unit = AdminUnit.objects.filter(code=DEMO_PROVINCE_CODE, level=UnitLevel.PROVINCE).first()
    if unit is None:
        raise ApplicationError(
            f"Chưa có đơn vị hành chính tỉnh mã {DEMO_PROVINCE_CODE}: chạy load_adminunits trước.",
            message_en=f"Province {DEMO_PROVINCE_CODE} is not loaded: run load_adminunits first.",
        )
    return unit


def _run_command(name: str, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    lines = (out.getvalue() + err.getvalue()).strip().splitlines()
    return "\n  ".join(lines)  # indented under the step's own line


@transaction.atomic
def demo_adminunits_load(report: DemoReport) -> None:
    if "load_adminunits" not in get_commands():
        report.warnings.append("Chưa có lệnh load_adminunits: dùng đơn vị hành chính sẵn có.")
        return
    output = _run_command("load_adminunits")
    report.lines.append("Đơn vị hành chính: " + (output or "đã nạp."))


@transaction.atomic
def demo_agencies_ensure(report: DemoReport) -> None:
    """The province's agencies and three agencies in every commune; existing ones are kept."""
    province = _province_unit()
    existing = {a.eid: a for a in Agency.objects.filter(province_code=province.province_code)}
    created = 0

    def ensure(eid: str, **fields) -> Agency:
        nonlocal created
        if eid in existing:
            return existing[eid]
        existing[eid] = agency_create(eid=eid, **fields)
        created += 1
        return existing[eid]

    in_province = _lower_first(province.name)  # "tỉnh Hưng Yên"
    committee = ensure(
        DEMO_PROVINCE_EID,
        name=f"Ủy ban nhân dân {in_province}",
        short_name=f"UBND {in_province}",
        kind=AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE,
        admin_unit=province,
    )
    for group, name, kind, short_name in PROVINCE_AGENCIES:
        ensure(
            f"{DEMO_PROVINCE_EID}.{group}",
            name=f"{name} {in_province}",
            short_name=short_name,
            kind=kind,
            admin_unit=province,
            parent=committee,
        )
    communes = AdminUnit.objects.filter(
        province_code=province.province_code, level=UnitLevel.COMMUNE, is_active=True
    ).order_by("code")
    for number, commune in enumerate(communes, start=1):
        in_commune = _lower_first(commune.name)  # "phường Phố Hiến"
        commune_committee = ensure(
            demo_commune_eid(number),
            name=f"Ủy ban nhân dân {in_commune}",
            short_name=f"UBND {in_commune}",
            kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
            admin_unit=commune,
            parent=committee,
        )
        for group, name, kind, has_parent in COMMUNE_CHILD_AGENCIES:
            ensure(
                f"{commune_committee.eid}.{group}",
                name=f"{name} {in_commune}",
                kind=kind,
                admin_unit=commune,
                parent=commune_committee if has_parent else None,
            )
    report.agencies_created += created
    report.lines.append(
        f"Cơ quan: tạo mới {created}, đã có {len(existing) - created} "
        f"(UBND tỉnh, {len(PROVINCE_AGENCIES)} cơ quan cấp tỉnh, {communes.count()} xã/phường)."
    )


@transaction.atomic
def demo_people_ensure(report: DemoReport) -> None:
    """Staff with their memberships, the superuser and the citizens; existing ones are kept."""
    province = _province_unit()
    encoded = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo account
    taken = set(User.objects.values_list("username", flat=True))
    users_created = memberships_created = 0

    for spec in STAFF:
        unit = AdminUnit.objects.filter(code=spec.unit_code).first() or province
        agency = agency_for_kind_in_unit(kind=spec.agency_kind, admin_unit=unit)
        if agency is None:
            report.warnings.append(f"Không thấy cơ quan cho {spec.username}: bỏ qua.")
            continue
        if spec.username in taken:
            user = User.objects.get(username=spec.username)
        else:
            user = user_create(
                username=spec.username, full_name=spec.full_name, encoded_password=encoded
            )
            users_created += 1
        for role in spec.roles:
            held = StaffMembership.objects.filter(user=user, agency=agency, role=role).exists()
            membership_grant(user=user, agency=agency, role=role)
            memberships_created += not held

    if DEMO_SUPERUSER not in taken:
        user_create(
            username=DEMO_SUPERUSER,
            full_name="Quản trị hệ thống",
            encoded_password=encoded,
            is_staff=True,
            is_superuser=True,
        )
        users_created += 1
    for personal_id, full_name in CITIZENS:
        if personal_id not in taken:
            citizen_create(personal_id=personal_id, full_name=full_name, encoded_password=encoded)
            users_created += 1

    report.users_created += users_created
    report.memberships_created += memberships_created
    report.lines.append(
        f"Tài khoản: tạo mới {users_created} (cán bộ, quản trị, {len(CITIZENS)} công dân); "
        f"phân công mới {memberships_created}."
    )


def demo_catalog_import(report: DemoReport) -> None:
    if not CATALOG_PATH.exists():
        report.warnings.append(f"Chưa có tệp danh mục {CATALOG_PATH.name}: bỏ qua bước nhập.")
        return
    if "catalog_import" not in get_commands():
        report.warnings.append("Chưa có lệnh catalog_import: bỏ qua bước nhập danh mục.")
        return
    with transaction.atomic():
        output = _run_command("catalog_import", str(CATALOG_PATH))
    report.catalog_imported = True
    report.lines.append("Danh mục thủ tục: " + (output or "đã nhập."))


def demo_load() -> DemoReport:
    """Load everything (module docstring); each step is its own transaction."""
    report = DemoReport()
    demo_adminunits_load(report)
    demo_agencies_ensure(report)
    demo_people_ensure(report)
    demo_catalog_import(report)
    demo_registries_load(report)
    demo_pki_load(report)
    demo_dossiers_load(report)
    demo_feedback_load(report)
    return report


def demo_registries_load(report: DemoReport) -> None:
    """The reference population and business registers for prefill: 10,000 people and 1,000
    businesses on the province's new communes, the demo citizens among them (once)."""
    from motcua.registries.models import RegistryPerson

    if RegistryPerson.objects.exists():
        report.lines.append("Cơ sở dữ liệu dân cư, doanh nghiệp (mẫu): đã có.")
        return
    out = Path(settings.VAR_DIR) / "registries"
    _run_command(
        "registry_demo_generate",
        "--people",
        "10000",
        "--businesses",
        "1000",
        "--province",
        DEMO_PROVINCE_CODE,
        "--out",
        str(out),
    )
    output = _run_command("registry_import", str(out / "people.csv"), str(out / "businesses.csv"))
    report.lines.append("Cơ sở dữ liệu dân cư, doanh nghiệp (mẫu): " + output)


def demo_pki_load(report: DemoReport) -> None:
    """A demo root CA and a signing certificate for every agency with a signer (idempotent)."""
    output = _run_command("demo_pki")
    report.lines.append("Ký số demo: " + (output.splitlines()[-1] if output else "đã sẵn sàng."))


def demo_dossiers_load(report: DemoReport) -> None:
    from motcua.web.demo_dossiers import demo_dossiers_ensure

    if not report.catalog_imported:
        return
    created = demo_dossiers_ensure(province_code=DEMO_PROVINCE_CODE)
    report.lines.append(
        f"Hồ sơ mẫu: tạo mới {created}." if created else "Hồ sơ mẫu: đã có, không tạo thêm."
    )


def demo_feedback_load(report: DemoReport) -> None:
    from motcua.web.demo_feedback import demo_feedback_ensure

    with transaction.atomic():
        created = demo_feedback_ensure(province_code=DEMO_PROVINCE_CODE)
    report.lines.append(
        f"Phản ánh, kiến nghị mẫu: tạo mới {created}."
        if created
        else "Phản ánh, kiến nghị mẫu: đã có, không tạo thêm."
    )


@dataclass(frozen=True)
class DemoLogin:
    role: str
    agency: str
    username: str
    password: str


def demo_logins() -> list[DemoLogin]:
    """Who can log in to the demo, read from the database: the superusers, staff by agency
    e-ID and role, then citizens. The password column shows DEMO_PASSWORD only where it
    still works (checked once per distinct hash: the demo accounts share one)."""
    works: dict[str, bool] = {}

    def password(user: User) -> str:
        if user.password not in works:
            works[user.password] = check_password(DEMO_PASSWORD, user.password)
        return DEMO_PASSWORD if works[user.password] else "(đã đổi)"

    logins = [
        DemoLogin("Quản trị hệ thống (superuser)", "—", user.username, password(user))
        for user in User.objects.filter(is_superuser=True, is_active=True).order_by("username")
    ]
    role_order = {role: index for index, role in enumerate(StaffRole.values)}
    memberships = sorted(
        StaffMembership.objects.filter(is_active=True, user__is_active=True).select_related(
            "user", "agency"
        ),
        key=lambda m: (m.agency.eid, role_order[m.role], m.user.username),
    )
    logins += [
        DemoLogin(m.get_role_display(), m.agency.name, m.user.username, password(m.user))
        for m in memberships
    ]
    citizens = User.objects.filter(
        personal_id__isnull=False, is_active=True, is_superuser=False, memberships__isnull=True
    ).order_by("username")
    logins += [
        DemoLogin(f"Công dân ({user.full_name})", "—", user.username, password(user))
        for user in citizens
    ]
    return logins


def demo_urls() -> list[tuple[str, str]]:
    base = settings.MOTCUA_PUBLIC_URL.rstrip("/")
    return [
        ("Trang chủ", f"{base}/"),
        ("Quản trị", f"{base}/admin/"),
        ("Thủ tục hành chính", f"{base}/procedures/"),
        ("API", f"{base}/api/docs"),
    ]
