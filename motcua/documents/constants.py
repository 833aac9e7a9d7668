from django.db import models

# Uploads to the public verification page and API: a signed result is a few hundred kB.
DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# The keyword WeasyPrint writes into the PDF's document information (/Keywords) so that a
# verifier can find the result a signed file claims to be, inside the signed bytes.
RESULT_KEYWORD_PREFIX = "motcua-result:"
# Name of the signature field of a result (one per result; further signatures are allowed).
SIGNATURE_FIELD = "KyKetQua"


class ResultStatus(models.TextChoices):
    VALID = "valid", "Còn hiệu lực"
    REVOKED = "revoked", "Đã bị thu hồi"
    REPLACED = "replaced", "Đã được thay thế"


class ResultEventKind(models.TextChoices):
    ISSUED = "issued", "Cấp kết quả"
    REVOKED = "revoked", "Thu hồi kết quả"
    REPLACED = "replaced", "Thay thế kết quả"


class OwnerKind(models.TextChoices):
    CITIZEN = "citizen", "Cá nhân"
    ORGANIZATION = "organization", "Tổ chức"


class CertificateKind(models.TextChoices):
    PKCS12 = "pkcs12", "Tệp PKCS#12 (lưu mã hóa)"
    PKCS11 = "pkcs11", "Thiết bị HSM / USB token (PKCS#11)"


class TrustSource(models.TextChoices):
    DEMO = "demo", "CA thử nghiệm (chỉ dùng cho bản demo)"
    CONFIGURED = "configured", "Được cấu hình (ví dụ CA Chính phủ)"


class SigningRequestStatus(models.TextChoices):
    PENDING = "pending", "Chờ ký"
    SIGNED = "signed", "Đã ký"
    FAILED = "failed", "Lỗi khi ký"
