"""Generative mode: a rephrasing is used only when every fact in it is in the catalog.

Only the outside world is mocked: the HTTP endpoint, through httpx.MockTransport.
"""

import json

import httpx

from motcua.assistant.ask import ask
from motcua.assistant.generative import OpenAICompatibleClient, answer_rephrase


def _client(reply: str | None, seen: list | None = None, status: int = 200):
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(json.loads(request.content))
        if reply is None:
            raise httpx.ConnectTimeout("timeout", request=request)
        return httpx.Response(status, json={"choices": [{"message": {"content": reply}}]})

    return OpenAICompatibleClient(
        base_url="http://llm.local/v1", model="local", transport=httpx.MockTransport(handler)
    )


def _grounded(fixture_index):
    question = "lệ phí cấp giấy phép bức xạ x quang bao nhiêu"
    answer = ask(fixture_index, question)
    assert answer.confident
    return question, answer, fixture_index.by_code("1.004447")


def test_faithful_rephrase_is_accepted(fixture_index):
    question, answer, record = _grounded(fixture_index)
    seen: list = []
    text = "Dạ, phí thẩm định cấp giấy phép là 1.000.000 đồng ạ."
    result = answer_rephrase(
        answer=answer, question=question, record=record, client=_client(text, seen)
    )
    assert result.answer == text
    assert result.citations == answer.citations
    assert seen[0]["model"] == "local"
    assert "1.000.000 đồng" in seen[0]["messages"][1]["content"]


def test_rephrase_with_an_invented_fee_is_rejected(fixture_index):
    question, answer, record = _grounded(fixture_index)
    bad = "Dạ, phí là 1.500.000 đồng ạ."
    result = answer_rephrase(answer=answer, question=question, record=record, client=_client(bad))
    assert result.answer == answer.answer


def test_rephrase_adding_a_document_is_rejected(fixture_index):
    question, answer, record = _grounded(fixture_index)
    bad = "Phí 1.000.000 đồng, nhớ mang theo giấy khai sinh."
    result = answer_rephrase(answer=answer, question=question, record=record, client=_client(bad))
    assert result.answer == answer.answer


def test_endpoint_failures_fall_back_to_the_grounded_answer(fixture_index):
    question, answer, record = _grounded(fixture_index)
    for client in (_client(None), _client("x", status=500)):
        result = answer_rephrase(answer=answer, question=question, record=record, client=client)
        assert result.answer == answer.answer


def test_unsure_answers_are_not_sent_to_the_model(fixture_index):
    answer = ask(fixture_index, "thủ tục cấp hộ chiếu phổ thông lệ phí bao nhiêu")
    seen: list = []
    result = answer_rephrase(
        answer=answer, question="?", record=None, client=_client("anything", seen)
    )
    assert result is answer and seen == []
