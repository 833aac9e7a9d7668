"""The API endpoint and the page without JavaScript, against the fixture catalog."""

import pytest

from .conftest import DATA

pytestmark = pytest.mark.urls("motcua.assistant.tests.urls_for_tests")


@pytest.fixture(autouse=True)
def _fixture_catalog(settings):
    settings.MOTCUA_ASSISTANT_CATALOG_FILE = str(DATA / "catalog.json")
    settings.MOTCUA_ASSISTANT_LLM_URL = None


def test_ask_returns_the_answer_shape(client):
    response = client.post(
        "/api/assistant/ask",
        {"question": "lệ phí cấp giấy phép bức xạ x quang", "mode": "citizen"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"answer", "procedures", "intent", "citations", "confident"}
    assert body["intent"] == "fee"
    assert body["procedures"][0]["code"] == "1.004447"
    assert set(body["procedures"][0]) == {"code", "name", "score"}
    assert body["citations"][0] == {
        "code": "1.004447",
        "name": body["procedures"][0]["name"],
        "field": "fees",
        "url": "/procedures/1.004447/",
    }
    assert "1.000.000 đồng" in body["answer"]


@pytest.mark.parametrize(
    ("question", "code"), [("   ", "question_empty"), ("a" * 501, "question_too_long")]
)
def test_empty_or_too_long_question_is_422_with_the_error_shape(client, question, code):
    response = client.post(
        "/api/assistant/ask", {"question": question}, content_type="application/json"
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"] and error["message_en"]
    assert error["details"][0]["path"] == "question"


def test_page_without_javascript_answers_on_get(client):
    response = client.get("/assistant/", {"q": "dang ky khai sinh nop o dau"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ủy ban nhân dân cấp xã" in html
    assert 'href="/procedures/1.001193/"' in html
    assert 'method="get"' in html and 'name="q"' in html


def test_page_shows_the_empty_form(client):
    response = client.get("/assistant/")
    assert response.status_code == 200
    assert "assistant.js" in response.content.decode()


def test_page_reports_an_empty_question(client):
    response = client.get("/assistant/", {"q": ""})
    assert response.status_code == 422
    assert "Vui lòng nhập câu hỏi." in response.content.decode()
