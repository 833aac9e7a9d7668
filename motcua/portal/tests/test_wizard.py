"""The submission wizard: prefilled from the register, a stored result reused instead of an
upload, drafts resumable; every kind of bad input answers in Vietnamese with 422 and stores
nothing (no dossier, no staged file, the draft unchanged)."""

import hashlib
from pathlib import Path

from django.urls import reverse

from motcua.dossiers.files import MAX_FILE_BYTES
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import PDF_BYTES
from motcua.portal.identity import SESSION_FLAG
from motcua.portal.models import Draft
from motcua.portal.tests.factories import CITIZEN_ID, EARLIER_RESULT, earlier_result
from motcua.portal.tests.wizard_helpers import (
    APPLICANT,
    FORM,
    pdf,
    start,
    step_url,
    through_documents,
)

SOURCE = "Lấy từ Cơ sở dữ liệu quốc gia về dân cư"


def _staged_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "portal" / "staging"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_happy_path_prefills_reuses_a_result_and_submits(citizen_client, world, settings):
    earlier_result(world)
    draft = start(citizen_client, world.reissue)

    page = citizen_client.get(step_url(draft, "nguoi-nop")).content.decode()
    assert SOURCE in page and "Nguyễn Văn An" in page and "readonly" in page
    assert citizen_client.post(step_url(draft, "nguoi-nop"), APPLICANT).status_code == 302

    page = citizen_client.get(step_url(draft, "to-khai")).content.decode()
    assert 'value="1990-05-12"' in page and SOURCE in page  # x-prefill citizen.date_of_birth
    assert citizen_client.post(step_url(draft, "to-khai"), FORM).status_code == 302

    page = citizen_client.get(step_url(draft, "giay-to")).content.decode()
    assert "Dùng kết quả đã được cấp" in page and EARLIER_RESULT in page
    response = citizen_client.post(
        step_url(draft, "giay-to"), {"doc0_file": pdf(), "doc1_reuse": EARLIER_RESULT}
    )
    assert response.status_code == 302

    page = citizen_client.get(step_url(draft, "xem-lai")).content.decode()
    assert "100.000" in page  # the fee line
    response = citizen_client.post(
        step_url(draft, "xem-lai"), {"receiving_agency": world.province_center.pk}
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get(applicant_user=world.users["citizen"])
    assert response["Location"] == reverse("portal:my_dossier", args=[dossier.code])
    assert dossier.procedure == world.reissue and dossier.status == 1
    assert dossier.applicant_personal_id == CITIZEN_ID and dossier.identity_verified is False
    assert dossier.form_data["reason"] == "Bị mất" and dossier.form_data["copies"] == 1
    documents = {d.requirement_code: d for d in dossier.documents.all()}
    assert documents["TP2"].reused_from == EARLIER_RESULT and documents["TP2"].digitized
    assert documents["TP1"].sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert not Draft.objects.filter(pk=draft.pk).exists()
    # Staged content-addressed: the file between steps is named by its SHA-256.
    assert [p.name for p in _staged_files(settings)] == [documents["TP1"].sha256]


def test_login_through_the_national_provider_marks_the_dossier(citizen_client, world):
    earlier_result(world)
    session = citizen_client.session
    session[SESSION_FLAG] = True
    session.save()
    draft = through_documents(citizen_client, world.reissue)
    citizen_client.post(step_url(draft, "xem-lai"), {"receiving_agency": world.province_center.pk})
    assert Dossier.objects.get(applicant_user=world.users["citizen"]).identity_verified is True


def test_a_draft_is_resumed_where_it_was_left(citizen_client, world):
    draft = start(citizen_client, world.reissue)
    citizen_client.post(step_url(draft, "nguoi-nop"), APPLICANT)
    page = citizen_client.get(reverse("portal:my_dossiers")).content.decode()
    assert step_url(draft, "to-khai") in page
    response = citizen_client.post(reverse("portal:start", args=[world.reissue.code]))
    assert response["Location"] == step_url(draft, "to-khai")
    # Skipping ahead is not possible: the documents step sends back to the current one.
    assert citizen_client.get(step_url(draft, "xem-lai"))["Location"] == step_url(draft, "to-khai")


def test_someone_elses_draft_is_not_found(client, world):
    client.force_login(world.users["citizen"])
    draft = start(client, world.reissue)
    client.force_login(world.users["other_citizen"])
    assert client.get(step_url(draft, "nguoi-nop")).status_code == 404


def test_schema_violation_is_shown_per_field_and_nothing_is_saved(citizen_client, world):
    draft = start(citizen_client, world.reissue)
    citizen_client.post(step_url(draft, "nguoi-nop"), APPLICANT)
    bad = {**FORM, "f_copies": "0", "f_personal_id": "12345", "f_reason": ""}
    response = citizen_client.post(step_url(draft, "to-khai"), bad)
    assert response.status_code == 422
    page = response.content.decode()
    assert "«Số bản» phải lớn hơn hoặc bằng 1." in page
    assert "«Số định danh cá nhân» không đúng định dạng." in page
    assert "Chưa nhập «Lý do cấp lại»." in page
    draft.refresh_from_db()
    assert "form" not in draft.data and draft.step == "to-khai"
    assert Dossier.objects.count() == 0


def _to_documents(client, world) -> Draft:
    draft = start(client, world.reissue)
    client.post(step_url(draft, "nguoi-nop"), APPLICANT)
    client.post(step_url(draft, "to-khai"), FORM)
    return draft


def test_a_fake_pdf_is_refused_by_its_content(citizen_client, world, settings):
    earlier_result(world)
    draft = _to_documents(citizen_client, world)
    for content, message in [
        (b"%PDF-1.4\nnot really a pdf", "Tệp PDF bị hỏng hoặc không đầy đủ."),
        (b"MZ\x90\x00 an executable renamed", "Chỉ nhận tệp PDF, JPEG hoặc PNG"),
    ]:
        response = citizen_client.post(
            step_url(draft, "giay-to"),
            {"doc0_file": pdf("don.pdf", content), "doc1_reuse": EARLIER_RESULT},
        )
        assert response.status_code == 422
        assert message in response.content.decode()
    draft.refresh_from_db()
    assert "documents" not in draft.data and _staged_files(settings) == []
    assert Dossier.objects.count() == 1  # only the earlier result


def test_an_oversized_file_is_refused(citizen_client, world, settings):
    earlier_result(world)
    draft = _to_documents(citizen_client, world)
    huge = b"%PDF-1.4\n" + b"0" * MAX_FILE_BYTES + b"\n%%EOF\n"
    response = citizen_client.post(
        step_url(draft, "giay-to"),
        {"doc0_file": pdf("big.pdf", huge), "doc1_reuse": EARLIER_RESULT},
    )
    assert response.status_code == 422
    assert (
        "Tệp quá lớn" in response.content.decode() and "tối đa 10 MB" in response.content.decode()
    )
    assert _staged_files(settings) == [] and Dossier.objects.count() == 1


def test_a_result_that_is_not_the_citizens_cannot_be_reused(citizen_client, world):
    earlier_result(world, personal_id="034195006789", code="KQ-OF-SOMEONE-ELSE")
    draft = _to_documents(citizen_client, world)
    page = citizen_client.get(step_url(draft, "giay-to")).content.decode()
    assert "KQ-OF-SOMEONE-ELSE" not in page
    response = citizen_client.post(
        step_url(draft, "giay-to"), {"doc0_file": pdf(), "doc1_reuse": "KQ-OF-SOMEONE-ELSE"}
    )
    assert response.status_code == 422  # not an offered choice
    assert Dossier.objects.filter(applicant_user=world.users["citizen"]).count() == 0


def test_personal_id_of_someone_else_is_refused_at_step_one(citizen_client, world):
    draft = start(citizen_client, world.reissue)
    response = citizen_client.post(
        step_url(draft, "nguoi-nop"), {**APPLICANT, "personal_id": "034195006789"}
    )
    assert response.status_code == 422
    assert "không khớp với tài khoản đang đăng nhập" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data == {} and Dossier.objects.count() == 0


def test_personal_id_of_someone_else_is_refused_at_submission(citizen_client, world):
    earlier_result(world)
    draft = through_documents(citizen_client, world.reissue)
    draft.data["applicant"]["personal_id"] = "034195006789"  # a tampered draft
    draft.save()
    before = Dossier.objects.count()
    response = citizen_client.post(
        step_url(draft, "xem-lai"), {"receiving_agency": world.province_center.pk}
    )
    assert response.status_code == 422
    assert "không khớp với tài khoản đang đăng nhập" in response.content.decode()
    assert Dossier.objects.count() == before and Draft.objects.filter(pk=draft.pk).exists()


def test_the_form_still_works_when_the_register_is_down(citizen_client, world, settings):
    settings.MOTCUA_REGISTRY_CONNECTOR = "unavailable"
    earlier_result(world)
    draft = start(citizen_client, world.reissue)
    page = citizen_client.get(step_url(draft, "nguoi-nop")).content.decode()
    assert "Hiện không kết nối được Cơ sở dữ liệu quốc gia về dân cư" in page
    assert SOURCE not in page
    assert citizen_client.post(step_url(draft, "nguoi-nop"), APPLICANT).status_code == 302
    page = citizen_client.get(step_url(draft, "to-khai")).content.decode()
    assert "Hiện không kết nối được" in page and 'value="1990-05-12"' not in page
    assert citizen_client.post(step_url(draft, "to-khai"), FORM).status_code == 302


def test_a_procedure_without_online_service_has_no_wizard(citizen_client, world):
    world.reissue.online_level = "none"
    world.reissue.save()
    response = citizen_client.post(reverse("portal:start", args=[world.reissue.code]))
    assert response.status_code == 302 and not Draft.objects.exists()


def test_a_business_acts_through_its_legal_representative(client, world):
    """Tax code + the account of the person the business register names as representative."""
    organization = {**APPLICANT, "kind": "organization", "tax_code": "0100109106",
                    "name": "Công ty TNHH Thiết bị Y tế Phố Hiến"}  # fmt: skip
    client.force_login(world.users["other_citizen"])
    draft = start(client, world.xray)
    response = client.post(step_url(draft, "nguoi-nop"), organization)
    assert response.status_code == 422
    assert "không phải người đại diện theo pháp luật" in response.content.decode()

    client.force_login(world.users["citizen"])
    draft = start(client, world.xray)
    assert client.post(step_url(draft, "nguoi-nop"), organization).status_code == 302
    page = client.get(step_url(draft, "to-khai")).content.decode()
    assert 'value="Công ty TNHH Thiết bị Y tế Phố Hiến"' in page
    assert "Lấy từ Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp" in page
    draft.refresh_from_db()
    assert draft.data["applicant"]["personal_id"] == "" and draft.data["applicant"]["tax_code"]
