"""The dossier API: intake at the counter and online, the inbox, one dossier, its actions and
its slips. Each endpoint parses, goes through the gate `dossier_get_for_user` (404 for missing
and invisible alike), calls one service and answers a schema; services decide (403 role,
409 state, 422 input) and `config.api` renders their errors in the one error shape.

Session authentication (`django_auth`): the CSRF token is required on every unsafe method.
"""

import base64
import binascii

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.security import django_auth

from motcua.agencies.models import Agency
from motcua.agencies.selectors import agency_get
from motcua.core.errors import ApplicationError, ErrorDetail, NotFoundError
from motcua.dossiers.constants import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.schemas import (
    AppraiseIn,
    AssignIn,
    CounterIntakeIn,
    DocumentIn,
    DossierCreatedOut,
    DossierDetailOut,
    DossierListIn,
    DossierListOut,
    ExtendIn,
    OnlineSubmitIn,
    RefuseIn,
    RequestSupplementIn,
    RequestWithdrawalIn,
    StopIn,
    SupplementIn,
    TransferIn,
)
from motcua.dossiers.selectors import (
    INBOX_PAGE_SIZE,
    InboxFilters,
    dossier_actions_for_user,
    dossier_assignee_find,
    dossier_events,
    dossier_get_for_user,
    dossier_list_for_user,
)
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
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_stop,
    dossier_supplement,
    dossier_transfer,
)
from motcua.dossiers.services.slips import SLIP_KIND_BY_FORM, dossier_slip_pdf
from motcua.procedures.models import Procedure
from motcua.procedures.schemas import ErrorOut
from motcua.procedures.selectors import procedure_get

router = Router(tags=["dossiers"], auth=django_auth)

_CREATE_ERRORS = {401: ErrorOut, 403: ErrorOut, 413: ErrorOut, 422: ErrorOut}
_READ_ERRORS = {401: ErrorOut, 404: ErrorOut}
_ACTION_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# ---- parsing ------------------------------------------------------------------------------


def _invalid(path: str, message: str, message_en: str) -> ApplicationError:
    return ApplicationError(
        "Dữ liệu gửi lên không hợp lệ.",
        message_en="The submitted data is invalid.",
        code="invalid_input",
        status=422,
        details=[ErrorDetail(path, message, message_en)],
    )


def _referenced(lookup, *, path: str, **kwargs):
    """An entity named in the body: unknown is an input error on that field, not a 404 of the URL."""
    try:
        return lookup(**kwargs)
    except NotFoundError as exc:
        raise _invalid(path, exc.message, exc.message_en) from None


def _documents(documents: list[DocumentIn]) -> list[DocumentInput]:
    parsed, problems = [], []
    for index, doc in enumerate(documents):
        content = None
        if doc.content_base64 is not None:
            try:
                content = base64.b64decode(doc.content_base64, validate=True)
            except (binascii.Error, ValueError):
                problems.append(
                    ErrorDetail(
                        f"documents[{index}].content_base64",
                        "Nội dung tệp không phải chuỗi base64 hợp lệ.",
                        "The file content is not valid base64.",
                    )
                )
        parsed.append(
            DocumentInput(
                requirement_code=doc.requirement_code,
                filename=doc.filename,
                content=content,
                paper_received=doc.paper_received,
                reused_from=doc.reused_from,
            )
        )
    if problems:
        raise ApplicationError(
            "Dữ liệu gửi lên không hợp lệ.",
            message_en="The submitted data is invalid.",
            code="invalid_input",
            status=422,
            details=problems,
        )
    return parsed


def _receiving_agency(payload: CounterIntakeIn | OnlineSubmitIn) -> Agency:
    return _referenced(agency_get, path="receiving_agency_eid", eid=payload.receiving_agency_eid)


def _intake_args(payload: CounterIntakeIn | OnlineSubmitIn, *, receiving_agency: Agency) -> dict:
    procedure: Procedure = _referenced(
        procedure_get, path="procedure_code", code=payload.procedure_code
    )
    return {
        "procedure": procedure,
        "receiving_agency": receiving_agency,
        "applicant": ApplicantInput(**payload.applicant.model_dump()),
        "form_data": payload.form_data,
        "documents": _documents(payload.documents),
    }


# ---- shaping ------------------------------------------------------------------------------


def _detail(dossier: Dossier, user) -> DossierDetailOut:
    """The dossier as the caller sees it now, with the actions the caller may take next."""
    actions = dossier_actions_for_user(dossier=dossier, user=user, now=timezone.now())
    return DossierDetailOut.from_orm(
        dossier,
        context={"events": dossier_events(dossier=dossier), "allowed_actions": actions},
    )


