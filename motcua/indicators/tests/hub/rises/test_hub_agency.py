"""The hub's page of one agency (/chi-so/toan-quoc/tinh/<code>/co-quan/<eid>/): the agency's
figures and 766 table equal its row on the province page; every number drills down to the
replicas behind it; the province page links its single-agency rows there; pinned query
counts; 404 for an unknown province or agency, 400 for bad parameters; the hub gate."""

import io

from motcua.indicators.tests.hub.rises.conftest import (
    DOSSIERS,
    MARCH,
    NATION,
    PROVINCE,
    codes,
    headline,
    late_codes,
)

DOST = "/chi-so/toan-quoc/tinh/33/co-quan/H31.12/"
MARCH_QUERY = "?period=month&year=2026&month=3"


def test_the_agency_page_has_the_figures_of_its_row_on_the_province_page(
    client, rises, ministry, django_assert_num_queries
):
    client.force_login(ministry)
    # the six of the request (session, user, 2 permission reads, weights, the chrome's
    # membership check), the province check, the agency + on a cache miss: marks, sums (this
    # and the previous period), open cells, catalog by kind, PAKN, province name, trend
    with django_assert_num_queries(15):
        response = client.get(DOST, MARCH)
    assert response.status_code == 200
    figures = headline(response)
    # By hand (scenario.py): A B C D E H I J received by the department (F refused, G moved to
    # the commune); A D E on time, B C I late; February's late dossier is not March's.
    assert figures["Hồ sơ tiếp nhận"][0] == 8
    assert (figures["Đúng hạn, trước hạn"][0], figures["Trễ hạn"][0]) == (3, 3)
    assert figures["Từ chối tiếp nhận"][0] == 1
    page = response.context["page"]
    province = client.get(PROVINCE, MARCH).context["page"]
    (row,) = [r for r in province.rankings["departments"] if r.key == "H31.12"]
    assert page.total.counters == row.counters
    assert page.total.open == row.open
    assert page.total.card.total == row.card.total is not None
    assert page.total.card.band_label == row.card.band_label
    assert [s.code for s in page.total.card.subs][:3] == ["1.1", "1.2", "1.3"]
    html = response.content.decode()
    assert "Sở Khoa học và Công nghệ tỉnh Hưng Yên" in html and "<svg" in html
    assert "Bộ chỉ số 766" in html
    assert f'href="{PROVINCE}{MARCH_QUERY.replace("&", "&amp;")}">← Tỉnh Hưng Yên' in html
    # Its own alert: 1 → 3.
    ((name, href, previous, now, rise, _overdue),) = response.context["alerts"]
    assert (name, href, previous[2], now[2], rise[0]) == (
        "Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        "",
        1,
        3,
        "+2",
    )
    assert len(response.context["trend"]) == 12
    assert response.context["trend"][-1].received == 8
    with django_assert_num_queries(9):  # a hit: the six, the province, the agency, the marks
        again = client.get(DOST, MARCH)
    assert again.context["page"].computed_at == page.computed_at


def test_the_agency_numbers_drill_down_to_its_replicas(client, rises, ministry):
    client.force_login(ministry)
    response = client.get(DOST, MARCH)
    figures = headline(response)
    for label in ("Hồ sơ tiếp nhận", "Đúng hạn, trước hạn", "Trễ hạn", "Từ chối tiếp nhận"):
        value, url = figures[label]
        listing = client.get(url)
        assert len(codes(listing)) == value, label
        assert {r[3] for r in listing.context["rows"]} <= {"H31.12"}  # the handling agency
    late = codes(client.get(figures["Trễ hạn"][1]))
    on_time = codes(client.get(figures["Đúng hạn, trước hạn"][1]))
    assert not late & on_time
    by_code = {e["code"] for e in rises}
    assert late <= by_code  # the scenario's B, C, I
    ((*_head, previous, now, _rise, _overdue),) = response.context["alerts"]
    assert codes(client.get(previous[1])) == late_codes(province="33", agency="H31.12", month=2)
    assert codes(client.get(now[1])) == late


def test_the_province_page_links_its_single_agency_rows(client, rises, ministry):
    client.force_login(ministry)
    province = client.get(PROVINCE, {**MARCH, "procedure": "1.004447"})
    links = {
        name: href
        for _title, rows in province.context["rankings"]
        for _b, _r, name, href, *_ in rows
    }
    base = "/chi-so/toan-quoc/tinh/33/co-quan/"
    query = MARCH_QUERY + "&procedure=1.004447"
    assert links["Sở Khoa học và Công nghệ tỉnh Hưng Yên"] == f"{base}H31.12/{query}"
    assert links["H31.99"] == f"{base}H31.99/{query}"
    assert links["Xã Khoái Châu"] == f"{base}H31.50.002/{query}"  # one agency in that commune
    assert links["Phường Phố Hiến"] == f"{base}H31.50.001/{query}"
    followed = client.get(links["Xã Khoái Châu"])
    assert followed.status_code == 200
    assert followed.context["page"].total.name == "UBND xã Khoái Châu"
    assert followed.context["scope"].procedure_code == "1.004447"
    assert headline(followed)["Trễ hạn"][0] == 1


