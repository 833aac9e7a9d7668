"""Catalog API: search, detail, fields; the shared error shape for 404."""

import pytest

from motcua.procedures.importer import catalog_import
from motcua.procedures.tests.factories import catalog_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog():
    catalog_import(document=catalog_document())


def test_list(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/api/procedures/", {"q": "giay phep buc xa"})

    assert response.status_code == 200
    body = response.json()
    assert [item["code"] for item in body] == ["1.004447"]
    assert body[0]["field"] == {
        "code": "ATBX",
        "name": "An toàn bức xạ và hạt nhân",
        "sector": "Khoa học và Công nghệ",
    }
    assert body[0]["processing_time"]["label"] == "10 ngày làm việc"
    assert body[0]["online_level"] == "full"


def test_list_filters(client):
    body = client.get("/api/procedures/", {"level": "commune", "online": "full"}).json()

    assert [item["code"] for item in body] == ["1.001193"]


def test_detail(client, django_assert_num_queries):
    with django_assert_num_queries(4):
        response = client.get("/api/procedures/1.004447")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "1.004447"
    assert body["delegation"]["kind"] == "decentralized"
    assert body["fees"] == [{"name": "Phí thẩm định cấp giấy phép", "amount_vnd": 1000000}]
    assert [r["code"] for r in body["requirements"]] == ["TP1", "TP2"]
    assert body["requirements"][1]["reusable_result_of"] == ["1.004451"]
    assert [s["actor"] for s in body["steps"]] == ["receiver", "specialist", "leader", "signer"]
    assert body["form"]["properties"]["organization_name"]["x-prefill"] == "business.name"
    assert body["result"] == {"name": "Giấy phép tiến hành công việc bức xạ", "validity_months": 36}


def test_detail_unknown_code_uses_the_error_shape(client):
    response = client.get("/api/procedures/9.999999")

    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert "9.999999" in error["message"] and error["message_en"]
    assert error["details"] == []


def test_fields(client):
    response = client.get("/api/procedures/fields")

    assert response.status_code == 200
    assert [f["code"] for f in response.json()] == ["ATBX", "CT", "HT"]
