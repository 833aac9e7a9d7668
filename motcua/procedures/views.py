"""Public catalog pages: search and one procedure. Pure HTML, no script."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.core.errors import NotFoundError
from motcua.procedures.forms import ProcedureSearchForm
from motcua.procedures.selectors import (
    field_list,
    procedure_get,
    procedure_names_by_code,
    procedure_search,
)

PAGE_LIMIT = 100


def procedure_list(request: HttpRequest) -> HttpResponse:
    form = ProcedureSearchForm(request.GET, fields=list(field_list()))
    procedures = procedure_search(**form.search_arguments(), limit=PAGE_LIMIT)
    return render(
        request,
        "procedures/procedure_list.html",
        {
            "form": form,
            "procedures": procedures,
            "searched": any(request.GET.get(key) for key in ("q", "field", "level", "online")),
            "truncated": len(procedures) >= PAGE_LIMIT,
            "page_limit": PAGE_LIMIT,
        },
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure = procedure_get(code=code)
    except NotFoundError as error:
        raise Http404(error.message) from error
    requirements = list(procedure.requirements.all())
    reusable_names = procedure_names_by_code(
        codes={code for requirement in requirements for code in requirement.reusable_result_of}
    )
    return render(
        request,
        "procedures/procedure_detail.html",
        {
            "procedure": procedure,
            "requirements": requirements,
            "reusable_names": reusable_names,
            "fees": list(procedure.fees.all()),
            "steps": list(procedure.steps.all()),
        },
    )
