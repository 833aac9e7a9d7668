"""`demo_pki`: a root and one certificate per signing agency, idempotent."""

from django.core.management import call_command

from motcua.documents.models import SigningCertificate, TrustedRoot
from motcua.documents.services.verify import result_verify
from motcua.documents.tests.factories import issue


def test_demo_pki_is_idempotent_and_signs(world, tmp_path):
    SigningCertificate.objects.all().delete()
    TrustedRoot.objects.all().delete()
    out = tmp_path / "demo-pki"
    call_command("demo_pki", "--out", str(out), "--key-kind", "ec", "--province", "33")
    # dost has a signer; Khoái Châu only a leader: one certificate.
    assert list(SigningCertificate.objects.values_list("agency__eid", flat=True)) == ["H31.12"]
    assert TrustedRoot.objects.get().source == "demo"
    first = SigningCertificate.objects.get().fingerprint
    call_command("demo_pki", "--out", str(out), "--key-kind", "ec", "--province", "33")
    assert SigningCertificate.objects.get().fingerprint == first
    assert TrustedRoot.objects.count() == 1
    result = issue(world)
    assert result_verify(pdf_bytes=result.pdf.read()).valid
