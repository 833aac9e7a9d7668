"""API shapes of dossiers: one input and one output schema per operation (STYLE.md habit 7).

Shared pieces (applicant, document, assignee) are parts of several shapes, not shapes of an
operation. Every creation answers the same `DossierCreatedOut`, every action the same
`DossierDetailOut`: those operations really return the same thing. Instants leave in the
local time of Vietnam with their offset (ISO 8601, +07:00).
"""

from datetime import date, datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime

from motcua.dossiers.constants import Action, Channel, DossierStatus, ProcessingStep
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import INBOX_PAGE_SIZE


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value is not None else None


LocalDateTime = Annotated[datetime, AfterValidator(_local)]


def _status_label(status: int | None) -> str:
    return str(DossierStatus(status).label) if status else ""


# ---- intake -------------------------------------------------------------------------------


class ApplicantIn(Schema):
    kind: str = Field(description="citizen | organization")
    name: str
    personal_id: str = Field("", description="Số định danh cá nhân, 12 chữ số / personal ID")
    tax_code: str = Field("", description="Mã số thuế / tax code (organization)")
    phone: str = ""
    email: str = ""
    address: str = ""
    unit_code: str = Field("", description="Mã xã, phường, đặc khu / commune code")


class DocumentIn(Schema):
    requirement_code: str = Field(description="Mã thành phần hồ sơ / requirement code (TP1…)")
    filename: str = ""
    content_base64: str | None = Field(None, description="Nội dung tệp (PDF, JPEG, PNG), base64")
    paper_received: bool = False
    reused_from: str = Field("", description="Mã kết quả đã cấp được tái sử dụng")


class CounterIntakeIn(Schema):
    procedure_code: str
    receiving_agency_eid: str
    channel: Literal[1, 3] = Field(
        Channel.COUNTER, description="1: trực tiếp / at the counter; 3: bưu chính / by post"
    )
    applicant: ApplicantIn
    form_data: dict = Field(default_factory=dict)
    documents: list[DocumentIn] = Field(default_factory=list)


class OnlineSubmitIn(Schema):
    procedure_code: str
    receiving_agency_eid: str
    applicant: ApplicantIn
    form_data: dict = Field(default_factory=dict)
    documents: list[DocumentIn] = Field(default_factory=list)


class DossierCreatedOut(Schema):
    code: str
    status: int
    status_label: str
    received_at: LocalDateTime | None
    due_at: LocalDateTime | None
    handling_agency_eid: str
    receiving_agency_eid: str

    @staticmethod
    def resolve_status_label(obj: Dossier) -> str:
        return _status_label(obj.status)

    @staticmethod
    def resolve_handling_agency_eid(obj: Dossier) -> str:
        return obj.handling_agency.eid

    @staticmethod
    def resolve_receiving_agency_eid(obj: Dossier) -> str:
        return obj.receiving_agency.eid


# ---- list ---------------------------------------------------------------------------------


class DossierListIn(Schema):
    status: int | None = Field(None, ge=1, le=10, description="Mã trạng thái 1–10")
    procedure: str = Field("", description="Mã thủ tục / procedure code")
    field: str = Field("", description="Mã lĩnh vực / field code")
    channel: int | None = Field(None, ge=1, le=3)
    received_from: date | None = None
    received_to: date | None = None
    q: str = Field("", description="Mã hồ sơ, tên, số định danh, mã số thuế")
    mine: bool = Field(False, description="Chỉ hồ sơ tôi thụ lý / only mine")
    page: int = Field(1, ge=1, description=f"{INBOX_PAGE_SIZE} hồ sơ mỗi trang")


class AssigneeOut(Schema):
    username: str
    full_name: str


