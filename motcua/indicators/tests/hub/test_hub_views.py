"""The hub's pages: only hub staff with the indicators permission see them; the nation's and
the province's figures and scores equal the province node's for the same events; every
number links to the replicas behind it (the same dossiers); exports; pinned query counts."""

import io
from datetime import date
from decimal import Decimal

import pytest

from motcua.indicators.periods import period_month
from motcua.indicators.selectors import indicators_for_unit, rankings_for_province, unit_province
from motcua.indicators.tests.hub.conftest import post

NATION = "/chi-so/toan-quoc/"
PROVINCE = "/chi-so/toan-quoc/tinh/33/"
DOSSIERS = "/chi-so/toan-quoc/ho-so/"
MARCH = {"period": "month", "year": "2026", "month": "3"}


@pytest.fixture
def fed(client, hub_events, secret, django_capture_on_commit_callbacks):
    """The hub has received every event of the March scenario through its ingest."""
    post(client, hub_events, secret=secret, capture=django_capture_on_commit_callbacks)
    return hub_events


def headline(response) -> dict[str, int]:
    return {str(label): value for label, value, _url in response.context["headline"]}


def codes(response) -> set[str]:
    return {row[1] for row in response.context["rows"]}


def test_the_nation_equals_the_province_node(client, fed, ministry, django_assert_num_queries):
    client.force_login(ministry)
    # session, user, 2 permission reads, weights, the chrome's membership check + the page's
    # eight on a cache miss (marks, per-province sums, national sums, open, catalog, PAKN per
    # province — no PAKN in this scenario, so no working calendar —, names, trend)
    with django_assert_num_queries(14):
        response = client.get(NATION, MARCH)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bộ chỉ số 766" in page and "<svg" in page and "<script" not in page
    today = response.context["today"]
    province = indicators_for_unit(
        unit=unit_province(province_code="33"), period=period_month(2026, 3), today=today
    )
    hub = response.context["page"]
    assert hub.total.counters == province.counters
    assert hub.total.open == province.open
    assert hub.total.card.total == province.card.total is not None
    (row,) = hub.rankings["provinces"]
    assert (row.key, row.card.total, row.card.band_label) == (
        "33",
        province.card.total,
        province.card.band_label,
    )
    # By hand (scenario.py): A B C D E G H I J received, F refused; on time A D E; late B C I.
    figures = headline(response)
    assert (figures["Hồ sơ tiếp nhận"], figures["Đúng hạn, trước hạn"], figures["Trễ hạn"]) == (
        9,
        3,
        3,
    )
    assert (figures["Từ chối tiếp nhận"], figures["Đang giải quyết"]) == (1, 3)  # F; G H J
    assert PROVINCE + "?period=month&amp;year=2026&amp;month=3" in page
    with django_assert_num_queries(7):  # a hit: the six of the request and the marks
        again = client.get(NATION, MARCH)
    assert again.context["page"].computed_at == hub.computed_at


def test_the_province_page_ranks_like_the_province_node(
    client, fed, ministry, world, django_assert_num_queries
):
    client.force_login(ministry)
    # the six of the request, the province check, marks, sums per agency and procedure, open
    # cells, agencies, catalog by kind, PAKN per agency, name, trend
    with django_assert_num_queries(15):
        response = client.get(PROVINCE, MARCH)
    assert response.status_code == 200
    hub = response.context["page"]
    node = rankings_for_province(
        province_code="33", period=period_month(2026, 3), today=response.context["today"]
    )
    assert {r.name: r.card.total for r in hub.rankings["departments"]} == {
        r.unit.name: r.card.total for r in node["departments"]
    }
    assert {r.name: (r.counters, r.card.total) for r in hub.rankings["communes"]} == {
        r.unit.name: (r.counters, r.card.total) for r in node["communes"]
    }
    assert world.dost.name in response.content.decode()


def test_numbers_drill_down_to_the_replicas_behind_them(
    client, fed, ministry, django_assert_num_queries
):
    client.force_login(ministry)
    march = client.get(NATION, MARCH)
    links = {str(label): url for label, _value, url in march.context["headline"]}
    # the five of the request (no weights), count, page of states, their replicas, names
    with django_assert_num_queries(9):
        late = client.get(links["Trễ hạn"])
    assert late.status_code == 200
    by_letter = {e["code"]: e for e in fed}
    assert len(codes(late)) == 3 and codes(late) <= set(by_letter)
    on_time = client.get(links["Đúng hạn, trước hạn"])
    received = client.get(links["Hồ sơ tiếp nhận"])
    assert len(codes(on_time)) == 3 and not codes(on_time) & codes(late)
    assert len(codes(received)) == 9
    refused = client.get(links["Từ chối tiếp nhận"])
    assert len(codes(refused)) == 1 and not codes(refused) & codes(received)
    # One agency's dossiers: G was transferred to the commune of Phố Hiến.
    commune = client.get(DOSSIERS, {**MARCH, "metric": "received", "agency": "H31.50.001"})
    assert len(codes(commune)) == 1
    # The list pages: 50 a page.
    assert late.context["page"].paginator.per_page == 50


def test_only_hub_staff_with_the_permission_see_the_hub_pages(client, fed, ministry, world):
    for url in (NATION, PROVINCE, DOSSIERS):
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/login" in anonymous["Location"].lower()
    client.force_login(world.users["monitor"])  # a province monitor: not the ministry
    for url in (NATION, PROVINCE, DOSSIERS):
        refused = client.get(url, MARCH)
        assert refused.status_code == 403
        assert "cấp Trung ương" in refused.content.decode()
    client.force_login(ministry)
    assert client.get("/chi-so/toan-quoc/tinh/99/").status_code == 404
    assert client.get("/chi-so/toan-quoc/tinh/abc/").status_code == 404


