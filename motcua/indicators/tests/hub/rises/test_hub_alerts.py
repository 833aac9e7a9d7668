"""The hub's alerts: on the nation page the provinces, on a province page its units, whose late
count ("trễ hạn") in the period rose against the previous period of the same length; sorted
by the rise; each number links to exactly the replicas it counts. No extra query: the previous
period is read in the same GROUP BY as the current one (numbers by hand: conftest.py)."""

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


def alert_numbers(response) -> list[tuple]:
    """(name, previous, now, rise) of each alert row, in the page's order."""
    return [
        (name, previous[2], now[2], rise[1])
        for name, _href, previous, now, rise, _overdue in response.context["alerts"]
    ]


def test_the_nation_alerts_the_provinces_whose_late_count_rose(
    client, rises, ministry, django_assert_num_queries
):
    client.force_login(ministry)
    # The same 14 as without alerts (test_hub_views): session, user, 2 permission reads,
    # weights, the chrome's membership check + marks, per-province sums (this and the previous
    # period in one GROUP BY), national sums, open cells, catalog, PAKN, names, trend.
    with django_assert_num_queries(14):
        response = client.get(NATION, MARCH)
    assert response.status_code == 200
    # Đà Nẵng 0 → 2 first, then Hưng Yên 4 → 5; Hà Nội fell (3 → 1): no alert.
    assert alert_numbers(response) == [
        ("Thành phố Đà Nẵng", 0, 2, 2),
        ("Tỉnh Hưng Yên", 4, 5, 1),
    ]
    page = response.content.decode()
    assert "Cảnh báo: số hồ sơ trễ hạn tăng so với kỳ trước" in page
    assert "Số hồ sơ trễ hạn Tháng 3/2026 so với Tháng 2/2026" in page
    assert "Thành phố Hà Nội" in page  # ranked, but not alerted
    assert page.count('<tr class="alert">') == 2
    # February's dossiers change nothing in March: the scenario's 9 + 2 + 1 + 2 received.
    assert headline(response)["Hồ sơ tiếp nhận"][0] == 14
    assert headline(response)["Trễ hạn"][0] == 3 + 2 + 1 + 2
    with django_assert_num_queries(7):  # a hit: the six of the request and the marks
        again = client.get(NATION, MARCH)
    assert alert_numbers(again) == alert_numbers(response)


def test_the_province_alerts_its_units_whose_late_count_rose(
    client, rises, ministry, django_assert_num_queries
):
    client.force_login(ministry)
    with django_assert_num_queries(15):  # as without alerts (test_hub_views)
        response = client.get(PROVINCE, MARCH)
    assert response.status_code == 200
    # The department 1 → 3, the commune of Khoái Châu 0 → 1; Phố Hiến fell, H31.99 stayed.
    assert alert_numbers(response) == [
        ("Sở Khoa học và Công nghệ tỉnh Hưng Yên", 1, 3, 2),
        ("Xã Khoái Châu", 0, 1, 1),
    ]
    ranked = {
        row.name: (row.late_previous, row.late)
        for rows in response.context["page"].rankings.values()
        for row in rows
    }
    assert ranked["Phường Phố Hiến"] == (2, 0)
    assert ranked["H31.99"] == (1, 1)
    # Each alerted unit links to its own page (a single agency).
    hrefs = [href for _name, href, *_rest in response.context["alerts"]]
    assert hrefs == [
        "/chi-so/toan-quoc/tinh/33/co-quan/H31.12/?period=month&year=2026&month=3",
        "/chi-so/toan-quoc/tinh/33/co-quan/H31.50.002/?period=month&year=2026&month=3",
    ]


def test_alert_numbers_drill_down_to_exactly_the_late_dossiers_counted(client, rises, ministry):
    client.force_login(ministry)
    province = client.get(PROVINCE, MARCH)
    (dost, khoai_chau) = province.context["alerts"]
    _name, _href, previous, now, rise, overdue = dost
    assert codes(client.get(previous[1])) == late_codes(province="33", agency="H31.12", month=2)
    # March: the scenario's B, C, I — the same three as the department's late list.
    late_now = codes(client.get(now[1]))
    assert len(late_now) == now[2] == 3
    assert late_now == codes(
        client.get(DOSSIERS, {**MARCH, "metric": "late", "agency": "H31.12", "province": "33"})
    )
    assert rise[0] == "+2"
    assert len(codes(client.get(overdue[1]))) == overdue[2]
    _name, _href, previous, now, _rise, _overdue = khoai_chau
    assert codes(client.get(previous[1])) == set()
    assert codes(client.get(now[1])) == late_codes(province="33", agency="H31.50.002", month=3)
    # The nation's alert for Đà Nẵng, and Hưng Yên's February: its four late dossiers.
    nation = client.get(NATION, MARCH)
    (da_nang, hung_yen) = nation.context["alerts"]
    assert codes(client.get(da_nang[3][1])) == late_codes(province="48", month=3)
    assert codes(client.get(hung_yen[2][1])) == late_codes(province="33", month=2)
    assert len(codes(client.get(hung_yen[3][1]))) == 5


def test_no_alert_where_nothing_rose(client, rises, ministry):
    client.force_login(ministry)
    # April against March: every late count fell to 0.
    april = client.get(NATION, {"period": "month", "year": "2026", "month": "4"})
    assert april.status_code == 200 and april.context["alerts"] == []
    assert "Cảnh báo" not in april.content.decode()
    province = client.get(PROVINCE, {"period": "month", "year": "2026", "month": "4"})
    assert province.context["alerts"] == []
    # February against January (nothing then): every unit late in February rose.
    february = client.get(PROVINCE, {"period": "month", "year": "2026", "month": "2"})
    assert alert_numbers(february) == [
        ("Phường Phố Hiến", 0, 2, 2),
        ("H31.99", 0, 1, 1),
        ("Sở Khoa học và Công nghệ tỉnh Hưng Yên", 0, 1, 1),
    ]


def test_a_custom_period_compares_with_the_days_just_before(client, rises, ministry):
    client.force_login(ministry)
    # 01/03–31/03 (31 days) against 29/01–28/02: the same February dossiers.
    custom = {"period": "custom", "from": "2026-03-01", "to": "2026-03-31"}
    response = client.get(NATION, custom)
    assert alert_numbers(response) == [
        ("Thành phố Đà Nẵng", 0, 2, 2),
        ("Tỉnh Hưng Yên", 4, 5, 1),
    ]
    previous_url = response.context["alerts"][1][2][1]
    assert "from=2026-01-29" in previous_url and "to=2026-02-28" in previous_url
    assert codes(client.get(previous_url)) == late_codes(province="33", month=2)


def test_the_exports_carry_the_alerts(client, rises, ministry):
    from openpyxl import load_workbook

    client.force_login(ministry)
    xlsx = client.get(PROVINCE, {**MARCH, "format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content))["Cảnh báo trễ hạn"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Đơn vị", "Kỳ trước", "Kỳ này", "Tăng", "Quá hạn hiện tại")
    assert [row[:4] for row in rows[1:]] == [
        ("Sở Khoa học và Công nghệ tỉnh Hưng Yên", 1, 3, 2),
        ("Xã Khoái Châu", 0, 1, 1),
    ]
    pdf = client.get(NATION, {**MARCH, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
