"""Public catalog pages of the portal: search (accent-insensitive) and one procedure with the
way in to online submission. Pure HTML; the catalog's own selectors and templates."""

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

PAGE_LIMIT = 50


def catalog(request: HttpRequest) -> HttpResponse:
    form = ProcedureSearchForm(request.GET, fields=list(field_list()))
    procedures = procedure_search(**form.search_arguments(), limit=PAGE_LIMIT)
    return render(
        request,
        "portal/catalog.html",
        {
            "form": form,
            "procedures": procedures,
            "searched": any(request.GET.get(k) for k in ("q", "field", "level", "online")),
            "truncated": len(procedures) >= PAGE_LIMIT,
            "page_limit": PAGE_LIMIT,
        },
    )


def procedure(request: HttpRequest, code: str) -> HttpResponse:
    try:
        found = procedure_get(code=code)
    except NotFoundError as error:
        raise Http404(error.message) from error
    requirements = list(found.requirements.all())
    return render(
        request,
        "portal/procedure.html",
        {
            "procedure": found,
            "requirements": requirements,
            "reusable_names": procedure_names_by_code(
                codes={c for r in requirements for c in r.reusable_result_of}
            ),
            "fees": list(found.fees.all()),
            "steps": list(found.steps.all()),
            "online": found.online_level != "none",
        },
    )
