"""HTTP tests for /api/adminunits: status codes, shapes, the error envelope."""

import pytest

pytestmark = pytest.mark.django_db

BASE = "/api/adminunits"


def test_search(client, loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(f"{BASE}/", {"q": "dong van"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["items"][0] == {
        "code": "00721",
        "name": "Xã Đồng Văn",
        "kind": "xa",
        "kind_label": "Xã",
        "level": "commune",
        "province_code": "08",
        "province_name": "Tỉnh Tuyên Quang",
    }


def test_search_filters_and_validation(client, loaded):
    response = client.get(f"{BASE}/", {"q": "dong van", "province": "37", "level": "commune"})
    assert [i["code"] for i in response.json()["items"]] == ["13348"]
    response = client.get(f"{BASE}/", {"q": "x", "level": "district"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_get_province_and_commune(client, loaded):
    body = client.get(f"{BASE}/33").json()
    assert (body["name"], body["commune_count"], body["legacy_sources"]) == (
        "Tỉnh Hưng Yên",
        104,
        [],
    )
    body = client.get(f"{BASE}/11980").json()
    assert body["province_name"] == "Tỉnh Hưng Yên"
    assert "Xã Hoàng Hanh" in [s["name"] for s in body["legacy_sources"]]


def test_get_unknown_code_is_404_with_the_error_shape(client, loaded):
    response = client.get(f"{BASE}/98765")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert error["message"] and error["message_en"]
    assert error["details"] == []


def test_legacy_resolve_by_code(client, loaded):
    body = client.get(f"{BASE}/legacy/resolve", {"code": "12388"}).json()
    assert body["status"] == "resolved" and body["ambiguous"] is False
    assert [c["code"] for c in body["candidates"]] == ["11980"]
    assert body["candidates"][0]["legacy_codes"] == ["12388"]
    assert body["legacy_wards"][0]["district_name"] == "Thành phố Hưng Yên"


def test_legacy_resolve_split_code_is_ambiguous(client, loaded):
    body = client.get(f"{BASE}/legacy/resolve", {"code": "12322"}).json()
    assert body["status"] == "ambiguous" and body["split"] is True
    assert len(body["candidates"]) == 2


def test_legacy_resolve_by_address(client, loaded):
    response = client.get(f"{BASE}/legacy/resolve", {"address": "xa hung dao tien lu hung yen"})
    assert response.status_code == 200
    assert [c["code"] for c in response.json()["candidates"]] == ["12337"]
    body = client.get(f"{BASE}/legacy/resolve", {"address": "không có gì"}).json()
    assert body["status"] == "not_found" and body["candidates"] == [] and body["reason"]


def test_legacy_resolve_unknown_code_is_404(client, loaded):
    response = client.get(f"{BASE}/legacy/resolve", {"code": "99999"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "params", [{}, {"code": "12388", "address": "xa hoang hanh"}, {"code": "abc"}]
)
def test_legacy_resolve_needs_exactly_one_valid_parameter(client, loaded, params):
    response = client.get(f"{BASE}/legacy/resolve", params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_current_address_resolve(client, loaded):
    body = client.get(f"{BASE}/resolve", {"address": "Phường Hồng Châu, Hưng Yên"}).json()
    assert body["status"] == "resolved"
    assert [c["code"] for c in body["candidates"]] == ["11980"]
    assert client.get(f"{BASE}/resolve").status_code == 422


def test_admin_lists_search_accent_insensitively(admin_client, loaded):
    response = admin_client.get("/admin/adminunits/adminunit/", {"q": "dong van"})
    assert response.status_code == 200
    assert "Xã Đồng Văn" in response.content.decode()
    response = admin_client.get("/admin/adminunits/legacyunit/", {"q": "hoang hanh"})
    assert "Xã Hoàng Hanh" in response.content.decode()
    assert admin_client.get("/admin/adminunits/adminunit/add/").status_code == 403
