"""Demo dossiers: a dozen dossiers in the states an officer meets every day, made through the
real services (intake, processing) so they carry history, outbox rows and legal due dates.

Form data is generated from each procedure's own e-form schema, so the step works with any
catalog. It runs once: if the province already has dossiers, it does nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.dossiers.constants import Action, ApplicantKind, Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.intake import (
    ApplicantInput,
    DocumentInput,
    dossier_receive_at_counter,
    dossier_submit_online,
)
from motcua.dossiers.services.processing import (
    dossier_advance,
    dossier_assign,
    dossier_extend,
    dossier_refuse,
    dossier_request_supplement,
    dossier_stop,
)
from motcua.procedures.models import Procedure

DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# Valid tax codes (check digit per DOMAIN.md §7.2) for demo organizations.
DEMO_ORGANIZATIONS = [
    ("Bệnh viện Đa khoa Phố Hiến", "0100109106"),
    ("Công ty TNHH Thiết bị Y tế Hưng Long", "0900100014"),
]


def sample_form_data(schema: dict | None, applicant: ApplicantInput) -> dict:
    """Values that satisfy a catalog e-form schema (the restricted subset of the spec)."""
    data: dict = {}
    for name, prop in ((schema or {}).get("properties") or {}).items():
        prefill = prop.get("x-prefill", "")
        kind = prop.get("type")
        if "enum" in prop:
            data[name] = prop["enum"][0]
        elif kind in ("integer", "number"):
            data[name] = max(1, prop.get("minimum", 1))
        elif kind == "boolean":
            data[name] = True
        elif prop.get("format") == "date":
            data[name] = "2026-01-15"
        elif prop.get("format") == "email":
            data[name] = "congdan@example.vn"
        elif prefill.endswith("personal_id") or (name.endswith("_id") and applicant.personal_id):
            data[name] = applicant.personal_id
        elif prefill.endswith("tax_code"):
            data[name] = applicant.tax_code
        else:
            data[name] = (
                applicant.name if "name" in name or "name" in prefill else prop.get("title", name)
            )
        if (
            kind == "string"
            and "pattern" in prop
            and data[name] not in (applicant.personal_id, applicant.tax_code)
        ):
            data.pop(name)  # a free value would not match the pattern; leave optional ones empty
    return data


@dataclass(frozen=True)
class _Scenario:
    procedure: str
    desk: str  # receiving agency e-ID
    receiver: str
    days_ago: int
    organization: bool = False
    online: bool = False
    citizen: str = "033090001234"
    unit_code: str = ""


def _applicant(s: _Scenario, index: int) -> ApplicantInput:
    if s.organization:
        name, tax_code = DEMO_ORGANIZATIONS[index % len(DEMO_ORGANIZATIONS)]
        return ApplicantInput(
            kind=ApplicantKind.ORGANIZATION,
            name=name,
            tax_code=tax_code,
            phone="02213860000",
            address="Phường Phố Hiến, tỉnh Hưng Yên",
        )
    citizen = User.objects.get(username=s.citizen)
    return ApplicantInput(
        kind=ApplicantKind.CITIZEN,
        name=citizen.full_name,
        personal_id=citizen.personal_id,
        phone="0912345678",
        address="Phường Phố Hiến, tỉnh Hưng Yên",
        unit_code=s.unit_code,
    )


def _create(s: _Scenario, index: int, now: datetime) -> Dossier:
    procedure = Procedure.objects.prefetch_related("requirements", "fees").get(code=s.procedure)
    applicant = _applicant(s, index)
    at = now - timedelta(days=s.days_ago)
    documents = [
        DocumentInput(r.code, f"{r.code}.pdf", DEMO_PDF)
        if s.online
        else DocumentInput(r.code, paper_received=True)
        for r in procedure.requirements.all()
        if r.required
    ]
    common = dict(
        procedure=procedure,
        receiving_agency=Agency.objects.get(eid=s.desk),
        applicant=applicant,
        form_data=sample_form_data(procedure.form, applicant),
        documents=documents,
        now=at,
    )
    if s.online:
        return dossier_submit_online(
            **common, by=User.objects.get(username=s.citizen), identity_verified=True
        )
    return dossier_receive_at_counter(
        **common, by=User.objects.get(username=s.receiver), channel=Channel.COUNTER
    )


def demo_dossiers_ensure(*, province_code: str, now: datetime | None = None) -> int:
    """Create the demo dossiers once; returns how many were created (0 when some exist)."""
    if Dossier.objects.filter(handling_agency__province_code=province_code).exists():
        return 0
    now = now or timezone.now()
    u = {
        name: User.objects.get(username=name)
        for name in (
            "ttpvhcc.tiepnhan",
            "sokhcn.chuyenvien",
            "sokhcn.lanhdao",
            "sokhcn.kyso",
            "phohien.tiepnhan",
            "phohien.chuyenvien",
            "phohien.lanhdao",
            "khoaichau.tiepnhan",
        )
    }
    center, dost_desk = "H31.30", "ttpvhcc.tiepnhan"
    ph_center, kc_center = _commune_center("Phố Hiến"), _commune_center("Khoái Châu")

    def step(d, delta_days: float):
        return now - timedelta(days=delta_days)

    created = 0
    # 1. X-ray licence, received 12 days ago, appraised: overdue or nearly so.
    d = _create(_Scenario("2.002380", center, dost_desk, 12, organization=True), 0, now)
    d = dossier_assign(
        dossier=d, by=u["sokhcn.lanhdao"], assignee=u["sokhcn.chuyenvien"], now=step(d, 11)
    )
    dossier_advance(dossier=d, action=Action.APPRAISE, by=u["sokhcn.chuyenvien"], now=step(d, 3))
    created += 1
    # 2. Same procedure, supplement requested (the clock is paused).
    d = _create(_Scenario("2.002380", center, dost_desk, 5, organization=True), 1, now)
    d = dossier_assign(
        dossier=d, by=u["sokhcn.lanhdao"], assignee=u["sokhcn.chuyenvien"], now=step(d, 4)
    )
    dossier_request_supplement(
        dossier=d,
        by=u["sokhcn.chuyenvien"],
        now=step(d, 2),
        items=[
            "Báo cáo đánh giá an toàn bức xạ có chữ ký người phụ trách an toàn",
            "Bản sao giấy chứng nhận kiểm định thiết bị còn hiệu lực",
        ],
        reason="Hồ sơ thiếu tài liệu phục vụ thẩm định",
    )
    created += 1
    # 3. Science organisation certificate change: approved, waiting for the signer.
    d = _create(_Scenario("1.014390", center, dost_desk, 6, organization=True), 0, now)
    d = dossier_assign(
        dossier=d, by=u["sokhcn.lanhdao"], assignee=u["sokhcn.chuyenvien"], now=step(d, 5)
    )
    d = dossier_advance(
        dossier=d, action=Action.APPRAISE, by=u["sokhcn.chuyenvien"], now=step(d, 2)
    )
    dossier_advance(dossier=d, action=Action.APPROVE, by=u["sokhcn.lanhdao"], now=step(d, 1))
    created += 1
    # 4. Signed and returned.
    d = _create(_Scenario("1.014390", center, dost_desk, 20, organization=True), 1, now)
    d = dossier_assign(
        dossier=d, by=u["sokhcn.lanhdao"], assignee=u["sokhcn.chuyenvien"], now=step(d, 19)
    )
    d = dossier_advance(
        dossier=d, action=Action.APPRAISE, by=u["sokhcn.chuyenvien"], now=step(d, 15)
    )
    d = dossier_advance(dossier=d, action=Action.APPROVE, by=u["sokhcn.lanhdao"], now=step(d, 14))
    d = dossier_advance(dossier=d, action=Action.SIGN, by=u["sokhcn.kyso"], now=step(d, 13))
    dossier_advance(
        dossier=d, action=Action.RETURN_RESULT, by=u["ttpvhcc.tiepnhan"], now=step(d, 12)
    )
    created += 1
    # 5. Same-day certification at Phố Hiến, received this morning.
    _create(_Scenario("2.000815", ph_center, "phohien.tiepnhan", 0), 0, now)
    created += 1
    # 6. Birth registration received at Khoái Châu for a Phố Hiến family (boundary-free).
    _create(_Scenario("1.001193", kc_center, "khoaichau.tiepnhan", 1, unit_code="11953"), 0, now)
    created += 1
    # 7–8. Online submissions waiting at the desk; one refused.
    _create(_Scenario("2.001035", ph_center, "phohien.tiepnhan", 1, online=True), 0, now)
    d = _create(
        _Scenario(
            "2.001035", ph_center, "phohien.tiepnhan", 2, online=True, citizen="034195006789"
        ),
        0,
        now,
    )
    dossier_refuse(
        dossier=d,
        by=u["phohien.tiepnhan"],
        now=step(d, 1),
        reason="Tài sản không thuộc địa bàn; đề nghị nộp tại nơi có bất động sản",
    )
    created += 2
    # 9. Contract certification with an apology and a new date.
    d = _create(_Scenario("2.001035", ph_center, "phohien.tiepnhan", 1), 0, now)
    d = dossier_assign(
        dossier=d, by=u["phohien.lanhdao"], assignee=u["phohien.chuyenvien"], now=step(d, 0.9)
    )
    dossier_extend(
        dossier=d,
        by=u["phohien.lanhdao"],
        new_due_at=d.due_at + timedelta(days=3),
        now=step(d, 0.5),
        reason="Cần xác minh thông tin tài sản với cơ quan đăng ký đất đai",
    )
    created += 1
    # 10. Withdrawn at the citizen's request and stopped.
    d = _create(
        _Scenario("2.001035", ph_center, "phohien.tiepnhan", 2, citizen="033202004567"), 0, now
    )
    d = dossier_advance(
        dossier=d,
        action=Action.REQUEST_WITHDRAWAL,
        by=u["phohien.tiepnhan"],
        now=step(d, 1.5),
        note="Công dân đề nghị rút hồ sơ để bổ sung thỏa thuận",
    )
    dossier_stop(
        dossier=d,
        by=u["phohien.tiepnhan"],
        now=step(d, 1.4),
        reason="Dừng xử lý theo đề nghị của công dân",
    )
    created += 1
    return created


def _commune_center(name_part: str) -> str:
    return Agency.objects.get(kind="commune_service_center", name__contains=name_part).eid
