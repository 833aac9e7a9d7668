"""Agency e-IDs follow QĐ 20/2020/QĐ-TTg; the legacy right-aligned style is recognised."""

import pytest

from motcua.agencies.eid import (
    eid_from_legacy,
    eid_is_child_of,
    eid_is_legacy,
    eid_problems,
    eid_validate,
)


@pytest.mark.parametrize(
    "value",
    [
        "H31",  # a province, level 1 only
        "G06",  # a ministry
        "A00",
        "Y99",
        "H31.12",  # a provincial department
        "H55.242",  # 3-digit level-2 group (Thái Nguyên DVC URL)
        "H15.50.05.13",  # a Đắk Lắk commune unit
        "H31.50.001.01",
        "H31" + ".12" * 8 + ".123" * 2,  # exactly 35 characters
    ],
)
def test_well_formed_eids_have_no_problems(value):
    assert eid_validate(value) == []


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("", ["empty"]),
        ("h31", ["bad_characters", "bad_level1"]),  # upper case only
        ("Z31", ["bad_level1"]),  # M ∈ A..Y
        ("H3", ["bad_level1"]),
        ("H310", ["bad_level1"]),
        ("31", ["bad_level1"]),
        ("HH1", ["bad_level1"]),
        ("H31.", ["empty_group"]),
        (".H31", ["empty_group", "bad_group"]),
        ("H31..12", ["empty_group"]),
        ("H31.1", ["bad_group"]),  # later groups are 2 or 3 digits
        ("H31.1234", ["bad_group"]),
        ("H31.A2", ["bad_group"]),
        ("H31.12-3", ["bad_characters", "bad_group"]),
        ("H31 .12", ["bad_characters", "bad_level1"]),
        ("H31." + ".".join(["12"] * 11), ["too_long"]),  # 36 characters
        ("H31.1.x", ["bad_characters", "bad_group", "bad_group"]),
        ("000.00.00.H30", ["legacy"]),
    ],
)
def test_malformed_eids_list_every_problem(value, codes):
    assert [p.code for p in eid_problems(value)] == codes


def test_35_characters_is_the_limit():
    at_limit = "H31" + ".12" * 8 + ".123" * 2
    assert len(at_limit) == 35
    assert eid_validate(at_limit) == []
    assert [p.code for p in eid_problems(at_limit + "4")] == ["too_long", "bad_group"]


def test_problems_are_vietnamese_with_english_alongside():
    (problem,) = eid_problems("Z31")
    assert "chữ cái A-Y" in problem.message
    assert "letter A-Y" in problem.message_en


def test_a_legacy_eid_is_reported_with_its_new_form():
    (message,) = eid_validate("000.00.01.H22")
    assert "kiểu mã cũ" in message
    assert "«H22.01»" in message


@pytest.mark.parametrize(
    ("legacy", "converted"),
    [
        ("000.00.00.H30", "H30"),  # UBND tỉnh Hậu Giang
        ("000.00.01.H22", "H22.01"),
        ("000.12.05.H38", "H38.05.12"),
        ("013.05.50.H15", "H15.50.05.013"),
        ("000.00.00.G06", "G06"),
    ],
)
def test_legacy_eids_convert_to_left_to_right(legacy, converted):
    assert eid_is_legacy(legacy)
    assert eid_from_legacy(legacy) == converted
    assert eid_validate(converted) == []


@pytest.mark.parametrize(
    "value",
    [
        "H30",  # already the new style
        "H31.12",
        "1.011442.000.00.00",  # a procedure code fragment, no level-1 code
        "005.00.01.H22",  # a zero group between non-zero ones names no unit
        "000.00.1234.H22",  # converts to a 4-digit group
    ],
)
def test_only_legacy_eids_convert(value):
    with pytest.raises(ValueError):
        eid_from_legacy(value)


@pytest.mark.parametrize(
    ("child", "parent", "expected"),
    [
        ("H31.12", "H31", True),
        ("H31.50.001", "H31", True),  # the commune group need not be an agency
        ("H31.50.001.01", "H31.50.001", True),
        ("H31", "H31", False),
        ("H31.12", "H31.12", False),
        ("H311.12", "H31", False),  # a prefix of characters is not a prefix of groups
        ("H31.120", "H31.12", False),
        ("H32.12", "H31", False),
        ("H31", "H31.12", False),
        ("", "H31", False),
        ("H31.12", "", False),
    ],
)
def test_child_extends_parent_by_whole_groups(child, parent, expected):
    assert eid_is_child_of(child, parent) is expected
