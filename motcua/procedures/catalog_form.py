"""The e-form (`form`) rule of the catalog format: a small subset of JSON Schema 2020-12.

An e-form is rendered as an HTML form and prefilled from the registries, so only flat
objects of scalar properties are allowed (shared/spec/catalog-format.md, `form`). First the
schema must be a valid 2020-12 schema (the meta-schema, as `check_schema` does, but every
error is kept), then only the allowed keywords and types may appear. Pure: no ORM.
"""

import re
from typing import Any

from jsonschema import Draft202012Validator

from motcua.core.errors import ErrorDetail
from motcua.procedures.constants import PREFILL_NAMESPACES, PREFILL_PATTERN

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
ROOT_KEYWORDS = frozenset({"$schema", "type", "properties", "required", "title", "description"})
PROPERTY_TYPES = ("string", "integer", "number", "boolean")
STRING_FORMATS = ("date", "email")
PROPERTY_KEYWORDS = frozenset(
    {
        "type",
        "enum",
        "format",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "pattern",
        "title",
        "description",
        "x-prefill",
    }
)
NUMERIC_KEYWORDS = ("minimum", "maximum")
STRING_KEYWORDS = ("minLength", "maxLength", "pattern", "format")
_PREFILL = re.compile(PREFILL_PATTERN)
_META_VALIDATOR = Draft202012Validator(
    Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
)


def form_schema_problems(*, schema: Any, path: str) -> list[ErrorDetail]:
    """Every way `schema` breaks the e-form rule; `path` is where the schema sits in the file."""
    if not isinstance(schema, dict):
        return [
            ErrorDetail(
                path,
                "Biểu mẫu phải là một JSON Schema dạng object.",
                "The form must be a JSON Schema object.",
            )
        ]
    problems = [
        ErrorDetail(
            path + error.json_path[1:],
            f"Không phải JSON Schema 2020-12 hợp lệ: {error.message}",
            f"Not a valid JSON Schema 2020-12: {error.message}",
        )
        for error in _META_VALIDATOR.iter_errors(schema)
    ]
    problems.extend(_root_problems(schema, path))
    return problems


def _root_problems(schema: dict, path: str) -> list[ErrorDetail]:
    problems = [_unsupported(f"{path}.{key}", key) for key in schema if key not in ROOT_KEYWORDS]
    if "$schema" in schema and schema["$schema"] != SCHEMA_DIALECT:
        problems.append(
            ErrorDetail(
                f"{path}.$schema",
                f"Chỉ hỗ trợ phương ngữ {SCHEMA_DIALECT}.",
                f"Only the {SCHEMA_DIALECT} dialect is supported.",
            )
        )
    if schema.get("type") != "object":
        problems.append(
            ErrorDetail(
                f"{path}.type",
                'Biểu mẫu phải có "type": "object".',
                'The form must have "type": "object".',
            )
        )
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        problems.append(
            ErrorDetail(
                f"{path}.properties",
                "Biểu mẫu phải có danh sách trường (properties).",
                "The form must list its fields in properties.",
            )
        )
        return problems
    for name, prop in properties.items():
        problems.extend(_property_problems(prop, f"{path}.properties.{name}"))
    required = schema.get("required", [])
    if isinstance(required, list):
        for index, name in enumerate(required):
            if isinstance(name, str) and name not in properties:
                problems.append(
                    ErrorDetail(
                        f"{path}.required[{index}]",
                        f"Trường bắt buộc “{name}” không có trong properties.",
                        f"Required field '{name}' is not among the properties.",
                    )
                )
    return problems


def _property_problems(prop: Any, path: str) -> list[ErrorDetail]:
    if not isinstance(prop, dict):
        return [
            ErrorDetail(
                path,
                "Mỗi trường của biểu mẫu phải là một object.",
                "Each form field must be an object.",
            )
        ]
    problems = [_unsupported(f"{path}.{key}", key) for key in prop if key not in PROPERTY_KEYWORDS]
    kind = prop.get("type")
    if kind is None and "enum" not in prop:
        problems.append(
            ErrorDetail(
                f"{path}.type",
                "Trường phải có type hoặc enum.",
                "A field needs a type or an enum.",
            )
        )
    elif kind is not None and kind not in PROPERTY_TYPES:
        problems.append(
            ErrorDetail(
                f"{path}.type",
                "Kiểu trường chỉ được là string, integer, number hoặc boolean.",
                "A field type must be string, integer, number or boolean.",
            )
        )
    for key in NUMERIC_KEYWORDS:
        if key in prop and kind not in ("integer", "number"):
            problems.append(_not_applicable(f"{path}.{key}", key, "integer, number"))
    for key in STRING_KEYWORDS:
        if key in prop and kind != "string":
            problems.append(_not_applicable(f"{path}.{key}", key, "string"))
    if kind == "string" and "format" in prop and prop["format"] not in STRING_FORMATS:
        problems.append(
            ErrorDetail(
                f"{path}.format",
                "Định dạng chỉ được là date hoặc email.",
                "The format must be date or email.",
            )
        )
    if "enum" in prop:
        problems.extend(_enum_problems(prop["enum"], kind, f"{path}.enum"))
    if "x-prefill" in prop:
        problems.extend(_prefill_problems(prop["x-prefill"], f"{path}.x-prefill"))
    return problems


def _enum_problems(values: Any, kind: Any, path: str) -> list[ErrorDetail]:
    if not isinstance(values, list) or not values:
        return []  # the meta-schema already says so
    problems = []
    for index, value in enumerate(values):
        if not _scalar_of(value, kind):
            problems.append(
                ErrorDetail(
                    f"{path}[{index}]",
                    "Giá trị liệt kê phải là giá trị đơn đúng kiểu của trường.",
                    "An enum value must be a scalar of the field's type.",
                )
            )
    return problems


def _scalar_of(value: Any, kind: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str | int | float | bool)


def _prefill_problems(value: Any, path: str) -> list[ErrorDetail]:
    if (
        isinstance(value, str)
        and _PREFILL.match(value)
        and value.split(".", 1)[0] in PREFILL_NAMESPACES
    ):
        return []
    namespaces = ", ".join(PREFILL_NAMESPACES)
    return [
        ErrorDetail(
            path,
            f"x-prefill phải là thuộc tính của cơ sở dữ liệu ({namespaces}), "
            "ví dụ citizen.full_name.",
            f"x-prefill must name a registry attribute ({namespaces}), e.g. citizen.full_name.",
        )
    ]


def _unsupported(path: str, key: str) -> ErrorDetail:
    return ErrorDetail(
        path,
        f"Từ khóa “{key}” không được hỗ trợ trong biểu mẫu.",
        f"Keyword '{key}' is not supported in forms.",
    )


def _not_applicable(path: str, key: str, kinds: str) -> ErrorDetail:
    return ErrorDetail(
        path,
        f"Từ khóa “{key}” chỉ dùng cho trường kiểu {kinds}.",
        f"Keyword '{key}' only applies to fields of type {kinds}.",
    )
