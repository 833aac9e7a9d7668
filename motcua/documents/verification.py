"""What verifying a result can find wrong, in Vietnamese and English (pure, no ORM).

Checks run in this order and the first failing one is the answer, so each tampered file
gets its own reason (Luật Giao dịch điện tử 2023 Art. 23–24; NĐ 23/2025/NĐ-CP Art. 9 on
checking a digital signature: integrity, certificate validity at signing time, signer).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class VerificationFault(StrEnum):
    NOT_SIGNED = "not_signed"
    SIGNED_BYTES_CHANGED = "signed_bytes_changed"
    CONTENT_MODIFIED = "content_modified"
    CERTIFICATE_UNTRUSTED = "certificate_untrusted"
    CERTIFICATE_EXPIRED = "certificate_expired"
    CERTIFICATE_REVOKED = "certificate_revoked"
    RESULT_UNKNOWN = "result_unknown"
    SIGNER_NOT_ISSUER = "signer_not_issuer"
    RESULT_REVOKED = "result_revoked"
    RESULT_REPLACED = "result_replaced"

    @property
    def message(self) -> str:
        return FAULT_MESSAGES[self][0]

    @property
    def message_en(self) -> str:
        return FAULT_MESSAGES[self][1]


FAULT_MESSAGES: dict[VerificationFault, tuple[str, str]] = {
    VerificationFault.NOT_SIGNED: (
        "Tệp PDF không có chữ ký số.",
        "The PDF carries no digital signature.",
    ),
    VerificationFault.SIGNED_BYTES_CHANGED: (
        "Nội dung đã ký bị thay đổi: chữ ký số không còn khớp với tệp.",
        "The signed bytes were changed: the signature no longer matches the file.",
    ),
    VerificationFault.CONTENT_MODIFIED: (
        "Tài liệu bị sửa đổi nội dung sau khi ký.",
        "The document's content was modified after it was signed.",
    ),
    VerificationFault.CERTIFICATE_UNTRUSTED: (
        "Chứng thư số của người ký không do tổ chức cung cấp dịch vụ chứng thực chữ ký số "
        "được tin cậy cấp.",
        "The signer's certificate was not issued by a trusted certification authority.",
    ),
    VerificationFault.CERTIFICATE_EXPIRED: (
        "Chứng thư số của người ký đã hết hạn hoặc chưa có hiệu lực tại thời điểm ký.",
        "The signer's certificate was expired or not yet valid at signing time.",
    ),
    VerificationFault.CERTIFICATE_REVOKED: (
        "Chứng thư số của người ký đã bị thu hồi.",
        "The signer's certificate has been revoked.",
    ),
    VerificationFault.RESULT_UNKNOWN: (
        "Kết quả không do hệ thống này cấp hoặc không có trong cơ sở dữ liệu.",
        "This result was not issued by this platform or is not in its records.",
    ),
    VerificationFault.SIGNER_NOT_ISSUER: (
        "Người ký không phải cơ quan đã cấp kết quả này.",
        "The signer is not the agency that issued this result.",
    ),
    VerificationFault.RESULT_REVOKED: (
        "Kết quả đã bị cơ quan cấp thu hồi.",
        "The issuing agency has revoked this result.",
    ),
    VerificationFault.RESULT_REPLACED: (
        "Kết quả đã được thay thế bằng kết quả khác.",
        "This result has been replaced by another one.",
    ),
}

VALID_MESSAGE = (
    "Kết quả hợp lệ: chữ ký số đúng, do cơ quan cấp ký và còn hiệu lực.",
    "Valid result: the signature is correct, made by the issuing agency, and in force.",
)


@dataclass(frozen=True, kw_only=True)
class SignerInfo:
    subject: str
    issuer: str
    serial: str
    fingerprint: str
    not_before: datetime
    not_after: datetime
    signed_at: datetime | None  # trusted timestamp, else the time the signer claims
    timestamped: bool


@dataclass(frozen=True, kw_only=True)
class ResultInfo:
    number: str
    title: str
    dossier_code: str
    agency_name: str
    agency_eid: str
    issued_at: datetime
    valid_until: date | None
    status: str
    revocation_reason: str = ""
    verify_url: str = ""


@dataclass(frozen=True, kw_only=True)
class Verification:
    """The answer to "is this result valid?": valid, or the first fault found."""

    fault: VerificationFault | None
    result: ResultInfo | None = None
    replacement: ResultInfo | None = None
    signer: SignerInfo | None = None
    details: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.fault is None

    @property
    def message(self) -> str:
        return self.fault.message if self.fault else VALID_MESSAGE[0]

    @property
    def message_en(self) -> str:
        return self.fault.message_en if self.fault else VALID_MESSAGE[1]
