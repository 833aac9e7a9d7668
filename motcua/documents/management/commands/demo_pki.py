"""Create the demo PKI: a root CA and a signing certificate for every agency that signs.

Idempotent: the root (key and certificate) is kept in --out and reused; an agency keeps its
active certificate while it has more than 30 days left. The root becomes a TrustedRoot
(source "demo") only with DEBUG/MOTCUA_TESTING on or --trust: production trusts configured
roots (e.g. the government CA chain) and nothing else.
"""

import secrets
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.accounts.constants import StaffRole
from motcua.agencies.models import Agency
from motcua.documents import conf
from motcua.documents.constants import TrustSource
from motcua.documents.models import SigningCertificate
from motcua.documents.pki import KeyPair, agency_certificate_issue, ca_create, pkcs12_build
from motcua.documents.services.certificates import certificate_upload_pkcs12, trusted_root_add

ROOT_NAME = "motcua Demo Root CA (KHÔNG DÙNG THẬT)"


# How far back demo certificates are valid: the demo's generated dossiers span a year.
DEMO_HISTORY = timedelta(days=400)


class Command(BaseCommand):
    help = "Tạo CA gốc thử nghiệm và chứng thư ký số cho các cơ quan có người ký (demo)."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.VAR_DIR) / "demo-pki"))
        parser.add_argument("--province", default=getattr(settings, "MOTCUA_PROVINCE", "33"))
        parser.add_argument("--key-kind", choices=["rsa", "ec"], default="rsa")
        parser.add_argument("--trust", action="store_true", help="Tin cậy CA gốc demo.")
        parser.add_argument("--days", type=int, default=730, help="Hiệu lực chứng thư cơ quan.")

    def _root(self, out: Path, key_kind: str) -> KeyPair:
        key_path, cert_path = out / "root.key.pem", out / "root.crt.pem"
        if key_path.exists() and cert_path.exists():
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
            return KeyPair(
                key=key, certificate=x509.load_pem_x509_certificate(cert_path.read_bytes())
            )
        out.mkdir(parents=True, exist_ok=True)
        # Backdated so the demo's year of generated history can carry signed results.
        root = ca_create(
            name=ROOT_NAME, now=timezone.now() - DEMO_HISTORY, days=3650, key_kind=key_kind
        )
        key_path.write_bytes(root.key_pkcs8_pem)
        key_path.chmod(0o600)
        cert_path.write_text(root.certificate_pem)
        return root

    def handle(self, *args, **options):
        now = timezone.now()
        root = self._root(Path(options["out"]), options["key_kind"])
        if options["trust"] or settings.DEBUG or getattr(settings, "TESTING", False):
            trusted_root_add(
                certificate_pem_text=root.certificate_pem, name=ROOT_NAME, source=TrustSource.DEMO
            )
            self.stdout.write("Đã tin cậy CA gốc demo (nguồn: demo).")
        else:
            self.stdout.write(
                self.style.WARNING("CA gốc demo KHÔNG được tin cậy (thêm --trust cho bản demo).")
            )
        agencies = (
            Agency.objects.filter(
                province_code=options["province"],
                is_active=True,
                memberships__role=StaffRole.SIGNER,
                memberships__is_active=True,
            )
            .distinct()
            .order_by("eid")
        )
        issued = kept = 0
        for agency in agencies:
            current = SigningCertificate.objects.filter(agency=agency, is_active=True).first()
            if current and current.not_after > now + timedelta(days=30):
                kept += 1
                continue
            pair = agency_certificate_issue(
                ca=root,
                agency_name=agency.name,
                agency_eid=agency.eid,
                not_before=now - DEMO_HISTORY,
                not_after=now + timedelta(days=options["days"]),
                key_kind=options["key_kind"],
                ocsp_url=conf.ocsp_url(),
                crl_url=f"{conf.public_url()}/static/demo-pki/root.crl",
            )
            password = secrets.token_urlsafe(16)
            certificate_upload_pkcs12(
                agency=agency,
                pkcs12_bytes=pkcs12_build(
                    pair=pair, chain=[root.certificate], password=password.encode()
                ),
                password=password,
            )
            issued += 1
        self.stdout.write(
            self.style.SUCCESS(f"Chứng thư cơ quan: {issued} cấp mới, {kept} giữ nguyên.")
        )
