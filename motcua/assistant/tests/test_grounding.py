"""No number the catalog does not state: checked over every answer of both question sets."""

import json

import pytest

from motcua.assistant.ask import ask
from motcua.assistant.eval.harness import fact_found
from motcua.assistant.grounding import grounding_check, numbers_in, record_numbers
from motcua.assistant.index import index_build

from .conftest import DEMO_CATALOG, EVAL


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1.000.000 đồng", {"1000000"}),
        ("1,000,000 VND", {"1000000"}),
        ("0,5 ngày làm việc", {"0.5"}),
        ("mã 1.004447, Mẫu 01", {"1.004447", "1"}),
        ("2 triệu đồng", {"2000000"}),
        ("xem /procedures/1.001193/?q=10", set()),
    ],
)
def test_numbers_are_read_in_canonical_form(text, numbers):
    assert numbers_in(text) == numbers


def test_record_numbers_include_the_format_defined_cut_off(fixture_index):
    assert "15" in record_numbers(fixture_index.by_code("1.001193"))  # 0 days → 15:00 rule
    assert "15" not in record_numbers(fixture_index.by_code("1.004447"))


def test_grounding_check_rejects_invented_numbers_and_documents(fixture_index):
    record = fixture_index.by_code("1.004447")
    assert grounding_check("Phí là 1.000.000 đồng, trong 10 ngày làm việc.", record)
    assert not grounding_check("Phí là 500.000 đồng.", record)
    assert not grounding_check("Nộp kèm “Giấy khám sức khỏe lái xe”.", record)
    assert not grounding_check("Cần mang theo sổ hộ khẩu.", record)
    assert grounding_check("Cần Đơn đề nghị cấp giấy phép.", record)


def _question_sets():
    sets = [(EVAL / "heldout" / "catalog.json", EVAL / "heldout" / "questions.json")]
    if DEMO_CATALOG.exists():
        sets.append((DEMO_CATALOG, EVAL / "questions.json"))
    return sets


@pytest.mark.parametrize(("catalog_path", "questions_path"), _question_sets())
def test_every_number_in_every_answer_is_in_a_cited_record(catalog_path, questions_path):
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    index = index_build(catalog)
    fields = {f["code"]: f for f in catalog["fields"]}
    for item in json.loads(questions_path.read_text(encoding="utf-8")):
        answer = ask(index, item["question"], mode=item["mode"])
        allowed: set[str] = set()
        for code in {c["code"] for c in answer.citations}:
            record = index.by_code(code)
            allowed |= record_numbers({**record, "_field": fields.get(record["field"], {})})
        invented = numbers_in(answer.answer) - allowed
        assert not invented, (item["question"], invented, answer.answer)


def test_fact_matching_normalises_number_formats():
    assert fact_found("1.000.000 đồng", "Phí: 1.000.000 đồng.")
    assert fact_found("1.000.000", "Fee: 1,000,000 VND")
    assert fact_found("toàn trình", "dịch vụ công trực tuyến toàn trình.")
    assert not fact_found("10 ngày", "100 ngày")
