"""Issue, revoke and replace signed results (Luật Giao dịch điện tử 2023 Art. 23: a signed
electronic result has the legal value of the paper one; NĐ 45/2020/NĐ-CP Art. 16: it goes into
the owner's results repository for reuse).

Transactions: `result_issue` allocates the number in a short transaction, renders and signs
(about 0.1 s) with no transaction of its own open, then writes the Result and its history row
in one transaction. Called inside a caller's transaction it still works: everything then
commits or rolls back with the caller (and the caller holds its locks during the signature).
A crash between the number and the write leaves a gap in the numbering, never a duplicate.
"""

import calendar
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.constants import StaffRole
from motcua.accounts.models import StaffMembership
from motcua.core.errors import ApplicationError, ErrorDetail
from motcua.core.text import nfc
from motcua.documents import conf
from motcua.documents.constants import (
    OwnerKind,
    ResultEventKind,
    ResultStatus,
    SigningRequestStatus,
)
from motcua.documents.events import result_event_record
from motcua.documents.models import Result, ResultSequence, SigningRequest
from motcua.documents.pki import certificate_fingerprint
from motcua.documents.services.certificates import (
    signer_for_certificate,
    signing_certificate_active,
)
from motcua.documents.services.render import ResultDocument, result_render_pdf
from motcua.documents.signers import ResultSigner

# Who may revoke or replace a result in the name of its issuing agency.
_REVOKING_ROLES = frozenset({StaffRole.LEADER, StaffRole.SIGNER, StaffRole.AGENCY_ADMIN})


def result_verify_url(*, number: str) -> str:
    return f"{conf.public_url()}/xac-minh/{number}/"


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _number_allocate(*, agency, year: int) -> str:
    with transaction.atomic():
        sequence, _ = ResultSequence.objects.select_for_update().get_or_create(
            agency=agency, year=year
        )
        sequence.last += 1
        sequence.save(update_fields=["last"])
    return f"{agency.eid}-KQ{year}-{sequence.last:06d}"


def _place_of(agency) -> str:
    unit = agency.admin_unit
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu "):
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def _parent_name_of(agency) -> str:
    if agency.parent_id:
        return agency.parent.name
    if agency.level == "province" and agency.kind != "provincial_peoples_committee":
        name = agency.admin_unit.name
        return "Ủy ban nhân dân " + name[:1].lower() + name[1:]
    return ""


def _format_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(_format_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_format_value(v)}" for k, v in value.items())
    return str(value)


def _data_rows(*, procedure, data: dict) -> list[tuple[str, str]]:
    properties = ((procedure.form or {}).get("properties") or {}) if procedure.form else {}
    rows = []
    for key, value in data.items():
        if str(key).startswith("_"):
            continue
        label = (properties.get(key) or {}).get("title") or str(key)
        rows.append((label, _format_value(value)))
    return rows


def _check_owner(*, owner_kind: str, owner_personal_id: str, owner_tax_code: str, owner_name: str):
    details = []
    if owner_kind not in OwnerKind.values:
        details.append(
            ErrorDetail("owner_kind", "Loại chủ sở hữu không hợp lệ.", "Invalid owner kind.")
        )
    if not (owner_personal_id or owner_tax_code):
        details.append(
            ErrorDetail(
                "owner_personal_id",
                "Cần số định danh cá nhân hoặc mã số thuế của chủ sở hữu kết quả.",
                "The owner's personal ID or tax code is required.",
            )
        )
    if not owner_name.strip():
        details.append(ErrorDetail("owner_name", "Cần tên chủ sở hữu.", "Owner name is required."))
    if details:
        raise ApplicationError(
            "Thông tin chủ sở hữu kết quả không hợp lệ.",
            message_en="Invalid result owner.",
            code="invalid_input",
            status=422,
            details=details,
        )


