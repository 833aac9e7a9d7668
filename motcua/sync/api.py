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
from motcua.sync.digest import digest_rows, lines_of_bucket, replica_lines_of
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


def _feedback_hooks(*, province: str, references: list[str], rated: list[str]) -> None:
    """settings.MOTCUA_SYNC_FEEDBACK_INGEST_HOOKS, called after the batch commits with the PAKN
    references and the rated dossiers' codes it applied; failures are logged, as above."""
    for path in getattr(settings, "MOTCUA_SYNC_FEEDBACK_INGEST_HOOKS", ()):
        hook = partial(import_string(path), province=province, references=references, rated=rated)
        transaction.on_commit(hook, robust=True)


def _applied_keys(batch, results) -> tuple[list[str], list[str], list[str]]:
    """Dossier codes, PAKN references and rated dossier codes the batch applied (the results
    list `events`, then `feedback_events`, then `rating_events`, then the rejected ones)."""
    results = iter(results)
    keyed = (
        (batch.events, lambda e: e.code),
        (batch.feedback_events, lambda e: e.reference),
        (batch.rating_events, lambda e: e.dossier_code),
    )
    return tuple(
        sorted({key(e) for e, r in zip(events, results, strict=False) if r.result == "applied"})
        for events, key in keyed
    )


def _json(model) -> HttpResponse:
    return HttpResponse(model.model_dump_json(), content_type="application/json")


@router.post(
    "/ingest",
    response={200: IngestResponseV1},
    summary="Nhận một lô sự kiện hồ sơ, PAKN, đánh giá của một tỉnh (body: EventBatchV1, ký HMAC)",
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
    codes, references, rated = _applied_keys(parsed.batch, result.results)
    if codes:
        _ingest_hooks(province=credential.province_code, codes=codes)
    if references or rated:
        _feedback_hooks(province=credential.province_code, references=references, rated=rated)
    return _json(result)


@router.get(
    "/digest",
    response={200: DigestV1 | DigestLinesV1},
    summary="Bản tóm tắt đối soát theo cơ quan và ngày (hoặc các dòng của một ngày) của hồ sơ, "
    "PAKN hoặc đánh giá (stream=dossier|feedback|rating)",
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
    lines_of = replica_lines_of(stream=query.stream)
    if query.agency is not None:
        lines = lines_of(province=query.province, agency=query.agency, day=query.day)
        return _json(
            DigestLinesV1(
                province=query.province,
                stream=query.stream,
                agency=query.agency,
                day=query.day,
                lines=lines_of_bucket(lines=lines),
            )
        )
    rows = digest_rows(lines=lines_of(province=query.province))
    return _json(DigestV1(province=query.province, stream=query.stream, rows=rows))
