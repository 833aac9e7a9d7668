"""Folding, segmentation, typo tolerance and synonyms: what a question turns into."""

import pytest

from motcua.assistant.analysis import folded_syllables, has_diacritics, terms_for_text
from motcua.assistant.phrases import find, tokenize
from motcua.assistant.query import query_build
from motcua.assistant.segment import build_lexicon, segmenter_available, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giấy phép bức xạ", ["giay", "phep", "buc", "xa"]),
        ("Đồng Văn", ["dong", "van"]),
        ("đăng ký", ["dang", "ki"]),  # i/y spelling variants meet
        ("đăng kí", ["dang", "ki"]),
        ("Luật sư", ["luat", "su"]),
        ("X-quang", ["x", "quang"]),
    ],
)
def test_folded_syllables(text, expected):
    assert folded_syllables(text) == expected


def test_diacritics_detection():
    assert has_diacritics("giấy phép")
    assert has_diacritics("đi")
    assert not has_diacritics("giay phep")


def test_terms_hold_folded_and_accented_unigrams_and_bigrams_within_segments():
    terms = terms_for_text("Đăng ký khai sinh, kết hôn")
    assert {"dang", "khai sinh", "~khai sinh", "~đăng"} <= set(terms)
    assert "sinh ket" not in terms  # no bigram across the comma


@pytest.mark.skipif(not segmenter_available(), reason="underthesea not installed")
def test_segmentation_lexicon_finds_compound_words():
    lexicon = build_lexicon(["Cấp giấy phép tiến hành công việc bức xạ"])
    assert ("giay", "phep") in lexicon
    assert words(["xin", "giay", "phep", "buc", "xa"], lexicon)[:1] == ["w:giay phep"]


@pytest.mark.parametrize(
    ("question", "typo", "fixed"),
    [
        ("dang ky khai sin", "sin", "sinh"),
        ("giay phep bux xa", "bux", "buc"),
        ("chung thuk ban sao", "thuk", "thuc"),
    ],
)
def test_typos_are_corrected_against_the_catalog_vocabulary(fixture_index, question, typo, fixed):
    query = query_build(question, fixture_index)
    assert fixed in query.corrections[typo]


def test_merged_syllables_are_split(fixture_index):
    query = query_build("khaisinh", fixture_index)
    assert query.corrections["khaisinh"] == ["khai sinh"]
    assert "khai sinh" in query.terms


@pytest.mark.parametrize(
    ("question", "expanded"),
    [
        ("con tôi mới sinh", "khai sinh"),
        ("muốn cưới vợ", "ket hon"),
        ("bố tôi chết rồi", "khai tu"),
        ("công chứng bằng đại học", "chung thuc"),
        ("làm sổ đỏ", "quyen su"),
        ("máy x quang", "buc xa"),
        ("gửi thư chuyển phát", "buu chinh"),
        ("birth certificate", "khai sinh"),
        ("marriage", "ket hon"),
    ],
)
def test_everyday_words_expand_to_administrative_terms(fixture_index, question, expanded):
    assert expanded in query_build(question, fixture_index).terms


def test_accented_question_does_not_fire_a_synonym_that_only_matches_bare():
    # "cuối" (end) is not "cưới" (marry); typed bare, "cuoi" is ambiguous and does fire.
    assert find(tokenize("cuối năm"), "cưới") == []
    assert find(tokenize("cuoi vo"), "cưới") == [0]
