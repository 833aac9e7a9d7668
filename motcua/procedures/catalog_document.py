"""One canonical dict shape for a catalog entry, built from a file or from stored rows.

Import compares the two to tell "unchanged" from "updated", and export writes the stored
shape, so export → import → export is stable by construction. Optional short texts read
null when empty, long texts read "", numbers read as integers when whole (10, not 10.0).
Reading a `Procedure` here walks its related rows: prefetch requirements, fees and steps.
"""

from decimal import Decimal
from typing import Any

from motcua.core.text import nfc
from motcua.procedures.models import Field, Procedure


def nfc_deep(value: Any) -> Any:
    """NFC for every string in a parsed JSON value, keys included."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    if isinstance(value, dict):
        return {nfc_deep(key): nfc_deep(item) for key, item in value.items()}
    return value


def number_out(value: Decimal | int | float) -> int | float:
    amount = Decimal(str(value))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _optional(value: str | None) -> str | None:
    return value or None


def field_entry_from_file(entry: dict) -> dict:
    entry = nfc_deep(entry)
    return {"code": entry["code"], "name": entry["name"], "sector": _optional(entry.get("sector"))}


def field_entry_from_model(field: Field) -> dict:
    return {"code": field.code, "name": field.name, "sector": _optional(field.sector)}


def procedure_entry_from_file(entry: dict) -> dict:
    """The canonical shape of a validated procedure entry; unknown keys are dropped."""
    entry = nfc_deep(entry)
    delegation = entry.get("delegation")
    result = entry.get("result")
    return {
        "code": entry["code"],
        "name": entry["name"],
        "field": entry["field"],
        "level": entry["level"],
        "subjects": list(entry["subjects"]),
        "handling_agency_kind": entry["handling_agency_kind"],
        "competent_authority": entry["competent_authority"],
        "delegation": None
        if delegation is None
        else {
            "kind": delegation["kind"],
            "from": _optional(delegation.get("from")),
            "legal_basis": _optional(delegation.get("legal_basis")),
        },
        "processing_time": {
            "value": number_out(entry["processing_time"]["value"]),
            "unit": entry["processing_time"]["unit"],
        },
        "online_level": entry["online_level"],
        "boundary_free": entry["boundary_free"],
        "channels": list(entry["channels"]),
        "fees": [
            {"name": fee["name"], "amount_vnd": fee["amount_vnd"]}
            for fee in entry.get("fees") or []
        ],
        "requirements": [
            {
                "code": requirement["code"],
                "name": requirement["name"],
                "template": _optional(requirement.get("template")),
                "originals": _default(requirement.get("originals"), 1),
                "copies": _default(requirement.get("copies"), 0),
                "required": _default(requirement.get("required"), True),
                "reusable_result_of": list(requirement.get("reusable_result_of") or []),
            }
            for requirement in entry.get("requirements") or []
        ],
        "form": entry.get("form"),
        "steps": [
            {
                "name": step["name"],
                "actor": step["actor"],
                "working_days": number_out(step["working_days"]),
            }
            for step in entry.get("steps") or []
        ],
        "result": None
        if result is None
        else {"name": result["name"], "validity_months": result.get("validity_months")},
        "conditions": entry.get("conditions") or "",
        "procedure_text": entry.get("procedure_text") or "",
        "legal_bases": list(entry.get("legal_bases") or []),
        "keywords": list(entry.get("keywords") or []),
    }


def _default(value: Any, default: Any) -> Any:
    return default if value is None else value


def procedure_entry_from_model(procedure: Procedure) -> dict:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field.code,
        "level": procedure.level,
        "subjects": list(procedure.subjects),
        "handling_agency_kind": procedure.handling_agency_kind,
        "competent_authority": procedure.competent_authority,
        "delegation": None
        if not procedure.delegation_kind
        else {
            "kind": procedure.delegation_kind,
            "from": _optional(procedure.delegation_from),
            "legal_basis": _optional(procedure.delegation_legal_basis),
        },
        "processing_time": {
            "value": number_out(procedure.processing_time_value),
            "unit": procedure.processing_time_unit,
        },
        "online_level": procedure.online_level,
        "boundary_free": procedure.boundary_free,
        "channels": list(procedure.channels),
        "fees": [{"name": fee.name, "amount_vnd": fee.amount_vnd} for fee in procedure.fees.all()],
        "requirements": [
            {
                "code": requirement.code,
                "name": requirement.name,
                "template": _optional(requirement.template),
                "originals": requirement.originals,
                "copies": requirement.copies,
                "required": requirement.required,
                "reusable_result_of": list(requirement.reusable_result_of),
            }
            for requirement in procedure.requirements.all()
        ],
        "form": procedure.form,
        "steps": [
            {
                "name": step.name,
                "actor": step.actor,
                "working_days": number_out(step.working_days),
            }
            for step in procedure.steps.all()
        ],
        "result": None
        if not procedure.result_name
        else {"name": procedure.result_name, "validity_months": procedure.result_validity_months},
        "conditions": procedure.conditions,
        "procedure_text": procedure.procedure_text,
        "legal_bases": list(procedure.legal_bases),
        "keywords": list(procedure.keywords),
    }
