import pytest

from motcua.dossiers.services.intake import DocumentInput, dossier_submit_online
from motcua.dossiers.tests.factories import PDF_BYTES, XRAY_FORM, build_world, citizen_applicant


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MOTCUA_PROVINCE = "33"
    world = build_world()
    world.users["citizen"].email = "anh@example.vn"
    world.users["citizen"].save(update_fields=["email"])
    return world


@pytest.fixture
def dossier(world):
    """An online dossier of the citizen, handled by the Department of Science and Technology."""
    return dossier_submit_online(
        procedure=world.xray,
        receiving_agency=world.province_center,
        applicant=citizen_applicant(),
        form_data=XRAY_FORM,
        documents=[
            DocumentInput("TP1", "a.pdf", PDF_BYTES),
            DocumentInput("TP2", "b.pdf", PDF_BYTES),
        ],
        by=world.users["citizen"],
    )
