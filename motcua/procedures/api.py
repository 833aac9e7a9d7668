"""Read-only catalog API: search, one procedure, the fields. Imports go through the admin
or `manage.py catalog_import`."""

from django.http import HttpRequest
from ninja import Query, Router

from motcua.procedures.schemas import (
    ErrorOut,
    FieldOut,
    ProcedureDetailOut,
    ProcedureListItemOut,
    ProcedureSearchIn,
)
from motcua.procedures.selectors import field_list, procedure_get, procedure_search

router = Router(tags=["procedures"])


@router.get("/", response=list[ProcedureListItemOut], summary="Tìm thủ tục hành chính")
def procedure_list(request: HttpRequest, filters: Query[ProcedureSearchIn]):
    return procedure_search(
        q=filters.q,
        field_code=filters.field or None,
        level=filters.level or None,
        online_level=filters.online or None,
        limit=max(1, min(filters.limit, 200)),
    )


@router.get("/fields", response=list[FieldOut], summary="Danh mục lĩnh vực")
def field_list_endpoint(request: HttpRequest):
    return list(field_list())


@router.get(
    "/{code}",
    response={200: ProcedureDetailOut, 404: ErrorOut},
    summary="Chi tiết một thủ tục hành chính",
)
def procedure_detail(request: HttpRequest, code: str):
    return procedure_get(code=code)
