from django.conf import settings
from django.db import models
from django.db.models import Q

from motcua.core.models import BaseModel
from motcua.dossiers.constants import (
    Action,
    ApplicantKind,
    Channel,
    DossierStatus,
    ProcessingStep,
)


class DossierCodeCounter(models.Model):
    """Daily sequence per resolving agency for dossier codes (TT 03/2025/TT-VPCP Art. 13)."""

    agency_eid = models.CharField("mã định danh cơ quan", max_length=35)
    day = models.DateField("ngày tiếp nhận")
    last = models.PositiveIntegerField("số thứ tự cuối", default=0)

    class Meta:
        verbose_name = "bộ đếm mã hồ sơ"
        verbose_name_plural = "bộ đếm mã hồ sơ"
        constraints = [
            models.UniqueConstraint(
                fields=["agency_eid", "day"], name="dossiers_counter_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_eid} {self.day:%y%m%d}: {self.last}"


class Dossier(BaseModel):
    """One administrative-procedure dossier (hồ sơ), from submission or reception to return."""

    code = models.CharField(
        "mã hồ sơ",
        max_length=64,
        unique=True,
        help_text="{mã định danh cơ quan giải quyết}-{YYMMDD}-{số thứ tự trong ngày ≥ 4 chữ số} "
        "(TT 03/2025/TT-VPCP Điều 13).",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name="thủ tục",
    )
    channel = models.PositiveSmallIntegerField("kênh nộp", choices=Channel.choices)

    applicant_kind = models.CharField(
        "loại người nộp", max_length=20, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField("tên người nộp / tổ chức", max_length=255)
    applicant_personal_id = models.CharField("số định danh cá nhân", max_length=12, blank=True)
    applicant_tax_code = models.CharField("mã số thuế", max_length=14, blank=True)
    applicant_phone = models.CharField("số điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=255, blank=True)
    applicant_unit = models.ForeignKey(
        "adminunits.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị hành chính (mới) của địa chỉ",
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name="tài khoản người nộp",
    )
    identity_verified = models.BooleanField(
        "xác thực qua định danh quốc gia",
        default=False,
        help_text="TaiKhoanDuocXacThucVoiVNeID (chỉ số 766 nhóm 4.5).",
    )

    receiving_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        verbose_name="cơ quan tiếp nhận",
    )
    handling_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="handled_dossiers",
        verbose_name="cơ quan giải quyết",
        help_text="Cơ quan có thẩm quyền giải quyết; chỉ số 766 tính cho cơ quan này.",
    )
    form_data = models.JSONField("dữ liệu tờ khai", default=dict, blank=True)

    status = models.PositiveSmallIntegerField(
        "trạng thái", choices=DossierStatus.choices, db_index=True
    )
    step = models.CharField(
        "bước xử lý", max_length=20, choices=ProcessingStep.choices, blank=True, default=""
    )
    resume_status = models.PositiveSmallIntegerField(
        "trạng thái trước khi bổ sung", choices=DossierStatus.choices, null=True, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name="người thụ lý",
    )

    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    received_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    due_at = models.DateTimeField("ngày hẹn trả", null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField("ngày hẹn trả ban đầu", null=True, blank=True)
    paused_at = models.DateTimeField(
        "tạm dừng tính thời gian từ",
        null=True,
        blank=True,
        help_text="Đang chờ công dân bổ sung: thời gian giải quyết tạm dừng.",
    )
    finished_at = models.DateTimeField("kết thúc xử lý lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)
    extension_count = models.PositiveSmallIntegerField("số lần gia hạn", default=0)

    fee_total_vnd = models.PositiveBigIntegerField("tổng phí, lệ phí", default=0)
    paid_online = models.PositiveSmallIntegerField(
        "thanh toán trực tuyến",
        default=0,
        help_text="DuocThanhToanTrucTuyen: 0 không; 1 qua Cổng DVCQG; 2 qua cổng của tỉnh.",
    )
    result_code = models.CharField("mã kết quả", max_length=64, blank=True)
    result_url = models.CharField("đường dẫn tệp kết quả", max_length=500, blank=True)
    event_count = models.PositiveIntegerField("số sự kiện", default=0)
    # Counts of the submitted components (set once at intake; components are never edited
    # afterwards). Kept here so events and the indicator rebuild read one row, not an
    # aggregate over the documents table (docs/benchmarks/indicators.md).
    documents_total = models.PositiveSmallIntegerField("số thành phần hồ sơ", default=0)
    documents_digitized = models.PositiveSmallIntegerField("số thành phần đã số hóa", default=0)
    documents_reused = models.PositiveSmallIntegerField(
        "số thành phần tái sử dụng kết quả số hóa", default=0
    )

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        indexes = [
            models.Index(fields=["handling_agency", "status", "due_at"]),
            models.Index(fields=["receiving_agency", "status", "due_at"]),
            models.Index(fields=["handling_agency", "-received_at"]),
            models.Index(fields=["applicant_personal_id"]),
            # The inbox's default view: open dossiers by due date (statuses 1, 2, 4, 5, 6, 7).
            models.Index(
                fields=["due_at"],
                condition=Q(status__in=[1, 2, 4, 5, 6, 7]),
                name="dossier_open_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(applicant_kind=ApplicantKind.CITIZEN) | ~Q(applicant_personal_id=""),
                name="dossiers_citizen_has_personal_id",
            ),
            models.CheckConstraint(
                condition=~Q(applicant_kind=ApplicantKind.ORGANIZATION) | ~Q(applicant_tax_code=""),
                name="dossiers_organization_has_tax_code",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DossierDocument(BaseModel):
    """A document submitted for one requirement: uploaded, scanned, received on paper or reused."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    requirement_code = models.CharField("mã thành phần", max_length=32)
    name = models.CharField("tên giấy tờ", max_length=500)
    file = models.FileField("tệp", upload_to="dossiers/%Y/%m/", null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    content_type = models.CharField("kiểu tệp", max_length=50, blank=True)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    paper_received = models.BooleanField("đã nhận bản giấy", default=False)
    digitized = models.BooleanField(
        "đã số hóa", default=False, help_text="DuocSoHoa: thành phần có bản điện tử."
    )
    reused_from = models.CharField(
        "tái sử dụng từ kết quả",
        max_length=64,
        blank=True,
        help_text="Mã kết quả đã ký trong kho dữ liệu điện tử được dùng thay cho bản nộp.",
    )

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["dossier_id", "id"]


class DossierEvent(models.Model):
    """Append-only history: one row per state change, written by `events.event_record` only."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField("thứ tự trong hồ sơ")
    action = models.CharField("hành động", max_length=30, choices=Action.choices)
    at = models.DateTimeField("thời điểm")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    actor_name = models.CharField("tên người thực hiện", max_length=200, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan thực hiện",
    )
    to_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chuyển đến cơ quan",
    )
    from_status = models.PositiveSmallIntegerField(
        "từ trạng thái", choices=DossierStatus.choices, null=True, blank=True
    )
    to_status = models.PositiveSmallIntegerField("sang trạng thái", choices=DossierStatus.choices)
    from_step = models.CharField("từ bước", max_length=20, blank=True)
    to_step = models.CharField("sang bước", max_length=20, blank=True)
    due_at = models.DateTimeField("hạn sau sự kiện", null=True, blank=True)
    reason = models.TextField("lý do, nội dung", blank=True)
    data = models.JSONField("dữ liệu kèm theo", default=dict, blank=True)

    class Meta:
        verbose_name = "lịch sử hồ sơ"
        verbose_name_plural = "lịch sử hồ sơ"
        ordering = ["dossier_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="dossiers_event_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"


class Supplement(models.Model):
    """A supplement request (Mẫu 02) and its return; the clock is paused in between."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    requested_at = models.DateTimeField("yêu cầu lúc")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người yêu cầu",
    )
    items = models.JSONField("các nội dung cần bổ sung", default=list)
    reason = models.TextField("lý do")
    returned_at = models.DateTimeField("công dân bổ sung lúc", null=True, blank=True)
    due_at_before = models.DateTimeField("hạn trước khi tạm dừng", null=True, blank=True)
    due_at_after = models.DateTimeField("hạn sau khi bổ sung", null=True, blank=True)

    class Meta:
        verbose_name = "yêu cầu bổ sung"
        verbose_name_plural = "yêu cầu bổ sung"
        ordering = ["dossier_id", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} @ {self.requested_at:%d/%m/%Y}"


class Apology(models.Model):
    """Apology and extension (Mẫu 04): allowed once, before the deadline."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="apology")
    created_at = models.DateTimeField("lập lúc")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người lập",
    )
    old_due_at = models.DateTimeField("ngày hẹn trả cũ")
    new_due_at = models.DateTimeField("ngày hẹn trả mới")
    reason = models.TextField("lý do chậm")

    class Meta:
        verbose_name = "phiếu xin lỗi, gia hạn"
        verbose_name_plural = "phiếu xin lỗi, gia hạn"

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.new_due_at:%d/%m/%Y}"
