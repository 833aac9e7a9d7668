"""Validation of a `motcua-catalog` document (shared/spec/catalog-format.md). Pure: no ORM.

`catalog_validate` returns every problem, each with its JSON path, so a province can fix its
whole file in one go. Decisions the spec leaves open, taken here:

- A procedure's `field` must be listed in the file's `fields` or already be in the database
  (the importer passes the codes it knows as `known_field_codes`).
- Unknown keys are tolerated and ignored, so a newer file still loads (forward compatible);
  they are not stored, so an export does not carry them.
- Required in a procedure: code, name, field, level, subjects, handling_agency_kind,
  competent_authority, processing_time, online_level, boundary_free, channels. The rest may
  be absent or null. A requirement needs code and name; originals defaults to 1, copies to
  0, required to true.
- Internal steps are counted in half days, like the legal limit.
- `reusable_result_of` holds well-formed codes; they need not be in this catalog, since a
  result may come from a central procedure.
"""

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from motcua.agencies.constants import AgencyKind
from motcua.core.errors import ErrorDetail
from motcua.procedures.catalog_form import form_schema_problems
from motcua.procedures.constants import (
    CATALOG_FORMAT,
    CATALOG_VERSION,
    CODE_MAX_LENGTH,
    FIELD_CODE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PROCEDURE_CODE_PATTERN,
    PROCESSING_TIME_MAX,
    REQUIREMENT_CODE_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    Channel,
    DelegationKind,
    OnlineLevel,
    ProcedureLevel,
    StepActor,
    Subject,
    TimeUnit,
)

_CODE = re.compile(PROCEDURE_CODE_PATTERN)
_SMALL_INT_MAX = 32767
_BIG_INT_MAX = 2**63 - 1


class _Problems:
    def __init__(self) -> None:
        self.items: list[ErrorDetail] = []

    def add(self, path: str, message: str, message_en: str) -> None:
        self.items.append(ErrorDetail(path, message, message_en))

    def missing(self, path: str) -> None:
        self.add(path, "Thiếu giá trị bắt buộc.", "Required value is missing.")

    def not_one_of(self, path: str, allowed: Iterable[str]) -> None:
        listed = ", ".join(allowed)
        self.add(path, f"Giá trị phải là một trong: {listed}.", f"Value must be one of: {listed}.")

    def text(
        self,
        obj: dict,
        key: str,
        path: str,
        *,
        max_length: int,
        required: bool,
    ) -> str | None:
        """A string under `key`; empty counts as missing when required."""
        value = obj.get(key)
        if value is None:
            if required:
                self.missing(f"{path}.{key}")
            return None
        if not isinstance(value, str):
            self.add(f"{path}.{key}", "Giá trị phải là chuỗi.", "Value must be a string.")
            return None
        if required and not value.strip():
            self.add(f"{path}.{key}", "Không được để trống.", "Must not be empty.")
        elif len(value) > max_length:
            self.add(
                f"{path}.{key}",
                f"Dài quá {max_length} ký tự.",
                f"Longer than {max_length} characters.",
            )
        return value

    def choice(self, obj: dict, key: str, path: str, allowed: list[str]) -> None:
        value = obj.get(key)
        if value is None:
            self.missing(f"{path}.{key}")
        elif value not in allowed:
            self.not_one_of(f"{path}.{key}", allowed)

    def integer(self, value: Any, path: str, *, maximum: int) -> bool:
        if not _is_int(value) or value < 0:
            self.add(path, "Giá trị phải là số nguyên ≥ 0.", "Value must be an integer ≥ 0.")
            return False
        if value > maximum:
            self.add(path, f"Giá trị vượt quá {maximum}.", f"Value exceeds {maximum}.")
            return False
        return True

    def half_steps(self, value: Any, path: str) -> Decimal | None:
        """A number ≥ 0 in multiples of 0.5 (the legal limit and internal steps)."""
        if not _is_number(value) or value < 0:
            self.add(path, "Giá trị phải là số ≥ 0.", "Value must be a number ≥ 0.")
            return None
        amount = Decimal(str(value))
        if (amount * 2) % 1 != 0:
            self.add(path, "Giá trị phải là bội số của 0,5.", "Value must be a multiple of 0.5.")
            return None
        if amount > PROCESSING_TIME_MAX:
            self.add(
                path,
                f"Giá trị vượt quá {PROCESSING_TIME_MAX}.",
                f"Value exceeds {PROCESSING_TIME_MAX}.",
            )
            return None
        return amount

    def object_list(self, obj: dict, key: str, path: str, *, required: bool) -> list:
        """The list under `key` (absent or null is an empty list unless required)."""
        value = obj.get(key)
        if value is None:
            if required:
                self.missing(f"{path}.{key}")
            return []
        if not isinstance(value, list):
            self.add(f"{path}.{key}", "Giá trị phải là danh sách.", "Value must be a list.")
            return []
        return value

    def string_list(self, obj: dict, key: str, path: str) -> None:
        for index, item in enumerate(self.object_list(obj, key, path, required=False)):
            if not isinstance(item, str):
                self.add(
                    f"{path}.{key}[{index}]", "Giá trị phải là chuỗi.", "Value must be a string."
                )

    def subset(self, obj: dict, key: str, path: str, allowed: list[str]) -> None:
        """A non-empty list of distinct values from `allowed`."""
        items = self.object_list(obj, key, path, required=True)
        if key in obj and isinstance(obj[key], list) and not items:
            self.add(f"{path}.{key}", "Danh sách không được rỗng.", "The list must not be empty.")
        seen: set = set()
        for index, item in enumerate(items):
            if not isinstance(item, str) or item not in allowed:
                self.not_one_of(f"{path}.{key}[{index}]", allowed)
            elif item in seen:
                self.add(f"{path}.{key}[{index}]", "Giá trị bị lặp.", "Duplicate value.")
            else:
                seen.add(item)

    def is_object(self, value: Any, path: str) -> bool:
        if isinstance(value, dict):
            return True
        self.add(path, "Giá trị phải là một object.", "Value must be an object.")
        return False


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value == value  # NaN
        and value not in (float("inf"), float("-inf"))
    )


