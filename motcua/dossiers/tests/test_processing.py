"""Processing after intake: every change goes through the workflow table, writes one history
row and one outbox row, and refuses what the law or the role does not allow."""

import pytest

from motcua.core.errors import ApplicationError
from motcua.documents.models import Result
from motcua.documents.services.verify import result_verify
from motcua.dossiers.constants import Action
from motcua.dossiers.constants import DossierStatus as S
from motcua.dossiers.constants import ProcessingStep as Step
from motcua.dossiers.models import Apology, DossierEvent, Supplement
from motcua.dossiers.services.intake import (
    DocumentInput,
    dossier_receive_at_counter,
    dossier_submit_online,
)
from motcua.dossiers.services.processing import (
    dossier_advance,
    dossier_assign,
    dossier_extend,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_stop,
    dossier_supplement,
    dossier_transfer,
)
from motcua.dossiers.tests.factories import (
    PDF_BYTES,
    XRAY_FORM,
    at,
    citizen_applicant,
    xray_documents,
)
from motcua.outbox.models import OutboxMessage


@pytest.fixture
def received(world):
    return dossier_receive_at_counter(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=xray_documents(),
        by=world.users["center_receiver"],
        now=at(2026, 3, 2, 9),
    )


def test_full_life_from_reception_to_return(world, received):
    u = world.users
    d = dossier_assign(
        dossier=received, by=u["dost_leader"], assignee=u["dost_specialist"], now=at(2026, 3, 3, 9)
    )
    assert (d.status, d.step, d.assignee) == (S.PROCESSING, Step.ASSIGNED, u["dost_specialist"])
    d = dossier_advance(
        dossier=d, action=Action.APPRAISE, by=u["dost_specialist"], now=at(2026, 3, 5, 9)
    )
    d = dossier_advance(
        dossier=d, action=Action.APPROVE, by=u["dost_leader"], now=at(2026, 3, 9, 9)
    )
    d = dossier_advance(dossier=d, action=Action.SIGN, by=u["dost_signer"], now=at(2026, 3, 10, 9))
    assert d.status == S.RESULT_READY and d.finished_at == at(2026, 3, 10, 9) and d.result_code
    d = dossier_advance(
        dossier=d, action=Action.RETURN_RESULT, by=u["center_receiver"], now=at(2026, 3, 11, 9)
    )
    assert d.status == S.RETURNED and d.returned_at == at(2026, 3, 11, 9)
    events = list(DossierEvent.objects.filter(dossier=d).values_list("seq", "action", "to_status"))
    assert events == [
        (1, "receive", 2),
        (2, "assign", 4),
        (3, "appraise", 4),
        (4, "approve", 4),
        (5, "sign", 9),
        (6, "return_result", 10),
    ]
    # Signing issued a PAdES-signed result in the owner's repository that verifies as valid,
    # and the result_ready event carries its number and link (766 group 4).
    result = Result.objects.get(dossier_code=d.code)
    assert (d.result_code, result.owner_personal_id) == (result.number, "033090001234")
    result.pdf.open("rb")
    assert result_verify(pdf_bytes=result.pdf.read()).fault is None
    sign_event = OutboxMessage.objects.get(key=d.code, destination="log", payload__event_seq=5)
    assert sign_event.payload["result_code"] == result.number
    assert sign_event.payload["result_url"].endswith(f"/xac-minh/{result.number}/")
    # One outbox row per event, in order, keyed by the dossier code.
    assert list(
        OutboxMessage.objects.filter(key=d.code, destination="log")
        .order_by("sequence")
        .values_list("payload__event_seq", flat=True)
    ) == [1, 2, 3, 4, 5, 6]


def test_supplement_pauses_the_clock_and_resumes_with_the_time_left(world, received):
    u = world.users
    assert received.due_at == at(2026, 3, 16, 9)  # 10 WD from Mon 02/03 09:00
    d = dossier_assign(
        dossier=received, by=u["dost_leader"], assignee=u["dost_specialist"], now=at(2026, 3, 3, 9)
    )
    d = dossier_request_supplement(
        dossier=d,
        by=u["dost_specialist"],
        items=["Bản vẽ bố trí phòng X-quang", "Chứng chỉ nhân viên bức xạ còn hiệu lực"],
        reason="Thiếu tài liệu thẩm định",
        now=at(2026, 3, 4, 9),
    )
    assert (
        d.status == S.SUPPLEMENT_REQUESTED
        and d.paused_at == at(2026, 3, 4, 9)
        and d.supplement_count == 1
    )
    d = dossier_supplement(dossier=d, by=u["center_receiver"], now=at(2026, 3, 9, 9))
    assert (d.status, d.step) == (S.PROCESSING, Step.ASSIGNED)
    assert d.due_at == at(2026, 3, 19, 9)  # 8 WD were left on 04/03 → from 09/03
    supplement = Supplement.objects.get(dossier=d)
    assert supplement.returned_at == at(2026, 3, 9, 9) and supplement.due_at_after == d.due_at
    assert len(supplement.items) == 2


def test_supplement_request_must_list_items_and_reason(world, received):
    with pytest.raises(ApplicationError) as caught:
        dossier_request_supplement(
            dossier=received, by=world.users["center_receiver"], items=["  "], reason="x"
        )
    assert caught.value.status == 422
    assert DossierEvent.objects.filter(dossier=received).count() == 1


