"""Workspace PAKN pages (gates per role, actions, pinned query counts, errors as 4xx with
nothing written) and the citizen's portal page of a PAKN (answer, vote, supplement)."""

import time_machine
from django.urls import reverse

from motcua.dossiers.tests.factories import at
from motcua.feedback.constants import FeedbackStatus
from motcua.feedback.models import Feedback, FeedbackEvent
from motcua.feedback.services import (
    feedback_accept,
    feedback_answer,
    feedback_publish,
    feedback_request_supplement,
    feedback_submit,
)
from motcua.outbox.models import OutboxMessage

INBOX = reverse("feedback:inbox")


def _submit(world, agency, text="Nội dung phản ánh đủ dài.", dossier=None):
    return feedback_submit(
        by=world.users["citizen"], kind="reflection", content=text, agency=agency, dossier=dossier
    )


def test_inbox_per_agency_overdue_first_and_pinned_queries(
    client, world, django_assert_num_queries
):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        old = _submit(world, world.dost, "Phản ánh cũ đã quá hạn tiếp nhận.")
    with time_machine.travel(at(2026, 3, 10, 9), tick=False):
        for n in range(3):
            _submit(world, world.dost, f"Phản ánh mới số {n} về thủ tục.")
        _submit(world, world.pho_hien_pc, "Phản ánh gửi UBND phường Phố Hiến.")
        client.force_login(world.users["dost_specialist"])
        # session, user, agencies (chrome + filter), memberships (gate), count, page, counts
        with django_assert_num_queries(8):
            response = client.get(INBOX)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.item.agency_id for r in rows] == [world.dost.pk] * 4  # only its own agency
    assert rows[0].item == old and rows[0].overdue and not rows[1].overdue
    page = response.content.decode()
    assert old.reference in page and "Phản ánh gửi UBND phường" not in page
    assert "Chờ tiếp nhận: <strong>4</strong>" in page


def test_inbox_query_count_does_not_grow_with_rows(client, world, django_assert_num_queries):
    for n in range(12):
        _submit(world, world.dost, f"Phản ánh số {n} về thủ tục hành chính.")
    client.force_login(world.users["monitor"])  # province-wide: sees every agency
    with django_assert_num_queries(8):
        response = client.get(INBOX, {"status": "all"})
    assert len(response.context["rows"]) == 12


def test_inbox_refuses_non_staff(client, world):
    client.force_login(world.users["citizen"])
    response = client.get(INBOX)
    assert response.status_code == 403
    assert "Chỉ cán bộ của cơ quan" in response.content.decode()


def test_detail_gate_and_actions_by_role(client, world):
    item = _submit(world, world.dost)
    url = reverse("feedback:detail", args=[item.pk])
    for name, status in [("hanoi_receiver", 404), ("ph_receiver", 404), ("citizen", 404)]:
        client.force_login(world.users[name])
        assert client.get(url).status_code == status, name
    client.force_login(world.users["dost_receiver"])
    page = client.get(url).content.decode()
    assert "Tiếp nhận và phân loại" in page and "Từ chối tiếp nhận" in page
    assert "Công khai kết quả trả lời" not in page
    client.force_login(world.users["monitor"])
    page = client.get(url).content.decode()
    assert "Bạn không có thao tác nào" in page


