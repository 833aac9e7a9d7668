"""API shapes of the catalog (read only). Field names follow the catalog format."""

from decimal import Decimal

from ninja import Schema

from motcua.procedures.display import processing_time_label
from motcua.procedures.models import Procedure


class ProcedureSearchIn(Schema):
    q: str = ""
    field: str | None = None
    level: str | None = None
    online: str | None = None
    limit: int = 50


class FieldOut(Schema):
    code: str
    name: str
    sector: str


class ProcessingTimeOut(Schema):
    value: Decimal
    unit: str
    label: str


def _processing_time(procedure: Procedure) -> dict:
    return {
        "value": procedure.processing_time_value,
        "unit": procedure.processing_time_unit,
        "label": processing_time_label(
            value=procedure.processing_time_value, unit=procedure.processing_time_unit
        ),
    }


class ProcedureListItemOut(Schema):
    code: str
    name: str
    field: FieldOut
    level: str
    online_level: str
    boundary_free: bool
    processing_time: ProcessingTimeOut

    @staticmethod
    def resolve_processing_time(obj: Procedure) -> dict:
        return _processing_time(obj)


class DelegationOut(Schema):
    kind: str
    source: str
    legal_basis: str


class FeeOut(Schema):
    name: str
    amount_vnd: int


class RequirementOut(Schema):
    code: str
    name: str
    template: str
    originals: int
    copies: int
    required: bool
    reusable_result_of: list[str]


class StepOut(Schema):
    name: str
    actor: str
    working_days: Decimal


class ResultOut(Schema):
    name: str
    validity_months: int | None


class ProcedureDetailOut(Schema):
    code: str
    name: str
    field: FieldOut
    level: str
    subjects: list[str]
    handling_agency_kind: str
    competent_authority: str
    delegation: DelegationOut | None
    processing_time: ProcessingTimeOut
    online_level: str
    boundary_free: bool
    channels: list[str]
    fees: list[FeeOut]
    requirements: list[RequirementOut]
    form: dict | None
    steps: list[StepOut]
    result: ResultOut | None
    conditions: str
    procedure_text: str
    legal_bases: list[str]
    keywords: list[str]

    @staticmethod
    def resolve_processing_time(obj: Procedure) -> dict:
        return _processing_time(obj)

    @staticmethod
    def resolve_delegation(obj: Procedure) -> dict | None:
        if not obj.delegation_kind:
            return None
        return {
            "kind": obj.delegation_kind,
            "source": obj.delegation_from,
            "legal_basis": obj.delegation_legal_basis,
        }

    @staticmethod
    def resolve_fees(obj: Procedure) -> list:
        return list(obj.fees.all())

    @staticmethod
    def resolve_requirements(obj: Procedure) -> list:
        return list(obj.requirements.all())

    @staticmethod
    def resolve_steps(obj: Procedure) -> list:
        return list(obj.steps.all())

    @staticmethod
    def resolve_result(obj: Procedure) -> dict | None:
        if not obj.result_name:
            return None
        return {"name": obj.result_name, "validity_months": obj.result_validity_months}


class ErrorDetailOut(Schema):
    path: str
    message: str
    message_en: str


class ErrorBodyOut(Schema):
    code: str
    message: str
    message_en: str
    details: list[ErrorDetailOut]


class ErrorOut(Schema):
    error: ErrorBodyOut