# ---- intake -------------------------------------------------------------------------------


@router.post(
    "/intake",
    response={201: DossierCreatedOut, **_CREATE_ERRORS},
    summary="Tiếp nhận hồ sơ tại quầy hoặc qua bưu chính / Receive a dossier at the counter",
)
def intake(request: HttpRequest, payload: CounterIntakeIn):
    args = _intake_args(payload, receiving_agency=_receiving_agency(payload))
    # The service commits before it returns: the answer is never ahead of the database.
    dossier = dossier_receive_at_counter(**args, by=request.auth, channel=payload.channel)
    return Status(201, dossier)


@router.post(
    "/submit",
    response={201: DossierCreatedOut, **_CREATE_ERRORS},
    summary="Nộp hồ sơ trực tuyến / Submit a dossier online",
)
def submit(request: HttpRequest, payload: OnlineSubmitIn):
    args = _intake_args(payload, receiving_agency=_receiving_agency(payload))
    dossier = dossier_submit_online(**args, by=request.auth)
    return Status(201, dossier)


# ---- reading ------------------------------------------------------------------------------


@router.get(
    "/",
    response={200: DossierListOut, 401: ErrorOut},
    summary="Danh sách hồ sơ được xem / The inbox: dossiers visible to me",
)
def inbox(request: HttpRequest, filters: Query[DossierListIn]):
    dossiers = dossier_list_for_user(
        user=request.auth,
        filters=InboxFilters(
            status=filters.status,
            procedure_code=filters.procedure,
            field_code=filters.field,
            channel=filters.channel,
            received_from=filters.received_from,
            received_to=filters.received_to,
            q=filters.q,
            mine=filters.mine,
        ),
    )
    start = (filters.page - 1) * INBOX_PAGE_SIZE
    return {
        "count": dossiers.count(),
        "page": filters.page,
        "results": list(dossiers[start : start + INBOX_PAGE_SIZE]),
    }


@router.get(
    "/{code}",
    response={200: DossierDetailOut, **_READ_ERRORS},
    summary="Chi tiết hồ sơ / One dossier",
)
def detail(request: HttpRequest, code: str):
    return _detail(dossier_get_for_user(user=request.auth, code=code), request.auth)


