from django.db import models


class WizardStep(models.TextChoices):
    """The submission wizard, in order. The value is the step's path in the URL."""

    APPLICANT = "nguoi-nop", "Người nộp"
    FORM = "to-khai", "Tờ khai"
    DOCUMENTS = "giay-to", "Giấy tờ"
    REVIEW = "xem-lai", "Xem lại và nộp"


WIZARD_ORDER = [WizardStep.APPLICANT, WizardStep.FORM, WizardStep.DOCUMENTS, WizardStep.REVIEW]


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Chờ thanh toán"
    PAID = "paid", "Đã thanh toán"
    FAILED = "failed", "Không thành công"


# DuocThanhToanTrucTuyen (766 group 3.6): 1 via the national portal's platform, 2 via the
# ministry's or province's own gateway — the portal's providers are the province's.
PAID_ONLINE_PROVINCE_GATEWAY = 2
