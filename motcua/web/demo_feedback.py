"""Demo PAKN (phản ánh, kiến nghị): a few in each state an officer meets, made through the
feedback services so they carry history, outbox rows and working-day deadlines, and the
dashboard shows 766 indicators 5.1–5.3. It runs once: if the province has PAKN, it does nothing.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier
from motcua.feedback.constants import FeedbackCategory
from motcua.feedback.models import Feedback
from motcua.feedback.services import (
    feedback_accept,
    feedback_answer,
    feedback_publish,
    feedback_reject,
    feedback_request_supplement,
    feedback_start,
    feedback_submit,
    feedback_vote,
)

AN, BINH, KHOI = "033090001234", "034195006789", "033202004567"


def demo_feedback_ensure(*, province_code: str, now: datetime | None = None) -> int:
    """Create the demo PAKN once; returns how many were created (0 when some exist)."""
    if Feedback.objects.filter(agency__province_code=province_code).exists():
        return 0
    now = now or timezone.now()
    dost = Agency.objects.filter(
        province_code=province_code, kind=AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY
    ).first()
    ward = Agency.objects.filter(
        province_code=province_code,
        kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
        name__contains="Phố Hiến",
    ).first()
    if dost is None or ward is None:
        return 0
    u = {user.username: user for user in User.objects.filter(username__in=[AN, BINH, KHOI])}
    staff = {
        user.username: user
        for user in User.objects.filter(
            username__in=[
                "sokhcn.tiepnhan",
                "sokhcn.chuyenvien",
                "sokhcn.lanhdao",
                "phohien.tiepnhan",
                "phohien.chuyenvien",
                "phohien.lanhdao",
            ]
        )
    }
    if len(u) < 3 or len(staff) < 6:
        return 0
    desk, specialist, leader = (
        staff["sokhcn.tiepnhan"],
        staff["sokhcn.chuyenvien"],
        staff["sokhcn.lanhdao"],
    )
    ward_specialist, ward_leader = staff["phohien.chuyenvien"], staff["phohien.lanhdao"]

    def ago(days: float) -> datetime:
        return now - timedelta(days=days)

    def submit(who, days, kind, text, agency=dost, **extra):
        return feedback_submit(
            by=u[who], kind=kind, content=text, agency=agency, now=ago(days), **extra
        )

    an_dossier = (
        Dossier.objects.filter(applicant_user=u[AN], handling_agency=dost).order_by("pk").first()
    )
    created = 0
    # 1. Just arrived at the department, waiting to be received.
    submit(AN, 1, "recommendation", "Đề nghị niêm yết rõ mức phí thẩm định cấp giấy phép X-quang.")
    created += 1
    # 2. About a dossier, waiting for five days: the 2 working days to reject are over.
    submit(
        AN,
        5,
        "reflection",
        "Đã nộp hồ sơ trực tuyến nhưng chưa nhận được thông báo tiếp nhận.",
        dossier=an_dossier,
    )
    created += 1
    # 3. Received and classified, a specialist is handling it.
    item = submit(BINH, 8, "reflection", "Thời gian chờ tại quầy một cửa của Sở quá lâu.")
    item = feedback_accept(feedback=item, by=desk, category=FeedbackCategory.PROCEDURE, now=ago(7))
    feedback_start(feedback=item, by=specialist, now=ago(6))
    created += 1
    # 4. The department asked the sender for more information.
    item = submit(
        KHOI, 6, "recommendation", "Đề nghị hướng dẫn thủ tục cấp chứng chỉ nhân viên bức xạ."
    )
    item = feedback_accept(feedback=item, by=desk, category=FeedbackCategory.POLICY, now=ago(5))
    feedback_request_supplement(
        feedback=item,
        by=specialist,
        request="Đề nghị cho biết loại thiết bị đang sử dụng.",
        now=ago(4),
    )
    created += 1
    # 5. Answered, waiting for the leader to publish.
    item = submit(
        AN, 10, "reflection", "Cán bộ tiếp nhận yêu cầu nộp thêm giấy tờ không có trong danh mục."
    )
    item = feedback_accept(feedback=item, by=desk, category=FeedbackCategory.CONDUCT, now=ago(9))
    feedback_answer(
        feedback=item,
        by=specialist,
        answer="Sở đã kiểm tra, nhắc nhở cán bộ và chỉ yêu cầu giấy tờ theo danh mục đã công bố.",
        now=ago(1),
    )
    created += 1
    # 6. Published at the ward, the sender is satisfied.
    item = submit(
        BINH,
        20,
        "recommendation",
        "Đề nghị bổ sung ghế chờ tại bộ phận một cửa phường.",
        agency=ward,
    )
    item = feedback_accept(
        feedback=item, by=ward_leader, category=FeedbackCategory.OTHER, now=ago(19)
    )
    item = feedback_answer(
        feedback=item,
        by=ward_specialist,
        answer="UBND phường đã bố trí thêm 10 ghế chờ từ tuần này. Cảm ơn Ông/Bà.",
        now=ago(15),
    )
    item = feedback_publish(feedback=item, by=ward_leader, now=ago(14))
    feedback_vote(feedback=item, by=u[BINH], satisfied=True, now=ago(13))
    created += 1
    # 7. Published, the sender is not satisfied and complained again about the result.
    item = submit(KHOI, 25, "reflection", "Kết quả thẩm định hồ sơ không nêu rõ lý do.")
    item = feedback_accept(feedback=item, by=desk, category=FeedbackCategory.PROCEDURE, now=ago(24))
    item = feedback_answer(
        feedback=item, by=leader, answer="Lý do đã ghi tại biên bản thẩm định gửi kèm.", now=ago(20)
    )
    item = feedback_publish(feedback=item, by=leader, now=ago(19))
    feedback_vote(feedback=item, by=u[KHOI], satisfied=False, now=ago(18))
    submit(KHOI, 3, "reflection", "Biên bản thẩm định vẫn chưa nêu lý do cụ thể.", repeat_of=item)
    created += 2
    # 8. Not a matter for the department: rejected.
    item = submit(AN, 12, "reflection", "Phản ánh về tiếng ồn của quán karaoke gần nhà.")
    feedback_reject(
        feedback=item,
        by=desk,
        reason="Nội dung không thuộc phạm vi giải quyết thủ tục hành chính của Sở.",
        now=ago(11),
    )
    created += 1
    return created
