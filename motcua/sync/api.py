"""Hub endpoints (only when MOTCUA_ROLE == "hub"; a province node answers 404).

Both read the raw body and check the province's HMAC signature (signing.py) before anything
else; the body is parsed by the contract models, not by ninja, so the signed bytes are the
parsed bytes.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from ninja import Query, Router

from motcua.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from motcua.outbox.gcpause import gc_paused
from motcua.sync.digest import digest_rows, lines_of_bucket, replica_lines
from motcua.sync.schemas import DigestLinesV1, DigestQuery, DigestV1, IngestResponseV1
from motcua.sync.services import ingest_apply, ingest_parse, request_authenticate

router = Router(tags=["sync"])


def _hub_only() -> None:
    if settings.MOTCUA_ROLE != "hub":
        raise NotFoundError()


def _authenticate(request: HttpRequest):
    return request_authenticate(
        headers=request.headers,
        method=request.method,
        path=request.get_full_path(),
        body=request.body,
    )


def _ingest_hooks(*, province: str, codes: list[str]) -> None:
    """settings.MOTCUA_SYNC_INGEST_HOOKS (dotted paths), called after the batch commits with
    the codes it applied; a failing hook is logged and never fails the ingest (the hub's
    indicators then catch up with `manage.py indicators_hub_refresh`)."""
    for path in getattr(settings, "MOTCUA_SYNC_INGEST_HOOKS", ()):
        hook = import_string(path)
        transaction.on_commit(partial(hook, province=province, codes=codes), robust=True)


def _json(model) -> HttpResponse:
    return HttpResponse(model.model_dump_json(), content_type="application/json")


@router.post(
    "/ingest",
    response={200: IngestResponseV1},
    summary="Nhận một lô sự kiện hồ sơ của một tỉnh (body: EventBatchV1, ký HMAC)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/EventBatchV1"}}
            },
        }
    },
)
@gc_paused()  # the batch's objects live until the response: no collector walks over them
def ingest(request: HttpRequest):
    _hub_only()
    credential = _authenticate(request)
    parsed = ingest_parse(body=request.body, province=credential.province_code)
    result = ingest_apply(
        province=credential.province_code, batch=parsed.batch, rejected=parsed.rejected
    )
    results = zip(parsed.batch.events, result.results, strict=False)  # then the rejected
    applied = sorted({e.code for e, r in results if r.result == "applied"})
    if applied:
        _ingest_hooks(province=credential.province_code, codes=applied)
    return _json(result)


@router.get(
    "/digest",
    response={200: DigestV1 | DigestLinesV1},
    summary="Bản tóm tắt đối soát theo cơ quan và ngày (hoặc các dòng của một ngày)",
)
def digest(request: HttpRequest, query: Query[DigestQuery]):
    _hub_only()
    credential = _authenticate(request)
    if query.province != credential.province_code:
        raise PermissionDeniedError(
            "Khóa của tỉnh này không được đọc dữ liệu của tỉnh khác.",
            "This credential cannot read another province's digest.",
        )
    if (query.agency is None) != (query.day is None):
        raise ApplicationError(
            "Cần cả cơ quan và ngày.", message_en="Give both agency and day.", status=422
        )
    if query.agency is not None:
        lines = replica_lines(province=query.province, agency=query.agency, day=query.day)
        return _json(
            DigestLinesV1(
                province=query.province,
                agency=query.agency,
                day=query.day,
                lines=lines_of_bucket(lines=lines),
            )
        )
    rows = digest_rows(lines=replica_lines(province=query.province))
    return _json(DigestV1(province=query.province, rows=rows))
