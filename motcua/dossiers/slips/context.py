"""What each one-stop slip prints: frozen, ORM-free dataclasses (TT 03/2025/TT-VPCP Phụ lục I).

The dossier services build these from their models; the renderer never touches the database.
Strings may arrive in any Unicode normal form: rendering normalises everything to NFC.
Datetimes may be aware (shown in Vietnam time) or naive (taken as Vietnam wall-clock time).
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

PERSONAL_ID_LABEL = "Số định danh cá nhân"
TAX_CODE_LABEL = "Mã số thuế"
ORGANISATION_ID_LABEL = "Số định danh tổ chức"


class SlipKind(StrEnum):
    RECEIPT = "receipt"  # Mẫu 01
    SUPPLEMENT = "supplement"  # Mẫu 02
    REFUSAL = "refusal"  # Mẫu 03
    APOLOGY = "apology"  # Mẫu 04
    STOP_NOTICE = "stop_notice"  # Mẫu 05
    CONTROL = "control"  # Mẫu 06
    LEDGER = "ledger"  # Mẫu 07


@dataclass(frozen=True, kw_only=True, slots=True)
class SlipForm:
    """The fixed parts of one Mẫu: its number in Phụ lục I, printed title, number code."""

    kind: SlipKind
    form_number: str
    title: str
    number_code: str  # the "…/PBS-" part of a slip number; "" where practice shows none
    template_name: str
    landscape: bool = False


# Titles from TT 03/2025/TT-VPCP Phụ lục I; number codes as used by Bộ Y tế QĐ 3621 (DOMAIN §2.4).
SLIP_FORMS: dict[SlipKind, SlipForm] = {
    form.kind: form
    for form in (
        SlipForm(
            kind=SlipKind.RECEIPT,
            form_number="01",
            title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            number_code="",
            template_name="dossiers/slips/form01_receipt.html",
        ),
        SlipForm(
            kind=SlipKind.SUPPLEMENT,
            form_number="02",
            title="PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            number_code="PBS",
            template_name="dossiers/slips/form02_supplement.html",
        ),
        SlipForm(
            kind=SlipKind.REFUSAL,
            form_number="03",
            title="PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            number_code="PTC",
            template_name="dossiers/slips/form03_refusal.html",
        ),
        SlipForm(
            kind=SlipKind.APOLOGY,
            form_number="04",
            title="PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            number_code="PXL",
            template_name="dossiers/slips/form04_apology.html",
        ),
        SlipForm(
            kind=SlipKind.STOP_NOTICE,
            form_number="05",
            title="THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            number_code="",
            template_name="dossiers/slips/form05_stop_notice.html",
        ),
        SlipForm(
            kind=SlipKind.CONTROL,
            form_number="06",
            title="PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            number_code="PKS",
            template_name="dossiers/slips/form06_control.html",
        ),
        SlipForm(
            kind=SlipKind.LEDGER,
            form_number="07",
            title="SỔ THEO DÕI HỒ SƠ",
            number_code="STD",
            template_name="dossiers/slips/form07_ledger.html",
            landscape=True,
        ),
    )
}


def slip_number_format(*, kind: SlipKind, sequence: int, issuer_code: str) -> str:
    """ "125/PBS-TTPVHCC" for a supplement slip of the centre "TTPVHCC"; "125/TTPVHCC" without a code."""
    code = SLIP_FORMS[kind].number_code
    return f"{sequence}/{code}-{issuer_code}" if code else f"{sequence}/{issuer_code}"


class HandoverOutcome(StrEnum):
    """Result column of the control slip (TT 03/2025/TT-VPCP Phụ lục I Mẫu 06)."""

    EARLY = "Trước hạn"
    ON_TIME = "Đúng hạn"
    LATE = "Quá hạn"


@dataclass(frozen=True, kw_only=True, slots=True)
class AgencyHeader:
    """The issuing agency, top left of every slip: parent agency above, agency below."""

    parent_name: str  # "UBND tỉnh Hưng Yên"; printed upper-case
    name: str  # "Trung tâm Phục vụ hành chính công tỉnh Hưng Yên"; printed upper-case, bold
    eid: str = ""  # electronic ID (QĐ 20/2020/QĐ-TTg), not printed on the paper form
    address: str = ""
    phone: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class ApplicantInfo:
    name: str
    id_label: str = PERSONAL_ID_LABEL  # or TAX_CODE_LABEL / ORGANISATION_ID_LABEL
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class Officer:
    """A named official: receiving officer, guiding officer, or the signer of a slip."""

    name: str
    position: str = ""  # "Giám đốc", "Chuyên viên"; a signer's position is the signature caption
    authority_line: str = ""  # "KT. GIÁM ĐỐC" when signing on behalf of the head
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class DocumentLine:
    """One document handed in (thành phần hồ sơ) and in how many originals and copies."""

    name: str
    originals: int = 0
    copies: int = 0
    note: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class HandoverRow:
    """One hand-over of the dossier between units, logged by the system (Mẫu 06)."""

    giver: str  # unit handing the dossier over
    receiver: str  # unit receiving it
    at: datetime
    giver_officer: str = ""
    receiver_officer: str = ""
    due_at: datetime | None = None  # the receiving step's own deadline, if any
    outcome: HandoverOutcome | None = None  # None while the step is still running
    note: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerRow:
    """One line of the dossier ledger (Mẫu 07)."""

    sequence: int
    dossier_code: str
    procedure_name: str
    applicant_name: str
    applicant_contact: str  # address and phone as one cell
    lead_agency: str
    received_at: datetime
    due_at: datetime
    returned_at: datetime | None = None
    delivery_method: str = ""  # "Trực tiếp", "Bưu chính công ích", "Trực tuyến"
    note: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class SlipBase:
    """Fields every slip carries: who issues it, its number, place and date line, its QR target."""

    kind: ClassVar[SlipKind]

    agency: AgencyHeader
    place: str  # "Hưng Yên" in "Hưng Yên, ngày 28 tháng 11 năm 2026"
    issued_at: date
    tracking_url: str  # encoded in the QR code
    number: str = ""  # "125/PBS-TTPVHCC"; blank prints a dotted line to fill in by hand

    @property
    def form(self) -> SlipForm:
        return SLIP_FORMS[self.kind]


@dataclass(frozen=True, kw_only=True, slots=True)
class ReceiptSlip(SlipBase):
    """Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    kind: ClassVar[SlipKind] = SlipKind.RECEIPT

    dossier_code: str
    applicant: ApplicantInfo
    procedure_name: str  # printed as "Nội dung yêu cầu giải quyết"
    documents: tuple[DocumentLine, ...]
    received_at: datetime
    due_at: datetime
    processing_time: int  # statutory time, e.g. 15
    processing_time_unit: str = "ngày làm việc"  # or "ngày" (calendar days)
    set_count: int = 1
    result_delivery: str = ""  # "Đăng ký nhận kết quả tại"
    ledger_book: str = ""
    ledger_sequence: str = ""
    receiving_officer: Officer
    authorised_person: ApplicantInfo | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class SupplementSlip(SlipBase):
    """Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: every item at once."""

    kind: ClassVar[SlipKind] = SlipKind.SUPPLEMENT

    applicant: ApplicantInfo
    procedure_name: str
    items: tuple[str, ...]
    reason: str
    guiding_officer: Officer  # the contact for questions; phone printed
    dossier_code: str = ""  # set when asked during processing, empty at the desk

    def __post_init__(self) -> None:
        # The applicant is guided once and completely: a slip listing nothing is a bug upstream.
        if not self.items:
            raise ValueError("A supplement slip must list every item to add.")