class DossierListItemOut(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    channel: int
    status: int
    status_label: str
    step: str
    received_at: LocalDateTime | None
    due_at: LocalDateTime | None
    handling_agency_name: str
    assignee: AssigneeOut | None

    @staticmethod
    def resolve_procedure_code(obj: Dossier) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_procedure_name(obj: Dossier) -> str:
        return obj.procedure.name

    @staticmethod
    def resolve_status_label(obj: Dossier) -> str:
        return _status_label(obj.status)

    @staticmethod
    def resolve_handling_agency_name(obj: Dossier) -> str:
        return obj.handling_agency.name


class DossierListOut(Schema):
    count: int
    page: int
    results: list[DossierListItemOut]


# ---- detail -------------------------------------------------------------------------------


class ApplicantOut(Schema):
    kind: str
    name: str
    personal_id: str
    tax_code: str
    phone: str
    email: str
    address: str
    unit_code: str
    identity_verified: bool


class DocumentOut(Schema):
    requirement_code: str
    name: str
    content_type: str
    size: int
    sha256: str
    paper_received: bool
    digitized: bool
    reused_from: str


class EventOut(Schema):
    seq: int
    action: str
    action_label: str
    at: LocalDateTime
    actor_name: str
    agency_eid: str | None
    to_agency_eid: str | None
    from_status: int | None
    to_status: int
    reason: str

    @staticmethod
    def resolve_action_label(obj: DossierEvent) -> str:
        return str(Action(obj.action).label)

    @staticmethod
    def resolve_agency_eid(obj: DossierEvent) -> str | None:
        return obj.agency.eid if obj.agency_id else None

    @staticmethod
    def resolve_to_agency_eid(obj: DossierEvent) -> str | None:
        return obj.to_agency.eid if obj.to_agency_id else None


class AllowedActionOut(Schema):
    action: str
    label: str


class DossierDetailOut(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    channel: int
    channel_label: str
    applicant: ApplicantOut
    form_data: dict
    status: int
    status_label: str
    step: str
    step_label: str
    resume_status: int | None
    receiving_agency_eid: str
    receiving_agency_name: str
    handling_agency_eid: str
    handling_agency_name: str
    assignee: AssigneeOut | None
    submitted_at: LocalDateTime | None
    received_at: LocalDateTime | None
    due_at: LocalDateTime | None
    original_due_at: LocalDateTime | None
    paused_at: LocalDateTime | None
    finished_at: LocalDateTime | None
    returned_at: LocalDateTime | None
    supplement_count: int
    extension_count: int
    fee_total_vnd: int
    paid_online: int
    result_code: str
    documents: list[DocumentOut]
    events: list[EventOut]
    allowed_actions: list[AllowedActionOut] = Field(
        description="Thao tác người gọi được làm lúc này / what the caller may do now"
    )

    # The API passes what depends on the caller or needs a selector in the validation
    # context: {"events": [...], "allowed_actions": [...]}.
    @staticmethod
    def resolve_events(obj: Dossier, context: dict) -> list:
        return list(context["events"])

    @staticmethod
    def resolve_allowed_actions(obj: Dossier, context: dict) -> list[dict]:
        return [{"action": a.value, "label": str(a.label)} for a in context["allowed_actions"]]

    @staticmethod
    def resolve_procedure_code(obj: Dossier) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_procedure_name(obj: Dossier) -> str:
        return obj.procedure.name

    @staticmethod
    def resolve_channel_label(obj: Dossier) -> str:
        return str(Channel(obj.channel).label)

    @staticmethod
    def resolve_applicant(obj: Dossier) -> dict:
        return {
            "kind": obj.applicant_kind,
            "name": obj.applicant_name,
            "personal_id": obj.applicant_personal_id,
            "tax_code": obj.applicant_tax_code,
            "phone": obj.applicant_phone,
            "email": obj.applicant_email,
            "address": obj.applicant_address,
            "unit_code": obj.applicant_unit.code if obj.applicant_unit_id else "",
            "identity_verified": obj.identity_verified,
        }

    @staticmethod
    def resolve_status_label(obj: Dossier) -> str:
        return _status_label(obj.status)

    @staticmethod
    def resolve_step_label(obj: Dossier) -> str:
        return str(ProcessingStep(obj.step).label) if obj.step else ""

    @staticmethod
    def resolve_receiving_agency_eid(obj: Dossier) -> str:
        return obj.receiving_agency.eid

    @staticmethod
    def resolve_receiving_agency_name(obj: Dossier) -> str:
        return obj.receiving_agency.name

    @staticmethod
    def resolve_handling_agency_eid(obj: Dossier) -> str:
        return obj.handling_agency.eid

    @staticmethod
    def resolve_handling_agency_name(obj: Dossier) -> str:
        return obj.handling_agency.name


# ---- actions ------------------------------------------------------------------------------


class RefuseIn(Schema):
    reason: str = Field(description="Lý do từ chối (Mẫu 03)")


class RequestSupplementIn(Schema):
    items: list[str] = Field(description="Mọi nội dung cần bổ sung, một lần (Mẫu 02)")
    reason: str


class SupplementIn(Schema):
    note: str = ""


class AssignIn(Schema):
    assignee_username: str


class AppraiseIn(Schema):
    note: str = ""


class ExtendIn(Schema):
    new_due_at: AwareDatetime = Field(description="Ngày hẹn trả mới, có múi giờ (Mẫu 04)")
    reason: str


class TransferIn(Schema):
    to_agency_eid: str
    reason: str


class RequestWithdrawalIn(Schema):
    note: str = ""


class StopIn(Schema):
    reason: str = Field(description="Nội dung thông báo dừng xử lý (Mẫu 05)")
