"""The one-stop slips (TT 03/2025/TT-VPCP Phụ lục I Mẫu 01–07) print what the law asks, legibly.

Each slip is rendered to a real PDF and read back with poppler's pdftotext: the national header,
the title, the dossier code, the applicant and the key dates must come out exactly, in NFC.
"""

import dataclasses
import re
import subprocess
import time
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import require_binary
from motcua.dossiers.slips import formats
from motcua.dossiers.slips.context import (
    ApplicantInfo,
    SlipBase,
    SlipKind,
    SupplementSlip,
    slip_number_format,
)
from motcua.dossiers.slips.render import DataOnlyURLFetcher, slip_render_html, slip_render_pdf
from motcua.dossiers.tests.data.slip_samples import (
    APPLICANT,
    CENTRE,
    COMMON,
    DOSSIER_CODE,
    PROCEDURE,
    RECEIVER,
    VN,
    apology,
    control,
    ledger,
    receipt,
    refusal,
    stop_notice,
    supplement,
)

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# slip builder, the title it prints, the phrases pdftotext must find exactly.
CASES = {
    "01": (
        receipt,
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        (
            f"Mã hồ sơ: {DOSSIER_CODE}",
            "Công ty TNHH Thiết bị Y tế Đông Á",
            "Mã số thuế: 0901234567",
            "Người được ủy quyền: Nguyễn Thị Ngọc Ánh",
            f"Nội dung yêu cầu giải quyết: {PROCEDURE}",
            "Thời gian giải quyết hồ sơ theo quy định là: 15 ngày làm việc",
            "Thời gian nhận hồ sơ: 15 giờ 05 phút, ngày 13 tháng 02 năm 2026",
            "Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 06 tháng 3 năm 2026",
            "Quyển số: 01/2026, Số thứ tự: 42",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Trần Đức Mạnh",
            "Hưng Yên, ngày 13 tháng 02 năm 2026",
        ),
    ),
    "02": (
        supplement,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        (
            "Số: 17/PBS-TTPVHCC",
            f"Mã hồ sơ: {DOSSIER_CODE}",
            "Hồ sơ của: Nguyễn Thị Ngọc Ánh",
            "Số định danh cá nhân: 033186004521",
            "Bổ sung bản sao chứng chỉ nhân viên bức xạ của người phụ trách an toàn",
            "Hoàn thiện sơ đồ mặt bằng khu vực đặt thiết bị, ghi rõ kích thước tường che chắn",
            "Ký và đóng dấu từng trang Báo cáo đánh giá an toàn bức xạ",
            "Lý do: Hồ sơ chưa đủ thành phần",
            "số điện thoại 0221 3 555 889",
            "NGƯỜI HƯỚNG DẪN",
        ),
    ),
    "03": (
        refusal,
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        (
            "Số: 3/PTC-TTPVHCC",
            f"Mã hồ sơ: {DOSSIER_CODE}",
            "Tổ chức, cá nhân: Nguyễn Thị Ngọc Ánh",
            "Căn cứ quy định tại Nghị định số 142/2020/NĐ-CP",
            "thuộc thẩm quyền cấp phép của Bộ Khoa học và Công nghệ",
        ),
    ),
    "04": (
        apology,
        "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        (
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH HƯNG YÊN",
            "Số: 2/PXL-SKHCN",
            "Kính gửi: Ông/Bà Nguyễn Thị Ngọc Ánh",
            "Ngày 13/02/2026, Sở Khoa học và Công nghệ tỉnh Hưng Yên tiếp nhận hồ sơ",
            f"Mã hồ sơ: {DOSSIER_CODE}",
            "Số định danh cá nhân: 033186004521",
            "16 giờ 30 phút, ngày 06 tháng 3 năm 2026",
            "Lý do: Cần thẩm định thực tế cơ sở",
            "16 giờ 00 phút, ngày 13 tháng 3 năm 2026",
            "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
            "Phạm Quốc Hưng",
            "Hưng Yên, ngày 05 tháng 3 năm 2026",
            "Nơi nhận:",
            "- Lưu: VT.",
        ),
    ),
    "05": (
        stop_notice,
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        (
            "Kính gửi: Ông/Bà Nguyễn Thị Ngọc Ánh",
            f"Mã hồ sơ: {DOSSIER_CODE}",
            "09 giờ 40 phút, ngày 19 tháng 02 năm 2026",
            "Căn cứ Điều 7 Thông tư số 03/2025/TT-VPCP",
            "kể từ ngày 20 tháng 02 năm 2026",
            "GIÁM ĐỐC",
            "Lê Thị Hằng",
        ),
    ),
    "06": (
        control,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        (
            "Số: 42/PKS-TTPVHCC",
            f"Mã hồ sơ: {DOSSIER_CODE}",
            "Hồ sơ của: Nguyễn Thị Ngọc Ánh",
            "Cơ quan (bộ phận) giải quyết hồ sơ: Sở Khoa học và Công nghệ tỉnh Hưng Yên",
            "Cơ quan phối hợp giải quyết hồ sơ: Công an tỉnh Hưng Yên; Sở Y tế tỉnh Hưng Yên",
            "Thời gian nhận hồ sơ: 15 giờ 05 phút, ngày 13 tháng 02 năm 2026",
            "Thời gian hẹn trả kết quả: 16 giờ 30 phút, ngày 06 tháng 3 năm 2026",
            "Trước hạn",
            "Đúng hạn",
            "Quá hạn",
            "Đỗ Quỳnh Nga",
        ),
    ),
    "07": (
        ledger,
        "SỔ THEO DÕI HỒ SƠ",
        (
            "Số: 11/STD-TTPVHCC",
            "Lĩnh vực: An toàn bức xạ và hạt nhân",
            "Từ ngày 01/02/2026 đến ngày 28/02/2026",
            "Nguyễn Thị Ngọc Ánh",
            "Bệnh viện Đa khoa Phố Nối",
            "Lê Quý Đôn",
            "15:05 11/02/2026",
            "Bưu chính công ích",
            "Hưng Yên, ngày 28 tháng 11 năm 2026",
        ),
    ),
}

