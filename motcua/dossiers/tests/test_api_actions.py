"""HTTP actions on one dossier: POST /api/dossiers/{code}/<action>. Each answers the detail
shape; the gate answers 404 for a dossier the caller cannot see, the service 403 for a role
that may not act, 409 for a state that does not allow it, 422 for bad input — and a refused
action writes nothing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services.intake import (
    DocumentInput,
    dossier_receive_at_counter,
    dossier_submit_online,
)
from motcua.dossiers.services.processing import dossier_assign
from motcua.dossiers.tests.factories import PDF_BYTES, XRAY_FORM, citizen_applicant, xray_documents

BASE = "/api/dossiers"


def post(world, username: str, code: str, action: str, data: dict | None = None):
    client = Client()
    client.force_login(world.users[username])
    return client.post(f"{BASE}/{code}/{action}", data or {}, content_type="application/json")


def ok(response, status: int, step: str = "") -> dict:
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["step"]) == (status, step)
    assert {"documents", "events", "allowed_actions", "status_label"} <= set(data)
    return data


def refused(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["message"] and error["message_en"]
    if code:
        assert error["code"] == code
    return error


@pytest.fixture
def received(world):
    """Received at the provincial center (status 2), handled by the DoST."""
    return dossier_receive_at_counter(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=xray_documents(),
        by=world.users["center_receiver"],
    )


@pytest.fixture
def online(world):
    """Submitted online by the citizen (status 1), waiting at the provincial center."""
    return dossier_submit_online(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=[DocumentInput("TP1", "a.pdf", PDF_BYTES), DocumentInput("TP2", "b.pdf", PDF_BYTES)],
        by=world.users["citizen"],
    )  # fmt: skip


@pytest.fixture
def assigned(world, received):
    u = world.users
    return dossier_assign(dossier=received, by=u["dost_leader"], assignee=u["dost_specialist"])


def test_full_life_over_http_from_assignment_to_return(world, received):
    code = received.code
    data = ok(
        post(world, "dost_leader", code, "assign", {"assignee_username": "dost_specialist"}),
        4,
        "assigned",
    )
    assert data["assignee"] == {"username": "dost_specialist", "full_name": "dost_specialist"}
    ok(post(world, "dost_specialist", code, "appraise", {"note": "Đạt"}), 4, "appraised")
    ok(post(world, "dost_leader", code, "approve"), 4, "approved")
    data = ok(post(world, "dost_signer", code, "sign"), 9)
    assert data["result_code"] and data["finished_at"].endswith("+07:00")
    data = ok(post(world, "center_receiver", code, "return"), 10)
    assert [e["action"] for e in data["events"]] == [
        "receive",
        "assign",
        "appraise",
        "approve",
        "sign",
        "return_result",
    ]
    assert data["allowed_actions"] == []


def test_online_dossier_is_received_or_refused_at_the_desk(world, online):
    data = ok(post(world, "center_receiver", online.code, "receive"), 2)
    assert data["received_at"] and data["due_at"]
    refused(post(world, "center_receiver", online.code, "receive"), 409, "action_not_allowed")
    other = dossier_submit_online(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=[DocumentInput("TP1", "a.pdf", PDF_BYTES), DocumentInput("TP2", "b.pdf", PDF_BYTES)],
        by=world.users["citizen"],
    )  # fmt: skip
    error = refused(post(world, "center_receiver", other.code, "refuse", {"reason": " "}), 422)
    assert error["details"][0]["path"] == "reason"
    data = ok(
        post(world, "center_receiver", other.code, "refuse", {"reason": "Không thuộc thẩm quyền"}),
        3,
    )
    assert data["events"][-1]["reason"] == "Không thuộc thẩm quyền"


def test_supplement_request_and_return(world, assigned):
    code = assigned.code
    error = refused(
        post(world, "dost_specialist", code, "request-supplement", {"items": [], "reason": "x"}),
        422,
        "items_required",
    )
    assert error["details"][0]["path"] == "items"
    data = ok(
        post(
            world,
            "dost_specialist",
            code,
            "request-supplement",
            {"items": ["Bản vẽ bố trí phòng X-quang"], "reason": "Thiếu tài liệu thẩm định"},
        ),
        5,
        "assigned",
    )
    assert data["paused_at"] and data["supplement_count"] == 1
    ok(post(world, "center_receiver", code, "supplement", {"note": "Đã nhận"}), 4, "assigned")


def test_payment_is_requested_and_confirmed(world, assigned):
    ok(post(world, "dost_specialist", assigned.code, "request-payment"), 6, "assigned")
    ok(post(world, "center_receiver", assigned.code, "confirm-payment"), 4, "assigned")


def test_extension_once_before_the_deadline(world, received):
    new_due = timezone.localtime(received.due_at + timedelta(days=5)).isoformat()
    body = {"new_due_at": new_due, "reason": "Cần lấy ý kiến cơ quan khác"}
    data = ok(post(world, "dost_leader", received.code, "extend", body), 2)
    assert data["extension_count"] == 1 and data["due_at"] == new_due
    later = {**body, "new_due_at": (received.due_at + timedelta(days=9)).isoformat()}
    refused(
        post(world, "dost_leader", received.code, "extend", later), 409, "extension_not_allowed"
    )


def test_extension_needs_a_date_with_its_offset(world, received):
    naive = {"new_due_at": "2030-01-02T09:00:00", "reason": "x"}
    error = refused(
        post(world, "dost_leader", received.code, "extend", naive), 422, "invalid_input"
    )
    assert error["details"][0]["path"] == "new_due_at"


def test_transfer_to_another_agency_keeps_the_code(world):
    dossier = dossier_receive_at_counter(
        procedure=world.copy_cert,
        receiving_agency=world.pho_hien_center,
        applicant=citizen_applicant(),
        form_data={},
        documents=[
            DocumentInput("TP1", paper_received=True),
            DocumentInput("TP2", paper_received=True),
        ],
        by=world.users["ph_receiver"],
    )
    unknown = {"to_agency_eid": "H31.99", "reason": "Thuộc thẩm quyền cấp tỉnh"}
    error = refused(post(world, "ph_leader", dossier.code, "transfer", unknown), 422)
    assert error["details"][0]["path"] == "to_agency_eid"
    body = {"to_agency_eid": "H31.12", "reason": "Thuộc thẩm quyền cấp tỉnh"}
    data = ok(post(world, "ph_leader", dossier.code, "transfer", body), 2)
    assert data["code"] == dossier.code and data["handling_agency_eid"] == "H31.12"
    event = data["events"][-1]
    assert (event["action"], event["agency_eid"], event["to_agency_eid"]) == (
        "transfer",
        "H31.50.001",
        "H31.12",
    )


def test_withdrawal_then_stop(world, received):
    ok(post(world, "center_receiver", received.code, "request-withdrawal", {"note": "Xin rút"}), 7)
    refused(post(world, "center_receiver", received.code, "stop", {"reason": ""}), 422)
    ok(post(world, "center_receiver", received.code, "stop", {"reason": "Công dân xin rút"}), 8)


def test_assignee_must_be_a_specialist_of_the_handling_agency(world, received):
    for username in ("kc_specialist", "dost_leader", "nobody"):
        body = {"assignee_username": username}
        error = refused(post(world, "dost_leader", received.code, "assign", body), 422)
        assert error["details"][0]["path"] == "assignee_username"
    assert DossierEvent.objects.filter(dossier=received).count() == 1


# One row per endpoint: (fixture, action, body, a caller who may not, a state that forbids it).
ENDPOINTS = [
    ("online", "receive", None, "dost_specialist"),
    ("online", "refuse", {"reason": "x"}, "dost_leader"),
    ("received", "request-supplement", {"items": ["a"], "reason": "x"}, "dost_leader"),
    ("received", "supplement", {"note": ""}, "dost_specialist"),
    ("received", "assign", {"assignee_username": "dost_specialist"}, "dost_specialist"),
    ("assigned", "appraise", {"note": ""}, "dost_leader"),
    ("assigned", "approve", None, "dost_specialist"),
    ("assigned", "sign", None, "dost_receiver"),
    ("received", "request-payment", None, "dost_leader"),
    ("received", "confirm-payment", None, "dost_specialist"),
    ("received", "extend", {"new_due_at": "2099-01-01T09:00:00+07:00", "reason": "x"}, "monitor"),
    ("received", "transfer", {"to_agency_eid": "H31.50.001", "reason": "x"}, "dost_signer"),
    ("received", "request-withdrawal", {"note": ""}, "dost_specialist"),
    ("received", "stop", {"reason": "x"}, "dost_leader"),
    ("received", "return", None, "dost_signer"),
]


@pytest.mark.parametrize(
    ("fixture", "action", "body", "wrong_role"), ENDPOINTS, ids=[e[1] for e in ENDPOINTS]
)
def test_every_action_is_gated_role_checked_and_nothing_written_when_refused(
    world, request, fixture, action, body, wrong_role
):
    dossier = request.getfixturevalue(fixture)
    events = DossierEvent.objects.count()
    # Another agency's dossier does not exist for the caller, whatever the action.
    for outsider in ("hanoi_receiver", "kc_leader"):
        refused(post(world, outsider, dossier.code, action, body), 404, "not_found")
    refused(post(world, wrong_role, dossier.code, action, body), 403)
    response = Client().post(f"{BASE}/{dossier.code}/{action}", body or {}, "application/json")
    refused(response, 401, "unauthenticated")
    assert DossierEvent.objects.count() == events


CONFLICTS = [
    ("received", "receive", None, "center_receiver"),
    ("received", "refuse", {"reason": "x"}, "center_receiver"),
    ("received", "supplement", {"note": ""}, "center_receiver"),
    ("received", "appraise", {"note": ""}, "dost_specialist"),
    ("received", "approve", None, "dost_leader"),
    ("received", "sign", None, "dost_signer"),
    ("received", "confirm-payment", None, "center_receiver"),
    ("received", "stop", {"reason": "x"}, "center_receiver"),
    ("received", "return", None, "center_receiver"),
    ("online", "assign", {"assignee_username": "dost_specialist"}, "dost_leader"),
    ("online", "request-payment", None, "center_receiver"),
    ("online", "transfer", {"to_agency_eid": "H31.50.001", "reason": "x"}, "center_receiver"),
]


@pytest.mark.parametrize(
    ("fixture", "action", "body", "username"), CONFLICTS, ids=[c[1] for c in CONFLICTS]
)
def test_an_action_the_state_does_not_allow_is_409(world, request, fixture, action, body, username):
    dossier = request.getfixturevalue(fixture)
    events = DossierEvent.objects.count()
    refused(post(world, username, dossier.code, action, body), 409, "action_not_allowed")
    assert DossierEvent.objects.count() == events


def test_a_missing_body_field_is_422_in_the_error_shape(world, received):
    error = refused(post(world, "center_receiver", received.code, "stop", {}), 422, "invalid_input")
    assert error["details"][0]["path"] == "reason"
    assert error["details"][0]["message"] != error["details"][0]["message_en"]
