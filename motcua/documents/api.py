"""Public results API: verify an uploaded PDF, read one result's record. No login needed."""

import dataclasses

from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile

from motcua.core.errors import ApplicationError
from motcua.documents import conf
from motcua.documents.schemas import ErrorOut, ResultStatusOut, VerificationOut
from motcua.documents.selectors import result_get_public
from motcua.documents.services.results import result_verify_url
from motcua.documents.services.verify import result_verify

router = Router(tags=["results"])


@router.post(
    "/verify",
    response={200: VerificationOut, 413: ErrorOut, 422: ErrorOut},
    summary="Xác minh tệp PDF kết quả đã ký số",
    auth=None,
)
def result_verify_endpoint(request: HttpRequest, file: File[UploadedFile]):
    if file.size > conf.upload_max_bytes():
        limit_mb = conf.upload_max_bytes() // (1024 * 1024)
        raise ApplicationError(
            f"Tệp quá lớn (tối đa {limit_mb} MB).",
            message_en=f"The file is too large (at most {limit_mb} MB).",
            code="file_too_large",
            status=413,
        )
    verification = result_verify(pdf_bytes=file.read())
    return {
        "valid": verification.valid,
        "fault": verification.fault.value if verification.fault else None,
        "message": verification.message,
        "message_en": verification.message_en,
        "result": dataclasses.asdict(verification.result) if verification.result else None,
        "replacement": dataclasses.asdict(verification.replacement)
        if verification.replacement
        else None,
        "signer": dataclasses.asdict(verification.signer) if verification.signer else None,
    }


@router.get(
    "/{number}",
    response={200: ResultStatusOut, 404: ErrorOut},
    summary="Thông tin một kết quả theo số kết quả",
    auth=None,
)
def result_detail(request: HttpRequest, number: str):
    result = result_get_public(key=number)
    return {
        "number": result.number,
        "title": result.title,
        "dossier_code": result.dossier_code,
        "procedure_code": result.procedure.code,
        "agency_name": result.agency.name,
        "agency_eid": result.agency.eid,
        "issued_at": result.issued_at,
        "valid_until": result.valid_until,
        "status": result.status,
        "revocation_reason": result.revocation_reason,
        "replaced_by": result.replaced_by.number if result.replaced_by else None,
        "sha256": result.sha256,
        "verify_url": result_verify_url(number=result.number),
    }
