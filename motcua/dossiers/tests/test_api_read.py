"""HTTP reads: the inbox, one dossier, its slips and the OpenAPI document. Every read goes
through the gate: another agency's dossier is "not found" and never listed; the inbox costs
the same few queries for 3 dossiers or 30."""

import pytest
from django.test import Client
from django.utils import timezone

from motcua.dossiers.constants import Action
from motcua.dossiers.services.intake import (
    DocumentInput,
    dossier_receive_at_counter,
    dossier_submit_online,
)
from motcua.dossiers.services.processing import dossier_assign
from motcua.dossiers.tests.factories import PDF_BYTES, XRAY_FORM, citizen_applicant

LIST = "/api/dossiers/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def counter_dossier(world, *, name="Nguyễn Thị Ngọc Ánh"):
    """An X-ray licence dossier received at the provincial center, handled by the DoST."""
    return dossier_receive_at_counter(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(name=name),
        form_data=XRAY_FORM,
        documents=[
            DocumentInput("TP1", "don.pdf", PDF_BYTES),
            DocumentInput("TP2", paper_received=True),
        ],
        by=world.users["center_receiver"],
    )


def commune_dossier(world):
    """A copy certification received and handled in the ward of Phố Hiến."""
    return dossier_receive_at_counter(
        procedure=world.copy_cert,
        receiving_agency=world.pho_hien_center,
        applicant=citizen_applicant(name="Trần Văn Bình"),
        form_data={},
        documents=[
            DocumentInput("TP1", paper_received=True),
            DocumentInput("TP2", paper_received=True),
        ],
        by=world.users["ph_receiver"],
    )


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["message_en"]


# ---- list ---------------------------------------------------------------------------------


def test_inbox_lists_what_the_caller_may_see_with_the_row_shape(world):
    dossier = counter_dossier(world)
    response = logged_in(world.users["dost_specialist"]).get(LIST)
    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["page"]) == (1, 1)
    row = data["results"][0]
    assert set(row) == {
        "code",
        "procedure_code",
        "procedure_name",
        "applicant_name",
        "channel",
        "status",
        "status_label",
        "step",
        "received_at",
        "due_at",
        "handling_agency_name",
        "assignee",
    }
    assert row["code"] == dossier.code and row["procedure_code"] == "1.004447"
    assert (row["status"], row["status_label"], row["channel"]) == (2, "Được tiếp nhận", 1)
    assert row["handling_agency_name"] == world.dost.name and row["assignee"] is None
    assert row["received_at"].endswith("+07:00")


@pytest.mark.parametrize("username", ["hanoi_receiver", "ph_receiver", "kc_specialist"])
def test_inbox_does_not_leak_another_agencys_dossiers(world, username):
    counter_dossier(world)
    data = logged_in(world.users[username]).get(LIST).json()
    assert data == {"count": 0, "page": 1, "results": []}


def test_inbox_filters_by_query_parameters(world):
    u = world.users
    xray = counter_dossier(world, name="Bệnh viện Phố Hiến")
    other = counter_dossier(world, name="Phòng khám Khoái Châu")
    dossier_assign(dossier=other, by=u["dost_leader"], assignee=u["dost_specialist"])
    client = logged_in(u["dost_specialist"])

    def codes(**params):
        return {r["code"] for r in client.get(LIST, params).json()["results"]}

    assert codes(q="Phố Hiến") == {xray.code}
    assert codes(status=4) == {other.code}
    assert codes(mine="true") == {other.code}
    assert codes(procedure="1.004447", channel=1) == {xray.code, other.code}
    assert codes(procedure="2.000815") == set()
    assert codes(field="ATBX") == {xray.code, other.code}
    today = timezone.localdate(xray.submitted_at).isoformat()
    assert codes(received_from=today, received_to=today) == {xray.code, other.code}


def test_inbox_pages_by_50(world):
    for _ in range(51):
        counter_dossier(world)
    client = logged_in(world.users["dost_leader"])
    first, second = client.get(LIST).json(), client.get(LIST, {"page": 2}).json()
    assert (first["count"], len(first["results"])) == (51, 50)
    assert (second["page"], len(second["results"])) == (2, 1)
    response = client.get(LIST, {"page": 0})
    assert_error(response, 422, "invalid_input")


def test_anonymous_inbox_is_401(world):
    assert_error(Client().get(LIST), 401, "unauthenticated")


# Session + user (authentication), the officer's memberships (visibility), then the count and
# the page: five, whatever the size (a province-wide role adds one: the province's agencies).
INBOX_QUERIES = 5


def test_inbox_query_count_does_not_grow_with_the_number_of_dossiers(
    world, django_assert_num_queries
):
    u = world.users
    client = logged_in(u["dost_leader"])
    for _ in range(3):
        dossier = counter_dossier(world)
    dossier_assign(dossier=dossier, by=u["dost_leader"], assignee=u["dost_specialist"])
    with django_assert_num_queries(INBOX_QUERIES):
        assert len(client.get(LIST).json()["results"]) == 3
    for _ in range(27):
        dossier = counter_dossier(world)
        dossier_assign(dossier=dossier, by=u["dost_leader"], assignee=u["dost_specialist"])
    with django_assert_num_queries(INBOX_QUERIES):
        data = client.get(LIST).json()
    assert len(data["results"]) == 30
    assert sum(1 for r in data["results"] if r["assignee"]) == 28