_SPACES = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _pdftotext(pdf: bytes) -> str:
    require_binary("pdftotext", "poppler-utils")
    done = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return _collapse(done.stdout.decode("utf-8"))


def _pdf_pages(pdf: bytes) -> tuple[int, str]:
    require_binary("pdfinfo", "poppler-utils")
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    info = dict(line.split(":", 1) for line in out.decode().splitlines() if ":" in line)
    return int(info["Pages"]), info["Page size"].strip()


def _pdf_image_count(pdf: bytes, tmp_path) -> int:
    require_binary("pdfimages", "poppler-utils")
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    return len(out.splitlines()) - 2  # two header lines


@pytest.mark.parametrize("form_number", sorted(CASES))
def test_slip_pdf_prints_header_title_code_applicant_and_dates_exactly(form_number, tmp_path):
    build, title, phrases = CASES[form_number]
    slip = build()
    pdf = slip_render_pdf(slip)

    assert pdf.startswith(b"%PDF")
    text = _pdftotext(pdf)
    for expected in (
        NATIONAL_NAME,
        MOTTO,
        f"Mẫu số {form_number}",
        "Thông tư số 03/2025/TT-VPCP",
        "UBND TỈNH HƯNG YÊN",
        title,
        slip.agency.name.upper(),
        *phrases,
    ):
        assert _collapse(expected) in text, f"Mẫu {form_number}: {expected!r} missing"

    pages, size = _pdf_pages(pdf)
    assert pages >= 1
    if form_number == "07":
        assert size.startswith("841.89 x 595.276"), size  # A4 landscape
    else:
        assert size.startswith("595.276 x 841.89"), size  # A4 portrait
    assert _pdf_image_count(pdf, tmp_path) >= 1  # the QR code


