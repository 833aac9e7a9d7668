"""The tamper corpus: every kind of bad file is rejected with its own reason, and an
untouched result is accepted (Luật Giao dịch điện tử 2023 Art. 24; NĐ 23/2025/NĐ-CP)."""

import io
import re

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from motcua.core.errors import ApplicationError
from motcua.documents.services.results import result_replace, result_revoke
from motcua.documents.services.verify import result_verify
from motcua.documents.tests.factories import forge, issue
from motcua.documents.verification import VerificationFault


def _signed_bytes(result) -> bytes:
    with result.pdf.open("rb") as handle:
        return handle.read()


def _flip_inside_first_stream(pdf: bytes) -> bytes:
    """Flip one byte in the middle of the first content stream (inside the signed range)."""
    match = re.search(rb"stream\r?\n", pdf)
    end = pdf.index(b"endstream", match.end())
    position = (match.end() + end) // 2
    tampered = bytearray(pdf)
    tampered[position] ^= 0x01
    return bytes(tampered)


def _append_page_change(pdf: bytes) -> bytes:
    """An incremental update, after the signature, that paints new text over page 1."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (DA SUA) Tj ET")
    contents = page["/Contents"]
    new_contents = generic.ArrayObject(
        list(contents) if isinstance(contents, generic.ArrayObject) else [contents]
    )
    new_contents.append(writer.add_object(stream))
    page["/Contents"] = new_contents
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_untouched_result_is_accepted(world):
    result = issue(world)
    verification = result_verify(pdf_bytes=_signed_bytes(result))
    assert verification.valid, verification.fault
    assert verification.fault is None
    assert verification.result.number == result.number
    assert "Hưng Yên" in verification.signer.subject


def test_bytes_flipped_inside_the_signed_range(world):
    result = issue(world)
    verification = result_verify(pdf_bytes=_flip_inside_first_stream(_signed_bytes(result)))
    assert verification.fault == VerificationFault.SIGNED_BYTES_CHANGED


def test_incremental_update_that_changes_a_page(world):
    result = issue(world)
    verification = result_verify(pdf_bytes=_append_page_change(_signed_bytes(result)))
    assert verification.fault == VerificationFault.CONTENT_MODIFIED


def test_signature_by_an_untrusted_certificate(world, pki):
    """Same agency name, but issued by a root nobody configured (the file embeds that root)."""
    result = issue(world)
    forged = forge(number=result.number, p12=pki.p12(pki.untrusted))
    assert result_verify(pdf_bytes=forged).fault == VerificationFault.CERTIFICATE_UNTRUSTED


def test_signature_by_an_expired_certificate(world, pki):
    result = issue(world)
    forged = forge(number=result.number, p12=pki.p12(pki.expired))
    assert result_verify(pdf_bytes=forged).fault == VerificationFault.CERTIFICATE_EXPIRED


def test_revoked_result(world):
    result = issue(world)
    result_revoke(
        result=result, by=world.users["dost_signer"], reason="Thu hồi giấy phép do vi phạm"
    )
    verification = result_verify(pdf_bytes=_signed_bytes(result))
    assert verification.fault == VerificationFault.RESULT_REVOKED
    assert verification.result.revocation_reason == "Thu hồi giấy phép do vi phạm"


def test_valid_result_of_another_agency(world, pki):
    """Khoái Châu's genuine certificate signing a document that claims a DOST result."""
    result = issue(world)
    forged = forge(number=result.number, p12=pki.p12(pki.khoai_chau))
    assert result_verify(pdf_bytes=forged).fault == VerificationFault.SIGNER_NOT_ISSUER


# Beyond the corpus the issue lists: the remaining faults of the taxonomy.


def test_unsigned_pdf(world):
    from motcua.documents.services.render import result_render_pdf
    from motcua.documents.tests.factories import forge as _  # noqa: F401  (keeps import order)

    result = issue(world)
    pdf = _signed_bytes(result)
    cut = pdf[: pdf.index(b"%%EOF") + 5]  # the first revision: the rendered, unsigned file
    assert result_verify(pdf_bytes=cut).fault == VerificationFault.NOT_SIGNED
    assert result_render_pdf  # rendering alone never signs


def test_replaced_result_names_its_replacement(world):
    old = issue(world)
    new = issue(world, dossier_code="H31.12-261128-0002")
    result_replace(result=old, by=world.users["dost_signer"], new_result=new, reason="Cấp lại")
    verification = result_verify(pdf_bytes=_signed_bytes(old))
    assert verification.fault == VerificationFault.RESULT_REPLACED
    assert verification.replacement.number == new.number


def test_unknown_result_signed_by_a_trusted_agency(world, pki):
    forged = forge(number="H31.12-KQ2026-999999", p12=pki.p12(pki.dost))
    assert result_verify(pdf_bytes=forged).fault == VerificationFault.RESULT_UNKNOWN


def test_same_agency_re_signing_other_content_is_not_the_issued_result(world, pki):
    result = issue(world)
    forged = forge(number=result.number, p12=pki.p12(pki.dost))
    assert result_verify(pdf_bytes=forged).fault == VerificationFault.RESULT_UNKNOWN


def test_certificate_revoked_by_the_crl(world, pki):
    result = issue(world)
    forged = forge(number=result.number, p12=pki.p12(pki.revoked))
    assert result_verify(pdf_bytes=forged).fault == VerificationFault.CERTIFICATE_REVOKED


def test_without_the_crl_the_revoked_certificate_is_not_known_revoked(world, pki, settings):
    """Soft-fail without revocation data; the next check (is it DOST's certificate?) answers."""
    settings.MOTCUA_SIGNING_CRL_FILES = []
    result = issue(world)
    forged = forge(number=result.number, p12=pki.p12(pki.revoked))
    assert result_verify(pdf_bytes=forged).fault == VerificationFault.SIGNER_NOT_ISSUER


def test_demo_root_removed_means_untrusted(world):
    from motcua.documents.models import TrustedRoot

    result = issue(world)
    TrustedRoot.objects.update(is_active=False)
    assert (
        result_verify(pdf_bytes=_signed_bytes(result)).fault
        == VerificationFault.CERTIFICATE_UNTRUSTED
    )


def test_not_a_pdf_is_an_input_error(world):
    with pytest.raises(ApplicationError) as caught:
        result_verify(pdf_bytes=b"hello, not a pdf")
    assert caught.value.status == 422


@pytest.mark.parametrize("fault", list(VerificationFault))
def test_every_fault_has_both_messages(fault):
    assert fault.message and fault.message_en
    assert fault.message != fault.message_en
