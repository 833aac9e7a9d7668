"""The public verification page, the results API and the certificate upload in the admin."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from motcua.documents.models import SigningCertificate
from motcua.documents.services.results import result_revoke
from motcua.documents.tests.conftest import P12_PASSWORD
from motcua.documents.tests.factories import forge, issue


def _pdf(result) -> bytes:
    with result.pdf.open("rb") as handle:
        return handle.read()


def test_verify_page_get_shows_the_form(client, world):
    response = client.get("/xac-minh/")
    assert response.status_code == 200
    assert "Xác minh kết quả giải quyết thủ tục hành chính" in response.content.decode()


def test_verify_page_accepts_an_untouched_result(client, world):
    result = issue(world)
    response = client.post("/xac-minh/", {"pdf": SimpleUploadedFile("kq.pdf", _pdf(result))})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hợp lệ" in page and result.number in page


def test_verify_page_names_the_fault_in_vietnamese(client, world, pki):
    result = issue(world)
    forged = forge(number=result.number, p12=pki.p12(pki.khoai_chau))
    response = client.post("/xac-minh/", {"pdf": SimpleUploadedFile("kq.pdf", forged)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Không hợp lệ" in page
    assert "Người ký không phải cơ quan đã cấp kết quả này." in page


def test_verify_page_refuses_a_non_pdf(client, world):
    response = client.post("/xac-minh/", {"pdf": SimpleUploadedFile("a.txt", b"hello")})
    assert response.status_code == 422
    assert "không phải tệp PDF" in response.content.decode()


def test_qr_page_shows_status_and_history(client, world):
    result = issue(world)
    result_revoke(result=result, by=None, reason="Giấy phép bị thu hồi")
    response = client.get(f"/xac-minh/{result.number}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã bị thu hồi" in page and "Giấy phép bị thu hồi" in page
    assert "Kết quả đã bị cơ quan cấp thu hồi." in page
    assert client.get(f"/xac-minh/{result.pk}/").status_code == 200
    assert client.get("/xac-minh/H99-KQ2026-000001/").status_code == 404


def test_api_verify_valid_and_fault(client, world, pki):
    result = issue(world)
    response = client.post(
        "/api/results/verify", {"file": SimpleUploadedFile("kq.pdf", _pdf(result))}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True and body["fault"] is None
    assert body["result"]["number"] == result.number and body["replacement"] is None
    assert body["signer"]["fingerprint"] == result.signer_fingerprint
    forged = forge(number=result.number, p12=pki.p12(pki.expired))
    body = client.post("/api/results/verify", {"file": SimpleUploadedFile("kq.pdf", forged)}).json()
    assert body["valid"] is False and body["fault"] == "certificate_expired"
    assert body["message"] and body["message_en"]


def test_api_verify_refuses_a_non_pdf_with_422(client, world):
    response = client.post(
        "/api/results/verify", {"file": SimpleUploadedFile("a.txt", b"plain text")}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "not_a_pdf"


def test_api_verify_refuses_a_missing_file_with_422(client, world):
    assert client.post("/api/results/verify", {}).status_code == 422


def test_api_verify_refuses_a_too_large_upload(client, world, settings):
    settings.MOTCUA_RESULT_UPLOAD_MAX_BYTES = 1000
    response = client.post(
        "/api/results/verify", {"file": SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 2000)}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"


def test_api_result_detail(client, world):
    result = issue(world)
    response = client.get(f"/api/results/{result.number}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid" and body["sha256"] == result.sha256
    assert "owner_personal_id" not in body  # public: no personal data
    missing = client.get("/api/results/H99-KQ2026-000001")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_admin_upload_stores_the_pkcs12_encrypted(admin_client, world, pki):
    raw = pki.p12(pki.dost, password=b"admin-pass")
    SigningCertificate.objects.filter(agency=world.khoai_chau).delete()
    wrong = admin_client.post(
        "/admin/documents/signingcertificate/upload-pkcs12/",
        {
            "agency": world.khoai_chau.pk,
            "pkcs12": SimpleUploadedFile("c.p12", raw),
            "password": "sai",
            "activate": "on",
        },
    )
    assert wrong.status_code == 200 and "sai mật khẩu" in wrong.content.decode()
    # The same key pair is already DOST's; upload Khoái Châu's own file instead.
    raw = pki.p12(pki.khoai_chau, password=b"admin-pass")
    response = admin_client.post(
        "/admin/documents/signingcertificate/upload-pkcs12/",
        {
            "agency": world.khoai_chau.pk,
            "pkcs12": SimpleUploadedFile("c.p12", raw),
            "password": "admin-pass",
            "activate": "on",
        },
    )
    assert response.status_code == 302
    certificate = SigningCertificate.objects.get(agency=world.khoai_chau)
    assert certificate.is_active
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pkcs12_sealed FROM documents_signingcertificate WHERE id = %s", [certificate.pk]
        )
        stored = bytes(cursor.fetchone()[0])
    assert raw not in stored and raw[:64] not in stored
    assert b"admin-pass" not in stored
    issue(
        world,
        agency=world.khoai_chau,
        procedure=world.copy_cert,
        dossier_code="H31.50.002-261128-0001",
    )


def test_admin_upload_page_requires_staff(client, world):
    response = client.get("/admin/documents/signingcertificate/upload-pkcs12/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_wrong_signing_key_cannot_unseal(world, settings):
    from motcua.core.errors import ApplicationError

    settings.MOTCUA_SIGNING_KEY = "another-key"
    try:
        issue(world)
    except ApplicationError as error:
        assert error.code == "signing_key_mismatch"
    else:
        raise AssertionError("signing with another MOTCUA_SIGNING_KEY must fail")


def test_p12_password_constant_is_bytes():
    assert isinstance(P12_PASSWORD, bytes)