def test_an_e_id_the_hub_knows_only_from_replicas_has_a_page(
    client, rises, ministry, django_assert_num_queries
):
    client.force_login(ministry)
    # one query more than a known agency: the replicas name it (no `Agency` row)
    with django_assert_num_queries(16):
        response = client.get("/chi-so/toan-quoc/tinh/33/co-quan/H31.99/", MARCH)
    assert response.status_code == 200
    assert response.context["page"].total.name == "H31.99"
    figures = headline(response)
    assert (figures["Hồ sơ tiếp nhận"][0], figures["Trễ hạn"][0]) == (1, 1)
    assert response.context["alerts"] == []  # 1 → 1: no rise


def test_unknown_province_or_agency_answers_404_in_vietnamese(client, rises, ministry):
    client.force_login(ministry)
    for url, message in (
        ("/chi-so/toan-quoc/tinh/99/co-quan/H31.12/", "Không tìm thấy tỉnh."),
        ("/chi-so/toan-quoc/tinh/abc/co-quan/H31.12/", "Không tìm thấy tỉnh."),
        ("/chi-so/toan-quoc/tinh/33/co-quan/H31.77/", "Không tìm thấy cơ quan."),
        # Ba Đình is Hà Nội's: not an agency of Hưng Yên.
        ("/chi-so/toan-quoc/tinh/33/co-quan/H26.50.001/", "Không tìm thấy cơ quan."),
        ("/chi-so/toan-quoc/tinh/33/co-quan/H31.12%27%3B/", "Không tìm thấy cơ quan."),
    ):
        response = client.get(url, MARCH)
        assert response.status_code == 404, url
        assert message in response.content.decode(), url
    assert client.get("/chi-so/toan-quoc/tinh/01/co-quan/H26.50.001/", MARCH).status_code == 200


def test_bad_parameters_answer_400_in_vietnamese(client, rises, ministry):
    client.force_login(ministry)
    for params in (
        {"period": "week"},
        {"period": "month", "year": "2026", "month": "13"},
        {"period": "quarter", "year": "2026", "quarter": "5"},
        {"period": "year", "year": "abc"},
        {"period": "year", "year": "1"},
        {"period": "year", "year": "²⁰²⁶"},
        {"period": "custom", "from": "2026-02-30", "to": "2026-03-31"},
        {"period": "custom", "from": "2026-03-01"},
        {**MARCH, "procedure": "<script>"},
        {**MARCH, "field": "a b"},
    ):
        for url in (DOST, NATION, PROVINCE, DOSSIERS):
            response = client.get(url, params)
            assert response.status_code == 400, (url, params)
            assert "không hợp lệ" in response.content.decode()


def test_only_hub_staff_with_the_permission_see_the_agency_page(
    client, rises, ministry, world, settings
):
    anonymous = client.get(DOST, MARCH)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"].lower()
    client.force_login(world.users["monitor"])  # a province monitor: not the ministry
    refused = client.get(DOST, MARCH)
    assert refused.status_code == 403 and "cấp Trung ương" in refused.content.decode()
    client.force_login(world.users["dost_leader"])  # the department's own leader
    assert client.get(DOST, MARCH).status_code == 403
    client.force_login(ministry)
    settings.MOTCUA_ROLE = "province"  # a province node has no hub pages
    assert client.get(DOST, MARCH).status_code == 404


def test_the_agency_exports(client, rises, ministry):
    from openpyxl import load_workbook

    client.force_login(ministry)
    xlsx = client.get(DOST, {**MARCH, "format": "xlsx"})
    assert xlsx.status_code == 200
    assert "chi-so-tinh-33-co-quan-H31.12-20260301-20260331.xlsx" in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book["Chỉ số 766"].iter_rows(values_only=True) if row}
    assert summary["Đơn vị"] == "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    assert (summary["Hồ sơ tiếp nhận"], summary["Trễ hạn"]) == (8, 3)
    alerts = list(book["Cảnh báo trễ hạn"].iter_rows(values_only=True))
    assert alerts[1][:4] == ("Sở Khoa học và Công nghệ tỉnh Hưng Yên", 1, 3, 2)
    assert "Xu hướng" in book.sheetnames
    pdf = client.get(DOST, {**MARCH, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "chi-so-tinh-33-co-quan-H31.12-20260301-20260331.pdf" in pdf["Content-Disposition"]