def catalog_validate(*, document: Any, known_field_codes: Iterable[str] = ()) -> list[ErrorDetail]:
    """Every problem in `document`; an empty list means it may be imported."""
    problems = _Problems()
    if not problems.is_object(document, "$"):
        return problems.items
    if document.get("format") != CATALOG_FORMAT:
        problems.add(
            "$.format",
            f"Định dạng phải là “{CATALOG_FORMAT}”.",
            f"The format must be '{CATALOG_FORMAT}'.",
        )
    version = document.get("version")
    if not _is_int(version) or version != CATALOG_VERSION:
        problems.add(
            "$.version",
            f"Chỉ hỗ trợ phiên bản {CATALOG_VERSION}.",
            f"Only version {CATALOG_VERSION} is supported.",
        )
    field_codes = _check_fields(problems, document)
    field_codes |= set(known_field_codes)
    procedures = problems.object_list(document, "procedures", "$", required=True)
    seen_codes: dict[str, int] = {}
    for index, procedure in enumerate(procedures):
        path = f"$.procedures[{index}]"
        if not problems.is_object(procedure, path):
            continue
        code = _check_procedure(problems, procedure, path, field_codes)
        if code is None:
            continue
        if code in seen_codes:
            problems.add(
                f"{path}.code",
                f"Mã thủ tục {code} bị lặp (đã có ở $.procedures[{seen_codes[code]}]).",
                f"Procedure code {code} is repeated (already at $.procedures[{seen_codes[code]}]).",
            )
        else:
            seen_codes[code] = index
    return problems.items


def _check_fields(problems: _Problems, document: dict) -> set[str]:
    codes: set[str] = set()
    for index, field in enumerate(problems.object_list(document, "fields", "$", required=True)):
        path = f"$.fields[{index}]"
        if not problems.is_object(field, path):
            continue
        code = problems.text(field, "code", path, max_length=FIELD_CODE_MAX_LENGTH, required=True)
        problems.text(field, "name", path, max_length=SHORT_TEXT_MAX_LENGTH, required=True)
        problems.text(field, "sector", path, max_length=SHORT_TEXT_MAX_LENGTH, required=False)
        if code is None:
            continue
        if code in codes:
            problems.add(
                f"{path}.code",
                f"Mã lĩnh vực {code} bị lặp.",
                f"Field code {code} is repeated.",
            )
        codes.add(code)
    return codes


