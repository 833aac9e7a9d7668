"""HTTP intake: POST /api/dossiers/intake (counter, post) and /submit (online). Bad input is
answered 422 in the one error shape, a message per field in Vietnamese and English, and
nothing at all is stored; only a receiver of the receiving agency may receive in its name."""

import base64

import pytest
from django.test import Client

from motcua.dossiers.files import MAX_DOSSIER_BYTES
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierDocument, DossierEvent
from motcua.dossiers.tests.factories import PDF_BYTES, PNG_BYTES, XRAY_FORM
from motcua.outbox.models import OutboxMessage

INTAKE = "/api/dossiers/intake"
SUBMIT = "/api/dossiers/submit"
# What production must allow for a dossier of files sent in base64 JSON (4/3 of the bytes).
INTAKE_BODY_LIMIT = MAX_DOSSIER_BYTES * 4 // 3 + 1024 * 1024


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def body(**overrides) -> dict:
    values = {
        "procedure_code": "1.004447",
        "receiving_agency_eid": "H31.30",
        "channel": 1,
        "applicant": {
            "kind": "citizen",
            "name": "Nguyễn Thị Ngọc Ánh",
            "personal_id": "033090001234",
            "phone": "0912345678",
            "email": "anh@example.vn",
            "address": "Phường Phố Hiến, Hưng Yên",
        },
        "form_data": XRAY_FORM,
        "documents": [
            {"requirement_code": "TP1", "filename": "don.pdf", "content_base64": b64(PDF_BYTES)},
            {"requirement_code": "TP2", "paper_received": True},
        ],
    }
    values.update(overrides)
    return values


def applicant(**overrides) -> dict:
    return {**body()["applicant"], **overrides}


def stored() -> tuple[int, int, int, int, bool]:
    return (
        Dossier.objects.count(),
        DossierDocument.objects.count(),
        DossierEvent.objects.count(),
        OutboxMessage.objects.count(),
        DossierCodeCounter.objects.filter(last__gt=0).exists(),
    )


NOTHING = (0, 0, 0, 0, False)


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "message_en", "details"}
    assert error["message"] and error["message_en"]
    if code:
        assert error["code"] == code
    return error


