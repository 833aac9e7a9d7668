"""A personal ID is 12 digits (Luật Căn cước 2023, Điều 12) — nothing more is checked."""

from datetime import date as _date

import pytest

from motcua.accounts.identity import personal_id_check, personal_id_validate, tax_code_check


@pytest.mark.parametrize("value", ["033090001234", "001200000001", "000000000000"])
def test_twelve_digits_are_valid(value):
    assert personal_id_validate(value) == []


@pytest.mark.parametrize(
    "value", ["", "03309000123", "0330900012345", "03309000123A", " 33090001234"]
)
def test_anything_else_is_not(value):
    assert len(personal_id_validate(value)) == 1


# Strict checks used at dossier intake (TT 59/2021/TT-BCA layout; DOMAIN.md §7).
_TODAY = _date(2026, 11, 28)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        pytest.param("033090001234", True, id="Hưng Yên prefix, male born 1990"),
        pytest.param("001305006789", True, id="Hà Nội prefix, female born 2005"),
        pytest.param("079226000001", True, id="HCM prefix, male born 2026 (this year)"),
        pytest.param("03309000123", False, id="11 digits"),
        pytest.param("03309000123a", False, id="a letter"),
        pytest.param("003090001234", False, id="003 is no province code"),
        pytest.param("033590001234", False, id="century digit 5 (born 2100s) impossible"),
        pytest.param("033927001234", False, id="born 2092: in the future"),
        pytest.param("", False, id="empty"),
    ],
)
def test_personal_id_check(value, ok):
    problems = personal_id_check(value, today=_TODAY)
    assert (problems == []) is ok
    for vi, en in problems:
        assert vi and en


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        pytest.param("0100109106", True, id="Viettel, a known valid code"),
        pytest.param("0100109106-001", True, id="a branch of it"),
        pytest.param("0100109107", False, id="wrong check digit"),
        pytest.param("0100109106-000", False, id="branch 000"),
        pytest.param("010010910", False, id="9 digits"),
        pytest.param("0100109106001", False, id="13 digits without the dash"),
    ],
)
def test_tax_code_check(value, ok):
    assert (tax_code_check(value) == []) is ok