def _check_procedure(
    problems: _Problems, procedure: dict, path: str, field_codes: set[str]
) -> str | None:
    """Checks one procedure; returns its code when well-formed (for the duplicate check)."""
    code = problems.text(procedure, "code", path, max_length=CODE_MAX_LENGTH, required=True)
    if code is not None and not _CODE.match(code):
        problems.add(
            f"{path}.code",
            "Mã thủ tục chỉ gồm chữ số và dấu chấm, ví dụ 1.004447.",
            "A procedure code is digits and dots, e.g. 1.004447.",
        )
        code = None
    problems.text(procedure, "name", path, max_length=NAME_MAX_LENGTH, required=True)
    field = problems.text(procedure, "field", path, max_length=FIELD_CODE_MAX_LENGTH, required=True)
    if field and field not in field_codes:
        problems.add(
            f"{path}.field",
            f"Lĩnh vực {field} không có trong tệp và chưa có trong hệ thống.",
            f"Field {field} is neither in the file nor already in the system.",
        )
    problems.choice(procedure, "level", path, ProcedureLevel.values)
    problems.subset(procedure, "subjects", path, Subject.values)
    problems.choice(procedure, "handling_agency_kind", path, AgencyKind.values)
    problems.text(
        procedure, "competent_authority", path, max_length=SHORT_TEXT_MAX_LENGTH, required=True
    )
    _check_delegation(problems, procedure, path)
    limit = _check_processing_time(problems, procedure, path)
    problems.choice(procedure, "online_level", path, OnlineLevel.values)
    if "boundary_free" not in procedure or procedure["boundary_free"] is None:
        problems.missing(f"{path}.boundary_free")
    elif not isinstance(procedure["boundary_free"], bool):
        problems.add(
            f"{path}.boundary_free",
            "Giá trị phải là true hoặc false.",
            "Value must be true or false.",
        )
    problems.subset(procedure, "channels", path, Channel.values)
    _check_fees(problems, procedure, path)
    _check_requirements(problems, procedure, path)
    if procedure.get("form") is not None:
        problems.items.extend(form_schema_problems(schema=procedure["form"], path=f"{path}.form"))
    _check_steps(problems, procedure, path, limit)
    _check_result(problems, procedure, path)
    for key in ("conditions", "procedure_text"):
        problems.text(procedure, key, path, max_length=1_000_000, required=False)
    for key in ("legal_bases", "keywords"):
        problems.string_list(procedure, key, path)
    return code


def _check_delegation(problems: _Problems, procedure: dict, path: str) -> None:
    delegation = procedure.get("delegation")
    path = f"{path}.delegation"
    if delegation is None or not problems.is_object(delegation, path):
        return
    problems.choice(delegation, "kind", path, DelegationKind.values)
    for key in ("from", "legal_basis"):
        problems.text(delegation, key, path, max_length=SHORT_TEXT_MAX_LENGTH, required=False)


def _check_processing_time(
    problems: _Problems, procedure: dict, path: str
) -> tuple[Decimal, str] | None:
    """Checks the legal limit; returns (value, unit) when both are valid."""
    path = f"{path}.processing_time"
    time = procedure.get("processing_time")
    if time is None:
        problems.missing(path)
        return None
    if not problems.is_object(time, path):
        return None
    value = None
    if time.get("value") is None:
        problems.missing(f"{path}.value")
    else:
        value = problems.half_steps(time["value"], f"{path}.value")
    problems.choice(time, "unit", path, TimeUnit.values)
    if value is None or time.get("unit") not in TimeUnit.values:
        return None
    return value, time["unit"]


def _check_fees(problems: _Problems, procedure: dict, path: str) -> None:
    for index, fee in enumerate(problems.object_list(procedure, "fees", path, required=False)):
        fee_path = f"{path}.fees[{index}]"
        if not problems.is_object(fee, fee_path):
            continue
        problems.text(fee, "name", fee_path, max_length=NAME_MAX_LENGTH, required=True)
        if fee.get("amount_vnd") is None:
            problems.missing(f"{fee_path}.amount_vnd")
        else:
            problems.integer(fee["amount_vnd"], f"{fee_path}.amount_vnd", maximum=_BIG_INT_MAX)


