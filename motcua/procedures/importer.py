"""catalog_import: load a `motcua-catalog` document (shared/spec/catalog-format.md).

All or nothing: the whole document is validated first and any problem rejects it with the
full list; otherwise everything is written in one transaction. Idempotent: a procedure whose
canonical form equals the stored one is left untouched (no row is written). Procedures that
are in the database but not in the file are left as they are — a file may carry only part
of a province's catalog.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from motcua.core.errors import ApplicationError
from motcua.procedures.catalog_document import (
    field_entry_from_file,
    field_entry_from_model,
    procedure_entry_from_file,
    procedure_entry_from_model,
)
from motcua.procedures.catalog_format import catalog_validate
from motcua.procedures.models import Field, Procedure, ProcedureFee, ProcedureStep, Requirement
from motcua.procedures.searchtext import search_text_build


@dataclass(frozen=True)
class ImportReport:
    """What an import did, procedure by procedure and field by field."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    fields_created: int = 0
    fields_updated: int = 0
    fields_unchanged: int = 0


def catalog_import(*, document: dict) -> ImportReport:
    known_field_codes = set(Field.objects.values_list("code", flat=True))
    problems = catalog_validate(document=document, known_field_codes=known_field_codes)
    if problems:
        raise ApplicationError(
            f"Tệp danh mục không hợp lệ ({len(problems)} lỗi); chưa có dữ liệu nào được ghi.",
            message_en=f"The catalog file is invalid ({len(problems)} problems); "
            "nothing was written.",
            code="catalog_invalid",
            status=400,
            details=problems,
        )
    with transaction.atomic():
        fields, field_counts, renamed = _fields_upsert(
            [field_entry_from_file(entry) for entry in document["fields"]]
        )
        counts = _procedures_upsert(
            [procedure_entry_from_file(entry) for entry in document["procedures"]], fields
        )
        _search_text_refresh_for_fields(renamed, skip_codes=counts["written"])
    return ImportReport(
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        fields_created=field_counts["created"],
        fields_updated=field_counts["updated"],
        fields_unchanged=field_counts["unchanged"],
    )


def _fields_upsert(entries: list[dict]) -> tuple[dict[str, Field], dict[str, int], set[int]]:
    """Fields by code (every field in the database), counts, and ids of renamed fields."""
    fields = {field.code: field for field in Field.objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    renamed: set[int] = set()
    for entry in entries:
        field = fields.get(entry["code"])
        if field is None:
            fields[entry["code"]] = Field.objects.create(
                code=entry["code"], name=entry["name"], sector=entry["sector"] or ""
            )
            counts["created"] += 1
        elif field_entry_from_model(field) == entry:
            counts["unchanged"] += 1
        else:
            if field.name != entry["name"]:
                renamed.add(field.pk)
            field.name = entry["name"]
            field.sector = entry["sector"] or ""
            field.save(update_fields=["name", "sector", "updated_at"])
            counts["updated"] += 1
    return fields, counts, renamed


def _procedures_upsert(entries: list[dict], fields: dict[str, Field]) -> dict:
    existing = {
        procedure.code: procedure
        for procedure in Procedure.objects.select_related("field")
        .prefetch_related("requirements", "fees", "steps")
        .filter(code__in=[entry["code"] for entry in entries])
    }
    counts: dict = {"created": 0, "updated": 0, "unchanged": 0, "written": set()}
    for entry in entries:
        procedure = existing.get(entry["code"])
        if procedure is None:
            procedure = Procedure(code=entry["code"])
            counts["created"] += 1
        elif procedure.is_active and procedure_entry_from_model(procedure) == entry:
            counts["unchanged"] += 1
            continue
        else:
            counts["updated"] += 1
        _procedure_write(procedure, entry, fields[entry["field"]])
        counts["written"].add(entry["code"])
    return counts


def _procedure_write(procedure: Procedure, entry: dict, field: Field) -> None:
    delegation = entry["delegation"] or {}
    result = entry["result"] or {}
    procedure.name = entry["name"]
    procedure.field = field
    procedure.level = entry["level"]
    procedure.subjects = entry["subjects"]
    procedure.handling_agency_kind = entry["handling_agency_kind"]
    procedure.competent_authority = entry["competent_authority"]
    procedure.delegation_kind = delegation.get("kind") or ""
    procedure.delegation_from = delegation.get("from") or ""
    procedure.delegation_legal_basis = delegation.get("legal_basis") or ""
    procedure.processing_time_value = Decimal(str(entry["processing_time"]["value"]))
    procedure.processing_time_unit = entry["processing_time"]["unit"]
    procedure.online_level = entry["online_level"]
    procedure.boundary_free = entry["boundary_free"]
    procedure.channels = entry["channels"]
    procedure.form = entry["form"]
    procedure.result_name = result.get("name") or ""
    procedure.result_validity_months = result.get("validity_months")
    procedure.conditions = entry["conditions"]
    procedure.procedure_text = entry["procedure_text"]
    procedure.legal_bases = entry["legal_bases"]
    procedure.keywords = entry["keywords"]
    procedure.is_active = True
    procedure.search_text = search_text_build(
        code=procedure.code,
        name=procedure.name,
        field_name=field.name,
        keywords=procedure.keywords,
        requirement_names=[requirement["name"] for requirement in entry["requirements"]],
    )
    is_new = procedure.pk is None
    procedure.save()
    if not is_new:
        # The file is the whole truth about a procedure's lists: replace, don't merge.
        procedure.requirements.all().delete()
        procedure.fees.all().delete()
        procedure.steps.all().delete()
    Requirement.objects.bulk_create(
        Requirement(
            procedure=procedure,
            order=order,
            code=requirement["code"],
            name=requirement["name"],
            template=requirement["template"] or "",
            originals=requirement["originals"],
            copies=requirement["copies"],
            required=requirement["required"],
            reusable_result_of=requirement["reusable_result_of"],
        )
        for order, requirement in enumerate(entry["requirements"])
    )
    ProcedureFee.objects.bulk_create(
        ProcedureFee(procedure=procedure, order=order, **fee)
        for order, fee in enumerate(entry["fees"])
    )
    ProcedureStep.objects.bulk_create(
        ProcedureStep(
            procedure=procedure,
            order=order,
            name=step["name"],
            actor=step["actor"],
            working_days=Decimal(str(step["working_days"])),
        )
        for order, step in enumerate(entry["steps"])
    )


def _search_text_refresh_for_fields(field_ids: set[int], *, skip_codes: set[str]) -> None:
    """A renamed field changes the search words of its procedures that the file left alone."""
    if not field_ids:
        return
    procedures = list(
        Procedure.objects.filter(field_id__in=field_ids)
        .exclude(code__in=skip_codes)
        .select_related("field")
        .prefetch_related("requirements")
    )
    for procedure in procedures:
        procedure.search_text = search_text_build(
            code=procedure.code,
            name=procedure.name,
            field_name=procedure.field.name,
            keywords=procedure.keywords,
            requirement_names=[requirement.name for requirement in procedure.requirements.all()],
        )
    Procedure.objects.bulk_update(procedures, ["search_text"])