def test_counter_intake_answers_201_with_code_status_and_due_date(world):
    response = logged_in(world.users["center_receiver"]).post(
        INTAKE, body(), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == {
        "code",
        "status",
        "status_label",
        "received_at",
        "due_at",
        "handling_agency_eid",
        "receiving_agency_eid",
    }
    assert data["code"].startswith("H31.12-") and data["status"] == 2
    assert data["status_label"] == "Được tiếp nhận"
    assert (data["handling_agency_eid"], data["receiving_agency_eid"]) == ("H31.12", "H31.30")
    assert data["received_at"].endswith("+07:00") and data["due_at"].endswith("+07:00")
    # Answered after the commit: the dossier, its documents, history and outbox row exist.
    dossier = Dossier.objects.get(code=data["code"])
    assert dossier.documents.count() == 2 and dossier.events.count() == 1
    assert OutboxMessage.objects.filter(key=dossier.code, destination="log").count() == 1


def test_postal_channel_is_accepted_and_online_channel_is_not_a_counter_channel(world):
    client = logged_in(world.users["center_receiver"])
    response = client.post(INTAKE, body(channel=3), content_type="application/json")
    assert response.status_code == 201 and Dossier.objects.get().channel == 3
    response = client.post(INTAKE, body(channel=2), content_type="application/json")
    error = assert_error(response, 422, "invalid_input")
    assert [d["path"] for d in error["details"]] == ["channel"]


@pytest.mark.parametrize("username", ["dost_specialist", "ph_receiver", "monitor", "citizen"])
def test_only_a_receiver_of_the_receiving_agency_may_receive_in_its_name(world, username):
    response = logged_in(world.users[username]).post(
        INTAKE, body(), content_type="application/json"
    )
    assert_error(response, 403, "forbidden")
    assert stored() == NOTHING


def test_anonymous_intake_is_401_in_the_error_shape(world):
    response = Client().post(INTAKE, body(), content_type="application/json")
    assert_error(response, 401, "unauthenticated")
    assert stored() == NOTHING


def test_a_post_without_the_csrf_token_is_refused(world):
    client = logged_in(world.users["center_receiver"], enforce_csrf_checks=True)
    response = client.post(INTAKE, body(), content_type="application/json")
    assert_error(response, 403, "csrf_failed")
    assert stored() == NOTHING
    # With the token (cookie + header, as the workspace pages send it) the same call passes.
    token = "a" * 32
    client.cookies["csrftoken"] = token
    response = client.post(
        INTAKE, body(), content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201


BIG_PNG = PNG_BYTES[:-12] + b"\x00" * (10 * 1024 * 1024) + PNG_BYTES[-12:]

BAD_INPUT = [
    (
        "personal ID of 11 digits",
        {"applicant": applicant(personal_id="03309000123")},
        "applicant.personal_id",
    ),
    (
        "impossible century digit",
        {"applicant": applicant(personal_id="033790001234")},
        "applicant.personal_id",
    ),
    (
        "unknown province prefix",
        {"applicant": applicant(personal_id="003090001234")},
        "applicant.personal_id",
    ),
    (
        "tax code with a wrong check digit",
        {"applicant": applicant(kind="organization", personal_id="", tax_code="0100109107")},
        "applicant.tax_code",
    ),
    (
        "e-form schema violation",
        {"form_data": {**XRAY_FORM, "device_count": 0}},
        "form_data.device_count",
    ),
    (
        "missing required document",
        {"documents": [{"requirement_code": "TP1", "content_base64": b64(PDF_BYTES)}]},
        "documents.TP2",
    ),
    (
        "a file that is not really a PDF",
        {
            "documents": [
                {"requirement_code": "TP1", "filename": "a.pdf", "content_base64": b64(b"hello")},
                {"requirement_code": "TP2", "paper_received": True},
            ]
        },
        "documents[0].file",
    ),
    (
        "a file over 10 MB",
        {
            "documents": [
                {"requirement_code": "TP1", "filename": "a.png", "content_base64": b64(BIG_PNG)},
                {"requirement_code": "TP2", "paper_received": True},
            ]
        },
        "documents[0].file",
    ),
    (
        "content that is not base64",
        {
            "documents": [
                {"requirement_code": "TP1", "content_base64": "%%% not base64 %%%"},
                {"requirement_code": "TP2", "paper_received": True},
            ]
        },
        "documents[0].content_base64",
    ),
    ("unknown procedure", {"procedure_code": "9.999999"}, "procedure_code"),
    ("unknown receiving agency", {"receiving_agency_eid": "H99.99"}, "receiving_agency_eid"),
]


@pytest.mark.parametrize(
    ("overrides", "path"), [c[1:] for c in BAD_INPUT], ids=[c[0] for c in BAD_INPUT]
)
def test_bad_input_is_422_with_a_message_per_field_and_nothing_stored(
    world, settings, overrides, path
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = INTAKE_BODY_LIMIT
    response = logged_in(world.users["center_receiver"]).post(
        INTAKE, body(**overrides), content_type="application/json"
    )
    error = assert_error(response, 422)
    detail = next((d for d in error["details"] if d["path"] == path), None)
    assert detail is not None, error["details"]
    assert detail["message"] and detail["message_en"]
    assert detail["message"] != detail["message_en"]
    assert stored() == NOTHING


def test_a_body_over_the_upload_limit_is_413_in_the_error_shape(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = logged_in(world.users["center_receiver"]).post(
        INTAKE, body(), content_type="application/json"
    )
    assert_error(response, 413, "request_too_large")
    assert stored() == NOTHING


def test_online_submission_answers_201_status_1_without_a_due_date(world):
    online = body(
        documents=[
            {"requirement_code": "TP1", "content_base64": b64(PDF_BYTES)},
            {"requirement_code": "TP2", "content_base64": b64(PDF_BYTES)},
        ]
    )
    del online["channel"]
    response = logged_in(world.users["citizen"]).post(
        SUBMIT, online, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status"], data["status_label"]) == (1, "Mới đăng ký")
    assert data["received_at"] is None and data["due_at"] is None
    dossier = Dossier.objects.get(code=data["code"])
    assert dossier.channel == 2 and dossier.applicant_user == world.users["citizen"]


def test_online_submission_for_someone_else_is_refused_and_nothing_stored(world):
    online = body(applicant=applicant(personal_id="034195006789"))
    del online["channel"]
    response = logged_in(world.users["citizen"]).post(
        SUBMIT, online, content_type="application/json"
    )
    error = assert_error(response, 422, "dossier_invalid")
    assert error["details"][0]["path"] == "applicant.personal_id"
    assert stored() == NOTHING


def test_anonymous_online_submission_is_401(world):
    response = Client().post(SUBMIT, body(), content_type="application/json")
    assert_error(response, 401, "unauthenticated")
