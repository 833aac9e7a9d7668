from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.IntegerChoices):
    """National status codes `TrangThaiHoSo` 1–10 of the National Public Service Portal."""

    SUBMITTED = 1, _("Mới đăng ký")
    RECEIVED = 2, _("Được tiếp nhận")
    REFUSED = 3, _("Không được tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT_REQUESTED = 5, _("Yêu cầu bổ sung giấy tờ")
    FINANCIAL_OBLIGATION = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWAL_REQUESTED = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    RESULT_READY = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


class ProcessingStep(models.TextChoices):
    """Where a dossier in processing (status 4) stands in the procedure's internal steps."""

    NONE = "", _("—")
    ASSIGNED = "assigned", _("Đã phân công thụ lý")
    APPRAISED = "appraised", _("Đã thẩm định")
    APPROVED = "approved", _("Đã phê duyệt")


class Channel(models.IntegerChoices):
    """`KenhThucHien`: how the dossier was submitted."""

    COUNTER = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POSTAL = 3, _("Qua bưu chính công ích")


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    ORGANIZATION = "organization", _("Tổ chức, doanh nghiệp")


class Action(models.TextChoices):
    """Everything that can happen to a dossier; each writes one `DossierEvent`."""

    SUBMIT = "submit", _("Nộp hồ sơ trực tuyến")
    RECEIVE = "receive", _("Tiếp nhận hồ sơ")
    REFUSE = "refuse", _("Từ chối tiếp nhận")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung, hoàn thiện hồ sơ")
    SUPPLEMENT = "supplement", _("Nhận hồ sơ bổ sung")
    ASSIGN = "assign", _("Phân công thụ lý")
    APPRAISE = "appraise", _("Thẩm định")
    APPROVE = "approve", _("Phê duyệt")
    SIGN = "sign", _("Ký số, ban hành kết quả")
    REQUEST_PAYMENT = "request_payment", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    CONFIRM_PAYMENT = "confirm_payment", _("Xác nhận đã thực hiện nghĩa vụ tài chính")
    EXTEND = "extend", _("Gia hạn (phiếu xin lỗi)")
    TRANSFER = "transfer", _("Chuyển xử lý")
    REQUEST_WITHDRAWAL = "request_withdrawal", _("Công dân yêu cầu rút hồ sơ")
    STOP = "stop", _("Dừng xử lý")
    RETURN_RESULT = "return_result", _("Trả kết quả")
