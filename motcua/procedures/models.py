"""The procedure catalog (danh mục thủ tục hành chính): tables only, rules live in services.

Mirrors the national database of administrative procedures (CSDLQG về TTHC) as exchanged in
shared/spec/catalog-format.md. Text is stored in NFC; `search_text` holds the accent-folded
words used by search and is written only by the services and the importer.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from motcua.agencies.constants import AgencyKind
from motcua.core.models import BaseModel
from motcua.procedures.constants import (
    CODE_MAX_LENGTH,
    FIELD_CODE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PROCEDURE_CODE_PATTERN,
    REQUIREMENT_CODE_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    DelegationKind,
    OnlineLevel,
    ProcedureLevel,
    StepActor,
    TimeUnit,
)

procedure_code_validator = RegexValidator(
    PROCEDURE_CODE_PATTERN,
    message="Mã thủ tục chỉ gồm chữ số và dấu chấm, ví dụ 1.004447.",
)


def half_step_validator(value: Decimal) -> None:
    if value is not None and (value * 2) % 1 != 0:
        raise ValidationError("Giá trị phải là bội số của 0,5.")


class Field(BaseModel):
    """Lĩnh vực: a subject area of procedures within a sector (ngành)."""

    code = models.CharField(
        "mã lĩnh vực",
        max_length=FIELD_CODE_MAX_LENGTH,
        unique=True,
        help_text="Mã lĩnh vực theo danh mục được công bố, ví dụ ATBX (An toàn bức xạ và hạt nhân).",
    )
    name = models.CharField("tên lĩnh vực", max_length=SHORT_TEXT_MAX_LENGTH)
    sector = models.CharField(
        "ngành",
        max_length=SHORT_TEXT_MAX_LENGTH,
        blank=True,
        help_text="Ngành quản lý lĩnh vực, ví dụ Khoa học và Công nghệ.",
    )

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Procedure(BaseModel):
    """Thủ tục hành chính as published by the province (quyết định công bố danh mục TTHC)."""

    code = models.CharField(
        "mã thủ tục",
        max_length=CODE_MAX_LENGTH,
        unique=True,
        validators=[procedure_code_validator],
        help_text="Mã TTHC trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.004447.",
    )
    name = models.CharField("tên thủ tục", max_length=NAME_MAX_LENGTH)
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name="lĩnh vực",
    )
    level = models.CharField(
        "cấp thực hiện",
        max_length=10,
        choices=ProcedureLevel.choices,
        help_text="Cấp tiếp nhận và giải quyết: cấp tỉnh hoặc cấp xã.",
    )
    subjects = models.JSONField(
        "đối tượng thực hiện",
        default=list,
        help_text="Danh sách con khác rỗng của: citizen (cá nhân), organization (tổ chức).",
    )
    handling_agency_kind = models.CharField(
        "loại cơ quan giải quyết",
        max_length=50,
        choices=AgencyKind.choices,
        help_text="Loại cơ quan trực tiếp giải quyết; dùng để định tuyến hồ sơ tới cơ quan cụ thể.",
    )
    competent_authority = models.CharField(
        "cơ quan có thẩm quyền",
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text="Cơ quan có thẩm quyền quyết định theo văn bản quy phạm pháp luật.",
    )
    delegation_kind = models.CharField(
        "hình thức phân cấp, ủy quyền",
        max_length=20,
        choices=DelegationKind.choices,
        blank=True,
        help_text="Để trống khi thẩm quyền không do phân cấp hoặc ủy quyền.",
    )
    delegation_from = models.CharField(
        "cơ quan phân cấp, ủy quyền",
        max_length=SHORT_TEXT_MAX_LENGTH,
        blank=True,
    )
    delegation_legal_basis = models.CharField(
        "căn cứ phân cấp, ủy quyền",
        max_length=SHORT_TEXT_MAX_LENGTH,
        blank=True,
        help_text="Văn bản phân cấp hoặc ủy quyền, ví dụ Nghị định số 133/2025/NĐ-CP.",
    )
    processing_time_value = models.DecimalField(
        "thời hạn giải quyết",
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), half_step_validator],
        help_text="Thời hạn theo luật, bội số của 0,5. Giá trị 0 theo ngày làm việc nghĩa là "
        "trong ngày tiếp nhận, hoặc ngày làm việc tiếp theo nếu nhận sau 15 giờ.",
    )
    processing_time_unit = models.CharField(
        "đơn vị thời hạn",
        max_length=20,
        choices=TimeUnit.choices,
        default=TimeUnit.WORKING_DAYS,
    )
    online_level = models.CharField(
        "mức độ dịch vụ công trực tuyến",
        max_length=10,
        choices=OnlineLevel.choices,
        help_text="Toàn trình, một phần, hoặc chỉ trực tiếp (NĐ 42/2022/NĐ-CP).",
    )
    boundary_free = models.BooleanField(
        "không phụ thuộc địa giới hành chính",
        default=False,
        help_text="Bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh đều được tiếp nhận.",
    )
    channels = models.JSONField(
        "cách thức thực hiện",
        default=list,
        help_text="Danh sách con của: counter (trực tiếp), online (trực tuyến), postal (bưu chính).",
    )
    form = models.JSONField(
        "mẫu đơn, tờ khai điện tử",
        null=True,
        blank=True,
        help_text="JSON Schema (2020-12) dạng object, giới hạn theo đặc tả định dạng danh mục; "
        "x-prefill chỉ thuộc tính lấy từ cơ sở dữ liệu dân cư, doanh nghiệp.",
    )
    result_name = models.CharField("kết quả thực hiện", max_length=NAME_MAX_LENGTH, blank=True)
    result_validity_months = models.PositiveIntegerField(
        "thời hạn hiệu lực của kết quả (tháng)",
        null=True,
        blank=True,
        help_text="Để trống khi kết quả không có thời hạn.",
    )
    conditions = models.TextField("yêu cầu, điều kiện thực hiện", blank=True)
    procedure_text = models.TextField("trình tự thực hiện", blank=True)
    legal_bases = models.JSONField("căn cứ pháp lý", default=list, blank=True)
    keywords = models.JSONField("từ khóa", default=list, blank=True)
    search_text = models.TextField(
        "văn bản tìm kiếm",
        blank=True,
        editable=False,
        help_text="Các từ đã bỏ dấu của mã, tên, lĩnh vực, từ khóa và thành phần hồ sơ.",
    )
    is_active = models.BooleanField(
        "đang áp dụng",
        default=True,
        help_text="Thủ tục bị bãi bỏ được ẩn khỏi tra cứu nhưng giữ lại cho hồ sơ cũ.",
    )

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processing_time_value__gte=0),
                name="procedure_processing_time_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(level__in=ProcedureLevel.values), name="procedure_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(online_level__in=OnlineLevel.values),
                name="procedure_online_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(processing_time_unit__in=TimeUnit.values),
                name="procedure_time_unit_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Requirement(models.Model):
    """Thành phần hồ sơ: one document the applicant submits."""

    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name="thủ tục",
    )
    code = models.CharField(
        "mã thành phần",
        max_length=REQUIREMENT_CODE_MAX_LENGTH,
        help_text="Mã của thành phần trong thủ tục, ví dụ TP1.",
    )
    name = models.CharField("tên giấy tờ", max_length=NAME_MAX_LENGTH)
    template = models.CharField(
        "mẫu đơn, tờ khai",
        max_length=SHORT_TEXT_MAX_LENGTH,
        blank=True,
        help_text="Tên mẫu theo văn bản quy định, ví dụ Mẫu 01.",
    )
    originals = models.PositiveSmallIntegerField("số bản chính", default=1)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)
    required = models.BooleanField("bắt buộc", default=True)
    reusable_result_of = models.JSONField(
        "tái sử dụng kết quả của",
        default=list,
        blank=True,
        help_text="Mã các thủ tục mà kết quả đã ký số thay thế được giấy tờ này (NĐ 45/2020/NĐ-CP).",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["procedure", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "code"], name="requirement_code_unique_in_procedure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class ProcedureFee(models.Model):
    """Phí, lệ phí: one fee or charge collected for the procedure."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="fees", verbose_name="thủ tục"
    )
    name = models.CharField("tên phí, lệ phí", max_length=NAME_MAX_LENGTH)
    amount_vnd = models.PositiveBigIntegerField(
        "mức thu (đồng)", help_text="Số tiền bằng đồng Việt Nam; 0 khi được miễn."
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["procedure", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gte=0), name="fee_amount_non_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class ProcedureStep(models.Model):
    """Bước của quy trình nội bộ, with its share of the legal time limit."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="steps", verbose_name="thủ tục"
    )
    name = models.CharField("tên bước", max_length=SHORT_TEXT_MAX_LENGTH)
    actor = models.CharField("người thực hiện", max_length=20, choices=StepActor.choices)
    working_days = models.DecimalField(
        "thời gian (ngày làm việc)",
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), half_step_validator],
        help_text="Tổng các bước không vượt quá thời hạn giải quyết khi thời hạn tính bằng ngày "
        "làm việc.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "bước xử lý"
        verbose_name_plural = "quy trình nội bộ"
        ordering = ["procedure", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_days__gte=0), name="step_working_days_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name
