"""PAKN services: routing to the competent agency, the lifecycle with its history and outbox
rows in one transaction, deadlines from the calendar, and refusals that write nothing."""

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from motcua.core.errors import ApplicationError
from motcua.dossiers.tests.factories import at
from motcua.feedback.constants import FeedbackCategory, FeedbackStatus
from motcua.feedback.models import Feedback, FeedbackEvent
from motcua.feedback.services import (
    feedback_accept,
    feedback_answer,
    feedback_publish,
    feedback_reject,
    feedback_request_supplement,
    feedback_start,
    feedback_submit,
    feedback_supplement,
    feedback_transfer,
    feedback_vote,
)
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_drain


def _outbox() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind="feedback.event").order_by("key", "sequence"))


def test_about_a_dossier_it_goes_to_the_handling_agency(world, dossier):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        item = feedback_submit(
            by=world.users["citizen"],
            kind="reflection",
            content="Chưa nhận được phiếu hẹn trả kết quả.",
            dossier=dossier,
            agency=world.khoai_chau_pc,  # ignored: the dossier decides
        )
    assert item.agency == dossier.handling_agency == world.dost
    assert item.status == FeedbackStatus.PENDING
    assert item.received_at == item.started_at == at(2026, 3, 2, 9)
    assert item.due_at == at(2026, 3, 4, 9)  # 2 working days to accept or reject
    (event,) = item.events.all()
    assert (event.seq, event.action, event.to_status) == (1, "submit", "pending")
    (message,) = _outbox()
    assert message.destination == "notifications" and message.key == item.reference
    assert message.payload["status"] == "pending"


def test_general_feedback_goes_to_the_chosen_agency(world):
    item = feedback_submit(
        by=world.users["citizen"],
        kind="recommendation",
        content="Đề nghị bố trí thêm ghế chờ tại bộ phận một cửa.",
        agency=world.pho_hien_pc,
    )
    assert item.agency == world.pho_hien_pc and item.dossier is None


