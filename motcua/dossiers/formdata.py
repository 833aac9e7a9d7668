"""Validate e-form data against the procedure's schema, with a Vietnamese message per field.

The schema is the catalog's restricted JSON Schema 2020-12 subset (spec/catalog-format.md).
"""

from jsonschema import Draft202012Validator, FormatChecker

from motcua.core.errors import ErrorDetail

_FORMAT_CHECKER = FormatChecker(formats=["date", "email"])


def _title(schema: dict, name: str) -> str:
    return (schema.get("properties", {}).get(name, {}) or {}).get("title") or name


def _message(keyword: str, title: str, value) -> str:
    if keyword == "type":
        return f"«{title}» có kiểu dữ liệu không đúng."
    if keyword == "minimum":
        return f"«{title}» phải lớn hơn hoặc bằng {value}."
    if keyword == "maximum":
        return f"«{title}» phải nhỏ hơn hoặc bằng {value}."
    if keyword == "minLength":
        return f"«{title}» phải có ít nhất {value} ký tự."
    if keyword == "maxLength":
        return f"«{title}» chỉ được tối đa {value} ký tự."
    if keyword == "pattern":
        return f"«{title}» không đúng định dạng."
    if keyword == "enum":
        return f"«{title}» phải là một trong các giá trị: {', '.join(map(str, value))}."
    if keyword == "format":
        kind = "ngày (YYYY-MM-DD)" if value == "date" else "thư điện tử"
        return f"«{title}» không đúng định dạng {kind}."
    return f"«{title}» không hợp lệ."


def form_data_problems(*, schema: dict | None, data: dict) -> list[ErrorDetail]:
    if not schema:
        return []
    if not isinstance(data, dict):
        return [
            ErrorDetail(
                "form_data",
                "Dữ liệu tờ khai phải là một đối tượng.",
                "Form data must be an object.",
            )
        ]
    problems: list[ErrorDetail] = []
    validator = Draft202012Validator(schema, format_checker=_FORMAT_CHECKER)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            problems.append(
                ErrorDetail(
                    f"form_data.{missing}",
                    f"Chưa nhập «{_title(schema, missing)}».",
                    f"'{missing}' is required.",
                )
            )
            continue
        path = list(error.absolute_path)
        field = str(path[0]) if path else ""
        title = _title(schema, field)
        message = _message(str(error.validator), title, error.validator_value)
        problems.append(
            ErrorDetail(f"form_data.{field}" if field else "form_data", message, error.message)
        )
    return problems
