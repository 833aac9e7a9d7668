"""Slips built from a real dossier's history read back exactly through pdftotext."""

import subprocess
import unicodedata

import pytest

from conftest import require_binary
from motcua.core.errors import ApplicationError
from motcua.dossiers.constants import Action
from motcua.dossiers.services.intake import dossier_receive_at_counter
from motcua.dossiers.services.processing import (
    dossier_advance,
    dossier_assign,
    dossier_extend,
    dossier_request_supplement,
    dossier_stop,
    dossier_supplement,
)
from motcua.dossiers.services.slips import dossier_slip_pdf
from motcua.dossiers.slips.context import SlipKind
from motcua.dossiers.tests.factories import XRAY_FORM, at, citizen_applicant, xray_documents


def text_of(pdf: bytes) -> str:
    require_binary("pdftotext", "poppler-utils")
    out = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    return " ".join(unicodedata.normalize("NFC", out.decode()).split())


@pytest.fixture
def dossier(world):
    u = world.users
    d = dossier_receive_at_counter(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=xray_documents(),
        by=u["center_receiver"],
        now=at(2026, 3, 2, 9),
    )
    d = dossier_assign(
        dossier=d, by=u["dost_leader"], assignee=u["dost_specialist"], now=at(2026, 3, 3, 9)
    )
    d = dossier_request_supplement(
        dossier=d,
        by=u["dost_specialist"],
        items=["Bản vẽ bố trí phòng chụp X-quang"],
        reason="Thiếu bản vẽ",
        now=at(2026, 3, 4, 9),
    )
    d = dossier_supplement(dossier=d, by=u["center_receiver"], now=at(2026, 3, 5, 9))
    return dossier_extend(
        dossier=d,
        by=u["dost_leader"],
        new_due_at=at(2026, 3, 24, 17),
        reason="Cần kiểm tra thực tế",
        now=at(2026, 3, 10, 9),
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            SlipKind.RECEIPT,
            [
                "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                "Nguyễn Thị Ngọc Ánh",
                "033090001234",
                "Cấp giấy phép tiến hành công việc bức xạ",
                "10 ngày làm việc",
            ],
        ),
        (
            SlipKind.SUPPLEMENT,
            ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Bản vẽ bố trí phòng chụp X-quang"],
        ),
        (
            SlipKind.APOLOGY,
            ["PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "Cần kiểm tra thực tế"],
        ),
        (
            SlipKind.CONTROL,
            [
                "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
                "Sở Khoa học và Công nghệ tỉnh Hưng Yên",
            ],
        ),
    ],
)
def test_slip_of_a_dossier(dossier, kind, expected):
    text = text_of(dossier_slip_pdf(dossier=dossier, kind=kind, now=at(2026, 3, 10, 10)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert dossier.code in text
    for phrase in expected:
        assert phrase in text, phrase


def test_stop_notice_after_withdrawal(world, dossier):
    u = world.users
    d = dossier_advance(
        dossier=dossier,
        action=Action.REQUEST_WITHDRAWAL,
        by=u["center_receiver"],
        note="Xin rút hồ sơ",
    )
    d = dossier_stop(dossier=d, by=u["center_receiver"], reason="Theo đề nghị của công dân")
    text = text_of(dossier_slip_pdf(dossier=d, kind=SlipKind.STOP_NOTICE))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and d.code in text


def test_a_slip_the_dossier_does_not_have_is_a_conflict(dossier):
    with pytest.raises(ApplicationError) as caught:
        dossier_slip_pdf(dossier=dossier, kind=SlipKind.REFUSAL)
    assert caught.value.status == 409