def _check_requirements(problems: _Problems, procedure: dict, path: str) -> None:
    codes: set[str] = set()
    items = problems.object_list(procedure, "requirements", path, required=False)
    for index, requirement in enumerate(items):
        req_path = f"{path}.requirements[{index}]"
        if not problems.is_object(requirement, req_path):
            continue
        code = problems.text(
            requirement, "code", req_path, max_length=REQUIREMENT_CODE_MAX_LENGTH, required=True
        )
        if code is not None and code in codes:
            problems.add(
                f"{req_path}.code",
                f"Mã thành phần hồ sơ {code} bị lặp trong thủ tục.",
                f"Requirement code {code} is repeated within the procedure.",
            )
        if code is not None:
            codes.add(code)
        problems.text(requirement, "name", req_path, max_length=NAME_MAX_LENGTH, required=True)
        problems.text(
            requirement, "template", req_path, max_length=SHORT_TEXT_MAX_LENGTH, required=False
        )
        for key in ("originals", "copies"):
            if requirement.get(key) is not None:
                problems.integer(requirement[key], f"{req_path}.{key}", maximum=_SMALL_INT_MAX)
        if requirement.get("required") is not None and not isinstance(
            requirement["required"], bool
        ):
            problems.add(
                f"{req_path}.required",
                "Giá trị phải là true hoặc false.",
                "Value must be true or false.",
            )
        reused = problems.object_list(requirement, "reusable_result_of", req_path, required=False)
        for position, reused_code in enumerate(reused):
            if not isinstance(reused_code, str) or not _CODE.match(reused_code):
                problems.add(
                    f"{req_path}.reusable_result_of[{position}]",
                    "Phải là mã thủ tục (chữ số và dấu chấm).",
                    "Must be a procedure code (digits and dots).",
                )


def _check_steps(
    problems: _Problems, procedure: dict, path: str, limit: tuple[Decimal, str] | None
) -> None:
    total = Decimal(0)
    all_valid = True
    for index, step in enumerate(problems.object_list(procedure, "steps", path, required=False)):
        step_path = f"{path}.steps[{index}]"
        if not problems.is_object(step, step_path):
            all_valid = False
            continue
        problems.text(step, "name", step_path, max_length=SHORT_TEXT_MAX_LENGTH, required=True)
        problems.choice(step, "actor", step_path, StepActor.values)
        if step.get("working_days") is None:
            problems.missing(f"{step_path}.working_days")
            all_valid = False
            continue
        days = problems.half_steps(step["working_days"], f"{step_path}.working_days")
        if days is None:
            all_valid = False
        else:
            total += days
    if all_valid and limit is not None:
        value, unit = limit
        if steps_exceed_limit(value=value, unit=unit, total=total):
            problems.add(
                f"{path}.steps",
                f"Tổng thời gian các bước ({_days(total)} ngày làm việc) vượt thời hạn "
                f"giải quyết ({_days(value)} ngày làm việc).",
                f"The steps take {_days(total)} working days, more than the "
                f"{_days(value)}-working-day limit.",
            )


def steps_exceed_limit(*, value: Decimal, unit: str, total: Decimal) -> bool:
    """The internal process shares the legal limit out, so it cannot outlast it — checked
    only when the limit is a positive number of working days (the steps' own unit)."""
    return unit == TimeUnit.WORKING_DAYS and value > 0 and total > value


def _check_result(problems: _Problems, procedure: dict, path: str) -> None:
    result = procedure.get("result")
    path = f"{path}.result"
    if result is None or not problems.is_object(result, path):
        return
    problems.text(result, "name", path, max_length=NAME_MAX_LENGTH, required=True)
    months = result.get("validity_months")
    if months is not None:
        problems.integer(months, f"{path}.validity_months", maximum=2_147_483_647)


def _days(value: Decimal) -> str:
    return format(value.normalize(), "f")
