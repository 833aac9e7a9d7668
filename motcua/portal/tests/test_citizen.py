"""After submitting: tracking without personal data, "Hồ sơ của tôi", e-mail on every status
change, rating only after the result, feedback, and sandbox payment marking `paid_online`."""

from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from motcua.dossiers.models import Dossier
from motcua.dossiers.services.intake import DocumentInput, dossier_submit_online
from motcua.dossiers.services.processing import dossier_receive, dossier_refuse
from motcua.dossiers.tests.factories import PDF_BYTES, citizen_applicant
from motcua.feedback.models import Feedback, Rating, RatingEvent
from motcua.outbox.services import outbox_dispatch
from motcua.portal.models import NotificationSent, Payment
from motcua.portal.tests.factories import CITIZEN_NAME, EARLIER_RESULT, earlier_result


def submitted(world, *, applicant=None) -> Dossier:
    earlier_result(world)
    return dossier_submit_online(
        procedure=world.reissue,
        receiving_agency=world.province_center,
        applicant=applicant or citizen_applicant(name=CITIZEN_NAME),
        form_data={"full_name": CITIZEN_NAME, "personal_id": "033090001234", "reason": "Bị mất"},
        documents=[
            DocumentInput("TP1", "don.pdf", PDF_BYTES),
            DocumentInput("TP2", reused_from=EARLIER_RESULT),
        ],
        by=world.users["citizen"],
    )


# --- Tracking --------------------------------------------------------------------------------


def test_tracking_needs_the_last_four_digits_and_shows_no_personal_data(client, world):
    cache.clear()
    dossier = submitted(world)
    dossier_receive(dossier=dossier, by=world.users["center_receiver"])
    page = client.get(reverse("portal:tracking"), {"ma": dossier.code}).content.decode()
    assert f'value="{dossier.code}"' in page and "Được tiếp nhận" not in page

    wrong = client.post(reverse("portal:tracking"), {"ma": dossier.code, "so": "0000"})
    assert "Không tìm thấy hồ sơ" in wrong.content.decode()
    assert "Được tiếp nhận" not in wrong.content.decode()

    for digits in ("1234", "5678"):  # last digits of the personal ID, then of the phone
        page = client.post(
            reverse("portal:tracking"), {"ma": dossier.code, "so": digits}
        ).content.decode()
        assert "Được tiếp nhận" in page and world.reissue.name in page
        for personal in (CITIZEN_NAME, "033090001234", "0912345678", "anh@example.vn", "Phố Hiến,"):
            assert personal not in page


def test_the_slip_qr_address_without_slash_reaches_tracking(client, world):
    response = client.get("/tra-cuu", {"ma": "H31.12-260302-0001"})
    assert response.status_code == 301 and response["Location"].startswith("/tra-cuu/?ma=")


def test_tracking_is_throttled_after_many_wrong_guesses(client, world):
    cache.clear()
    dossier = submitted(world)
    for n in range(20):
        client.post(reverse("portal:tracking"), {"ma": dossier.code, "so": f"{n:04d}"})
    response = client.post(reverse("portal:tracking"), {"ma": dossier.code, "so": "1234"})
    assert response.status_code == 429 and "quá nhiều lần" in response.content.decode()
    cache.clear()


# --- My dossiers -----------------------------------------------------------------------------


def test_my_dossiers_lists_only_mine_with_the_timeline(client, world):
    dossier = submitted(world)
    dossier_receive(dossier=dossier, by=world.users["center_receiver"])
    client.force_login(world.users["citizen"])
    assert dossier.code in client.get(reverse("portal:my_dossiers")).content.decode()
    page = client.get(reverse("portal:my_dossier", args=[dossier.code])).content.decode()
    assert "Nộp hồ sơ trực tuyến" in page and "Tiếp nhận hồ sơ" in page
    assert f"dùng lại kết quả {EARLIER_RESULT}" in page
    client.force_login(world.users["other_citizen"])
    assert dossier.code not in client.get(reverse("portal:my_dossiers")).content.decode()
    assert client.get(reverse("portal:my_dossier", args=[dossier.code])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, world):
    for url in (reverse("portal:my_dossiers"), reverse("portal:feedback")):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


