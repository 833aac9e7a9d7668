"""The one NinjaAPI. Each app contributes a Router from its api.py; errors share one shape."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
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


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        ErrorDetail(
            path=".".join(str(p) for p in err.get("loc", []) if p not in {"body", "payload"}),
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


def _add_routers() -> None:
    from motcua.adminunits.api import router as adminunits_router
    from motcua.assistant.api import router as assistant_router
    from motcua.procedures.api import router as procedures_router

    api.add_router("/adminunits", adminunits_router)
    api.add_router("/procedures", procedures_router)
    api.add_router("/assistant", assistant_router)


_add_routers()