def result_issue(
    *,
    dossier_code: str,
    procedure,
    agency,
    owner_kind: str,
    owner_personal_id: str = "",
    owner_tax_code: str = "",
    owner_name: str,
    title: str | None = None,
    data: dict,
    signer_user=None,
    now: datetime | None = None,
    signer: ResultSigner | None = None,
) -> Result:
    """Render, sign with the agency's active certificate, store, record `issued`.

    `signer` lets a batch reuse one open signer (one token login); it must hold the agency's
    active certificate. 409 when the agency has no valid active certificate.
    """
    now = now or timezone.now()
    owner_personal_id, owner_tax_code = owner_personal_id or "", owner_tax_code or ""
    _check_owner(
        owner_kind=owner_kind,
        owner_personal_id=owner_personal_id,
        owner_tax_code=owner_tax_code,
        owner_name=owner_name,
    )
    certificate = signing_certificate_active(agency=agency, now=now)
    title = nfc(title or procedure.result_name or procedure.name)
    local_now = timezone.localtime(now)
    valid_until = (
        _add_months(local_now.date(), procedure.result_validity_months)
        if procedure.result_validity_months
        else None
    )
    number = _number_allocate(agency=agency, year=local_now.year)
    verify_url = result_verify_url(number=number)
    is_citizen = owner_kind == OwnerKind.CITIZEN
    document = ResultDocument(
        procedure_code=procedure.code,
        procedure_name=procedure.name,
        title=title,
        number=number,
        dossier_code=dossier_code,
        agency_parent_name=_parent_name_of(agency),
        agency_name=agency.name,
        agency_eid=agency.eid,
        place=_place_of(agency),
        issued_at=now,
        valid_until=valid_until,
        owner_label=OwnerKind(owner_kind).label,
        owner_name=owner_name,
        owner_id_label="Số định danh cá nhân" if is_citizen and owner_personal_id else "Mã số thuế",
        owner_id=owner_personal_id if is_citizen and owner_personal_id else owner_tax_code,
        rows=_data_rows(procedure=procedure, data=data),
        verify_url=verify_url,
    )
    pdf = result_render_pdf(document=document)
    signer = signer or signer_for_certificate(certificate=certificate)
    if certificate_fingerprint_of(signer) != certificate.fingerprint:
        raise ApplicationError(
            "Khóa ký không khớp chứng thư đang dùng của cơ quan.",
            message_en="The signing key does not match the agency's active certificate.",
            code="signer_mismatch",
            status=409,
        )
    signed = signer.sign_pdf(
        pdf, reason=f"Ký số kết quả giải quyết TTHC số {number}", location=_place_of(agency)
    )
    digest = hashlib.sha256(signed).hexdigest()
    with transaction.atomic():
        result = Result(
            number=number,
            dossier_code=dossier_code,
            procedure=procedure,
            agency=agency,
            title=title,
            owner_kind=owner_kind,
            owner_name=nfc(owner_name),
            owner_personal_id=owner_personal_id,
            owner_tax_code=owner_tax_code,
            data=data,
            issued_at=now,
            valid_until=valid_until,
            sha256=digest,
            signer_fingerprint=certificate.fingerprint,
            signed_by=signer_user,
        )
        result.pdf.save(f"{number}.pdf", ContentFile(signed), save=False)
        result.save()
        result_event_record(result=result, kind=ResultEventKind.ISSUED, at=now, by=signer_user)
    return result


def certificate_fingerprint_of(signer: ResultSigner) -> str:
    from cryptography import x509

    return certificate_fingerprint(x509.load_der_x509_certificate(signer.certificate.dump()))


def _check_may_act(*, result: Result, by) -> None:
    if by is None or getattr(by, "is_superuser", False):
        return  # system actions (commands, tests) and superusers; views always pass the user
    allowed = (
        StaffMembership.objects.filter(
            user=by, agency=result.agency, role__in=_REVOKING_ROLES, is_active=True
        ).exists()
        or StaffMembership.objects.filter(
            user=by,
            role=StaffRole.PROVINCE_ADMIN,
            is_active=True,
            agency__province_code=result.agency.province_code,
        ).exists()
    )
    if not allowed:
        raise ApplicationError(
            "Chỉ cơ quan đã cấp kết quả mới được thu hồi hoặc thay thế kết quả.",
            message_en="Only the issuing agency may revoke or replace a result.",
            code="forbidden",
            status=403,
        )


def _check_in_force(result: Result) -> None:
    if result.status != ResultStatus.VALID:
        raise ApplicationError(
            f"Kết quả {result.number} đã {result.get_status_display().lower()}.",
            message_en=f"Result {result.number} is already {result.status}.",
            code="result_not_in_force",
            status=409,
        )