# --- Notifications ---------------------------------------------------------------------------


def test_an_email_goes_out_on_every_status_change_once(world, settings, mailoutbox):
    settings.MOTCUA_OUTBOX_HANDLERS = {
        "log": "motcua.outbox.handlers.log_handle",
        "notifications": "motcua.portal.notifications.notifications_handle",
    }
    settings.MOTCUA_DOSSIER_EVENT_DESTINATIONS = ["log", "notifications"]
    dossier = submitted(world)
    dossier_receive(dossier=dossier, by=world.users["center_receiver"])
    report = outbox_dispatch(destination="notifications", worker_id="test")
    assert report.delivered >= 1
    outbox_dispatch(destination="notifications", worker_id="test")
    mine = [m for m in mailoutbox if dossier.code in m.subject]
    subjects = [m.subject for m in mine]
    assert subjects == [
        f"[Một cửa điện tử] Hồ sơ {dossier.code}: Mới đăng ký",
        f"[Một cửa điện tử] Hồ sơ {dossier.code}: Được tiếp nhận",
    ]
    assert mine[0].to == ["anh@example.vn"]
    assert f"/tra-cuu/?ma={dossier.code}" in mine[1].body
    sent = NotificationSent.objects.count()  # the earlier result's counter reception too
    assert sent == len(mail.outbox) == 3
    # Handed over again (a crash before the outcome was recorded): not mailed twice.
    from motcua.outbox.models import OutboxMessage
    from motcua.portal.notifications import notifications_handle

    again = list(OutboxMessage.objects.filter(destination="notifications"))
    notifications_handle(again)
    assert len(mail.outbox) == sent
    # A worker thread left in English by its last request still writes Vietnamese mails.
    NotificationSent.objects.all().delete()
    received = [
        m for m in again if m.payload.get("code") == dossier.code and m.payload["status"] == 2
    ]
    with translation.override("en"):
        notifications_handle(received)
    assert mail.outbox[-1].subject.endswith(": Được tiếp nhận")
    assert "Được tiếp nhận" in mail.outbox[-1].body and translation.get_language() != "en"


def test_a_refusal_is_mailed_with_its_reason(world, settings, mailoutbox):
    settings.MOTCUA_OUTBOX_HANDLERS = {
        "log": "motcua.outbox.handlers.log_handle",
        "notifications": "motcua.portal.notifications.notifications_handle",
    }
    settings.MOTCUA_DOSSIER_EVENT_DESTINATIONS = ["notifications"]
    dossier = submitted(world)
    dossier_refuse(
        dossier=dossier, by=world.users["center_receiver"], reason="Ảnh mờ, không đọc được"
    )
    outbox_dispatch(destination="notifications", worker_id="t")
    outbox_dispatch(destination="notifications", worker_id="t")
    assert "Không được tiếp nhận" in mailoutbox[-1].subject
    assert "Ảnh mờ, không đọc được" in mailoutbox[-1].body


# --- Rating ----------------------------------------------------------------------------------


def test_rating_only_after_the_result(client, world):
    dossier = submitted(world)
    client.force_login(world.users["citizen"])
    url = reverse("portal:rate", args=[dossier.code])
    response = client.post(url, {"score": "5"})
    assert response.status_code == 409 and "Chỉ đánh giá được khi hồ sơ đã có kết quả" in (
        response.content.decode()
    )
    assert not Rating.objects.exists() and not RatingEvent.objects.exists()
    assert (
        "Đánh giá mức độ hài lòng"
        not in client.get(reverse("portal:my_dossier", args=[dossier.code])).content.decode()
    )

    Dossier.objects.filter(pk=dossier.pk).update(status=9, result_code="KQ-1")
    assert (
        "Đánh giá mức độ hài lòng"
        in client.get(reverse("portal:my_dossier", args=[dossier.code])).content.decode()
    )
    assert client.post(url, {"score": "4", "comment": "Nhanh"}).status_code == 302
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.score, rating.comment) == (4, "Nhanh")
    # Rating again replaces the score; both stay in the rating's history, a refused one doesn't.
    assert client.post(url, {"score": "9"}).status_code == 422
    assert client.post(url, {"score": "2", "comment": "Trả kết quả chậm"}).status_code == 302
    rating.refresh_from_db()
    assert (rating.score, rating.revision) == (2, 2)
    assert [
        (e.revision, e.score, e.comment, e.actor) for e in RatingEvent.objects.filter(rating=rating)
    ] == [
        (1, 4, "Nhanh", world.users["citizen"]),
        (2, 2, "Trả kết quả chậm", world.users["citizen"]),
    ]