def test_extension_once_and_only_before_the_deadline(world, received):
    u = world.users
    d = dossier_extend(
        dossier=received,
        by=u["dost_leader"],
        new_due_at=at(2026, 3, 20, 17),
        reason="Cần kiểm tra thực tế cơ sở",
        now=at(2026, 3, 12, 9),
    )
    assert d.due_at == at(2026, 3, 20, 17) and d.original_due_at == at(2026, 3, 16, 9)
    assert Apology.objects.get(dossier=d).old_due_at == at(2026, 3, 16, 9)
    with pytest.raises(ApplicationError) as caught:
        dossier_extend(
            dossier=d,
            by=u["dost_leader"],
            new_due_at=at(2026, 3, 27, 17),
            reason="lần hai",
            now=at(2026, 3, 13, 9),
        )
    assert caught.value.code == "extension_not_allowed"
    assert Apology.objects.count() == 1


def test_extension_after_the_deadline_is_refused(world, received):
    with pytest.raises(ApplicationError):
        dossier_extend(
            dossier=received,
            by=world.users["dost_leader"],
            new_due_at=at(2026, 3, 20, 17),
            reason="muộn",
            now=at(2026, 3, 16, 10),
        )


def test_withdrawal_then_stop_notice(world, received):
    u = world.users
    d = dossier_advance(
        dossier=received,
        action=Action.REQUEST_WITHDRAWAL,
        by=u["center_receiver"],
        now=at(2026, 3, 3, 9),
    )
    assert d.status == S.WITHDRAWAL_REQUESTED
    d = dossier_stop(
        dossier=d, by=u["center_receiver"], reason="Công dân xin rút hồ sơ", now=at(2026, 3, 3, 10)
    )
    assert d.status == S.STOPPED and d.finished_at == at(2026, 3, 3, 10)


def test_online_dossier_reception_starts_the_clock_or_refusal_ends_it(world):
    citizen = world.users["citizen"]
    docs = [DocumentInput("TP1", "a.pdf", PDF_BYTES), DocumentInput("TP2", "b.pdf", PDF_BYTES)]
    d = dossier_submit_online(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=docs,
        by=citizen,
        now=at(2026, 3, 1, 20),
    )
    d = dossier_receive(dossier=d, by=world.users["center_receiver"], now=at(2026, 3, 2, 8))
    assert d.status == S.RECEIVED and d.due_at == at(2026, 3, 16, 8)
    other = dossier_submit_online(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=docs,
        by=citizen,
        now=at(2026, 3, 1, 20),
    )
    with pytest.raises(ApplicationError):
        dossier_refuse(dossier=other, by=world.users["center_receiver"], reason="   ")
    other = dossier_refuse(
        dossier=other,
        by=world.users["center_receiver"],
        reason="Không thuộc thẩm quyền",
        now=at(2026, 3, 2, 9),
    )
    assert other.status == S.REFUSED and other.finished_at == at(2026, 3, 2, 9)


def test_transfer_between_levels_keeps_the_code_and_both_agencies(world):
    u = world.users
    d = dossier_receive_at_counter(
        procedure=world.copy_cert,
        receiving_agency=world.pho_hien_center,
        applicant=citizen_applicant(),
        form_data={},
        documents=[
            DocumentInput("TP1", paper_received=True),
            DocumentInput("TP2", paper_received=True),
        ],
        by=u["ph_receiver"],
        now=at(2026, 3, 2, 9),
    )
    code = d.code
    d = dossier_transfer(
        dossier=d,
        to_agency=world.dost,
        by=u["ph_leader"],
        reason="Thuộc thẩm quyền cấp tỉnh",
        now=at(2026, 3, 2, 10),
    )
    assert (
        d.code == code
        and d.handling_agency == world.dost
        and d.receiving_agency == world.pho_hien_center
    )
    event = d.events.get(action=Action.TRANSFER)
    assert event.agency == world.pho_hien_pc and event.to_agency == world.dost
    # The province's staff can now act on it; the commune's cannot any more.
    dossier_assign(dossier=d, by=u["dost_leader"], assignee=u["dost_specialist"])
    with pytest.raises(ApplicationError) as caught:
        dossier_advance(dossier=d, action=Action.APPRAISE, by=u["ph_specialist"])
    assert caught.value.status == 403


def test_transfer_outside_the_province_is_refused(world, received):
    with pytest.raises(ApplicationError) as caught:
        dossier_transfer(
            dossier=received, to_agency=world.ha_noi_pc, by=world.users["dost_leader"], reason="x"
        )
    assert caught.value.code == "other_province"


@pytest.mark.parametrize(
    ("username", "action"),
    [
        ("dost_specialist", Action.APPROVE),
        ("dost_receiver", Action.SIGN),
        ("monitor", Action.APPRAISE),
        ("province_admin", Action.APPRAISE),
        ("kc_leader", Action.APPRAISE),
    ],
)
def test_roles_that_may_not_act_are_refused_and_nothing_is_written(
    world, received, username, action
):
    u = world.users
    d = dossier_assign(dossier=received, by=u["dost_leader"], assignee=u["dost_specialist"])
    before = DossierEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        dossier_advance(dossier=d, action=action, by=u[username])
    assert caught.value.status == 403
    assert DossierEvent.objects.count() == before


def test_action_not_allowed_in_this_state_is_a_conflict(world, received):
    with pytest.raises(ApplicationError) as caught:
        dossier_advance(dossier=received, action=Action.SIGN, by=world.users["dost_signer"])
    assert caught.value.status == 409
    assert "Đã xử lý xong" not in caught.value.message and "Được tiếp nhận" in caught.value.message


def test_assignee_must_be_a_specialist_of_the_handling_agency(world, received):
    with pytest.raises(ApplicationError) as caught:
        dossier_assign(
            dossier=received, by=world.users["dost_leader"], assignee=world.users["kc_specialist"]
        )
    assert caught.value.code == "invalid_assignee"
