"""Intake at the counter and online: one transaction, everything validated first (NĐ 118/2025 Art. 17)."""

import pytest

from motcua.core.errors import ApplicationError
from motcua.dossiers.constants import Action, ApplicantKind, Channel, DossierStatus
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierDocument, DossierEvent
from motcua.dossiers.services.intake import (
    DocumentInput,
    dossier_receive_at_counter,
    dossier_submit_online,
)
from motcua.dossiers.tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    XRAY_FORM,
    at,
    citizen_applicant,
    xray_documents,
)
from motcua.outbox.models import OutboxMessage


def receive(world, **overrides):
    args = dict(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=xray_documents(),
        by=world.users["center_receiver"],
        now=at(2026, 2, 13, 10),
    )
    args.update(overrides)
    return dossier_receive_at_counter(**args)


def test_counter_intake_writes_dossier_history_and_outbox_in_one_go(world):
    dossier = receive(world)
    assert dossier.code == "H31.12-260213-0001"  # e-ID of the resolving agency, not the desk
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.handling_agency == world.dost
    assert dossier.receiving_agency == world.province_center
    assert dossier.received_at == at(2026, 2, 13, 10)
    assert dossier.due_at == at(2026, 3, 6, 10)  # 10 WD: 23–27/02 and 2–6/03, Tết 16–20/02 skipped
    assert dossier.fee_total_vnd == 1_000_000
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.seq, event.action, event.to_status) == (1, Action.RECEIVE, DossierStatus.RECEIVED)
    message = OutboxMessage.objects.get(key=dossier.code, destination="log")
    assert message.payload["status"] == 2 and message.payload["handling_agency"] == "H31.12"
    uploaded = DossierDocument.objects.get(dossier=dossier, requirement_code="TP1")
    assert uploaded.content_type == "application/pdf" and uploaded.digitized
    assert uploaded.file.name.endswith(f"{uploaded.sha256}.pdf")
    assert DossierDocument.objects.get(dossier=dossier, requirement_code="TP2").paper_received


def test_codes_count_per_agency_and_day(world):
    first = receive(world)
    second = receive(world)
    next_day = receive(world, now=at(2026, 2, 23, 8))
    assert [first.code[-4:], second.code[-4:]] == ["0001", "0002"]
    assert next_day.code == "H31.12-260223-0001"


def _assert_nothing_stored():
    assert Dossier.objects.count() == 0
    assert DossierDocument.objects.count() == 0
    assert DossierEvent.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert not DossierCodeCounter.objects.filter(last__gt=0).exists()


BAD_INPUT = [
    (
        "11 digits",
        dict(applicant=citizen_applicant(personal_id="03309000123")),
        "applicant.personal_id",
    ),
    (
        "impossible century digit",
        dict(applicant=citizen_applicant(personal_id="033790001234")),
        "applicant.personal_id",
    ),
    (
        "unknown province prefix",
        dict(applicant=citizen_applicant(personal_id="003090001234")),
        "applicant.personal_id",
    ),
    (
        "tax code with a wrong check digit",
        dict(
            applicant=citizen_applicant(
                kind=ApplicantKind.ORGANIZATION, personal_id="", tax_code="0100109107"
            )
        ),
        "applicant.tax_code",
    ),
    (
        "form: required field missing",
        dict(form_data={"organization_name": "BV"}),
        "form_data.device_count",
    ),
    (
        "form: below minimum",
        dict(form_data={**XRAY_FORM, "device_count": 0}),
        "form_data.device_count",
    ),
    (
        "form: wrong type",
        dict(form_data={**XRAY_FORM, "device_count": "hai"}),
        "form_data.device_count",
    ),
    (
        "missing required document",
        dict(documents=[DocumentInput("TP1", "a.pdf", PDF_BYTES)]),
        "documents.TP2",
    ),
    (
        "a text file named .pdf",
        dict(
            documents=[
                DocumentInput("TP1", "a.pdf", b"hello, not a pdf"),
                DocumentInput("TP2", paper_received=True),
            ]
        ),
        "documents[0].file",
    ),
    (
        "a truncated PDF",
        dict(
            documents=[
                DocumentInput("TP1", "a.pdf", b"%PDF-1.4\n1 0 obj"),
                DocumentInput("TP2", paper_received=True),
            ]
        ),
        "documents[0].file",
    ),
    (
        "a file over 10 MB",
        dict(
            documents=[
                DocumentInput(
                    "TP1", "a.png", PNG_BYTES[:-12] + b"\x00" * (10 * 1024 * 1024) + PNG_BYTES[-12:]
                ),
                DocumentInput("TP2", paper_received=True),
            ]
        ),
        "documents[0].file",
    ),
    (
        "unknown requirement",
        dict(documents=[*xray_documents(), DocumentInput("TP9", paper_received=True)]),
        "documents[2].requirement_code",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "path"), [c[1:] for c in BAD_INPUT], ids=[c[0] for c in BAD_INPUT]
)
def test_bad_input_is_refused_with_a_vietnamese_message_per_field_and_nothing_stored(
    world, overrides, path
):
    with pytest.raises(ApplicationError) as caught:
        receive(world, **overrides)
    error = caught.value
    assert error.status == 422 and error.code == "dossier_invalid"
    paths = [d.path for d in error.details]
    assert path in paths
    detail = next(d for d in error.details if d.path == path)
    assert detail.message and detail.message_en and detail.message != detail.message_en
    _assert_nothing_stored()