@dataclass(frozen=True, kw_only=True, slots=True)
class RefusalSlip(SlipBase):
    """Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    kind: ClassVar[SlipKind] = SlipKind.REFUSAL

    applicant: ApplicantInfo
    procedure_name: str
    reason: str
    receiving_officer: Officer
    legal_basis: str = ""  # "Căn cứ quy định tại …"
    dossier_code: str = ""  # online dossiers already have one

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("A refusal slip must state the reason.")


@dataclass(frozen=True, kw_only=True, slots=True)
class ApologySlip(SlipBase):
    """Mẫu 04 Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết; signed by the head."""

    kind: ClassVar[SlipKind] = SlipKind.APOLOGY

    dossier_code: str
    applicant: ApplicantInfo
    procedure_name: str
    received_at: datetime
    original_due_at: datetime
    delay_reason: str
    new_due_at: datetime
    signer: Officer
    copies_to: tuple[str, ...] = ()  # "Nơi nhận": e.g. the one-stop desk that received the dossier


@dataclass(frozen=True, kw_only=True, slots=True)
class StopNoticeSlip(SlipBase):
    """Mẫu 05 Thông báo dừng giải quyết hồ sơ, at the applicant's request (TT 03/2025 Art. 7)."""

    kind: ClassVar[SlipKind] = SlipKind.STOP_NOTICE

    dossier_code: str
    applicant: ApplicantInfo
    procedure_name: str
    received_at: datetime
    withdrawal_requested_at: datetime
    signer: Officer
    withdrawal_reason: str = ""
    documents_note: str = ""  # what happens to the documents handed in
    copies_to: tuple[str, ...] = ()  # "Nơi nhận"


@dataclass(frozen=True, kw_only=True, slots=True)
class ControlSlip(SlipBase):
    """Mẫu 06 Phiếu kiểm soát quá trình giải quyết hồ sơ: travels with the dossier."""

    kind: ClassVar[SlipKind] = SlipKind.CONTROL

    dossier_code: str
    applicant: ApplicantInfo
    procedure_name: str
    lead_agency: str
    received_at: datetime
    due_at: datetime
    handovers: tuple[HandoverRow, ...]
    co_agencies: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerReport(SlipBase):
    """Mẫu 07 Sổ theo dõi hồ sơ for one field and period (printed landscape)."""

    kind: ClassVar[SlipKind] = SlipKind.LEDGER

    field_name: str  # lĩnh vực, e.g. "An toàn bức xạ và hạt nhân"
    period_start: date
    period_end: date
    rows: tuple[LedgerRow, ...] = ()


SLIP_TYPES: tuple[type[SlipBase], ...] = (
    ReceiptSlip,
    SupplementSlip,
    RefusalSlip,
    ApologySlip,
    StopNoticeSlip,
    ControlSlip,
    LedgerReport,
)
