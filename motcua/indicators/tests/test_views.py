"""The dashboard pages: who may see what, the numbers on the page and in the exports."""

import io
import subprocess

import pytest
from django.urls import reverse

from conftest import require_binary
from motcua.accounts.constants import StaffRole
from motcua.accounts.models import StaffMembership, User
from motcua.indicators.tests.conftest import drain
from motcua.indicators.tests.scenario import build_march

URL = "/chi-so/"
MARCH = {"period": "month", "year": "2026", "month": "3"}


@pytest.fixture
def march(world):
    out = build_march(world)
    drain()
    return out


def login(client, world, name):
    client.force_login(world.users[name])
    return client


def test_monitor_sees_the_province(client, world, march, django_assert_num_queries):
    login(client, world, "monitor")
    with django_assert_num_queries(14):  # cache miss (1 of them for PAKN, group 5)
        response = client.get(URL, MARCH)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bộ chỉ số 766" in page and world.dost.name in page and "<svg" in page
    headline = dict((str(label), value) for label, value, _url in response.context["headline"])
    assert headline["Hồ sơ tiếp nhận"] == 9 and headline["Đúng hạn, trước hạn"] == 3
    # Numbers link to the inbox, filtered; the inbox applies its own access gate.
    assert (
        reverse("dossiers:inbox") + "?accepted_from=2026-03-01&amp;accepted_to=2026-03-31" in page
    )
    assert "<script" not in page


def test_average_processing_time_in_the_selected_procedures_unit(client, world, march):
    """766 spec 2.2 is shown in the procedure's unit when one procedure is selected."""
    login(client, world, "monitor")
    page = client.get(URL, {**MARCH, "procedure": "1.004447"}).content.decode()
    assert "8,80 ngày làm việc" in page  # 44 working days / 5 completed
    page = client.get(URL, MARCH).content.decode()
    assert "12,00 ngày" in page and "Chọn một thủ tục" in page  # 60 calendar days / 5


def test_province_page_is_cached_until_the_rollups_change(
    client, world, march, django_assert_num_queries
):
    from django.db.models import F

    from motcua.indicators.models import MonthlyRollup
    from motcua.indicators.services import stamps_bump

    login(client, world, "monitor")
    first = client.get(URL, MARCH)
    assert "cập nhật lúc" in first.content.decode()
    with django_assert_num_queries(7):  # a hit: the stamp, no rollup, catalog or trend query
        again = client.get(URL, MARCH)
    assert again.context["rankings_at"] == first.context["rankings_at"]
    headline = dict((str(label), value) for label, value, _url in again.context["headline"])
    assert headline["Hồ sơ tiếp nhận"] == 9
    # A rollup change goes with a stamp bump (same transaction): the next request recomputes.
    agency_rows = MonthlyRollup.objects.filter(
        province_code="33", month="2026-03-01", procedure_id=0
    )
    agency_rows.filter(pk=agency_rows.order_by("pk").values("pk")[:1]).update(
        received=F("received") + 5
    )
    stale = client.get(URL, MARCH)
    assert dict((str(k), v) for k, v, _u in stale.context["headline"])["Hồ sơ tiếp nhận"] == 9
    stamps_bump({"33"})
    fresh = client.get(URL, MARCH)
    assert dict((str(k), v) for k, v, _u in fresh.context["headline"])["Hồ sơ tiếp nhận"] == 14


def test_ranking_and_alert_rows_are_escaped_and_link_to_the_unit(client, world, march):
    """The ranking and alert rows are built as ready HTML (no template loop): names and links
    are escaped as the template would."""
    world.dost.name = 'Sở <KH&CN> "Hưng Yên"'
    world.dost.save()
    login(client, world, "monitor")
    page = client.get(URL, MARCH).content.decode()
    name = "Sở &lt;KH&amp;CN&gt; &quot;Hưng Yên&quot;"
    link = f"?period=month&amp;year=2026&amp;month=3&amp;unit=agency:{world.dost.pk}"
    assert f'<td><a href="{link}">{name}</a></td>' in page
    assert f'<tr class="alert"><td>{name}</td><td>0</td><td>3</td>' in page  # late: 0 → 3
    assert '<tr><td colspan="8" class="muted">' not in page  # both tables have rows


