"""The online submission wizard: each step checks its part and saves it in the draft; the last
step hands everything to `dossier_submit_online`, which checks it all again and decides.

A step that finds a problem raises ApplicationError (Vietnamese, one detail per field) before
anything is written: the draft keeps its previous content and no file is staged.
"""

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from motcua.accounts.identity import personal_id_check, tax_code_check
from motcua.core.errors import ApplicationError, ErrorDetail
from motcua.dossiers.constants import ApplicantKind
from motcua.dossiers.files import MAX_DOSSIER_BYTES, file_check
from motcua.dossiers.formdata import form_data_problems
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.intake import ApplicantInput, DocumentInput, dossier_submit_online
from motcua.portal.constants import WizardStep
from motcua.portal.models import Draft
from motcua.portal.selectors import (
    province_communes,
    receiving_agencies_for,
    reusable_results,
)
from motcua.portal.services.staging import staged_read, staged_store
from motcua.procedures.models import Procedure
from motcua.registries.selectors import business_representation

MISMATCH = "Số định danh cá nhân của người nộp không khớp với tài khoản đang đăng nhập."
MISMATCH_EN = "The applicant's personal ID does not match the logged-in account."


def _invalid(problems: list[ErrorDetail]) -> ApplicationError:
    return ApplicationError(
        "Thông tin chưa hợp lệ, vui lòng kiểm tra các mục được đánh dấu.",
        message_en="Some information is not valid; check the marked items.",
        code="draft_invalid",
        status=422,
        details=problems,
    )


def draft_start(*, user, procedure: Procedure) -> Draft:
    """The user's draft for `procedure`, resumed if there is one."""
    if procedure.online_level == "none" or not procedure.is_active:
        raise ApplicationError(
            "Thủ tục này chưa cung cấp dịch vụ công trực tuyến; vui lòng nộp trực tiếp.",
            message_en="This procedure cannot be submitted online; submit it at a service center.",
            code="not_online",
            status=409,
        )
    draft = Draft.objects.filter(user=user, procedure=procedure).order_by("-updated").first()
    return draft or Draft.objects.create(user=user, procedure=procedure)


def _advance(draft: Draft, step: WizardStep, **data) -> Draft:
    draft.data = {**(draft.data or {}), **data}
    draft.step = step
    draft.save(update_fields=["data", "step", "updated"])
    return draft


def draft_applicant_save(
    *, draft: Draft, by, applicant: ApplicantInput, prefilled: list[str]
) -> Draft:
    """Step 1: who submits. A citizen submits as themself; a business through the account of
    its legal representative, as the business register records it."""
    procedure = draft.procedure
    problems: list[ErrorDetail] = []
    if applicant.kind not in (procedure.subjects or ApplicantKind.values):
        problems.append(
            ErrorDetail(
                "applicant.kind",
                "Thủ tục này không áp dụng cho loại người nộp đã chọn.",
                "This procedure does not apply to that kind of applicant.",
            )
        )
    if not applicant.name.strip():
        problems.append(
            ErrorDetail("applicant.name", "Chưa nhập họ tên hoặc tên tổ chức.", "Name required.")
        )
    if applicant.kind == ApplicantKind.CITIZEN:
        problems += [
            ErrorDetail("applicant.personal_id", vi, en)
            for vi, en in personal_id_check(applicant.personal_id, today=timezone.localdate())
        ]
        if by.personal_id and applicant.personal_id != by.personal_id:
            problems.append(ErrorDetail("applicant.personal_id", MISMATCH, MISMATCH_EN))
    elif applicant.kind == ApplicantKind.ORGANIZATION:
        tax_problems = tax_code_check(applicant.tax_code)
        problems += [ErrorDetail("applicant.tax_code", vi, en) for vi, en in tax_problems]
        if (
            not tax_problems
            and not business_representation(
                tax_code=applicant.tax_code, personal_id=by.personal_id or ""
            ).allowed
        ):
            problems.append(
                ErrorDetail(
                    "applicant.tax_code",
                    "Theo Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp, tài khoản của bạn "
                    "không phải người đại diện theo pháp luật của doanh nghiệp này.",
                    "The business register does not list you as this business's representative.",
                )
            )
    if applicant.email:
        try:
            validate_email(applicant.email)
        except ValidationError:
            problems.append(
                ErrorDetail("applicant.email", "Địa chỉ thư điện tử không hợp lệ.", "Bad e-mail.")
            )
    if applicant.phone and not applicant.phone.replace(" ", "").lstrip("+").isdigit():
        problems.append(
            ErrorDetail("applicant.phone", "Số điện thoại chỉ gồm chữ số.", "Digits only.")
        )
    if applicant.unit_code and not province_communes().filter(code=applicant.unit_code).exists():
        problems.append(
            ErrorDetail(
                "applicant.unit_code",
                "Không tìm thấy xã, phường, đặc khu đã chọn trong tỉnh.",
                "Unknown commune.",
            )
        )
    if problems:
        raise _invalid(problems)
    return _advance(
        draft, WizardStep.FORM, applicant=asdict(applicant), prefilled_applicant=prefilled
    )


