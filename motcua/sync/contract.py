"""The province → hub sync contract, version 1 (docs/sync-contract.md).

Pydantic models only: no Django, no ninja, so the province client, the hub endpoint, the
bench and an outside implementer share one definition. Every event carries the dossier's
whole state after the event (not a diff), so the hub needs only the newest event per dossier:
applying events is idempotent (by `event_id`) and ordered (by `event_seq`).

Forward compatibility: a newer province may send fields this hub does not know yet;
`extra="allow"` keeps them (stored in the replica's `state`) instead of refusing the event.

v1.2 adds, in the same envelope, PAKN (phản ánh, kiến nghị) events and dossier rating events
(`feedback_events`, `rating_events`, both optional lists): the same rules, full state per
event, idempotent by `event_id`, ordered by a per-PAKN (per-rating) `event_seq`.

v1.3 adds digests of those two streams (`GET /api/sync/digest?stream=feedback|rating`); the
digest answers echo their `stream`, which is how a province tells an older hub (no echo).
"""

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

CONTRACT_VERSION = 1


class SupplementPeriodV1(BaseModel):
    """One supplement request (Mẫu 02) and its return: the clock is paused in between."""

    model_config = ConfigDict(extra="allow")

    requested_at: AwareDatetime
    returned_at: AwareDatetime | None = None


class FeeLineV1(BaseModel):
    """One fee or charge of the procedure (DanhSachLePhi)."""

    model_config = ConfigDict(extra="allow")

    name: str
    amount_vnd: int = Field(ge=0)


class DossierEventV1(BaseModel):
    """One dossier event with the dossier's state after it (DOMAIN.md §5.3, DongBoHoSoMC)."""

    model_config = ConfigDict(extra="allow")

    v: Literal[1] = 1
    event_id: UUID = Field(description="Idempotency key: the outbox message id.")
    event_seq: int = Field(ge=1, description="Order of the event within its dossier (1, 2, …).")
    snapshot: bool = Field(
        default=False, description="A re-sent current state (reconciliation), not a new event."
    )
    action: str
    at: AwareDatetime
    code: str = Field(min_length=1, max_length=64, description="MaHoSo")
    procedure_code: str = Field(description="MaTTHC")
    procedure_field_code: str = Field(default="", description="MaLinhVuc")
    procedure_online_level: str | None = Field(
        default=None,
        description="Online level of the procedure: full, partial, none (optional, v1.1).",
    )
    receiving_agency: str = Field(description="Mã định danh cơ quan tiếp nhận")
    handling_agency: str = Field(description="DonViXuLy: mã định danh cơ quan giải quyết")
    to_agency: str | None = None
    channel: int = Field(ge=1, le=3, description="KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 BCCI")
    status: int = Field(ge=1, le=10, description="TrangThaiHoSo 1–10")
    from_status: int | None = Field(default=None, ge=1, le=10)
    submitted_at: AwareDatetime | None = Field(default=None, description="NgayNopHoSo")
    received_at: AwareDatetime | None = Field(default=None, description="NgayTiepNhan")
    due_at: AwareDatetime | None = Field(default=None, description="NgayHenTra")
    original_due_at: AwareDatetime | None = Field(
        default=None,
        description="NgayHenTra first given on the receipt (rule 2.1); optional, added in v1.1.",
    )
    finished_at: AwareDatetime | None = Field(default=None, description="NgayKetThucXuLy")
    returned_at: AwareDatetime | None = Field(default=None, description="NgayTra")
    supplement_count: int = Field(default=0, ge=0)
    supplements: list[SupplementPeriodV1] = Field(default_factory=list)
    extension_count: int = Field(default=0, ge=0)
    fee_total_vnd: int = Field(default=0, ge=0)
    fees: list[FeeLineV1] = Field(default_factory=list)
    paid_online: int = Field(default=0, ge=0, le=2, description="DuocThanhToanTrucTuyen 0/1/2")
    documents_total: int = Field(default=0, ge=0)
    documents_digitized: int = Field(default=0, ge=0, description="TaiLieuNop[].DuocSoHoa = 1")
    documents_reused: int = Field(
        default=0, ge=0, description="TaiLieuNop[].DuocLayTuKhoDMQG = 1 (HoSoCoThanhPhanSoHoa)"
    )
    identity_verified: bool = Field(default=False, description="TaiKhoanDuocXacThucVoiVNeID")
    result_code: str = Field(default="", description="MaKetQua / MaGiayToKetQua")
    result_url: str = Field(default="", description="DuongDanTepTinKetQua")
    reason: str = ""


FeedbackStatusV1 = Literal[
    "pending", "accepted", "rejected", "supplement", "processing", "awaiting_publication",
    "published",
]  # fmt: skip


