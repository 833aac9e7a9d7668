"""Catalog documents for tests: a small valid catalog to mutate, one rule at a time."""

import copy
import json
from pathlib import Path

DATA = Path(__file__).parent / "data"

_CATALOG = {
    "format": "motcua-catalog",
    "version": 1,
    "fields": [
        {"code": "ATBX", "name": "An toàn bức xạ và hạt nhân", "sector": "Khoa học và Công nghệ"},
        {"code": "CT", "name": "Chứng thực", "sector": "Tư pháp"},
        {"code": "HT", "name": "Hộ tịch", "sector": "Tư pháp"},
    ],
    "procedures": [
        {
            "code": "1.004447",
            "name": "Cấp giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn "
            "đoán trong y tế)",
            "field": "ATBX",
            "level": "province",
            "subjects": ["organization", "citizen"],
            "handling_agency_kind": "department_of_science_and_technology",
            "competent_authority": "Sở Khoa học và Công nghệ",
            "delegation": {
                "kind": "decentralized",
                "from": "Bộ Khoa học và Công nghệ",
                "legal_basis": "Nghị định số 133/2025/NĐ-CP",
            },
            "processing_time": {"value": 10, "unit": "working_days"},
            "online_level": "full",
            "boundary_free": True,
            "channels": ["counter", "online", "postal"],
            "fees": [{"name": "Phí thẩm định cấp giấy phép", "amount_vnd": 1000000}],
            "requirements": [
                {
                    "code": "TP1",
                    "name": "Đơn đề nghị cấp giấy phép",
                    "template": "Mẫu 01",
                    "originals": 1,
                    "copies": 0,
                    "required": True,
                },
                {
                    "code": "TP2",
                    "name": "Chứng chỉ nhân viên bức xạ",
                    "originals": 0,
                    "copies": 1,
                    "required": True,
                    "reusable_result_of": ["1.004451"],
                },
            ],
            "form": {
                "type": "object",
                "required": ["organization_name", "device_count"],
                "properties": {
                    "organization_name": {
                        "type": "string",
                        "title": "Tên tổ chức",
                        "x-prefill": "business.name",
                    },
                    "device_count": {"type": "integer", "title": "Số thiết bị", "minimum": 1},
                },
            },
            "steps": [
                {"name": "Tiếp nhận, kiểm tra hồ sơ", "actor": "receiver", "working_days": 0.5},
                {"name": "Thẩm định", "actor": "specialist", "working_days": 7},
                {"name": "Phê duyệt", "actor": "leader", "working_days": 2},
                {"name": "Ký số, trả kết quả", "actor": "signer", "working_days": 0.5},
            ],
            "result": {"name": "Giấy phép tiến hành công việc bức xạ", "validity_months": 36},
            "conditions": "Có nhân viên bức xạ được cấp chứng chỉ.",
            "procedure_text": "Bước 1: nộp hồ sơ. Bước 2: thẩm định. Bước 3: trả kết quả.",
            "legal_bases": ["Luật Năng lượng nguyên tử 2025"],
            "keywords": ["x-quang", "bức xạ", "giấy phép"],
        },
        {
            "code": "1.004440",
            "name": "Cấp giấy chứng nhận đăng ký dịch vụ hỗ trợ ứng dụng năng lượng nguyên tử",
            "field": "ATBX",
            "level": "province",
            "subjects": ["organization"],
            "handling_agency_kind": "department_of_science_and_technology",
            "competent_authority": "Sở Khoa học và Công nghệ",
            "processing_time": {"value": 15, "unit": "calendar_days"},
            "online_level": "partial",
            "boundary_free": False,
            "channels": ["counter", "online"],
            "keywords": ["bức xạ", "kiểm xạ"],
        },
        {
            "code": "2.000815",
            "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
            "field": "CT",
            "level": "commune",
            "subjects": ["citizen", "organization"],
            "handling_agency_kind": "commune_peoples_committee",
            "competent_authority": "Ủy ban nhân dân cấp xã",
            "processing_time": {"value": 0, "unit": "working_days"},
            "online_level": "partial",
            "boundary_free": True,
            "channels": ["counter"],
            "fees": [{"name": "Phí chứng thực (mỗi trang)", "amount_vnd": 2000}],
            "requirements": [
                {"code": "TP1", "name": "Bản chính giấy tờ cần chứng thực", "copies": 0},
                {"code": "TP2", "name": "Bản sao cần chứng thực", "originals": 0, "copies": 1},
            ],
            "result": {"name": "Bản sao được chứng thực từ bản chính"},
        },
        {
            "code": "1.001193",
            "name": "Đăng ký khai sinh",
            "field": "HT",
            "level": "commune",
            "subjects": ["citizen"],
            "handling_agency_kind": "commune_peoples_committee",
            "competent_authority": "Ủy ban nhân dân cấp xã",
            "processing_time": {"value": 0, "unit": "working_days"},
            "online_level": "full",
            "boundary_free": True,
            "channels": ["counter", "online"],
            "fees": [],
            "requirements": [
                {"code": "TP1", "name": "Tờ khai đăng ký khai sinh", "template": "Mẫu tờ khai"},
                {"code": "TP2", "name": "Giấy chứng sinh"},
            ],
            "result": {"name": "Giấy khai sinh"},
            "keywords": ["khai sinh", "trẻ em"],
        },
    ],
}


def catalog_document() -> dict:
    """A fresh, valid catalog of four procedures in three fields."""
    return copy.deepcopy(_CATALOG)


def other_province_document() -> dict:
    """A catalog written outside the project (tests/data/other_province_catalog.json)."""
    return json.loads((DATA / "other_province_catalog.json").read_text(encoding="utf-8"))
