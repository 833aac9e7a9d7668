"""Public catalog pages: search and detail, with pinned query counts."""

import pytest
from django.urls import reverse

from motcua.procedures.display import amount_vnd_label, number_vi, processing_time_label
from motcua.procedures.importer import catalog_import
from motcua.procedures.tests.factories import catalog_document, other_province_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    catalog_import(document=catalog_document())
    catalog_import(document=other_province_document())


def test_list_page_shows_the_catalog(client, catalog, django_assert_num_queries):
    with django_assert_num_queries(2):  # fields for the filter, procedures
        response = client.get(reverse("procedures:list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Cấp giấy phép bưu chính (cấp tỉnh)" in html
    assert "10 ngày làm việc" in html
    assert "30 ngày" in html
    assert "4 giờ" in html
    assert "Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)" in html
    assert 'class="badge full">Toàn trình' in html
    assert 'class="badge partial">Một phần' in html
    assert 'class="badge none">Trực tiếp' in html


def test_search_without_diacritics(client, catalog, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get(reverse("procedures:list"), {"q": "giay phep buc xa"})

    html = response.content.decode()
    assert "Cấp giấy phép tiến hành công việc bức xạ" in html
    assert "Đăng ký khai sinh" not in html
    assert 'value="giay phep buc xa"' in html


def test_filters_and_an_unknown_filter_value(client, catalog):
    response = client.get(
        reverse("procedures:list"), {"field": "HOTICH", "level": "commune", "online": "zzz"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Đăng ký kết hôn" in html and "Chứng thực bản sao" not in html


def test_empty_result_says_so(client, catalog):
    response = client.get(reverse("procedures:list"), {"q": "khong co thu tuc nay"})

    assert response.status_code == 200
    assert "Không tìm thấy thủ tục nào phù hợp" in response.content.decode()


def test_detail_page(client, catalog, django_assert_num_queries):
    # procedure + field, requirements, fees, steps, names of reusable results
    with django_assert_num_queries(5):
        response = client.get(reverse("procedures:detail", args=["1.004447"]))

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Cấp giấy phép tiến hành công việc bức xạ",
        "An toàn bức xạ và hạt nhân",
        "Sở Khoa học và Công nghệ",
        "Tiếp nhận không phụ thuộc địa giới hành chính trong tỉnh",
        "1.000.000 đồng",
        "10 ngày làm việc",
        "Đơn đề nghị cấp giấy phép",
        "Mẫu 01",
        "thủ tục 1.004451",  # reusable result of a procedure outside this catalog
        "Phân cấp",
        "Nghị định số 133/2025/NĐ-CP",
        "Thẩm định",
        "Lãnh đạo phê duyệt",
        "Luật Năng lượng nguyên tử 2025",
        "Giấy phép tiến hành công việc bức xạ",
        "có hiệu lực 36 tháng",
        "Qua dịch vụ bưu chính công ích",
        "Cá nhân",
    ]:
        assert text in html, text


def test_detail_page_without_fees_and_with_a_reusable_result(client, catalog):
    html = client.get(reverse("procedures:detail", args=["1.000894"])).content.decode()

    assert "Không thu phí" in html
    assert 'href="/procedures/1.004873/"' in html  # reuse the status-of-marriage certificate
    assert "Tiếp nhận không phụ thuộc" in html


def test_detail_page_unknown_code_is_404(client, catalog):
    assert client.get(reverse("procedures:detail", args=["9.999999"])).status_code == 404


@pytest.mark.parametrize(
    ("value", "unit", "label"),
    [
        (10, "working_days", "10 ngày làm việc"),
        (15, "calendar_days", "15 ngày"),
        (0.5, "working_days", "0,5 ngày làm việc"),
        (24, "hours", "24 giờ"),
        (0, "working_days", "Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)"),
    ],
)
def test_processing_time_label(value, unit, label):
    assert processing_time_label(value=value, unit=unit) == label


def test_money_labels():
    assert amount_vnd_label(amount_vnd=1_000_000) == "1.000.000 đồng"
    assert amount_vnd_label(amount_vnd=0) == "Miễn phí"
    assert number_vi(1234.5) == "1.234,5"