# ---- detail -------------------------------------------------------------------------------


def test_detail_shows_the_dossier_documents_history_and_what_the_caller_may_do(world):
    dossier = counter_dossier(world)
    response = logged_in(world.users["dost_leader"]).get(f"{LIST}{dossier.code}")
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == dossier.code and data["status_label"] == "Được tiếp nhận"
    assert data["applicant"]["personal_id"] == "033090001234"
    assert data["form_data"] == XRAY_FORM
    assert (data["receiving_agency_eid"], data["handling_agency_eid"]) == ("H31.30", "H31.12")
    assert data["due_at"].endswith("+07:00") and data["fee_total_vnd"] == 1_000_000
    assert [(d["requirement_code"], d["content_type"]) for d in data["documents"]] == [
        ("TP1", "application/pdf"),
        ("TP2", ""),
    ]
    event = data["events"][0]
    assert (event["seq"], event["action"], event["action_label"]) == (
        1,
        "receive",
        Action.RECEIVE.label,
    )
    assert event["actor_name"] == "center_receiver" and event["agency_eid"] == "H31.30"
    assert (event["from_status"], event["to_status"]) == (None, 2)
    assert event["at"].endswith("+07:00")
    # A leader of the handling agency may assign, extend, transfer — not receive or refuse.
    assert [a["action"] for a in data["allowed_actions"]] == ["assign", "extend", "transfer"]


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("center_receiver", ["request_supplement", "assign", "request_payment", "transfer",
                             "request_withdrawal"]),
        ("dost_specialist", ["request_supplement", "request_payment", "transfer"]),
        ("dost_signer", []),
        ("monitor", []),
    ],
)  # fmt: skip
def test_allowed_actions_are_those_of_the_caller(world, username, expected):
    dossier = counter_dossier(world)
    data = logged_in(world.users[username]).get(f"{LIST}{dossier.code}").json()
    assert [a["action"] for a in data["allowed_actions"]] == expected


def test_the_citizen_sees_their_online_dossier_and_may_ask_to_withdraw_it(world):
    citizen = world.users["citizen"]
    dossier = dossier_submit_online(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=[DocumentInput("TP1", "a.pdf", PDF_BYTES), DocumentInput("TP2", "b.pdf", PDF_BYTES)],
        by=citizen,
    )  # fmt: skip
    data = logged_in(citizen).get(f"{LIST}{dossier.code}").json()
    assert [a["action"] for a in data["allowed_actions"]] == ["request_withdrawal"]
    response = logged_in(world.users["other_citizen"]).get(f"{LIST}{dossier.code}")
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize("username", ["hanoi_receiver", "ph_receiver", "kc_leader"])
def test_another_agencys_dossier_is_not_found_like_a_missing_one(world, username):
    dossier = counter_dossier(world)
    client = logged_in(world.users[username])
    invisible, missing = client.get(f"{LIST}{dossier.code}"), client.get(f"{LIST}H31.12-000000-9")
    assert_error(invisible, 404, "not_found")
    assert invisible.json() == missing.json()


def test_anonymous_detail_is_401(world):
    dossier = commune_dossier(world)
    assert_error(Client().get(f"{LIST}{dossier.code}"), 401, "unauthenticated")


# ---- slips --------------------------------------------------------------------------------


def test_receipt_slip_is_a_pdf(world):
    dossier = counter_dossier(world)
    response = logged_in(world.users["center_receiver"]).get(f"{LIST}{dossier.code}/slips/01")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_a_slip_the_dossier_does_not_have_is_409_and_an_unknown_form_404(world):
    dossier = counter_dossier(world)
    client = logged_in(world.users["center_receiver"])
    assert_error(client.get(f"{LIST}{dossier.code}/slips/03"), 409, "slip_not_available")
    assert_error(client.get(f"{LIST}{dossier.code}/slips/07"), 404, "not_found")


def test_slips_of_another_agencys_dossier_are_not_found(world):
    dossier = counter_dossier(world)
    response = logged_in(world.users["ph_receiver"]).get(f"{LIST}{dossier.code}/slips/01")
    assert_error(response, 404, "not_found")
    assert_error(Client().get(f"{LIST}{dossier.code}/slips/01"), 401, "unauthenticated")


# ---- OpenAPI ------------------------------------------------------------------------------

PATHS = {
    "/api/dossiers/intake": "post",
    "/api/dossiers/submit": "post",
    "/api/dossiers/": "get",
    "/api/dossiers/{code}": "get",
    "/api/dossiers/{code}/slips/{form}": "get",
    **{
        f"/api/dossiers/{{code}}/{action}": "post"
        for action in [
            "receive",
            "refuse",
            "request-supplement",
            "supplement",
            "assign",
            "appraise",
            "approve",
            "sign",
            "request-payment",
            "confirm-payment",
            "extend",
            "transfer",
            "request-withdrawal",
            "stop",
            "return",
        ]
    },
}


def test_the_openapi_document_lists_every_dossier_operation(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {p for p in paths if p.startswith("/api/dossiers")} == set(PATHS)
    for path, method in PATHS.items():
        operation = paths[path][method]
        assert operation["tags"] == ["dossiers"]
        assert " / " in operation["summary"], operation["summary"]  # Vietnamese / English
        assert operation["security"] == [{"SessionAuth": []}]
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))