def test_every_problem_is_listed_at_once(world):
    with pytest.raises(ApplicationError) as caught:
        receive(world, applicant=citizen_applicant(personal_id="123"), form_data={}, documents=[])
    paths = {d.path for d in caught.value.details}
    assert {
        "applicant.personal_id",
        "form_data.organization_name",
        "form_data.device_count",
        "documents.TP1",
        "documents.TP2",
    } <= paths


def test_online_submission_waits_for_reception_and_must_match_the_logged_in_citizen(world):
    citizen = world.users["citizen"]
    with pytest.raises(ApplicationError) as caught:
        dossier_submit_online(
            procedure=world.xray,
            receiving_agency=world.province_center,
            applicant=citizen_applicant(personal_id="034195006789"),
            form_data=XRAY_FORM,
            documents=[
                DocumentInput("TP1", "a.pdf", PDF_BYTES),
                DocumentInput("TP2", "b.pdf", PDF_BYTES),
            ],
            by=citizen,
        )
    assert caught.value.details[0].path == "applicant.personal_id"
    _assert_nothing_stored()

    dossier = dossier_submit_online(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=[
            DocumentInput("TP1", "a.pdf", PDF_BYTES),
            DocumentInput("TP2", "b.pdf", PDF_BYTES),
        ],
        by=citizen,
        identity_verified=True,
        now=at(2026, 3, 2, 9),
    )
    assert dossier.status == DossierStatus.SUBMITTED and dossier.channel == Channel.ONLINE
    assert dossier.due_at is None and dossier.identity_verified
    assert dossier.applicant_user == citizen


def test_online_dossier_cannot_use_paper(world):
    with pytest.raises(ApplicationError) as caught:
        dossier_submit_online(
            procedure=world.xray,
            receiving_agency=world.province_center,
            applicant=citizen_applicant(),
            form_data=XRAY_FORM,
            documents=xray_documents(),
            by=world.users["citizen"],
        )
    assert "documents[1].file" in [d.path for d in caught.value.details]


def test_boundary_free_commune_procedure_is_routed_to_the_applicants_commune(world):
    # Received at Khoái Châu's center for a resident of Phố Hiến: Phố Hiến's People's Committee decides.
    dossier = dossier_receive_at_counter(
        procedure=world.copy_cert,
        receiving_agency=world.khoai_chau_center,
        applicant=citizen_applicant(unit_code="11953"),
        form_data={},
        documents=[
            DocumentInput("TP1", paper_received=True),
            DocumentInput("TP2", paper_received=True),
        ],
        by=world.users["kc_receiver"],
        now=at(2026, 3, 2, 15, 30),
    )
    assert dossier.receiving_agency == world.khoai_chau_center
    assert dossier.handling_agency == world.pho_hien_pc
    assert dossier.code.startswith("H31.50.001-260302-")
    assert dossier.due_at == at(2026, 3, 3, 17)  # same-day procedure received after 15:00
    event = dossier.events.get()
    assert event.agency == world.khoai_chau_center and event.data["handling_agency"] == "H31.50.001"


def test_procedure_that_is_not_boundary_free_must_be_received_at_its_level(world):
    with pytest.raises(ApplicationError) as caught:
        dossier_receive_at_counter(
            procedure=world.service_reg,
            receiving_agency=world.khoai_chau_center,
            applicant=citizen_applicant(
                kind=ApplicantKind.ORGANIZATION,
                personal_id="",
                tax_code="0100109106",
                name="Công ty TNHH Kiểm xạ",
            ),
            form_data={},
            documents=[],
            by=world.users["kc_receiver"],
        )
    assert "receiving_agency" in [d.path for d in caught.value.details]
    _assert_nothing_stored()


def test_applicant_from_another_province_is_refused(world):
    with pytest.raises(ApplicationError) as caught:
        receive(world, applicant=citizen_applicant(unit_code="00004"))
    assert "applicant.unit_code" in [d.path for d in caught.value.details]