def test_a_province_node_has_no_hub_pages(client, fed, ministry, settings):
    settings.MOTCUA_ROLE = "province"
    client.force_login(ministry)
    for url in (NATION, PROVINCE, DOSSIERS):
        assert client.get(url).status_code == 404


def test_bad_parameters_answer_400_in_vietnamese(client, fed, ministry):
    client.force_login(ministry)
    for url, params in (
        (DOSSIERS, {"metric": "everything"}),
        (DOSSIERS, {"agency": "H31.12'; --"}),
        (NATION, {"procedure": "<script>"}),
    ):
        response = client.get(url, params)
        assert response.status_code == 400
        assert "không hợp lệ" in response.content.decode()


def test_exports_carry_the_pages_numbers(client, fed, ministry):
    from openpyxl import load_workbook

    client.force_login(ministry)
    xlsx = client.get(NATION, {**MARCH, "format": "xlsx"})
    assert xlsx.status_code == 200
    assert "chi-so-toan-quoc-20260301-20260331.xlsx" in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book["Chỉ số 766"].iter_rows(values_only=True) if row}
    assert summary["Hồ sơ tiếp nhận"] == 9
    ranking = list(book["Xếp hạng tỉnh, thành phố"].iter_rows(values_only=True))
    assert ranking[1][0] == 1 and ranking[1][4] == 9  # rank 1, 9 received
    pdf = client.get(PROVINCE, {**MARCH, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_filters_by_procedure_code(client, fed, ministry):
    client.force_login(ministry)
    response = client.get(NATION, {**MARCH, "procedure": "1.004447"})
    assert headline(response)["Hồ sơ tiếp nhận"] == 9
    # 2.2 in the procedure's unit (10 working days), as on the province node: 44 / 5.
    average = {s.code: s for s in response.context["card"].subs}["2.2"]
    assert (average.num, average.value, average.unit) == (44, Decimal("8.80"), "ngày làm việc")
    assert "8,80 ngày làm việc" in response.content.decode()
    other = client.get(NATION, {**MARCH, "procedure": "2.000815"})
    assert headline(other)["Hồ sơ tiếp nhận"] == 0
    assert date(2026, 3, 1) == response.context["period"].start


def test_the_nation_adds_up_every_province_and_ranks_them(
    client, fed, ministry, django_capture_on_commit_callbacks
):
    from motcua.sync.services import credential_create
    from motcua.sync.tests.conftest import batch_body, event, signed_post

    _, ha_noi = credential_create(province="01")
    # Two dossiers of Hà Nội received on 05/03 and resolved on time on 06/03 (due 19/03).
    events = [
        event(
            code=f"H26.50.001-260305-000{i}",
            seq=1,
            status=10,
            action="return_result",
            received_at="2026-03-05T09:00:00+07:00",
            due_at="2026-03-19T09:00:00+07:00",
            original_due_at="2026-03-19T09:00:00+07:00",
            finished_at="2026-03-06T09:00:00+07:00",
            handling_agency="H26.50.001",
            receiving_agency="H26.50.001",
            result_code="KQ-1",
        )
        for i in (1, 2)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_post(client, batch_body(events, "01"), secret=ha_noi, province="01")
    assert response.json()["applied"] == 2
    client.force_login(ministry)
    nation = client.get(NATION, MARCH)
    figures = headline(nation)
    assert (figures["Hồ sơ tiếp nhận"], figures["Đã giải quyết"]) == (11, 7)  # 9 + 2, 5 + 2
    ranked = nation.context["page"].rankings["provinces"]
    assert [r.key for r in ranked] == ["01", "33"]  # all on time: Hà Nội first
    assert ranked[0].counters["on_time"] == 2


def test_a_procedure_used_online_by_two_agencies_counts_once_in_the_province(
    client, fed, ministry, secret, django_capture_on_commit_callbacks
):
    """766 3.2 counts distinct procedures with an online dossier: G (1.004447, online) is the
    ward's; one more online dossier of 1.004447 at the department leaves the province at one
    procedure, as on the province node, not one per agency."""
    from motcua.sync.tests.conftest import batch_body, event, signed_post

    client.force_login(ministry)
    before = {s.code: s for s in client.get(PROVINCE, MARCH).context["card"].subs}["3.2"]
    online = event(
        code="H31.12-260305-0099",
        channel=2,
        received_at="2026-03-05T09:00:00+07:00",
        original_due_at="2026-03-19T09:00:00+07:00",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_post(client, batch_body([online]), secret=secret).json()["applied"] == 1
    page = client.get(PROVINCE, MARCH).context["page"]
    after = {s.code: s for s in page.total.card.subs}["3.2"]
    assert before.num == after.num == 1
    dost = next(r for r in page.rankings["departments"] if r.key == "H31.12")
    assert dost.counters["received_online"] == 1


def test_the_hub_pages_in_english(client, fed, ministry):
    client.force_login(ministry)
    client.cookies["django_language"] = "en"
    page = client.get(NATION, MARCH).content.decode()
    assert "Nationwide" in page and "Toàn quốc" not in page.split("<main")[-1]
    listing = client.get(DOSSIERS, {**MARCH, "metric": "late"}).content.decode()
    assert "3 dossiers" in listing
    bad = client.get(DOSSIERS, {"metric": "x"})
    assert bad.status_code == 400 and "Invalid parameter" in bad.content.decode()
