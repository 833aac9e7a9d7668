"""Portal test data: the dossier tests' small world plus two citizen procedures (a certificate
and its reissue, whose TP2 accepts the certificate as a stored result), the citizen in the
reference population register, and an earlier result the citizen holds."""

import copy
from datetime import date

from django.utils import timezone

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.intake import DocumentInput, dossier_receive_at_counter
from motcua.dossiers.tests.factories import build_world, citizen_applicant
from motcua.procedures.importer import catalog_import
from motcua.procedures.models import Procedure
from motcua.registries.models import RegistryBusiness, RegistryPerson

CITIZEN_ID = "033090001234"
CITIZEN_NAME = "Nguyễn Văn An"
EARLIER_RESULT = "KQ-H31.12-250110-0007"
BUSINESS_TAX_CODE = "0100109106"  # check digit valid (DOMAIN.md §7.2 cross-check)

_PROCEDURE = {
    "field": "ATBX",
    "level": "province",
    "subjects": ["citizen"],
    "handling_agency_kind": "department_of_science_and_technology",
    "competent_authority": "Sở Khoa học và Công nghệ",
    "processing_time": {"value": 5, "unit": "working_days"},
    "online_level": "full",
    "boundary_free": True,
    "channels": ["counter", "online"],
}

CATALOG = {
    "format": "motcua-catalog",
    "version": 1,
    "fields": [
        {"code": "ATBX", "name": "An toàn bức xạ và hạt nhân", "sector": "Khoa học và Công nghệ"}
    ],
    "procedures": [
        {
            **_PROCEDURE,
            "code": "1.004451",
            "name": "Cấp chứng chỉ nhân viên bức xạ",
            "fees": [{"name": "Phí thẩm định", "amount_vnd": 200000}],
            "requirements": [{"code": "TP1", "name": "Đơn đề nghị", "required": True}],
            "result": {"name": "Chứng chỉ nhân viên bức xạ"},
        },
        {
            **_PROCEDURE,
            "code": "1.014761",
            "name": "Cấp lại chứng chỉ nhân viên bức xạ",
            "fees": [{"name": "Phí thẩm định cấp lại", "amount_vnd": 100000}],
            "requirements": [
                {"code": "TP1", "name": "Đơn đề nghị cấp lại", "required": True},
                {
                    "code": "TP2",
                    "name": "Chứng chỉ nhân viên bức xạ đã cấp",
                    "required": True,
                    "reusable_result_of": ["1.004451"],
                },
            ],
            "form": {
                "type": "object",
                "required": ["full_name", "personal_id", "reason"],
                "properties": {
                    "full_name": {
                        "type": "string",
                        "title": "Họ và tên",
                        "minLength": 2,
                        "x-prefill": "citizen.full_name",
                    },
                    "date_of_birth": {
                        "type": "string",
                        "format": "date",
                        "title": "Ngày sinh",
                        "x-prefill": "citizen.date_of_birth",
                    },
                    "personal_id": {
                        "type": "string",
                        "title": "Số định danh cá nhân",
                        "pattern": "^[0-9]{12}$",
                        "x-prefill": "citizen.personal_id",
                    },
                    "copies": {"type": "integer", "title": "Số bản", "minimum": 1, "maximum": 5},
                    "reason": {
                        "type": "string",
                        "title": "Lý do cấp lại",
                        "enum": ["Bị mất", "Bị hư hỏng"],
                    },
                },
            },
            "result": {"name": "Chứng chỉ nhân viên bức xạ (cấp lại)"},
            "keywords": ["cấp lại chứng chỉ bức xạ"],
        },
    ],
}


def portal_world():
    world = build_world()
    catalog_import(document=copy.deepcopy(CATALOG))
    world.certificate = Procedure.objects.get(code="1.004451")
    world.reissue = Procedure.objects.get(code="1.014761")
    citizen = world.users["citizen"]
    citizen.full_name = CITIZEN_NAME
    citizen.email = "an@example.vn"
    citizen.save()
    RegistryPerson.objects.create(
        personal_id=CITIZEN_ID,
        full_name=CITIZEN_NAME,
        date_of_birth=date(1990, 5, 12),
        gender="nam",
        permanent_address="Số 12, Tổ dân phố 3, Phường Phố Hiến, tỉnh Hưng Yên",
        unit_code="11953",
        phone="0912345678",
    )
    RegistryBusiness.objects.create(
        tax_code=BUSINESS_TAX_CODE,
        name="Công ty TNHH Thiết bị Y tế Phố Hiến",
        address="Số 5, Phường Phố Hiến, tỉnh Hưng Yên",
        unit_code="11953",
        representative_personal_id=CITIZEN_ID,
        representative_name=CITIZEN_NAME,
    )
    return world


def earlier_result(world, *, personal_id: str = CITIZEN_ID, code: str = EARLIER_RESULT) -> Dossier:
    """A certificate the citizen obtained before: received at the counter, finished, signed."""
    dossier = dossier_receive_at_counter(
        procedure=world.certificate,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(name=CITIZEN_NAME, personal_id=personal_id),
        form_data={},
        documents=[DocumentInput("TP1", paper_received=True)],
        by=world.users["center_receiver"],
    )
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.RESULT_READY, result_code=code, finished_at=timezone.now()
    )
    dossier.refresh_from_db()
    return dossier