def test_accept_answer_publish_through_the_pages(client, world):
    item = _submit(world, world.dost)
    client.force_login(world.users["dost_receiver"])
    response = client.post(
        reverse("feedback:act", args=[item.pk, "accept"]), {"accept-category": "procedure"}
    )
    assert response.status_code == 302
    client.force_login(world.users["dost_specialist"])
    response = client.post(
        reverse("feedback:act", args=[item.pk, "answer"]),
        {"answer-answer": "Thủ tục đã được đơn giản hóa từ tháng 4."},
    )
    assert response.status_code == 302
    client.force_login(world.users["dost_leader"])
    response = client.post(reverse("feedback:act", args=[item.pk, "publish"]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FeedbackStatus.PUBLISHED and item.category == "procedure"


def test_bad_input_is_a_422_in_vietnamese_and_writes_nothing(client, world):
    item = _submit(world, world.dost)
    before = (FeedbackEvent.objects.count(), OutboxMessage.objects.count())
    client.force_login(world.users["dost_receiver"])
    response = client.post(reverse("feedback:act", args=[item.pk, "reject"]), {"reject-reason": ""})
    assert response.status_code == 422
    assert "Thông tin nhập chưa hợp lệ" in response.content.decode()
    response = client.post(reverse("feedback:act", args=[item.pk, "publish"]))
    assert response.status_code == 403  # a receiver does not publish
    client.force_login(world.users["dost_leader"])
    response = client.post(reverse("feedback:act", args=[item.pk, "publish"]))
    assert response.status_code == 409 and "Chờ tiếp nhận" in response.content.decode()
    assert client.post(reverse("feedback:act", args=[item.pk, "vote"])).status_code == 404
    item.refresh_from_db()
    assert item.status == FeedbackStatus.PENDING
    assert (FeedbackEvent.objects.count(), OutboxMessage.objects.count()) == before


def test_transfer_through_the_page_leaves_the_inbox(client, world):
    item = _submit(world, world.dost)
    client.force_login(world.users["dost_receiver"])
    response = client.post(
        reverse("feedback:act", args=[item.pk, "transfer"]),
        {"transfer-to_agency": world.pho_hien_pc.pk, "transfer-reason": "Thuộc thẩm quyền xã."},
    )
    assert response.status_code == 302 and response["Location"] == INBOX
    assert client.get(reverse("feedback:detail", args=[item.pk])).status_code == 404
    client.force_login(world.users["ph_receiver"])  # the commune's one-stop desk? not its PC
    assert client.get(reverse("feedback:detail", args=[item.pk])).status_code == 404
    client.force_login(world.users["ph_leader"])
    assert client.get(reverse("feedback:detail", args=[item.pk])).status_code == 200


def test_workspace_navigation_links_the_inbox(client, world):
    client.force_login(world.users["dost_receiver"])
    page = client.get(reverse("dossiers:inbox")).content.decode()
    assert f'href="{INBOX}"' in page


# --- The citizen's portal page -----------------------------------------------------------------


def test_citizen_sends_sees_the_answer_and_votes(client, world, dossier):
    client.force_login(world.users["citizen"])
    response = client.post(
        reverse("portal:feedback"),
        {"kind": "reflection", "dossier": dossier.code, "content": "Cán bộ hẹn trả sai ngày."},
    )
    item = Feedback.objects.get()
    assert response["Location"] == reverse("portal:my_feedback", args=[item.pk])
    page = client.get(reverse("portal:my_dossiers")).content.decode()
    assert item.reference in page
    item = feedback_accept(feedback=item, by=world.users["dost_receiver"], category="conduct")
    item = feedback_answer(
        feedback=item, by=world.users["dost_specialist"], answer="Đã chấn chỉnh, xin lỗi Ông/Bà."
    )
    url = reverse("portal:my_feedback", args=[item.pk])
    assert "Đã chấn chỉnh" not in client.get(url).content.decode()  # not yet published
    feedback_publish(feedback=item, by=world.users["dost_leader"])
    page = client.get(url).content.decode()
    assert "Đã chấn chỉnh" in page and "Không hài lòng" in page
    response = client.post(reverse("portal:my_feedback_vote", args=[item.pk]), {"satisfied": "0"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.likes, item.dislikes) == (0, 1)
    assert client.post(reverse("portal:my_feedback_vote", args=[item.pk]), {}).status_code == 422
    client.force_login(world.users["other_citizen"])
    assert client.get(url).status_code == 404


def test_citizen_answers_a_supplement_request(client, world):
    item = _submit(world, world.dost)
    item = feedback_accept(feedback=item, by=world.users["dost_receiver"], category="policy")
    feedback_request_supplement(
        feedback=item, by=world.users["dost_specialist"], request="Cho biết số hồ sơ."
    )
    client.force_login(world.users["citizen"])
    url = reverse("portal:my_feedback_supplement", args=[item.pk])
    assert (
        "Cho biết số hồ sơ."
        in client.get(reverse("portal:my_feedback", args=[item.pk])).content.decode()
    )
    assert client.post(url, {"content": ""}).status_code == 422
    assert client.post(url, {"content": "Hồ sơ H31.12-260302-0001"}).status_code == 302
    item.refresh_from_db()
    assert item.status == FeedbackStatus.PROCESSING