@pytest.mark.parametrize(
    "arguments, path",
    [
        ({"kind": "reflection", "content": "Ngắn"}, "content"),
        ({"kind": "complaint", "content": "Nội dung đủ dài để gửi."}, "kind"),
        ({"kind": "reflection", "content": "Nội dung đủ dài để gửi."}, "agency"),  # no agency
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_writes_nothing(world, arguments, path):
    with pytest.raises(ApplicationError) as caught:
        feedback_submit(by=world.users["citizen"], **arguments)
    assert caught.value.status == 422 and caught.value.message.startswith("Phản ánh")
    assert path in {d.path for d in caught.value.details}
    assert all(d.message and d.message_en for d in caught.value.details)
    assert not Feedback.objects.exists() and not OutboxMessage.objects.exists()


def test_someone_elses_dossier_is_not_found(world, dossier):
    with pytest.raises(ApplicationError) as caught:
        feedback_submit(
            by=world.users["other_citizen"],
            kind="reflection",
            content="Nội dung đủ dài để gửi.",
            dossier=dossier,
        )
    assert caught.value.status == 404 and not Feedback.objects.exists()


def test_whole_life_history_outbox_and_deadlines(
    world, dossier, django_capture_on_commit_callbacks
):
    receiver, specialist = world.users["dost_receiver"], world.users["dost_specialist"]
    leader, citizen = world.users["dost_leader"], world.users["citizen"]
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        item = feedback_submit(
            by=citizen, kind="reflection", content="Cán bộ hẹn trả sai ngày.", dossier=dossier
        )
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        item = feedback_accept(feedback=item, by=receiver, category=FeedbackCategory.CONDUCT)
        assert item.due_at == at(2026, 3, 23, 9)  # the answer: 15 working days from 02/03
        item = feedback_request_supplement(
            feedback=item, by=specialist, request="Cho biết ngày hẹn ghi trên phiếu."
        )
    with time_machine.travel(at(2026, 3, 4, 9), tick=False):
        item = feedback_supplement(feedback=item, by=citizen, content="Phiếu ghi ngày 10/3.")
        assert item.status == FeedbackStatus.PROCESSING and item.supplement_request == ""
    with time_machine.travel(at(2026, 3, 5, 9), tick=False):
        item = feedback_answer(
            feedback=item, by=specialist, answer="Đã chấn chỉnh cán bộ, xin lỗi Ông/Bà."
        )
        assert item.due_at == at(2026, 3, 9, 9)  # publish within 2 working days
    with time_machine.travel(at(2026, 3, 6, 9), tick=False):
        item = feedback_publish(feedback=item, by=leader)
        item = feedback_vote(feedback=item, by=citizen, satisfied=False)
    assert item.status == FeedbackStatus.PUBLISHED and item.due_at is None
    assert (item.likes, item.dislikes) == (0, 1)
    assert item.first_supplement_at == at(2026, 3, 3, 9)
    actions = list(item.events.values_list("seq", "action", "to_status"))
    assert actions == [
        (1, "submit", "pending"),
        (2, "accept", "accepted"),
        (3, "request_supplement", "supplement"),
        (4, "supplement", "processing"),
        (5, "answer", "awaiting_publication"),
        (6, "publish", "published"),
        (7, "vote", "published"),
    ]
    assert [m.sequence for m in _outbox()] == [1, 2, 3, 4, 5, 6, 7]
    # The citizen is mailed on submission, reception, the request and the published answer
    # (not on internal steps), once each.
    with django_capture_on_commit_callbacks(execute=True):
        outbox_drain(destination="notifications", worker_id="test", schedule_next=False)
    subjects = [m.subject for m in mail.outbox if "Phản ánh" in m.subject]
    assert len(subjects) == 4, subjects
    assert all(item.reference in s for s in subjects)
    assert not OutboxMessage.objects.filter(kind="feedback.event", state="pending").exists()
    assert "Đã công khai" in subjects[-1] and mail.outbox[-1].to == ["anh@example.vn"]


def test_transfer_restarts_the_clock_at_the_competent_agency(world, dossier):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        item = feedback_submit(
            by=world.users["citizen"],
            kind="recommendation",
            content="Đề nghị cấp phép nhanh hơn cho bệnh viện.",
            dossier=dossier,
        )
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        item = feedback_transfer(
            feedback=item,
            by=world.users["dost_receiver"],
            to_agency=world.pho_hien_pc,
            reason="Thuộc thẩm quyền UBND phường.",
        )
    assert item.agency == world.pho_hien_pc and item.status == FeedbackStatus.PENDING
    assert item.started_at == at(2026, 3, 3, 9) and item.due_at == at(2026, 3, 5, 9)
    event = item.events.get(action="transfer")
    assert (event.agency, event.to_agency) == (world.dost, world.pho_hien_pc)
    with pytest.raises(ApplicationError) as caught:  # the old agency may no longer act
        feedback_reject(feedback=item, by=world.users["dost_receiver"], reason="Không rõ")
    assert caught.value.status == 403


def test_wrong_role_or_state_is_refused_and_nothing_is_written(world, dossier):
    item = feedback_submit(
        by=world.users["citizen"], kind="reflection", content="Nội dung đủ dài.", dossier=dossier
    )
    before = (FeedbackEvent.objects.count(), OutboxMessage.objects.count())
    with pytest.raises(ApplicationError) as caught:
        feedback_accept(feedback=item, by=world.users["dost_specialist"], category="policy")
    assert caught.value.status == 403
    with pytest.raises(ApplicationError) as caught:
        feedback_publish(feedback=item, by=world.users["dost_leader"])
    assert caught.value.status == 409 and "Chờ tiếp nhận" in caught.value.message
    with pytest.raises(ApplicationError) as caught:
        feedback_accept(feedback=item, by=world.users["dost_receiver"], category="nonsense")
    assert caught.value.status == 422 and caught.value.details[0].path == "category"
    with pytest.raises(ApplicationError) as caught:
        feedback_reject(feedback=item, by=world.users["dost_receiver"], reason="   ")
    assert caught.value.status == 422
    with pytest.raises(ApplicationError):
        feedback_start(feedback=item, by=world.users["monitor"])
    item.refresh_from_db()
    assert item.status == FeedbackStatus.PENDING and item.category == ""
    assert (FeedbackEvent.objects.count(), OutboxMessage.objects.count()) == before


def test_history_and_outbox_roll_back_with_the_change(world, dossier):
    item = feedback_submit(
        by=world.users["citizen"], kind="reflection", content="Nội dung đủ dài.", dossier=dossier
    )
    before = (FeedbackEvent.objects.count(), OutboxMessage.objects.count())
    with pytest.raises(RuntimeError), transaction.atomic():
        feedback_accept(feedback=item, by=world.users["dost_receiver"], category="policy")
        raise RuntimeError("crash after the service, before commit")
    item.refresh_from_db()
    assert item.status == FeedbackStatus.PENDING
    assert (FeedbackEvent.objects.count(), OutboxMessage.objects.count()) == before


def test_repeat_complaint_only_about_a_published_answer(world, dossier):
    citizen = world.users["citizen"]
    item = feedback_submit(
        by=citizen, kind="reflection", content="Nội dung đủ dài.", dossier=dossier
    )
    with pytest.raises(ApplicationError) as caught:
        feedback_submit(by=citizen, kind="reflection", content="Chưa đồng ý.......", repeat_of=item)
    assert caught.value.status == 422 and Feedback.objects.count() == 1
    item = feedback_accept(feedback=item, by=world.users["dost_receiver"], category="procedure")
    item = feedback_answer(feedback=item, by=world.users["dost_leader"], answer="Trả lời đầy đủ.")
    item = feedback_publish(feedback=item, by=world.users["dost_leader"])
    again = feedback_submit(
        by=citizen, kind="reflection", content="Chưa đồng ý với kết quả.", repeat_of=item
    )
    assert again.repeat_of == item and again.agency == world.dost and again.dossier == dossier


def test_a_second_request_for_information_keeps_the_first_date(world, dossier):
    # Decision 766/QĐ-TTg 5.2 judges the first request (≤ 5 working days).
    citizen, specialist = world.users["citizen"], world.users["dost_specialist"]
    item = feedback_submit(
        by=citizen,
        kind="reflection",
        content="Nội dung đủ dài.",
        now=at(2026, 3, 2),
        dossier=dossier,
    )
    item = feedback_accept(
        feedback=item, by=world.users["dost_receiver"], category="policy", now=at(2026, 3, 2, 10)
    )
    item = feedback_request_supplement(
        feedback=item, by=specialist, request="Lần một.", now=at(2026, 3, 3)
    )
    item = feedback_supplement(feedback=item, by=citizen, content="Trả lời.", now=at(2026, 3, 4))
    item = feedback_request_supplement(
        feedback=item, by=specialist, request="Lần hai.", now=at(2026, 3, 5)
    )
    assert item.first_supplement_at == at(2026, 3, 3) and item.supplement_request == "Lần hai."
