"""Public verification pages: upload a result PDF, or open the QR code's link. No script."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from motcua.core.errors import ApplicationError, NotFoundError
from motcua.documents import conf
from motcua.documents.forms import VerifyUploadForm
from motcua.documents.selectors import result_events, result_get_public
from motcua.documents.services.verify import result_verify


def _too_large() -> ApplicationError:
    limit_mb = conf.upload_max_bytes() // (1024 * 1024)
    return ApplicationError(
        f"Tệp quá lớn (tối đa {limit_mb} MB).",
        message_en=f"The file is too large (at most {limit_mb} MB).",
        code="file_too_large",
        status=413,
    )


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def verify_upload(request: HttpRequest) -> HttpResponse:
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "english": _english()}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["pdf"]
        try:
            if upload.size > conf.upload_max_bytes():
                raise _too_large()
            context["verification"] = result_verify(pdf_bytes=upload.read())
        except ApplicationError as error:
            context["error"] = error
            status = error.status
    elif request.method == "POST":
        status = 422
    return render(request, "documents/verify.html", context, status=status)


def verify_result(request: HttpRequest, key: str) -> HttpResponse:
    """The page a result's QR code opens: what the platform records about that result."""
    try:
        result = result_get_public(key=key)
    except NotFoundError as error:
        raise Http404(error.message) from error
    with result.pdf.open("rb") as handle:
        verification = result_verify(pdf_bytes=handle.read())
    return render(
        request,
        "documents/result.html",
        {
            "result": result,
            "verification": verification,
            "events": list(result_events(result=result)),
            "form": VerifyUploadForm(),
            "english": _english(),
        },
    )
