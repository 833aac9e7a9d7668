"""catalog_export: the stored catalog as a `motcua-catalog` document.

Stable order (fields by code, procedures by code, lists in stored order) and one way to
serialise, so two exports of the same data are byte-identical and export → import → export
round-trips. Only active procedures are exported: the format has no "repealed" flag, and
re-importing a repealed procedure would bring it back.
"""

import json

from motcua.procedures.catalog_document import field_entry_from_model, procedure_entry_from_model
from motcua.procedures.constants import CATALOG_FORMAT, CATALOG_VERSION
from motcua.procedures.models import Field, Procedure


def catalog_export() -> dict:
    procedures = (
        Procedure.objects.filter(is_active=True)
        .select_related("field")
        .prefetch_related("requirements", "fees", "steps")
        .order_by("code")
    )
    return {
        "format": CATALOG_FORMAT,
        "version": CATALOG_VERSION,
        "fields": [field_entry_from_model(field) for field in Field.objects.order_by("code")],
        "procedures": [procedure_entry_from_model(procedure) for procedure in procedures],
    }


def catalog_serialize(*, document: dict) -> str:
    """The one textual form of a catalog: UTF-8 friendly, indented, trailing newline."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