class FeedbackEventV1(BaseModel):
    """One PAKN (phản ánh, kiến nghị) event with the PAKN's state after it (v1.2): only what
    766 group 5 needs (DOMAIN.md §1.3) — no content, answer, sender or contact data."""

    model_config = ConfigDict(extra="allow")

    v: Literal[1] = 1
    event_id: UUID = Field(description="Idempotency key: the outbox message id.")
    event_seq: int = Field(ge=1, description="Order of the event within its PAKN (1, 2, …).")
    snapshot: bool = Field(
        default=False, description="A re-sent current state (reconciliation), not a new event."
    )
    action: str = Field(max_length=32)
    at: AwareDatetime
    reference: str = Field(
        min_length=1, max_length=32, description="The PAKN's reference on its province node."
    )
    handling_agency: str = Field(
        min_length=1, max_length=35, description="Mã định danh cơ quan đang xử lý PAKN"
    )
    status: FeedbackStatusV1
    category: str = Field(
        default="", max_length=20, description="Phân loại (766 5.1); empty: not classified yet."
    )
    dossier_code: str = Field(default="", max_length=64, description="MaHoSo the PAKN is about")
    procedure_code: str = Field(default="", max_length=64, description="MaTTHC of that dossier")
    procedure_field_code: str = Field(default="", max_length=64, description="MaLinhVuc")
    repeat_of: str = Field(
        default="", max_length=32, description="Reference of the PAKN whose answer this repeats"
    )
    received_at: AwareDatetime = Field(description="First reception (counts the PAKN once)")
    started_at: AwareDatetime | None = Field(
        default=None, description="Start of “chờ tiếp nhận” at the current agency (transfer)"
    )
    rejected_at: AwareDatetime | None = None
    first_supplement_at: AwareDatetime | None = None
    answered_at: AwareDatetime | None = Field(default=None, description="Reached “chờ công khai”")
    published_at: AwareDatetime | None = None
    likes: int = Field(default=0, ge=0, description="Satisfied votes on the published answer")
    dislikes: int = Field(default=0, ge=0, description="Not-satisfied votes on the answer")


class RatingEventV1(BaseModel):
    """The applicant's rating of a finished dossier, current value (v1.2; 766 record 5.4 counts
    a score ≤ 2 as a "dislike"). No comment, no applicant data."""

    model_config = ConfigDict(extra="allow")

    v: Literal[1] = 1
    event_id: UUID = Field(description="Idempotency key: the outbox message id.")
    event_seq: int = Field(ge=1, description="Revision of the dossier's rating (1, 2, …).")
    snapshot: bool = False
    at: AwareDatetime = Field(description="When the applicant (re)rated")
    dossier_code: str = Field(min_length=1, max_length=64, description="MaHoSo")
    procedure_code: str = Field(default="", max_length=64, description="MaTTHC")
    procedure_field_code: str = Field(default="", max_length=64, description="MaLinhVuc")
    score: int = Field(ge=1, le=5, description="1 rất không hài lòng … 5 rất hài lòng")


class EventBatchV1(BaseModel):
    """The body of POST /api/sync/ingest: events of one province, at most one per dossier is
    typical (the outbox sends the head of each dossier's line) but any order is accepted.
    `feedback_events` and `rating_events` (v1.2) are absent from batches without them."""

    model_config = ConfigDict(extra="allow")

    v: Literal[1] = 1
    province: str = Field(min_length=1, max_length=8, description="Mã tỉnh (QĐ 19/2025/QĐ-TTg)")
    batch_id: UUID
    sent_at: AwareDatetime
    events: list[DossierEventV1]
    feedback_events: list[FeedbackEventV1] = Field(default_factory=list)
    rating_events: list[RatingEventV1] = Field(default_factory=list)


IngestResultKind = Literal["applied", "duplicate", "stale", "rejected"]


class IngestResultV1(BaseModel):
    model_config = ConfigDict(extra="allow")

    event_id: UUID | None
    result: IngestResultKind
    error: str = ""


class IngestResponseV1(BaseModel):
    """Per-event outcomes, in the order of the request's events: `events`, then
    `feedback_events`, then `rating_events`, then the rejected ones of all three.

    applied: new and newer than the replica; duplicate: this event id was already received;
    stale: new but older than the replica (kept in the log, state not changed); rejected:
    invalid, will never be accepted as sent (the province moves it to dead letters).
    """

    model_config = ConfigDict(extra="allow")

    v: Literal[1] = 1
    batch_id: UUID | None
    applied: int = 0
    duplicates: int = 0
    stale: int = 0
    rejected: int = 0
    results: list[IngestResultV1]


# v1.3: the streams the digest covers (`GET /api/sync/digest?stream=`, default dossier).
DIGEST_STREAMS = ("dossier", "feedback", "rating")


class DigestRowV1(BaseModel):
    """One bucket (agency-day): how many items, and SHA-256 over their sorted lines
    (`code:status:seq` for dossiers, `key:seq` for PAKN and ratings)."""

    model_config = ConfigDict(extra="allow")

    agency: str
    day: str = Field(description="YYYY-MM-DD (Asia/Ho_Chi_Minh) of submission/reception, or -")
    count: int
    sha256: str


STREAM_ECHO = (
    "v1.3: the stream these are of (dossier, feedback, rating). Absent from a hub before "
    "v1.3, which ignores `stream` and always answers dossiers."
)


class DigestV1(BaseModel):
    model_config = ConfigDict(extra="allow")

    v: Literal[1] = 1
    province: str
    stream: str | None = Field(default=None, description=STREAM_ECHO)
    rows: list[DigestRowV1]


class DigestLineV1(BaseModel):
    """A dossier's `code:status:event_seq`, or (v1.3) a PAKN's `reference:event_seq` and a
    rating's `dossier code:event_seq` (no status)."""

    model_config = ConfigDict(extra="allow")

    code: str
    status: int | None = None
    event_seq: int


class DigestLinesV1(BaseModel):
    """The lines of one agency-day, so the province re-sends only the dossiers that differ."""

    model_config = ConfigDict(extra="allow")

    v: Literal[1] = 1
    province: str
    stream: str | None = Field(default=None, description=STREAM_ECHO)
    agency: str
    day: str
    lines: list[DigestLineV1]


def day_key(value: date | None) -> str:
    return value.isoformat() if value else "-"