@router.get(
    "/{code}/slips/{form}",
    response={200: None, **_READ_ERRORS, 409: ErrorOut},
    summary="Phiếu của hồ sơ, Mẫu 01–06 (PDF) / A slip of the dossier",
    openapi_extra={
        "responses": {
            200: {
                "description": "PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def slip(request: HttpRequest, code: str, form: str):
    dossier = dossier_get_for_user(user=request.auth, code=code)
    kind = SLIP_KIND_BY_FORM.get(form)
    if kind is None:
        raise NotFoundError(f"Không có phiếu Mẫu «{form}».", f"No slip form '{form}'.")
    pdf = dossier_slip_pdf(dossier=dossier, kind=kind)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-mau-{form}.pdf"'
    return response


# ---- actions ------------------------------------------------------------------------------
# Every action: the gate first (404), then the service (403 role, 409 state, 422 input).


def _gate(request: HttpRequest, code: str) -> Dossier:
    return dossier_get_for_user(user=request.auth, code=code)


_ACTION = {"response": {200: DossierDetailOut, **_ACTION_ERRORS}}


@router.post("/{code}/receive", **_ACTION, summary="Tiếp nhận hồ sơ trực tuyến / Receive")
def receive(request: HttpRequest, code: str):
    dossier = dossier_receive(dossier=_gate(request, code), by=request.auth)
    return _detail(dossier, request.auth)


@router.post("/{code}/refuse", **_ACTION, summary="Từ chối tiếp nhận (Mẫu 03) / Refuse")
def refuse(request: HttpRequest, code: str, payload: RefuseIn):
    dossier = dossier_refuse(dossier=_gate(request, code), by=request.auth, reason=payload.reason)
    return _detail(dossier, request.auth)


@router.post(
    "/{code}/request-supplement",
    **_ACTION,
    summary="Yêu cầu bổ sung, hoàn thiện (Mẫu 02) / Request a supplement",
)
def request_supplement(request: HttpRequest, code: str, payload: RequestSupplementIn):
    dossier = dossier_request_supplement(
        dossier=_gate(request, code), by=request.auth, items=payload.items, reason=payload.reason
    )
    return _detail(dossier, request.auth)


@router.post("/{code}/supplement", **_ACTION, summary="Nhận hồ sơ bổ sung / Supplement received")
def supplement(request: HttpRequest, code: str, payload: SupplementIn):
    dossier = dossier_supplement(dossier=_gate(request, code), by=request.auth, note=payload.note)
    return _detail(dossier, request.auth)


@router.post("/{code}/assign", **_ACTION, summary="Phân công thụ lý / Assign a specialist")
def assign(request: HttpRequest, code: str, payload: AssignIn):
    dossier = _gate(request, code)
    assignee = dossier_assignee_find(dossier=dossier, username=payload.assignee_username)
    if assignee is None:
        raise _invalid(
            "assignee_username",
            "Không phải chuyên viên của cơ quan giải quyết.",
            "Not a specialist of the handling agency.",
        )
    dossier = dossier_assign(dossier=dossier, by=request.auth, assignee=assignee)
    return _detail(dossier, request.auth)


@router.post("/{code}/appraise", **_ACTION, summary="Thẩm định / Appraise")
def appraise(request: HttpRequest, code: str, payload: AppraiseIn):
    dossier = dossier_advance(
        dossier=_gate(request, code), action=Action.APPRAISE, by=request.auth, note=payload.note
    )
    return _detail(dossier, request.auth)


@router.post("/{code}/approve", **_ACTION, summary="Phê duyệt / Approve")
def approve(request: HttpRequest, code: str):
    dossier = dossier_advance(dossier=_gate(request, code), action=Action.APPROVE, by=request.auth)
    return _detail(dossier, request.auth)


@router.post("/{code}/sign", **_ACTION, summary="Ký số, ban hành kết quả / Sign the result")
def sign(request: HttpRequest, code: str):
    dossier = dossier_advance(dossier=_gate(request, code), action=Action.SIGN, by=request.auth)
    return _detail(dossier, request.auth)


@router.post(
    "/{code}/request-payment",
    **_ACTION,
    summary="Yêu cầu thực hiện nghĩa vụ tài chính / Request payment",
)
def request_payment(request: HttpRequest, code: str):
    dossier = dossier_advance(
        dossier=_gate(request, code), action=Action.REQUEST_PAYMENT, by=request.auth
    )
    return _detail(dossier, request.auth)


@router.post(
    "/{code}/confirm-payment",
    **_ACTION,
    summary="Xác nhận đã thực hiện nghĩa vụ tài chính / Confirm payment",
)
def confirm_payment(request: HttpRequest, code: str):
    dossier = dossier_advance(
        dossier=_gate(request, code), action=Action.CONFIRM_PAYMENT, by=request.auth
    )
    return _detail(dossier, request.auth)


@router.post("/{code}/extend", **_ACTION, summary="Gia hạn, xin lỗi (Mẫu 04) / Extend")
def extend(request: HttpRequest, code: str, payload: ExtendIn):
    dossier = dossier_extend(
        dossier=_gate(request, code),
        by=request.auth,
        new_due_at=payload.new_due_at,
        reason=payload.reason,
    )
    return _detail(dossier, request.auth)


@router.post("/{code}/transfer", **_ACTION, summary="Chuyển xử lý / Transfer to another agency")
def transfer(request: HttpRequest, code: str, payload: TransferIn):
    dossier = _gate(request, code)
    to_agency = _referenced(agency_get, path="to_agency_eid", eid=payload.to_agency_eid)
    dossier = dossier_transfer(
        dossier=dossier, to_agency=to_agency, by=request.auth, reason=payload.reason
    )
    return _detail(dossier, request.auth)


@router.post(
    "/{code}/request-withdrawal",
    **_ACTION,
    summary="Yêu cầu rút hồ sơ / Request withdrawal",
)
def request_withdrawal(request: HttpRequest, code: str, payload: RequestWithdrawalIn):
    dossier = dossier_advance(
        dossier=_gate(request, code),
        action=Action.REQUEST_WITHDRAWAL,
        by=request.auth,
        note=payload.note,
    )
    return _detail(dossier, request.auth)


@router.post("/{code}/stop", **_ACTION, summary="Dừng xử lý (Mẫu 05) / Stop processing")
def stop(request: HttpRequest, code: str, payload: StopIn):
    dossier = dossier_stop(dossier=_gate(request, code), by=request.auth, reason=payload.reason)
    return _detail(dossier, request.auth)


@router.post("/{code}/return", **_ACTION, summary="Trả kết quả / Return the result")
def return_result(request: HttpRequest, code: str):
    dossier = dossier_advance(
        dossier=_gate(request, code), action=Action.RETURN_RESULT, by=request.auth
    )
    return _detail(dossier, request.auth)
