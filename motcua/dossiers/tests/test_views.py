"""The officer workspace pages: login required; every dossier page goes through the gate, so an
officer of another agency gets 404 on the page, its files and its slips; the inbox lists only
visible dossiers, flags deadlines, and costs the same number of queries for 3 or 30 rows."""

import time_machine
from django.core.cache import cache
from django.urls import reverse

from motcua.dossiers.services.intake import (
    DocumentInput,
    dossier_receive_at_counter,
)
from motcua.dossiers.services.processing import dossier_assign
from motcua.dossiers.tests.factories import (
    PDF_BYTES,
    XRAY_FORM,
    at,
    citizen_applicant,
    online_xray,
    xray_documents,
)


def login(client, world, username: str) -> None:
    client.logout()
    client.force_login(world.users[username])


def received_xray(world):
    """A DoST dossier received at the province center on Monday 2 March 2026, one PDF attached."""
    return dossier_receive_at_counter(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=xray_documents(),
        by=world.users["center_receiver"],
        now=at(2026, 3, 2, 9),
    )


def paper_xray(world, *, now, name="Nguyễn Thị Ngọc Ánh"):
    """A province dossier with paper documents only (cheap to make many of)."""
    return dossier_receive_at_counter(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(name=name),
        form_data=XRAY_FORM,
        documents=[
            DocumentInput("TP1", paper_received=True),
            DocumentInput("TP2", paper_received=True),
        ],
        by=world.users["center_receiver"],
        now=now,
    )


def commune_copy(world, *, now):
    return dossier_receive_at_counter(
        procedure=world.copy_cert,
        receiving_agency=world.khoai_chau_center,
        applicant=citizen_applicant(unit_code="11953"),
        form_data={},
        documents=[
            DocumentInput("TP1", paper_received=True),
            DocumentInput("TP2", paper_received=True),
        ],
        by=world.users["kc_receiver"],
        now=now,
    )


# --- Login and access ----------------------------------------------------------------------


