"""Issuing, revoking and replacing results; the history rows; the repository; the queue."""

import subprocess
import unicodedata

import pytest
from django.core.management import call_command

from conftest import require_binary
from motcua.core.errors import ApplicationError
from motcua.documents.constants import ResultEventKind, ResultStatus, SigningRequestStatus
from motcua.documents.models import Result, ResultEvent, SigningCertificate
from motcua.documents.services.repository import result_ready_payload, results_of_owner
from motcua.documents.services.results import (
    result_replace,
    result_revoke,
    signing_request_create,
    signing_requests_sign,
)
from motcua.documents.tests.factories import issue


def test_issue_stores_the_signed_pdf_with_its_hash_and_history(world):
    result = issue(world)
    assert result.number == "H31.12-KQ2026-000001" or result.number.startswith("H31.12-KQ")
    assert result.title == "Giấy phép tiến hành công việc bức xạ"
    assert result.valid_until is not None  # the catalog says 36 months
    assert (
        result.signer_fingerprint == SigningCertificate.objects.get(agency=world.dost).fingerprint
    )
    assert list(result.events.values_list("kind", flat=True)) == [ResultEventKind.ISSUED]
    second = issue(world, dossier_code="H31.12-261128-0002")
    assert int(second.number.rsplit("-", 1)[1]) == int(result.number.rsplit("-", 1)[1]) + 1


def test_pdf_text_is_exact_vietnamese(world, tmp_path):
    require_binary("pdftotext", "poppler-utils")
    result = issue(world)
    path = tmp_path / "result.pdf"
    path.write_bytes(result.pdf.read())
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    text = " ".join(unicodedata.normalize("NFC", text).split())  # lines wrap in the header cells
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH HƯNG YÊN",
        "GIẤY PHÉP TIẾN HÀNH CÔNG VIỆC BỨC XẠ",
        f"Số: {result.number}",
        "Mã hồ sơ: H31.12-261128-0001",
        "Nguyễn Thị Ngọc Ánh",
        "Bệnh viện Đa khoa Phố Hiến",
        "Tên tổ chức",  # the e-form's title for organization_name
        f"/xac-minh/{result.number}/",
    ]:
        assert expected in text, expected


def test_pdf_carries_a_qr_code_image(world, tmp_path):
    require_binary("pdfimages", "poppler-utils")
    result = issue(world)
    path = tmp_path / "result.pdf"
    path.write_bytes(result.pdf.read())
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    assert len(listing.strip().splitlines()) >= 3  # header, rule, at least one image


def test_agency_without_certificate_gets_409(world):
    SigningCertificate.objects.filter(agency=world.dost).update(is_active=False)
    with pytest.raises(ApplicationError) as caught:
        issue(world)
    assert caught.value.status == 409
    assert "chưa có chứng thư ký số" in caught.value.message
    assert not Result.objects.exists()


def test_expired_active_certificate_gets_409(world, pki):
    from datetime import timedelta

    from django.utils import timezone

    SigningCertificate.objects.filter(agency=world.dost).update(
        not_after=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(ApplicationError) as caught:
        issue(world)
    assert caught.value.code == "signing_certificate_expired"


def test_owner_identity_is_required(world):
    with pytest.raises(ApplicationError) as caught:
        issue(world, owner_personal_id="", owner_tax_code="")
    assert caught.value.status == 422


def test_revoke_writes_history_and_refuses_twice(world):
    result = issue(world)
    result_revoke(result=result, by=world.users["dost_signer"], reason="Giấy phép bị thu hồi")
    result.refresh_from_db()
    assert result.status == ResultStatus.REVOKED
    event = ResultEvent.objects.get(result=result, kind=ResultEventKind.REVOKED)
    assert event.by == world.users["dost_signer"] and event.reason == "Giấy phép bị thu hồi"
    with pytest.raises(ApplicationError) as caught:
        result_revoke(result=result, by=world.users["dost_signer"], reason="lần hai")
    assert caught.value.status == 409


def test_only_the_issuing_agency_revokes(world):
    result = issue(world)
    with pytest.raises(ApplicationError) as caught:
        result_revoke(result=result, by=world.users["kc_leader"], reason="không phải của tôi")
    assert caught.value.status == 403
    with pytest.raises(ApplicationError):
        result_revoke(result=result, by=world.users["dost_specialist"], reason="chuyên viên")
    result_revoke(result=result, by=world.users["province_admin"], reason="quản trị tỉnh")


def test_revoke_needs_a_reason(world):
    result = issue(world)
    with pytest.raises(ApplicationError) as caught:
        result_revoke(result=result, by=None, reason="  ")
    assert caught.value.status == 422


def test_replace_links_both_results_in_history(world):
    old = issue(world)
    new = issue(world, dossier_code="H31.12-261128-0009")
    result_replace(
        result=old, by=world.users["dost_signer"], new_result=new, reason="Cấp lại do sai tên"
    )
    old.refresh_from_db()
    assert old.status == ResultStatus.REPLACED and old.replaced_by == new
    event = ResultEvent.objects.get(result=old, kind=ResultEventKind.REPLACED)
    assert event.related == new


def test_replace_refuses_another_agency_result(world):
    old = issue(world)
    other = issue(
        world,
        agency=world.khoai_chau,
        procedure=world.copy_cert,
        dossier_code="H31.50.002-261128-0001",
    )
    with pytest.raises(ApplicationError) as caught:
        result_replace(result=old, by=None, new_result=other)
    assert caught.value.status == 422


def test_repository_lists_the_owner_results(world):
    mine = issue(world)
    business = issue(
        world, dossier_code="H31.12-261128-0003", owner_kind="organization", owner_personal_id="",
        owner_tax_code="0101234567", owner_name="Công ty TNHH Ánh Dương",
    )  # fmt: skip
    assert results_of_owner(personal_id="033090001234") == [mine]
    assert results_of_owner(tax_code="0101234567") == [business]
    with pytest.raises(ApplicationError):
        results_of_owner()
    payload = result_ready_payload(result=mine)
    assert payload["result_number"] == mine.number
    assert payload["result_url"].endswith(f"/xac-minh/{mine.number}/")


def test_batch_signs_the_queue_with_one_signer(world):
    for n in range(3):
        signing_request_create(
            dossier_code=f"H31.12-261128-01{n}", procedure=world.xray, agency=world.dost,
            owner_kind="citizen", owner_personal_id="033090001234", owner_name="Nguyễn Văn An",
            data={"organization_name": "Phòng khám An Bình", "device_count": 1},
        )  # fmt: skip
    outcome = signing_requests_sign(agency=world.dost, by=world.users["dost_signer"])
    assert len(outcome.signed) == 3 and not outcome.failed
    assert Result.objects.filter(dossier_code__startswith="H31.12-261128-01").count() == 3
    assert signing_requests_sign(agency=world.dost).signed == []


def test_sign_results_command(world, capsys):
    signing_request_create(
        dossier_code="H31.12-261128-0200", procedure=world.xray, agency=world.dost,
        owner_kind="citizen", owner_personal_id="033090001234", owner_name="Nguyễn Văn An", data={},
    )  # fmt: skip
    call_command("sign_results", "--agency", "H31.12", "--user", "dost_signer")
    assert "Đã ký 1, lỗi 0." in capsys.readouterr().out
    from motcua.documents.models import SigningRequest

    assert SigningRequest.objects.get().status == SigningRequestStatus.SIGNED
