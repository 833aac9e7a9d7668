import uuid

import pytest
from django.utils import timezone

from motcua.sync import signing
from motcua.sync.services import credential_create

PROVINCE = "33"


@pytest.fixture
def hub(settings):
    """This process plays the hub."""
    settings.MOTCUA_ROLE = "hub"
    return settings


@pytest.fixture
def secret(db) -> str:
    _, value = credential_create(province=PROVINCE)
    return value


def event(code="H31.12-260302-0001", seq=1, status=2, **extra) -> dict:
    values = {
        "event_id": str(uuid.uuid4()),
        "event_seq": seq,
        "action": "receive",
        "at": "2026-03-02T09:00:00+07:00",
        "code": code,
        "procedure_code": "1.004447",
        "procedure_field_code": "ATBX",
        "receiving_agency": "H31.30",
        "handling_agency": "H31.12",
        "channel": 1,
        "status": status,
        "submitted_at": None,
        "received_at": "2026-03-02T09:00:00+07:00",
        "due_at": "2026-03-16T09:00:00+07:00",
    }
    values.update(extra)
    return values


def feedback_event(reference="PAKN-000001", seq=1, status="pending", **extra) -> dict:
    """A PAKN event (contract v1.2) as a province sends it."""
    values = {
        "event_id": str(uuid.uuid4()),
        "event_seq": seq,
        "action": "submit",
        "at": "2026-03-02T09:00:00+07:00",
        "reference": reference,
        "handling_agency": "H31.12",
        "status": status,
        "category": "",
        "dossier_code": "",
        "procedure_code": "",
        "procedure_field_code": "",
        "repeat_of": "",
        "received_at": "2026-03-02T09:00:00+07:00",
        "started_at": "2026-03-02T09:00:00+07:00",
        "rejected_at": None,
        "first_supplement_at": None,
        "answered_at": None,
        "published_at": None,
        "likes": 0,
        "dislikes": 0,
    }
    values.update(extra)
    return values


def rating_event(dossier_code="H31.12-260302-0001", seq=1, score=2, **extra) -> dict:
    """A dossier rating event (contract v1.2) as a province sends it."""
    values = {
        "event_id": str(uuid.uuid4()),
        "event_seq": seq,
        "at": "2026-03-20T09:00:00+07:00",
        "dossier_code": dossier_code,
        "procedure_code": "1.004447",
        "procedure_field_code": "ATBX",
        "score": score,
    }
    values.update(extra)
    return values


def batch_body(
    events: list[dict],
    province: str = PROVINCE,
    *,
    feedback: list[dict] | None = None,
    ratings: list[dict] | None = None,
) -> dict:
    body = {
        "v": 1,
        "province": province,
        "batch_id": str(uuid.uuid4()),
        "sent_at": timezone.now().isoformat(),
        "events": events,
    }
    if feedback is not None:
        body["feedback_events"] = feedback
    if ratings is not None:
        body["rating_events"] = ratings
    return body


def signed_post(client, body, *, secret: str, province: str = PROVINCE, **sign_kw):
    import json

    raw = json.dumps(body).encode()
    headers = signing.headers_sign(
        secret=secret,
        province=province,
        method="POST",
        path="/api/sync/ingest",
        body=raw,
        **sign_kw,
    )
    return client.post(
        "/api/sync/ingest", data=raw, content_type="application/json", headers=headers
    )


def signed_get(client, path: str, *, secret: str, province: str = PROVINCE):
    headers = signing.headers_sign(
        secret=secret, province=province, method="GET", path=path, body=b""
    )
    return client.get(path, headers=headers)


@pytest.fixture
def wired(transactional_db, settings, tmp_path, live_server):
    """One process as both sides: the province's outbox posts to the hub served by live_server
    (real HTTP on loopback), into the same test database's hub tables."""
    from motcua.dossiers.tests.factories import build_world

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MOTCUA_ROLE = "hub"  # read by the hub endpoints only
    settings.MOTCUA_PROVINCE = PROVINCE
    settings.MOTCUA_OUTBOX_HANDLERS = {
        "log": "motcua.outbox.handlers.log_handle",
        "hub": "motcua.sync.client.hub_handle",
    }
    settings.MOTCUA_DOSSIER_EVENT_DESTINATIONS = ["hub"]
    settings.MOTCUA_HUB_URL = live_server.url
    settings.MOTCUA_HUB_TIMEOUT_S = 10.0
    _, settings.MOTCUA_HUB_SECRET = credential_create(province=PROVINCE)
    return build_world()


def drain(destination: str = "hub"):
    from motcua.outbox.services import outbox_drain

    return outbox_drain(
        destination=destination, worker_id="test", budget_s=30.0, schedule_next=False
    )


def make_dossiers(world, count: int, *, start_day: int = 2) -> list:
    """`count` province dossiers received at the counter, half of them assigned."""
    from motcua.dossiers.services.intake import DocumentInput, dossier_receive_at_counter
    from motcua.dossiers.services.processing import dossier_assign
    from motcua.dossiers.tests.factories import XRAY_FORM, at, citizen_applicant

    dossiers = []
    for index in range(count):
        dossier = dossier_receive_at_counter(
            procedure=world.xray,
            receiving_agency=world.province_center,
            applicant=citizen_applicant(),
            form_data=XRAY_FORM,
            documents=[
                DocumentInput("TP1", paper_received=True),
                DocumentInput("TP2", paper_received=True),
            ],
            by=world.users["center_receiver"],
            now=at(2026, 3, start_day + index % 3, 9),
        )
        if index % 2:
            dossier = dossier_assign(
                dossier=dossier,
                by=world.users["dost_leader"],
                assignee=world.users["dost_specialist"],
                now=at(2026, 3, 6, 9),
            )
        dossiers.append(dossier)
    return dossiers


@pytest.fixture
def world(db, settings, tmp_path):
    from motcua.dossiers.tests.factories import build_world

    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_world()