def result_revoke(*, result: Result, by, reason: str, now: datetime | None = None) -> Result:
    """Withdraw a result (e.g. a licence withdrawn); verification then answers "revoked"."""
    now = now or timezone.now()
    reason = nfc(reason or "").strip()
    if not reason:
        raise ApplicationError(
            "Cần nêu lý do thu hồi kết quả.",
            message_en="A revocation reason is required.",
            code="invalid_input",
            status=422,
            details=[ErrorDetail("reason", "Cần nêu lý do.", "Reason required.")],
        )
    _check_may_act(result=result, by=by)
    with transaction.atomic():
        result = Result.objects.select_for_update().get(pk=result.pk)
        _check_in_force(result)
        result.status = ResultStatus.REVOKED
        result.revocation_reason = reason
        result.save(update_fields=["status", "revocation_reason", "updated_at"])
        result_event_record(
            result=result, kind=ResultEventKind.REVOKED, at=now, by=by, reason=reason
        )
    return result


def result_replace(
    *, result: Result, by, new_result: Result, reason: str = "", now: datetime | None = None
) -> Result:
    """Replace `result` by `new_result` of the same agency; verification names the new one."""
    now = now or timezone.now()
    _check_may_act(result=result, by=by)
    if new_result.pk == result.pk or new_result.agency_id != result.agency_id:
        raise ApplicationError(
            "Kết quả thay thế phải là một kết quả khác do cùng cơ quan cấp.",
            message_en="The replacement must be another result of the same agency.",
            code="invalid_replacement",
            status=422,
        )
    if new_result.status != ResultStatus.VALID:
        _check_in_force(new_result)
    with transaction.atomic():
        result = Result.objects.select_for_update().get(pk=result.pk)
        _check_in_force(result)
        result.status = ResultStatus.REPLACED
        result.replaced_by = new_result
        result.revocation_reason = nfc(reason or "")
        result.save(update_fields=["status", "replaced_by", "revocation_reason", "updated_at"])
        result_event_record(
            result=result,
            kind=ResultEventKind.REPLACED,
            at=now,
            by=by,
            reason=result.revocation_reason,
            related=new_result,
        )
    return result


def signing_request_create(
    *,
    dossier_code: str,
    procedure,
    agency,
    owner_kind: str,
    owner_personal_id: str = "",
    owner_tax_code: str = "",
    owner_name: str,
    title: str | None = None,
    data: dict,
) -> SigningRequest:
    """Queue a result for the agency's signer (fast: no rendering, no signing)."""
    _check_owner(
        owner_kind=owner_kind,
        owner_personal_id=owner_personal_id or "",
        owner_tax_code=owner_tax_code or "",
        owner_name=owner_name,
    )
    request, _ = SigningRequest.objects.get_or_create(
        dossier_code=dossier_code,
        defaults=dict(
            procedure=procedure,
            agency=agency,
            owner_kind=owner_kind,
            owner_personal_id=owner_personal_id or "",
            owner_tax_code=owner_tax_code or "",
            owner_name=owner_name,
            title=title or "",
            data=data,
        ),
    )
    return request


@dataclass
class BatchOutcome:
    signed: list[Result] = field(default_factory=list)
    failed: list[tuple[SigningRequest, ApplicationError]] = field(default_factory=list)


def signing_requests_sign(
    *, agency, by=None, limit: int | None = None, now: datetime | None = None
) -> BatchOutcome:
    """Sign the agency's pending queue with one open signer (one token login for the batch)."""
    outcome = BatchOutcome()
    pending = SigningRequest.objects.filter(
        agency=agency, status=SigningRequestStatus.PENDING
    ).select_related("procedure", "agency", "agency__admin_unit", "agency__parent")
    pending = list(pending[:limit] if limit else pending)
    if not pending:
        return outcome
    certificate = signing_certificate_active(agency=agency, now=now)
    with signer_for_certificate(certificate=certificate) as signer:
        for request in pending:
            try:
                result = result_issue(
                    dossier_code=request.dossier_code,
                    procedure=request.procedure,
                    agency=request.agency,
                    owner_kind=request.owner_kind,
                    owner_personal_id=request.owner_personal_id,
                    owner_tax_code=request.owner_tax_code,
                    owner_name=request.owner_name,
                    title=request.title or None,
                    data=request.data,
                    signer_user=by,
                    now=now,
                    signer=signer,
                )
            except ApplicationError as error:
                request.status, request.error = SigningRequestStatus.FAILED, error.message
                request.save(update_fields=["status", "error", "updated_at"])
                outcome.failed.append((request, error))
                continue
            request.status, request.result, request.error = SigningRequestStatus.SIGNED, result, ""
            request.save(update_fields=["status", "result", "error", "updated_at"])
            outcome.signed.append(result)
    return outcome
