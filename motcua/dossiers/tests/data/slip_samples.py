"""Realistic slip contexts for every Mẫu of TT 03/2025/TT-VPCP Phụ lục I, for tests and previews.

Names cover every Vietnamese diacritic class (Nguyễn Thị Ngọc Ánh, Phường Phố Hiến, Đỗ Quỳnh Nga).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from motcua.dossiers.slips.context import (
    TAX_CODE_LABEL,
    AgencyHeader,
    ApologySlip,
    ApplicantInfo,
    ControlSlip,
    DocumentLine,
    HandoverOutcome,
    HandoverRow,
    LedgerReport,
    LedgerRow,
    Officer,
    ReceiptSlip,
    RefusalSlip,
    SlipKind,
    StopNoticeSlip,
    SupplementSlip,
    slip_number_format,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CENTRE = AgencyHeader(
    parent_name="UBND tỉnh Hưng Yên",
    name="Trung tâm Phục vụ hành chính công tỉnh Hưng Yên",
    eid="H33.100",
    address="Số 8 đường Chùa Chuông, Phường Phố Hiến, tỉnh Hưng Yên",
    phone="0221 3 555 888",
)
DEPARTMENT = AgencyHeader(
    parent_name="UBND tỉnh Hưng Yên",
    name="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
    eid="H33.20",
)
DOSSIER_CODE = "H33.20-260213-0042"
PROCEDURE = "Cấp giấy phép tiến hành công việc bức xạ"
TRACKING_URL = "https://dichvucong.hungyen.gov.vn/tra-cuu?ma=H33.20-260213-0042"
RECEIVED_AT = datetime(2026, 2, 13, 15, 5, tzinfo=VN)
DUE_AT = datetime(2026, 3, 6, 16, 30, tzinfo=VN)
APPLICANT = ApplicantInfo(
    name="Nguyễn Thị Ngọc Ánh",
    id_number="033186004521",
    address="Số 12 phố Điện Biên, Phường Phố Hiến, tỉnh Hưng Yên",
    phone="0912 345 678",
    email="ngocanh@example.vn",
)
RECEIVER = Officer(name="Trần Đức Mạnh", position="Chuyên viên", phone="0221 3 555 889")
DIRECTOR = Officer(name="Phạm Quốc Hưng", position="Phó Giám đốc", authority_line="KT. Giám đốc")
COMMON = {"place": "Hưng Yên", "tracking_url": TRACKING_URL}


def receipt() -> ReceiptSlip:
    return ReceiptSlip(
        **COMMON,
        agency=CENTRE,
        issued_at=RECEIVED_AT,
        dossier_code=DOSSIER_CODE,
        applicant=ApplicantInfo(
            name="Công ty TNHH Thiết bị Y tế Đông Á",
            id_label=TAX_CODE_LABEL,
            id_number="0901234567",
            address="Khu công nghiệp Phố Nối A, tỉnh Hưng Yên",
            phone="0221 3 987 654",
        ),
        authorised_person=APPLICANT,
        procedure_name=PROCEDURE,
        documents=(
            DocumentLine(name="Đơn đề nghị cấp giấy phép tiến hành công việc bức xạ", originals=1),
            DocumentLine(
                name="Quyết định thành lập hoặc giấy chứng nhận đăng ký doanh nghiệp", copies=1
            ),
            DocumentLine(name="Báo cáo đánh giá an toàn bức xạ", originals=1, note="Theo mẫu"),
        ),
        set_count=1,
        processing_time=15,
        processing_time_unit="ngày làm việc",
        received_at=RECEIVED_AT,
        due_at=DUE_AT,
        result_delivery="Trung tâm Phục vụ hành chính công tỉnh Hưng Yên",
        ledger_book="01/2026",
        ledger_sequence="42",
        receiving_officer=RECEIVER,
    )


def supplement() -> SupplementSlip:
    return SupplementSlip(
        **COMMON,
        agency=CENTRE,
        issued_at=date(2026, 2, 13),
        number=slip_number_format(kind=SlipKind.SUPPLEMENT, sequence=17, issuer_code="TTPVHCC"),
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        items=(
            "Bổ sung bản sao chứng chỉ nhân viên bức xạ của người phụ trách an toàn",
            "Hoàn thiện sơ đồ mặt bằng khu vực đặt thiết bị, ghi rõ kích thước tường che chắn",
            "Ký và đóng dấu từng trang Báo cáo đánh giá an toàn bức xạ",
        ),
        reason="Hồ sơ chưa đủ thành phần theo quy định của thủ tục hành chính.",
        guiding_officer=RECEIVER,
    )


def refusal() -> RefusalSlip:
    return RefusalSlip(
        **COMMON,
        agency=CENTRE,
        issued_at=date(2026, 2, 13),
        number=slip_number_format(kind=SlipKind.REFUSAL, sequence=3, issuer_code="TTPVHCC"),
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        legal_basis="Nghị định số 142/2020/NĐ-CP",
        reason="Thiết bị X-quang chẩn đoán y tế thuộc thẩm quyền cấp phép của Bộ Khoa học và Công nghệ.",
        receiving_officer=RECEIVER,
    )


def apology() -> ApologySlip:
    return ApologySlip(
        **COMMON,
        agency=DEPARTMENT,
        issued_at=date(2026, 3, 5),
        number=slip_number_format(kind=SlipKind.APOLOGY, sequence=2, issuer_code="SKHCN"),
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=RECEIVED_AT,
        original_due_at=DUE_AT,
        delay_reason="Cần thẩm định thực tế cơ sở, đoàn thẩm định chưa bố trí được lịch.",
        new_due_at=datetime(2026, 3, 13, 16, 0, tzinfo=VN),
        signer=DIRECTOR,
        copies_to=("Như trên", "Trung tâm Phục vụ hành chính công tỉnh Hưng Yên", "Lưu: VT"),
    )


def stop_notice() -> StopNoticeSlip:
    return StopNoticeSlip(
        **COMMON,
        agency=CENTRE,
        issued_at=date(2026, 2, 20),
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=RECEIVED_AT,
        withdrawal_requested_at=datetime(2026, 2, 19, 9, 40, tzinfo=VN),
        withdrawal_reason="Tổ chức thay đổi kế hoạch đầu tư thiết bị.",
        documents_note="Hồ sơ giấy đã nộp được trả lại cho Ông/Bà tại Trung tâm Phục vụ hành chính công.",
        signer=Officer(name="Lê Thị Hằng", position="Giám đốc"),
    )


def control() -> ControlSlip:
    return ControlSlip(
        **COMMON,
        agency=CENTRE,
        issued_at=RECEIVED_AT,
        number=slip_number_format(kind=SlipKind.CONTROL, sequence=42, issuer_code="TTPVHCC"),
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        lead_agency="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        co_agencies=("Công an tỉnh Hưng Yên", "Sở Y tế tỉnh Hưng Yên"),
        received_at=RECEIVED_AT,
        due_at=DUE_AT,
        handovers=(
            HandoverRow(
                giver="Trung tâm Phục vụ hành chính công tỉnh Hưng Yên",
                giver_officer="Trần Đức Mạnh",
                receiver="Phòng Quản lý chuyên ngành, Sở Khoa học và Công nghệ tỉnh Hưng Yên",
                receiver_officer="Đỗ Quỳnh Nga",
                at=datetime(2026, 2, 13, 16, 20, tzinfo=VN),
                outcome=HandoverOutcome.ON_TIME,
            ),
            HandoverRow(
                giver="Phòng Quản lý chuyên ngành",
                receiver="Lãnh đạo Sở Khoa học và Công nghệ",
                at=datetime(2026, 3, 2, 10, 15, tzinfo=VN),
                due_at=datetime(2026, 3, 3, 17, 0, tzinfo=VN),
                outcome=HandoverOutcome.EARLY,
                note="Trình ký giấy phép",
            ),
            HandoverRow(
                giver="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
                receiver="Trung tâm Phục vụ hành chính công tỉnh Hưng Yên",
                at=datetime(2026, 3, 9, 8, 30, tzinfo=VN),
                outcome=HandoverOutcome.LATE,
                note="Đã có phiếu xin lỗi",
            ),
        ),
    )


def ledger() -> LedgerReport:
    return LedgerReport(
        place="Hưng Yên",
        tracking_url="https://dichvucong.hungyen.gov.vn/so-theo-doi?linh-vuc=an-toan-buc-xa",
        agency=CENTRE,
        issued_at=date(2026, 11, 28),
        number=slip_number_format(kind=SlipKind.LEDGER, sequence=11, issuer_code="TTPVHCC"),
        field_name="An toàn bức xạ và hạt nhân",
        period_start=date(2026, 2, 1),
        period_end=date(2026, 2, 28),
        rows=tuple(
            LedgerRow(
                sequence=index,
                dossier_code=f"H33.20-2602{10 + index:02d}-{40 + index:04d}",
                procedure_name=PROCEDURE,
                applicant_name=name,
                applicant_contact="Phường Phố Hiến, tỉnh Hưng Yên; 0912 345 678",
                lead_agency="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
                received_at=datetime(2026, 2, 10 + index, 15, 5, tzinfo=VN),
                due_at=datetime(2026, 3, 3 + index, 16, 30, tzinfo=VN),
                returned_at=datetime(2026, 3, 2 + index, 9, 0, tzinfo=VN) if index < 3 else None,
                delivery_method="Trực tiếp" if index % 2 else "Bưu chính công ích",
            )
            for index, name in enumerate(
                ("Nguyễn Thị Ngọc Ánh", "Vũ Hữu Đạt", "Bệnh viện Đa khoa Phố Nối", "Lê Quý Đôn"), 1
            )
        ),
    )
