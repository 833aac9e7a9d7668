from django.db import models


class DossierStatus(models.IntegerChoices):
    """National status codes `TrangThaiHoSo` 1–10 of the National Public Service Portal."""

    SUBMITTED = 1, "Mới đăng ký"
    RECEIVED = 2, "Được tiếp nhận"
    REFUSED = 3, "Không được tiếp nhận"
    PROCESSING = 4, "Đang xử lý"
    SUPPLEMENT_REQUESTED = 5, "Yêu cầu bổ sung giấy tờ"
    FINANCIAL_OBLIGATION = 6, "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWAL_REQUESTED = 7, "Công dân yêu cầu rút hồ sơ"
    STOPPED = 8, "Dừng xử lý"
    RESULT_READY = 9, "Đã xử lý xong"
    RETURNED = 10, "Đã trả kết quả"


class ProcessingStep(models.TextChoices):
    """Where a dossier in processing (status 4) stands in the procedure's internal steps."""

    NONE = "", "—"
    ASSIGNED = "assigned", "Đã phân công thụ lý"
    APPRAISED = "appraised", "Đã thẩm định"
    APPROVED = "approved", "Đã phê duyệt"


class Channel(models.IntegerChoices):
    """`KenhThucHien`: how the dossier was submitted."""

    COUNTER = 1, "Trực tiếp"
    ONLINE = 2, "Trực tuyến"
    POSTAL = 3, "Qua bưu chính công ích"


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", "Công dân"
    ORGANIZATION = "organization", "Tổ chức, doanh nghiệp"


class Action(models.TextChoices):
    """Everything that can happen to a dossier; each writes one `DossierEvent`."""

    SUBMIT = "submit", "Nộp hồ sơ trực tuyến"
    RECEIVE = "receive", "Tiếp nhận hồ sơ"
    REFUSE = "refuse", "Từ chối tiếp nhận"
    REQUEST_SUPPLEMENT = "request_supplement", "Yêu cầu bổ sung, hoàn thiện hồ sơ"
    SUPPLEMENT = "supplement", "Nhận hồ sơ bổ sung"
    ASSIGN = "assign", "Phân công thụ lý"
    APPRAISE = "appraise", "Thẩm định"
    APPROVE = "approve", "Phê duyệt"
    SIGN = "sign", "Ký số, ban hành kết quả"
    REQUEST_PAYMENT = "request_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"
    CONFIRM_PAYMENT = "confirm_payment", "Xác nhận đã thực hiện nghĩa vụ tài chính"
    EXTEND = "extend", "Gia hạn (phiếu xin lỗi)"
    TRANSFER = "transfer", "Chuyển xử lý"
    REQUEST_WITHDRAWAL = "request_withdrawal", "Công dân yêu cầu rút hồ sơ"
    STOP = "stop", "Dừng xử lý"
    RETURN_RESULT = "return_result", "Trả kết quả"
