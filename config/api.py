"""The one NinjaAPI. Each app contributes a Router from its api.py; errors share one shape."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from motcua.core.errors import ApplicationError, ErrorDetail

api = NinjaAPI(
    title="motcua API",
    version="1",
    description="Nền tảng một cửa cho chính quyền địa phương hai cấp / One-stop platform API",
    docs_url="/docs",
    urls_namespace="api",
)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


def _error_path(loc) -> str:
    """`documents[0].file`, the same style the services use."""
    path = ""
    for part in loc:
        if part in {"body", "payload", "query", "path"}:
            continue
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        ErrorDetail(
            path=_error_path(err.get("loc", [])),
            message="Giá trị không hợp lệ: " + str(err.get("msg", "")),
            message_en=str(err.get("msg", "")),
        )
        for err in exc.errors
    ]
    error = ApplicationError(
        "Dữ liệu gửi lên không hợp lệ.",
        message_en="The submitted data is invalid.",
        code="invalid_input",
        status=422,
        details=details,
    )
    return api.create_response(request, error.as_dict(), status=error.status)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals (no session, CSRF, throttling) in the one error shape."""
    if isinstance(exc, AuthenticationError):
        error = ApplicationError(
            "Bạn cần đăng nhập để thực hiện thao tác này.",
            message_en="Authentication required.",
            code="unauthenticated",
            status=401,
        )
    elif exc.status_code == 403 and "CSRF" in str(exc):
        error = ApplicationError(
            "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF).",
            message_en="CSRF token missing or incorrect.",
            code="csrf_failed",
            status=403,
        )
    else:
        error = ApplicationError(
            "Yêu cầu không được chấp nhận.",
            message_en=str(exc),
            code="http_error",
            status=exc.status_code,
        )
    return api.create_response(request, error.as_dict(), status=error.status)


@api.exception_handler(RequestDataTooBig)
def request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    error = ApplicationError(
        "Dữ liệu gửi lên quá lớn.",
        message_en="The request body is too large.",
        code="request_too_large",
        status=413,
    )
    return api.create_response(request, error.as_dict(), status=error.status)


def _add_routers() -> None:
    from motcua.adminunits.api import router as adminunits_router
    from motcua.assistant.api import router as assistant_router
    from motcua.documents.api import router as results_router
    from motcua.dossiers.api import router as dossiers_router
    from motcua.procedures.api import router as procedures_router
    from motcua.sync.api import router as sync_router

    api.add_router("/adminunits", adminunits_router)
    api.add_router("/procedures", procedures_router)
    api.add_router("/assistant", assistant_router)
    api.add_router("/dossiers", dossiers_router)
    api.add_router("/results", results_router)
    api.add_router("/sync", sync_router)


_add_routers()
