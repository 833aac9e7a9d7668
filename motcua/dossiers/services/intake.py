"""Intake: a dossier is born at the counter (received, status 2) or online (submitted, status 1).

Everything is validated before the transaction; the code, the dossier, its documents, its
first history row and its outbox rows are written in one transaction (NĐ 118/2025 Art. 17).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.constants import StaffRole
from motcua.accounts.identity import personal_id_check, tax_code_check
from motcua.accounts.selectors import user_roles_in_agency
from motcua.adminunits.models import AdminUnit
from motcua.agencies.models import Agency
from motcua.core.calendar_db import calendar_get
from motcua.core.errors import ApplicationError, ErrorDetail, PermissionDeniedError
from motcua.dossiers.codes import dossier_code_allocate
from motcua.dossiers.constants import Action, ApplicantKind, Channel, DossierStatus
from motcua.dossiers.deadlines import initial_due_at
from motcua.dossiers.events import event_record
from motcua.dossiers.files import MAX_DOSSIER_BYTES, file_check
from motcua.dossiers.formdata import form_data_problems
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.routing import handling_agency_resolve
from motcua.procedures.models import Procedure


@dataclass(frozen=True)
class ApplicantInput:
    kind: str
    name: str
    personal_id: str = ""
    tax_code: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    unit_code: str = ""


@dataclass(frozen=True)
class DocumentInput:
    requirement_code: str
    filename: str = ""
    content: bytes | None = None
    paper_received: bool = False
    reused_from: str = ""


def _digitized(doc: DocumentInput) -> bool:
    """A component is digitised when its file was uploaded or it reuses a signed result."""
    return doc.content is not None or bool(doc.reused_from)


@dataclass
class _Checked:
    applicant_unit: AdminUnit | None = None
    handling_agency: Agency | None = None
    files: dict[int, tuple[str, str]] = field(default_factory=dict)  # index → (type, sha256)


def _applicant_problems(applicant: ApplicantInput, *, today) -> list[ErrorDetail]:
    problems: list[ErrorDetail] = []
    if applicant.kind not in ApplicantKind.values:
        problems.append(
            ErrorDetail("applicant.kind", "Loại người nộp không hợp lệ.", "Unknown applicant kind.")
        )
    if not applicant.name.strip():
        problems.append(
            ErrorDetail(
                "applicant.name", "Chưa nhập họ tên người nộp.", "The applicant's name is required."
            )
        )
    if applicant.kind == ApplicantKind.CITIZEN or applicant.personal_id:
        for message, message_en in personal_id_check(applicant.personal_id, today=today):
            problems.append(ErrorDetail("applicant.personal_id", message, message_en))
    if applicant.kind == ApplicantKind.ORGANIZATION:
        for message, message_en in tax_code_check(applicant.tax_code):
            problems.append(ErrorDetail("applicant.tax_code", message, message_en))
    if applicant.email and "@" not in applicant.email:
        problems.append(
            ErrorDetail(
                "applicant.email", "Địa chỉ thư điện tử không hợp lệ.", "Invalid e-mail address."
            )
        )
    if applicant.phone and not applicant.phone.replace(" ", "").lstrip("+").isdigit():
        problems.append(
            ErrorDetail(
                "applicant.phone",
                "Số điện thoại chỉ gồm chữ số.",
                "The phone number must be digits.",
            )
        )
    return problems


def _document_problems(
    *,
    procedure: Procedure,
    documents: list[DocumentInput],
    channel: int,
    applicant: ApplicantInput,
    checked: _Checked,
) -> list[ErrorDetail]:
    problems: list[ErrorDetail] = []
    requirements = {r.code: r for r in procedure.requirements.all()}
    provided: set[str] = set()
    total = 0
    for index, doc in enumerate(documents):
        path = f"documents[{index}]"
        requirement = requirements.get(doc.requirement_code)
        if requirement is None:
            problems.append(
                ErrorDetail(
                    f"{path}.requirement_code",
                    f"Thủ tục không có thành phần «{doc.requirement_code}».",
                    f"The procedure has no requirement '{doc.requirement_code}'.",
                )
            )
            continue
        if doc.content is not None:
            check = file_check(doc.content)
            if not check.ok:
                problems.append(ErrorDetail(f"{path}.file", check.problem, check.problem_en))
                continue
            total += len(doc.content)
            checked.files[index] = (check.content_type, hashlib.sha256(doc.content).hexdigest())
        elif doc.reused_from:
            if not _reusable(doc.reused_from, requirement=requirement, applicant=applicant):
                problems.append(
                    ErrorDetail(
                        f"{path}.reused_from",
                        "Không tìm thấy kết quả đã cấp phù hợp để tái sử dụng.",
                        "No matching issued result to reuse was found.",
                    )
                )
                continue
        elif doc.paper_received:
            if channel == Channel.ONLINE:
                problems.append(
                    ErrorDetail(
                        f"{path}.file",
                        "Hồ sơ trực tuyến phải đính kèm tệp.",
                        "An online dossier must attach a file.",
                    )
                )
                continue
        else:
            problems.append(
                ErrorDetail(
                    f"{path}.file",
                    "Chưa đính kèm tệp hoặc xác nhận bản giấy.",
                    "No file attached and no paper copy received.",
                )
            )
            continue
        provided.add(requirement.code)
    if total > MAX_DOSSIER_BYTES:
        problems.append(
            ErrorDetail(
                "documents",
                f"Tổng dung lượng tệp vượt quá {MAX_DOSSIER_BYTES // (1024 * 1024)} MB.",
                f"Total file size exceeds {MAX_DOSSIER_BYTES // (1024 * 1024)} MB.",
            )
        )
    for code, requirement in requirements.items():
        if requirement.required and code not in provided:
            problems.append(
                ErrorDetail(
                    f"documents.{code}",
                    f"Thiếu giấy tờ bắt buộc: {requirement.name}.",
                    f"Missing required document: {code}.",
                )
            )
    return problems


def _reusable(result_code: str, *, requirement, applicant: ApplicantInput) -> bool:
    """A result this platform issued to the same applicant, of a procedure the requirement accepts."""
    qs = Dossier.objects.filter(
        result_code=result_code,
        status__in=[DossierStatus.RESULT_READY, DossierStatus.RETURNED],
        procedure__code__in=list(requirement.reusable_result_of or []),
    )
    if applicant.personal_id:
        qs = qs.filter(applicant_personal_id=applicant.personal_id)
    elif applicant.tax_code:
        qs = qs.filter(applicant_tax_code=applicant.tax_code)
    return qs.exists()


def _validate(
    *,
    procedure: Procedure,
    receiving_agency: Agency,
    applicant: ApplicantInput,
    form_data: dict,
    documents: list[DocumentInput],
    channel: int,
    now: datetime,
) -> _Checked:
    checked = _Checked()
    problems = _applicant_problems(applicant, today=timezone.localdate(now))
    if applicant.kind and applicant.kind not in (procedure.subjects or [applicant.kind]):
        problems.append(
            ErrorDetail(
                "applicant.kind",
                "Thủ tục này không áp dụng cho loại người nộp đã chọn.",
                "This procedure does not apply to that kind of applicant.",
            )
        )
    if applicant.unit_code:
        checked.applicant_unit = AdminUnit.objects.filter(
            code=applicant.unit_code, level="commune"
        ).first()
        if checked.applicant_unit is None:
            problems.append(
                ErrorDetail(
                    "applicant.unit_code",
                    "Không tìm thấy xã, phường, đặc khu theo mã đã nhập.",
                    "Unknown commune code.",
                )
            )
    problems += form_data_problems(schema=procedure.form, data=form_data)
    problems += _document_problems(
        procedure=procedure,
        documents=documents,
        channel=channel,
        applicant=applicant,
        checked=checked,
    )
    if not procedure.is_active:
        problems.append(
            ErrorDetail(
                "procedure", "Thủ tục không còn được áp dụng.", "The procedure is no longer active."
            )
        )
    if not problems:
        checked.handling_agency, routing_problems = handling_agency_resolve(
            procedure=procedure,
            receiving_agency=receiving_agency,
            applicant_unit=checked.applicant_unit,
        )
        problems += routing_problems
    if problems:
        raise ApplicationError(
            "Hồ sơ chưa hợp lệ, vui lòng kiểm tra các mục được đánh dấu.",
            message_en="The dossier is not valid; check the marked items.",
            code="dossier_invalid",
            status=422,
            details=problems,
        )
    return checked


def _create(
    *,
    procedure: Procedure,
    receiving_agency: Agency,
    applicant: ApplicantInput,
    form_data: dict,
    documents: list[DocumentInput],
    channel: int,
    by,
    now: datetime,
    checked: _Checked,
    identity_verified: bool,
) -> Dossier:
    online = channel == Channel.ONLINE
    status = DossierStatus.SUBMITTED if online else DossierStatus.RECEIVED
    with transaction.atomic():
        handling = checked.handling_agency
        dossier = Dossier(
            code=dossier_code_allocate(agency_eid=handling.eid, received_at=now),
            procedure=procedure,
            channel=channel,
            applicant_kind=applicant.kind,
            applicant_name=applicant.name.strip(),
            applicant_personal_id=applicant.personal_id,
            applicant_tax_code=applicant.tax_code,
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            applicant_address=applicant.address,
            applicant_unit=checked.applicant_unit,
            applicant_user=by if online else None,
            identity_verified=identity_verified,
            receiving_agency=receiving_agency,
            handling_agency=handling,
            form_data=form_data,
            status=status,
            submitted_at=now,
            fee_total_vnd=sum(fee.amount_vnd for fee in procedure.fees.all()),
        )
        if not online:
            dossier.received_at = now
            dossier.due_at = dossier.original_due_at = initial_due_at(
                calendar_get(),
                received_at=now,
                value=procedure.processing_time_value,
                unit=procedure.processing_time_unit,
            )
        dossier.documents_total = len(documents)
        dossier.documents_digitized = sum(_digitized(doc) for doc in documents)
        dossier.documents_reused = sum(bool(doc.reused_from) for doc in documents)
        dossier.save()
        requirements = {r.code: r for r in procedure.requirements.all()}
        for index, doc in enumerate(documents):
            row = DossierDocument(
                dossier=dossier,
                requirement_code=doc.requirement_code,
                name=requirements[doc.requirement_code].name,
                paper_received=doc.paper_received,
                reused_from=doc.reused_from,
                digitized=_digitized(doc),
            )
            if index in checked.files:
                content_type, sha256 = checked.files[index]
                row.content_type, row.sha256, row.size = content_type, sha256, len(doc.content)
                extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[
                    content_type
                ]
                row.file.save(f"{sha256}.{extension}", ContentFile(doc.content), save=False)
            row.save()
        event_record(
            dossier=dossier,
            action=Action.SUBMIT if online else Action.RECEIVE,
            at=now,
            actor=by,
            agency=receiving_agency,
            before=None,
            data={"channel": channel, "handling_agency": handling.eid},
        )
    return dossier


def dossier_receive_at_counter(
    *,
    procedure: Procedure,
    receiving_agency: Agency,
    applicant: ApplicantInput,
    form_data: dict,
    documents: list[DocumentInput],
    by,
    channel: int = Channel.COUNTER,
    now: datetime | None = None,
) -> Dossier:
    """A one-stop officer receives a complete dossier: status 2, code, due date, Mẫu 01."""
    now = now or timezone.now()
    if StaffRole.RECEIVER not in user_roles_in_agency(user=by, agency=receiving_agency):
        raise PermissionDeniedError(
            "Bạn không phải cán bộ tiếp nhận của cơ quan này.",
            "You are not a receiver of this agency.",
        )
    checked = _validate(
        procedure=procedure,
        receiving_agency=receiving_agency,
        applicant=applicant,
        form_data=form_data,
        documents=documents,
        channel=channel,
        now=now,
    )
    return _create(
        procedure=procedure,
        receiving_agency=receiving_agency,
        applicant=applicant,
        form_data=form_data,
        documents=documents,
        channel=channel,
        by=by,
        now=now,
        checked=checked,
        identity_verified=False,
    )


def dossier_submit_online(
    *,
    procedure: Procedure,
    receiving_agency: Agency,
    applicant: ApplicantInput,
    form_data: dict,
    documents: list[DocumentInput],
    by,
    identity_verified: bool = False,
    now: datetime | None = None,
) -> Dossier:
    """A citizen submits online: status 1 until the one-stop desk receives it."""
    now = now or timezone.now()
    if (
        applicant.kind == ApplicantKind.CITIZEN
        and by.personal_id
        and applicant.personal_id != by.personal_id
    ):
        raise ApplicationError(
            "Số định danh cá nhân của người nộp không khớp với tài khoản đang đăng nhập.",
            message_en="The applicant's personal ID does not match the logged-in account.",
            code="dossier_invalid",
            status=422,
            details=[
                ErrorDetail(
                    "applicant.personal_id",
                    "Không khớp với tài khoản đăng nhập.",
                    "Does not match the logged-in account.",
                )
            ],
        )
    checked = _validate(
        procedure=procedure,
        receiving_agency=receiving_agency,
        applicant=applicant,
        form_data=form_data,
        documents=documents,
        channel=Channel.ONLINE,
        now=now,
    )
    return _create(
        procedure=procedure,
        receiving_agency=receiving_agency,
        applicant=applicant,
        form_data=form_data,
        documents=documents,
        channel=Channel.ONLINE,
        by=by,
        now=now,
        checked=checked,
        identity_verified=identity_verified,
    )
