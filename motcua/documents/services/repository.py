"""The results repository (kho quản lý dữ liệu điện tử): every signed result is kept for its
owner to reuse instead of submitting it again (NĐ 45/2020/NĐ-CP Art. 16)."""

from motcua.core.errors import ApplicationError
from motcua.documents.models import Result
from motcua.documents.selectors import result_list_for_owner


def results_of_owner(
    *, personal_id: str | None = None, tax_code: str | None = None
) -> list[Result]:
    """The citizen's (personal ID) or business's (tax code) results, newest first."""
    if not (personal_id or tax_code):
        raise ApplicationError(
            "Cần số định danh cá nhân hoặc mã số thuế.",
            message_en="A personal ID or a tax code is required.",
            code="invalid_input",
            status=422,
        )
    return list(result_list_for_owner(personal_id=personal_id, tax_code=tax_code))


def result_ready_payload(*, result: Result) -> dict:
    """What a `result_ready` dossier event carries (766 group 4): the result code and link."""
    from motcua.documents.services.results import result_verify_url

    return {
        "result_number": result.number,
        "result_url": result_verify_url(number=result.number),
        "result_sha256": result.sha256,
        "issued_at": result.issued_at.isoformat(),
    }
