"""Finding unit names in address text: pure, no database."""

import pytest

from motcua.adminunits.matching import (
    SEPARATOR,
    address_words,
    best_matches,
    candidates_from,
    find_matches,
    name_pattern,
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Xã Hoàng Hanh, Huyện Tiên Lữ", ("xa", "hoang", "hanh", SEPARATOR, "huyen", "tien", "lu")),
        ("TP. Hưng Yên", ("thanh", "pho", "hung", "yen")),
        (
            "P.14, Q.3, TP.HCM",
            (
                "phuong",
                "14",
                SEPARATOR,
                "quan",
                "3",
                SEPARATOR,
                "thanh",
                "pho",
                "ho",
                "chi",
                "minh",
            ),
        ),
        ("p14 q03", ("phuong", "14", "quan", "3")),
        ("Phường 01", ("phuong", "1")),
        ("  ,, ", ()),
    ],
)
def test_address_words_fold_expand_abbreviations_and_mark_commas(text, words):
    assert address_words(text) == words


@pytest.mark.parametrize(
    ("name", "prefix", "words"),
    [
        ("Xã Hoàng Hanh", ("xa",), ("hoang", "hanh")),
        ("Thị trấn Đồng Văn", ("thi", "tran"), ("dong", "van")),
        ("Thị xã Duy Tiên", ("thi", "xa"), ("duy", "tien")),
        ("Thành phố Hồ Chí Minh", ("thanh", "pho"), ("ho", "chi", "minh")),
        ("Đặc khu Côn Đảo", ("dac", "khu"), ("con", "dao")),
        # A bare number means nothing alone: it keeps its type word.
        ("Phường 14", ("phuong",), ("phuong", "14")),
        ("Quận 3", ("quan",), ("quan", "3")),
    ],
)
def test_name_pattern_drops_the_type_word_except_before_a_number(name, prefix, words):
    assert name_pattern(name) == (prefix, words)


def _best(text, names):
    cands = candidates_from(names, lambda n: n)
    return sorted(m.item for m in best_matches(find_matches(address_words(text), cands)))


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # the longest name wins over a name inside it
        ("xa dong hoa", ["Xã Đông", "Xã Đông Hòa"], ["Xã Đông Hòa"]),
        # the name nearest the end wins over a village written before it
        ("thôn Đông Tiến, xã Lạc Đạo", ["Xã Đông Tiến", "Xã Lạc Đạo"], ["Xã Lạc Đạo"]),
        # the written type word chooses between a xã and a phường of the same name
        ("Phường Tân An", ["Xã Tân An", "Phường Tân An"], ["Phường Tân An"]),
        # no type word: both stay, the caller reports ambiguity
        ("tan an", ["Xã Tân An", "Phường Tân An"], ["Phường Tân An", "Xã Tân An"]),
        # a name never spans a comma
        ("Hoàng, Hanh", ["Xã Hoàng Hanh"], []),
        ("Phường 4", ["Phường 14", "Phường 4"], ["Phường 4"]),
    ],
)
def test_best_matches(text, names, expected):
    assert _best(text, names) == expected


def test_strict_needs_the_type_word_before_a_one_word_name():
    cands = candidates_from(["Xã Cao"], lambda n: n)
    assert best_matches(find_matches(address_words("khu cong nghe cao"), cands), strict=True) == []
    found = best_matches(find_matches(address_words("xa cao"), cands), strict=True)
    assert [m.item for m in found] == ["Xã Cao"]
