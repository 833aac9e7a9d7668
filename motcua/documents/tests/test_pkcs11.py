"""Signing through a PKCS#11 token (SoftHSM): same interface, same verification."""

import os
import subprocess

import pytest

from conftest import require_binary
from motcua.documents.models import SigningCertificate
from motcua.documents.services.certificates import certificate_register_pkcs11
from motcua.documents.services.verify import result_verify
from motcua.documents.tests.factories import issue

MODULE_CANDIDATES = [
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
]


@pytest.fixture
def softhsm(tmp_path, monkeypatch, pki):
    require_binary("softhsm2-util", "softhsm2")
    module = next((path for path in MODULE_CANDIDATES if os.path.exists(path)), None)
    if module is None:
        pytest.skip("missing Debian package softhsm2 (libsofthsm2.so)")
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    run = lambda *args: subprocess.run(args, check=True, capture_output=True, text=True)  # noqa: E731
    run(
        "softhsm2-util",
        "--init-token",
        "--free",
        "--label",
        "motcua-test",
        "--pin",
        "1234",
        "--so-pin",
        "5678",
    )
    key_path = tmp_path / "dost.key.pem"
    key_path.write_bytes(pki.dost.key_pkcs8_pem)
    run(
        "softhsm2-util", "--import", str(key_path), "--token", "motcua-test", "--label", "dost",
        "--id", "a1b2", "--pin", "1234",
    )  # fmt: skip
    return module


def test_pkcs11_signer_signs_a_verifiable_result(world, pki, softhsm, settings):
    settings.MOTCUA_PKCS11_MODULE = softhsm
    settings.MOTCUA_PKCS11_PIN = "1234"
    SigningCertificate.objects.filter(agency=world.dost).delete()
    certificate_register_pkcs11(
        agency=world.dost,
        token_label="motcua-test",
        certificate_pem_text=pki.dost.certificate_pem,
        chain_pem=pki.root.certificate_pem,
        key_label="dost",
    )
    result = issue(world)
    verification = result_verify(pdf_bytes=result.pdf.read())
    assert verification.valid, verification.fault