def test_department_drill_down_and_leader_scope(client, world, march):
    login(client, world, "monitor")
    response = client.get(URL, {**MARCH, "unit": f"agency:{world.dost.pk}"})
    assert response.status_code == 200 and response.context["card"].total is not None
    commune = client.get(URL, {**MARCH, "unit": f"commune:{world.pho_hien_pc.admin_unit_id}"})
    assert commune.status_code == 200 and commune.context["data"].counters["received"] == 1
    client.force_login(world.users["dost_leader"])
    own = client.get(URL, MARCH)
    assert own.status_code == 200 and own.context["unit"].name == world.dost.name
    assert client.get(URL, {**MARCH, "unit": "province:33"}).status_code == 404
    assert client.get(URL, {**MARCH, "unit": f"agency:{world.pho_hien_pc.pk}"}).status_code == 404


@pytest.mark.parametrize("name", ["ph_receiver", "dost_specialist", "citizen"])
def test_officers_without_a_dashboard_role_get_403(client, world, name):
    login(client, world, name)
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(URL).status_code == 302


def test_another_provinces_monitor_sees_nothing_of_this_one(client, world, march):
    user = User.objects.create_user(username="hn_monitor", password="pw-test-12345")
    StaffMembership.objects.create(user=user, agency=world.ha_noi_pc, role=StaffRole.MONITOR)
    client.force_login(user)
    own = client.get(URL, MARCH)
    assert own.status_code == 200 and own.context["data"].counters["received"] == 0
    assert world.dost.name not in own.content.decode()
    for unit in (
        "province:33",
        f"agency:{world.dost.pk}",
        f"commune:{world.pho_hien_pc.admin_unit_id}",
    ):
        assert client.get(URL, {**MARCH, "unit": unit}).status_code == 404


def test_xlsx_export_has_the_numbers(client, world, march):
    from openpyxl import load_workbook

    login(client, world, "monitor")
    response = client.get(URL, {**MARCH, "unit": f"agency:{world.dost.pk}", "format": "xlsx"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    book = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row for row in book["Chỉ số 766"].iter_rows(values_only=True) if row and row[0]}
    assert rows["Hồ sơ tiếp nhận"][1] == 8
    assert rows["2.1"][2:6] == (3, 6, 50.0, 10.0)
    assert rows["Điểm (thang 100)"][1:3] == (37.61, "Yếu kém")
    trend = list(book["Xu hướng"].iter_rows(values_only=True))
    assert trend[-1][:2] == ("Tháng 3/2026", 8)


def test_pdf_report_text(client, world, march, tmp_path):
    require_binary("pdftotext", "poppler-utils")
    login(client, world, "monitor")
    response = client.get(URL, {**MARCH, "format": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())
    assert "Báo cáo chỉ số phục vụ người dân, doanh nghiệp" in text
    assert "Tháng 3/2026" in text and "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn" in text
    assert world.dost.name in text


@pytest.mark.parametrize(
    "label",
    [
        "Hồ sơ tiếp nhận",
        "Nộp trực tuyến",
        "Từ chối tiếp nhận",
        "Dừng xử lý, rút hồ sơ",
        "Đang giải quyết",
        "Quá hạn hiện tại",
        "Sắp đến hạn",
        "Chờ công dân bổ sung",
    ],
)
@pytest.mark.parametrize("unit", ["province", "department"])
def test_a_number_links_to_exactly_the_dossiers_behind_it(client, world, march, label, unit):
    """Drill-down: the inbox behind a headline number (same handling agency, same day basis —
    reception or end of processing — and all statuses) lists that many dossiers."""
    login(client, world, "monitor")
    query = dict(MARCH)
    if unit == "department":
        query["unit"] = f"agency:{world.dost.pk}"
    page = client.get(URL, query)
    number, url = next(
        (value, link) for name, value, link in page.context["headline"] if str(name) == label
    )
    listed = client.get(url.replace("&amp;", "&"))
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == number