def test_every_workspace_page_sends_anonymous_visitors_to_login(client, world):
    dossier = received_xray(world)
    document = dossier.documents.exclude(file="").first()
    urls = [
        reverse("dossiers:inbox"),
        reverse("dossiers:intake"),
        reverse("dossiers:ledger"),
        reverse("dossiers:detail", args=[dossier.code]),
        reverse("dossiers:document", args=[dossier.code, document.pk]),
        reverse("dossiers:slip", args=[dossier.code, "01"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("web:login") + "?next="), url
    response = client.post(reverse("dossiers:act", args=[dossier.code, "assign"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_officers_of_the_receiving_and_handling_agencies_see_the_dossier_page(client, world):
    dossier = received_xray(world)
    for username in ("center_receiver", "dost_specialist", "dost_leader", "monitor"):
        login(client, world, username)
        response = client.get(reverse("dossiers:detail", args=[dossier.code]))
        assert response.status_code == 200, username
        html = response.content.decode()
        assert dossier.code in html
        assert "Cấp giấy phép tiến hành công việc bức xạ" in html
        assert "Sở Khoa học và Công nghệ tỉnh Hưng Yên" in html  # handling agency
        assert "Trung tâm Phục vụ hành chính công tỉnh Hưng Yên" in html  # receiving agency
        assert "1.000.000 đồng" in html  # fee total
        assert "Bệnh viện Đa khoa Phố Hiến" in html  # e-form value, under its title
        assert "Tên tổ chức" in html
        assert "Tiếp nhận hồ sơ" in html  # the timeline's first row


def test_an_officer_of_another_agency_gets_404_on_the_page_its_files_and_its_slips(client, world):
    dossier = received_xray(world)
    document = dossier.documents.exclude(file="").first()
    for username in ("hanoi_receiver", "ph_receiver", "kc_leader", "citizen"):
        login(client, world, username)
        for url in (
            reverse("dossiers:detail", args=[dossier.code]),
            reverse("dossiers:document", args=[dossier.code, document.pk]),
            reverse("dossiers:slip", args=[dossier.code, "01"]),
            reverse("dossiers:slip", args=[dossier.code, "06"]),
        ):
            assert client.get(url).status_code == 404, (username, url)
    # A code that does not exist answers exactly the same.
    login(client, world, "dost_leader")
    assert client.get(reverse("dossiers:detail", args=["H31.12-260302-9999"])).status_code == 404


def test_a_document_is_served_as_an_attachment_that_the_browser_must_not_sniff(client, world):
    dossier = received_xray(world)
    document = dossier.documents.exclude(file="").get()
    login(client, world, "dost_specialist")
    response = client.get(reverse("dossiers:document", args=[dossier.code, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{dossier.code}-TP1.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    # A paper-only row has no file; another dossier's document id is not found through this one.
    paper = dossier.documents.filter(file="").get()
    assert (
        client.get(reverse("dossiers:document", args=[dossier.code, paper.pk])).status_code == 404
    )
    other = received_xray(world)
    other_doc = other.documents.exclude(file="").get()
    url = reverse("dossiers:document", args=[dossier.code, other_doc.pk])
    assert client.get(url).status_code == 404


# --- Slips ----------------------------------------------------------------------------------


def test_the_receipt_slip_is_a_pdf_and_a_slip_the_dossier_lacks_answers_409(client, world):
    dossier = received_xray(world)
    login(client, world, "center_receiver")
    response = client.get(reverse("dossiers:slip", args=[dossier.code, "01"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    missing = client.get(reverse("dossiers:slip", args=[dossier.code, "03"]))
    assert missing.status_code == 409
    assert "Hồ sơ không bị từ chối." in missing.content.decode()
    assert client.get(reverse("dossiers:slip", args=[dossier.code, "09"])).status_code == 404


def test_the_dossier_page_links_only_the_slips_it_has(client, world):
    dossier = received_xray(world)
    login(client, world, "center_receiver")
    html = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("dossiers:slip", args=[dossier.code, "01"]) in html
    assert reverse("dossiers:slip", args=[dossier.code, "06"]) in html
    for number in ("02", "03", "04", "05"):
        assert reverse("dossiers:slip", args=[dossier.code, number]) not in html


# --- Inbox ----------------------------------------------------------------------------------


def test_the_inbox_lists_only_the_dossiers_the_officer_may_see(client, world):
    province = paper_xray(world, now=at(2026, 3, 2, 9))
    commune = commune_copy(world, now=at(2026, 3, 2, 10))
    online = online_xray(world, now=at(2026, 3, 2, 11))
    expected = {
        "dost_specialist": {province.code, online.code},
        "center_receiver": {province.code, online.code},
        "kc_receiver": {commune.code},
        "province_admin": {province.code, commune.code, online.code},
        "hanoi_receiver": set(),
        "ph_receiver": set(),
    }
    everything = {province.code, commune.code, online.code}
    for username, codes in expected.items():
        login(client, world, username)
        response = client.get(reverse("dossiers:inbox"))
        assert response.status_code == 200
        listed = {row.dossier.code for row in response.context["rows"]}
        assert listed == codes, username
        html = response.content.decode()
        for code in everything - codes:
            assert code not in html, (username, code)


def test_inbox_filters_come_from_the_query_string(client, world):
    province = paper_xray(world, now=at(2026, 3, 2, 9), name="Trần Văn Bình")
    other = paper_xray(world, now=at(2026, 3, 5, 9), name="Lê Thị Cúc")
    dossier_assign(
        dossier=other,
        by=world.users["dost_leader"],
        assignee=world.users["dost_specialist"],
        now=at(2026, 3, 5, 10),
    )
    login(client, world, "dost_specialist")

    def listed(**params):
        response = client.get(reverse("dossiers:inbox"), params)
        assert response.status_code == 200
        return {row.dossier.code for row in response.context["rows"]}

    assert listed(q="Bình") == {province.code}
    assert listed(q=other.code) == {other.code}
    assert listed(status=4) == {other.code}
    assert listed(mine="on") == {other.code}
    assert listed(received_from="2026-03-04") == {other.code}
    assert listed(received_to="2026-03-04") == {province.code}
    assert listed(procedure="2.000815") == set()
    assert listed(field="ATBX", channel=1) == {province.code, other.code}
    # A value that does not parse is ignored, not an error page.
    assert listed(status="x", received_from="not-a-date") == {province.code, other.code}
    # Counts per status cover the other filters, so they work as status links.
    response = client.get(reverse("dossiers:inbox"), {"status": 4})
    assert response.context["status_counts"] == [(2, "Được tiếp nhận", 1), (4, "Đang xử lý", 1)]


def _inbox_queries(client, django_assert_num_queries, expected_rows: int, queries: int) -> None:
    cache.clear()  # the status counts are cached for a minute; measure the uncached page
    with django_assert_num_queries(queries):
        response = client.get(reverse("dossiers:inbox"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == expected_rows


# session, user, fields for the filter, page count, page rows, calendar overrides, status counts,
# and twice the visibility look-ups (the user's memberships and the province's agency ids)
INBOX_QUERIES = 9


def test_the_inbox_costs_the_same_queries_for_3_or_30_dossiers(
    client, world, django_assert_num_queries
):
    leader, specialist = world.users["dost_leader"], world.users["dost_specialist"]
    made = []
    for i in range(30):
        made.append(paper_xray(world, now=at(2026, 3, 2, 8 + i % 8, i)))
        if i % 2:  # half of them assigned: the assignee column must not add queries
            dossier_assign(dossier=made[-1], by=leader, assignee=specialist, now=at(2026, 3, 3))
        if i == 2:
            login(client, world, "dost_specialist")
            _inbox_queries(client, django_assert_num_queries, 3, INBOX_QUERIES)
    _inbox_queries(client, django_assert_num_queries, 30, INBOX_QUERIES)


def test_the_inbox_pages_by_50(client, world):
    for i in range(51):
        paper_xray(world, now=at(2026, 3, 2, 8, i))
    login(client, world, "dost_specialist")
    first = client.get(reverse("dossiers:inbox"))
    assert len(first.context["rows"]) == 50
    assert "Trang 1/2" in first.content.decode()
    second = client.get(reverse("dossiers:inbox"), {"page": 2})
    assert len(second.context["rows"]) == 1


def test_the_inbox_flags_overdue_and_due_soon_dossiers(client, world):
    # Xray: 10 working days → due Monday 16 March 9:00; copy: same day → due 2 March.
    due_soon = paper_xray(world, now=at(2026, 3, 2, 9))
    later = paper_xray(world, now=at(2026, 3, 12, 9))
    overdue = commune_copy(world, now=at(2026, 3, 2, 10))
    with time_machine.travel(at(2026, 3, 13, 10), tick=False):
        login(client, world, "province_admin")
        response = client.get(reverse("dossiers:inbox"))
    urgency = {row.dossier.code: row.urgency for row in response.context["rows"]}
    assert urgency == {due_soon.code: "due-soon", later.code: "", overdue.code: "overdue"}
    html = response.content.decode()
    assert 'class="overdue"' in html and 'class="due-soon"' in html
    assert "Quá hạn" in html and "Sắp đến hạn" in html


def test_the_nav_shows_the_workspace_link_to_officers_only(client, world):
    login(client, world, "dost_leader")
    assert reverse("dossiers:inbox") in client.get(reverse("web:home")).content.decode()
    login(client, world, "citizen")
    assert reverse("dossiers:inbox") not in client.get(reverse("web:home")).content.decode()


# --- Ledger (Mẫu 07) -------------------------------------------------------------------------


def test_the_ledger_lists_the_received_dossiers_of_the_period_as_html_and_pdf(client, world):
    in_period = received_xray(world)  # received 2 March 2026
    paper_xray(world, now=at(2026, 4, 2, 9))
    login(client, world, "center_receiver")
    params = {"from": "2026-03-01", "to": "2026-03-31", "field": "ATBX"}
    response = client.get(reverse("dossiers:ledger"), params)
    assert response.status_code == 200
    assert [row.dossier_code for row in response.context["report"].rows] == [in_period.code]
    assert "An toàn bức xạ và hạt nhân" in response.content.decode()
    pdf = client.get(reverse("dossiers:ledger"), {**params, "format": "pdf"})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # An officer of another agency gets an empty ledger, never another agency's rows.
    login(client, world, "ph_receiver")
    response = client.get(reverse("dossiers:ledger"), params)
    assert response.status_code == 200 and response.context["report"].rows == ()
    # A citizen has no agency and so no ledger.
    login(client, world, "citizen")
    assert client.get(reverse("dossiers:ledger"), params).status_code == 403


def test_the_ledger_rejects_a_period_that_does_not_parse(client, world):
    login(client, world, "center_receiver")
    response = client.get(reverse("dossiers:ledger"), {"from": "hôm qua", "to": "2026-03-31"})
    assert response.status_code == 422
    assert response.context["report"] is None


def test_an_inbox_row_shows_its_texts_in_local_time_and_the_chosen_language(
    client, world, settings
):
    dossier = paper_xray(world, now=at(2026, 3, 2, 9, 5), name="Trần Văn Bình")
    dossier_assign(
        dossier=dossier,
        by=world.users["dost_leader"],
        assignee=world.users["dost_specialist"],
        now=at(2026, 3, 2, 10),
    )
    specialist = world.users["dost_specialist"]
    login(client, world, "dost_specialist")
    html = client.get(reverse("dossiers:inbox")).content.decode()
    start = html.rindex("<tr", 0, html.index(f">{dossier.code}</a>"))
    row = html[start : html.index("</tr>", start)]
    assert f'href="{reverse("dossiers:detail", args=[dossier.code])}"' in row
    assert "Trần Văn Bình" in row and "Trực tiếp" in row
    assert "02/03/2026 09:05" in row  # reception, in Vietnam's time, not UTC (02:05)
    assert "16/03/2026 09:05" in row  # 10 working days later
    assert "Đang xử lý" in row and (specialist.full_name or specialist.username) in row
    assert dossier.handling_agency.name in row and dossier.procedure.code in row

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("dossiers:inbox")).content.decode()
    assert "In person" in html and "In progress" in html
    assert "Trực tiếp" not in html and "Đang xử lý" not in html
