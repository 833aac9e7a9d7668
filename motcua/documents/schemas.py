from datetime import date, datetime

from ninja import Schema


class ResultOut(Schema):
    number: str
    title: str
    dossier_code: str
    agency_name: str
    agency_eid: str
    issued_at: datetime
    valid_until: date | None
    status: str
    revocation_reason: str
    verify_url: str


class SignerOut(Schema):
    subject: str
    issuer: str
    serial: str
    fingerprint: str
    not_before: datetime
    not_after: datetime
    signed_at: datetime | None
    timestamped: bool


class VerificationOut(Schema):
    valid: bool
    fault: str | None
    message: str
    message_en: str
    result: ResultOut | None
    replacement: ResultOut | None
    signer: SignerOut | None


class ResultStatusOut(Schema):
    """GET /api/results/{number}: what the platform records (no personal data)."""

    number: str
    title: str
    dossier_code: str
    procedure_code: str
    agency_name: str
    agency_eid: str
    issued_at: datetime
    valid_until: date | None
    status: str
    revocation_reason: str
    replaced_by: str | None
    sha256: str
    verify_url: str


class ErrorDetailOut(Schema):
    path: str
    message: str
    message_en: str


class ErrorBody(Schema):
    code: str
    message: str
    message_en: str
    details: list[ErrorDetailOut]


class ErrorOut(Schema):
    error: ErrorBody