def test_someone_else_cannot_rate_my_dossier(client, world):
    dossier = submitted(world)
    Dossier.objects.filter(pk=dossier.pk).update(status=9)
    client.force_login(world.users["other_citizen"])
    assert (
        client.post(reverse("portal:rate", args=[dossier.code]), {"score": "1"}).status_code == 404
    )
    assert not Rating.objects.exists()


# --- Feedback --------------------------------------------------------------------------------


def test_feedback_about_a_dossier(client, world):
    dossier = submitted(world)
    client.force_login(world.users["citizen"])
    page = client.get(reverse("portal:feedback"), {"ho_so": dossier.code}).content.decode()
    assert f'value="{dossier.code}" selected' in page
    short = client.post(
        reverse("portal:feedback"),
        {"kind": "reflection", "dossier": dossier.code, "content": "Chậm"},
    )
    assert short.status_code == 422 and "ít nhất 10 ký tự" in short.content.decode()
    assert not Feedback.objects.exists()
    response = client.post(
        reverse("portal:feedback"),
        {
            "kind": "recommendation",
            "dossier": dossier.code,
            "content": "Đề nghị trả kết quả qua bưu điện.",
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.dossier == dossier and feedback.status == "pending" and feedback.received_at
    # About a dossier: the dossier's handling agency handles it (docs/feedback.md).
    assert feedback.agency == dossier.handling_agency
    assert response["Location"] == reverse("portal:my_feedback", args=[feedback.pk])


# --- Payment ---------------------------------------------------------------------------------


def test_sandbox_payment_marks_the_dossier_paid_online(client, world):
    dossier = submitted(world)
    client.force_login(world.users["citizen"])
    response = client.post(reverse("portal:pay", args=[dossier.code]))
    payment = Payment.objects.get(dossier=dossier)
    assert response["Location"] == reverse("portal:payment_sandbox", args=[payment.provider_ref])
    assert payment.amount == 100000 and payment.status == "pending"
    # A forged answer (no valid signature) changes nothing.
    forged = client.get(
        reverse("portal:payment_return", args=[payment.provider_ref]),
        {"outcome": "paid", "signature": "forged"},
    )
    assert forged.status_code == 302
    dossier.refresh_from_db()
    assert dossier.paid_online == 0
    client.post(reverse("portal:payment_sandbox", args=[payment.provider_ref]), {"outcome": "paid"})
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert payment.status == "paid" and payment.paid_at is not None
    assert dossier.paid_online == 2  # DuocThanhToanTrucTuyen: the province's gateway
    again = client.post(reverse("portal:pay", args=[dossier.code]))
    assert again.status_code == 302 and Payment.objects.count() == 1


def test_only_finished_results_of_the_accepted_procedures_are_offered(world):
    """The store offers a result once the dossier is finished with a result code, only to its
    owner, and only for requirements that accept that procedure's result."""
    from motcua.portal.selectors import reusable_results

    def offered(codes, personal_id="033090001234"):
        found = reusable_results(personal_id=personal_id, procedure_codes=codes)
        return [r.code for r in found]

    dossier = submitted(world)  # also makes EARLIER_RESULT (1.004451)
    assert offered(["1.004451"]) == [EARLIER_RESULT]
    assert offered(["1.014761"]) == []  # submitted, not finished
    Dossier.objects.filter(pk=dossier.pk).update(status=9, result_code="KQ-REISSUE")
    assert offered(["1.014761"]) == ["KQ-REISSUE"]
    assert offered(["1.014761"], personal_id="034195006789") == []
    assert offered([]) == []
