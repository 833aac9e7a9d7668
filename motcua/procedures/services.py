"""Writes to the catalog outside a file import (the admin): they keep `search_text` true."""

from django.db import transaction

from motcua.procedures.models import Field, Procedure
from motcua.procedures.searchtext import search_text_build


def _search_text_for(procedure: Procedure) -> str:
    requirement_names = (
        list(procedure.requirements.values_list("name", flat=True)) if procedure.pk else []
    )
    return search_text_build(
        code=procedure.code,
        name=procedure.name,
        field_name=procedure.field.name,
        keywords=procedure.keywords or [],
        requirement_names=requirement_names,
    )


def procedure_save(*, procedure: Procedure) -> Procedure:
    """Save a procedure edited by hand, with its search words recomputed."""
    procedure.search_text = _search_text_for(procedure)
    procedure.save()
    return procedure


def procedure_search_text_refresh(*, procedure: Procedure) -> None:
    """Recompute the search words after the procedure's requirements changed."""
    procedure.search_text = _search_text_for(procedure)
    Procedure.objects.filter(pk=procedure.pk).update(search_text=procedure.search_text)


@transaction.atomic
def field_save(*, field: Field) -> Field:
    """Save a field; its name is part of its procedures' search words."""
    field.save()
    for procedure in field.procedures.select_related("field"):
        procedure.field = field
        procedure_search_text_refresh(procedure=procedure)
    return field