@pytest.mark.parametrize("form_number", sorted(CASES))
def test_slip_html_embeds_the_tracking_qr_as_a_data_uri(form_number):
    slip = CASES[form_number][0]()
    html = slip_render_html(slip)
    assert 'src="data:image/png;base64,' in html
    assert slip.tracking_url.replace("&", "&amp;") in html
    assert "http" not in html.replace(slip.tracking_url, "")  # nothing else points outside


def test_decomposed_input_prints_in_nfc():
    """Text pasted in NFD (macOS, some IMEs) is printed as composed characters."""
    nfd_name = unicodedata.normalize("NFD", "Nguyễn Thị Ngọc Ánh")
    slip = dataclasses.replace(supplement(), applicant=ApplicantInfo(name=nfd_name))
    html = slip_render_html(slip)
    assert nfd_name not in html
    assert "Nguyễn Thị Ngọc Ánh" in html
    assert unicodedata.is_normalized("NFC", html)
    assert "Nguyễn Thị Ngọc Ánh" in _pdftotext(slip_render_pdf(slip))


def test_supplement_slip_must_list_every_item_at_once():
    """Mẫu 02 guides once and completely: an empty list of items is refused."""
    with pytest.raises(ValueError, match="every item"):
        SupplementSlip(
            **COMMON,
            agency=CENTRE,
            issued_at=date(2026, 2, 13),
            applicant=APPLICANT,
            procedure_name=PROCEDURE,
            items=(),
            reason="Thiếu giấy tờ",
            guiding_officer=RECEIVER,
        )


def test_slips_never_fetch_anything_but_data_uris():
    fetcher = DataOnlyURLFetcher()
    for url in ("https://example.com/logo.png", "file:///etc/passwd", "ftp://example.com/a"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,YQ==").read() == b"a"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 2, 13, 15, 5, tzinfo=VN), "15 giờ 05 phút, ngày 13 tháng 02 năm 2026"),
        (datetime(2026, 1, 5, 8, 0, tzinfo=VN), "08 giờ 00 phút, ngày 05 tháng 01 năm 2026"),
        (datetime(2026, 11, 28, 7, 30), "07 giờ 30 phút, ngày 28 tháng 11 năm 2026"),
        # Stored in UTC, printed in Vietnam time: 17:30 UTC is 00:30 the next day in Hưng Yên.
        (
            datetime(2026, 3, 5, 17, 30, tzinfo=ZoneInfo("UTC")),
            "00 giờ 30 phút, ngày 06 tháng 3 năm 2026",
        ),
    ],
)
def test_datetime_long_uses_the_form_wording_and_vietnam_time(value, expected):
    assert formats.datetime_long(value) == expected


def test_place_date_line_pads_days_below_ten_and_months_one_and_two():
    # NĐ 30/2020/NĐ-CP Phụ lục I: "ngày 05 tháng 02" but "tháng 3".
    assert (
        formats.place_date_line("Hưng Yên", date(2026, 2, 5))
        == "Hưng Yên, ngày 05 tháng 02 năm 2026"
    )
    assert (
        formats.place_date_line("Hưng Yên", date(2026, 3, 5))
        == "Hưng Yên, ngày 05 tháng 3 năm 2026"
    )
    assert (
        formats.place_date_line("Hưng Yên", date(2026, 11, 28))
        == "Hưng Yên, ngày 28 tháng 11 năm 2026"
    )


def test_slip_number_carries_the_form_code():
    assert slip_number_format(kind=SlipKind.SUPPLEMENT, sequence=125, issuer_code="TTPVHCC") == (
        "125/PBS-TTPVHCC"
    )
    assert (
        slip_number_format(kind=SlipKind.RECEIPT, sequence=7, issuer_code="TTPVHCC") == "7/TTPVHCC"
    )


def test_rendering_a_slip_takes_well_under_a_second():
    slip_render_pdf(receipt())  # warm the font configuration
    started = time.perf_counter()
    slip_render_pdf(control())
    assert time.perf_counter() - started < 1.0


def test_every_slip_kind_has_a_case():
    assert {build().kind for build, _, _ in CASES.values()} == set(SlipKind)
    assert all(isinstance(build(), SlipBase) for build, _, _ in CASES.values())
