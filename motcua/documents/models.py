"""Signed results, their history, the agencies' signing certificates and the trusted roots.

Tables only; every write goes through services/. A result belongs to a dossier by its code
(documents sits below dossiers and never imports it).
"""

from django.db import models
from django.db.models import Q

from motcua.core.models import BaseModel
from motcua.documents.constants import (
    CertificateKind,
    OwnerKind,
    ResultEventKind,
    ResultStatus,
    SigningRequestStatus,
    TrustSource,
)


def result_upload_to(instance: "Result", filename: str) -> str:
    return f"results/{instance.issued_at:%Y/%m}/{filename}"


class Result(BaseModel):
    """Kết quả giải quyết TTHC: a PDF signed by the issuing agency (Luật GDĐT 2023 Art. 23)."""

    number = models.CharField(
        "số kết quả",
        max_length=60,
        unique=True,
        help_text="Dạng {mã định danh cơ quan}-KQ{năm}-{số thứ tự 6 chữ số}, "
        "ví dụ H31.12-KQ2026-000001; số thứ tự tăng dần theo cơ quan và năm.",
    )
    dossier_code = models.CharField("mã hồ sơ", max_length=60, db_index=True)
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name="thủ tục hành chính",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name="cơ quan cấp",
    )
    title = models.CharField("tên kết quả", max_length=500)
    owner_kind = models.CharField("loại chủ sở hữu", max_length=20, choices=OwnerKind.choices)
    owner_name = models.CharField("tên chủ sở hữu", max_length=255)
    owner_personal_id = models.CharField(
        "số định danh cá nhân", max_length=12, blank=True, db_index=True
    )
    owner_tax_code = models.CharField("mã số thuế", max_length=14, blank=True, db_index=True)
    data = models.JSONField("dữ liệu kết quả", default=dict, blank=True)
    issued_at = models.DateTimeField("thời điểm cấp", db_index=True)
    valid_until = models.DateField("có hiệu lực đến", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=20, choices=ResultStatus.choices, default=ResultStatus.VALID
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name="được thay thế bởi",
    )
    revocation_reason = models.TextField("lý do thu hồi, thay thế", blank=True)
    pdf = models.FileField("tệp PDF đã ký", upload_to=result_upload_to)
    sha256 = models.CharField(
        "SHA-256 của tệp đã ký", max_length=64, unique=True, help_text="Chữ thường, hệ 16."
    )
    signer_fingerprint = models.CharField(
        "dấu vân tay chứng thư ký", max_length=64, help_text="SHA-256 của chứng thư (DER)."
    )
    signed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ký",
    )

    class Meta:
        verbose_name = "kết quả giải quyết"
        verbose_name_plural = "kết quả giải quyết"
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ResultStatus.values), name="documents_result_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ResultStatus.REPLACED) | Q(replaced_by__isnull=False),
                name="documents_result_replaced_has_replacement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"


class ResultEvent(BaseModel):
    """Append-only history of a result: issued, revoked, replaced."""

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="events", verbose_name="kết quả"
    )
    kind = models.CharField("sự kiện", max_length=20, choices=ResultEventKind.choices)
    at = models.DateTimeField("thời điểm")
    by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    reason = models.TextField("lý do", blank=True)
    related = models.ForeignKey(
        Result,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kết quả liên quan",
    )

    class Meta:
        verbose_name = "lịch sử kết quả"
        verbose_name_plural = "lịch sử kết quả"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.result.number}: {self.get_kind_display()}"


class ResultSequence(models.Model):
    """Last result number given by one agency in one year."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="documents_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class SigningCertificate(BaseModel):
    """An agency's signing certificate: an encrypted PKCS#12 or a key on a PKCS#11 token.

    The PKCS#12 passphrase and the token PIN never reach the database (NĐ 23/2025/NĐ-CP:
    the signer keeps sole control of the private key).
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="signing_certificates",
        verbose_name="cơ quan",
    )
    kind = models.CharField("loại", max_length=10, choices=CertificateKind.choices)
    pkcs12_sealed = models.BinaryField(
        "PKCS#12 đã mã hóa",
        null=True,
        blank=True,
        editable=False,
        help_text="Tệp PKCS#12 và mật khẩu của nó, mã hóa AES-GCM bằng khóa suy ra từ "
        "MOTCUA_SIGNING_KEY.",
    )
    token_label = models.CharField("nhãn token PKCS#11", max_length=100, blank=True)
    key_label = models.CharField("nhãn khóa PKCS#11", max_length=100, blank=True)
    key_id = models.CharField("mã khóa PKCS#11 (hệ 16)", max_length=80, blank=True)
    certificate_pem = models.TextField("chứng thư số (PEM)")
    chain_pem = models.TextField("chuỗi chứng thư trung gian (PEM)", blank=True)
    subject = models.CharField("chủ thể", max_length=500)
    issuer = models.CharField("tổ chức cấp", max_length=500, blank=True)
    serial = models.CharField("số hiệu", max_length=80, blank=True)
    fingerprint = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    not_before = models.DateTimeField("hiệu lực từ")
    not_after = models.DateTimeField("hiệu lực đến")
    is_active = models.BooleanField(
        "đang dùng để ký",
        default=True,
        help_text="Mỗi cơ quan có tối đa một chứng thư đang dùng; chứng thư cũ vẫn được "
        "nhận khi xác minh kết quả đã cấp.",
    )

    class Meta:
        verbose_name = "chứng thư ký số"
        verbose_name_plural = "chứng thư ký số"
        ordering = ["agency", "-not_after"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(is_active=True),
                name="documents_one_active_certificate_per_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.not_after:%d/%m/%Y})"


class TrustedRoot(BaseModel):
    """A root CA whose certificates are trusted when verifying results; nothing else is."""

    name = models.CharField("tên", max_length=255)
    certificate_pem = models.TextField("chứng thư gốc (PEM)")
    fingerprint = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    source = models.CharField("nguồn", max_length=20, choices=TrustSource.choices)
    is_active = models.BooleanField("đang tin cậy", default=True)

    class Meta:
        verbose_name = "chứng thư gốc tin cậy"
        verbose_name_plural = "chứng thư gốc tin cậy"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SigningRequest(BaseModel):
    """A result waiting in a signer's queue (batch signing by `sign_results`)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan"
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="+"
    )
    dossier_code = models.CharField("mã hồ sơ", max_length=60, unique=True)
    owner_kind = models.CharField(max_length=20, choices=OwnerKind.choices)
    owner_name = models.CharField(max_length=255)
    owner_personal_id = models.CharField(max_length=12, blank=True)
    owner_tax_code = models.CharField(max_length=14, blank=True)
    title = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=SigningRequestStatus.choices, default=SigningRequestStatus.PENDING
    )
    error = models.TextField(blank=True)
    result = models.OneToOneField(
        Result, on_delete=models.PROTECT, null=True, blank=True, related_name="request"
    )

    class Meta:
        verbose_name = "yêu cầu ký kết quả"
        verbose_name_plural = "yêu cầu ký kết quả"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["agency", "status"])]