def draft_form_save(*, draft: Draft, form_data: dict, prefilled: list[str]) -> Draft:
    """Step 2: the e-form, checked against the procedure's schema (messages per field)."""
    problems = form_data_problems(schema=draft.procedure.form, data=form_data)
    if problems:
        raise _invalid(problems)
    return _advance(draft, WizardStep.DOCUMENTS, form=form_data, prefilled_form=prefilled)


@dataclass(frozen=True)
class DocumentChoice:
    """What the citizen chose for one requirement: a new file, a stored result, or nothing."""

    requirement_code: str
    filename: str = ""
    content: bytes | None = None
    reuse: str = ""


def _owner(draft: Draft) -> dict:
    applicant = (draft.data or {}).get("applicant") or {}
    if applicant.get("kind") == ApplicantKind.ORGANIZATION:
        return {"tax_code": applicant.get("tax_code", "")}
    return {"personal_id": applicant.get("personal_id", "")}


def draft_documents_save(*, draft: Draft, choices: list[DocumentChoice]) -> Draft:
    """Step 3: one file or one stored result per requirement; files are checked by content and
    staged only when every choice is acceptable."""
    requirements = {r.code: r for r in draft.procedure.requirements.all()}
    staged = dict((draft.data or {}).get("documents") or {})
    chosen = {c.requirement_code: c for c in choices}
    problems: list[ErrorDetail] = []
    documents: dict[str, dict] = {}
    uploads: dict[str, bytes] = {}
    for code, requirement in requirements.items():
        choice = chosen.get(code)
        path = f"documents.{code}"
        if choice and choice.content is not None:
            check = file_check(choice.content)
            if not check.ok:
                problems.append(ErrorDetail(path, check.problem, check.problem_en))
                continue
            uploads[code] = choice.content
            documents[code] = {
                "filename": choice.filename[:200],
                "size": len(choice.content),
                "content_type": check.content_type,
            }
        elif choice and choice.reuse:
            offered = {
                r.code
                for r in reusable_results(
                    **_owner(draft), procedure_codes=list(requirement.reusable_result_of or [])
                )
            }
            if choice.reuse not in offered:
                problems.append(
                    ErrorDetail(
                        path,
                        "Không tìm thấy kết quả đã cấp phù hợp để tái sử dụng.",
                        "No matching issued result to reuse was found.",
                    )
                )
                continue
            documents[code] = {"reuse": choice.reuse}
        elif code in staged and staged[code].get("sha256"):
            documents[code] = staged[code]  # the file uploaded earlier stays
        elif requirement.required:
            problems.append(
                ErrorDetail(
                    path,
                    f"Thiếu giấy tờ bắt buộc: {requirement.name}.",
                    f"Missing required document: {code}.",
                )
            )
    total = sum(d.get("size", 0) for d in documents.values())
    if total > MAX_DOSSIER_BYTES:
        problems.append(
            ErrorDetail(
                "documents",
                f"Tổng dung lượng tệp vượt quá {MAX_DOSSIER_BYTES // (1024 * 1024)} MB.",
                f"Total file size exceeds {MAX_DOSSIER_BYTES // (1024 * 1024)} MB.",
            )
        )
    if problems:
        raise _invalid(problems)
    for code, content in uploads.items():
        documents[code]["sha256"] = staged_store(content=content)
    return _advance(draft, WizardStep.REVIEW, documents=documents)


def draft_submit(
    *, draft: Draft, by, receiving_agency_id: int | None, identity_verified: bool
) -> Dossier:
    """Step 4: submit. The service re-validates everything; the draft goes when the dossier is in."""
    data = draft.data or {}
    procedure = draft.procedure
    applicant_data = data.get("applicant") or {}
    agencies = {
        a.pk: a for a in receiving_agencies_for(
            procedure=procedure, unit_code=applicant_data.get("unit_code", "")
        )
    }  # fmt: skip
    problems: list[ErrorDetail] = []
    agency = agencies.get(receiving_agency_id or 0)
    if agency is None:
        problems.append(
            ErrorDetail(
                "receiving_agency",
                "Vui lòng chọn nơi tiếp nhận hồ sơ trong danh sách.",
                "Choose where the dossier is received.",
            )
        )
    documents: list[DocumentInput] = []
    for code, doc in (data.get("documents") or {}).items():
        if doc.get("reuse"):
            documents.append(DocumentInput(code, reused_from=doc["reuse"]))
            continue
        content = staged_read(sha256=doc.get("sha256", ""))
        if content is None:
            problems.append(
                ErrorDetail(
                    f"documents.{code}",
                    "Tệp đã tải lên không còn trên hệ thống, vui lòng tải lại.",
                    "The uploaded file is gone; upload it again.",
                )
            )
            continue
        documents.append(DocumentInput(code, filename=doc.get("filename", ""), content=content))
    if not applicant_data:
        problems.append(
            ErrorDetail("applicant.name", "Chưa khai thông tin người nộp.", "No applicant yet.")
        )
    if problems:
        raise _invalid(problems)
    with transaction.atomic():
        dossier = dossier_submit_online(
            procedure=procedure,
            receiving_agency=agency,
            applicant=ApplicantInput(**applicant_data),
            form_data=data.get("form") or {},
            documents=documents,
            by=by,
            identity_verified=identity_verified,
        )
        draft.delete()
    return dossier


def draft_delete(*, draft: Draft) -> None:
    draft.delete()
