"""Signing benchmark: results signed per second (per core) and verification time.

    python bench/signing.py [--quick] [--n N] [--key-kind rsa|ec|both]

One process, one thread; rates and latencies come from the process's CPU time
(`time.process_time`), so they are per core and hold on a shared machine; wall-clock
figures go to stderr too. It builds a scratch SQLite database
under /tmp, migrates, creates one agency with a demo certificate (RSA 2048 like the
government CA by default) and a trusted demo root, then

1. renders one result PDF and signs it N times with `Pkcs12Signer` (sign only);
2. issues N results end to end with `result_issue` (number, render, sign, store, history);
3. verifies every issued result with `result_verify` (trusted roots from the DB, local CRL
   list empty, no network), reporting p50, p95 and mean.

Progress goes to stderr; the last lines on stdout are

    BENCH sign_per_s <v> signatures/s      (sign only, single process, p12 key in memory)
    BENCH issue_per_s <v> results/s        (render + sign + store)
    BENCH verify_ms <v> ms                 (p50 CPU ms of result_verify; p95, mean on stderr)
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import log, percentile  # noqa: E402


def _setup_django(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["MOTCUA_TESTING"] = "1"  # dev-only MOTCUA_SIGNING_KEY fallback, fast hashers
    os.environ["MEDIA_ROOT"] = str(db_path.parent / "bench-signing-media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _world(key_kind: str):
    from django.utils import timezone

    from motcua.agencies.constants import AgencyKind
    from motcua.agencies.tests.factories import AgencyFactory, hung_yen_units
    from motcua.documents.constants import TrustSource
    from motcua.documents.models import SigningCertificate
    from motcua.documents.pki import agency_certificate_issue, ca_create, pkcs12_build
    from motcua.documents.services.certificates import certificate_upload_pkcs12, trusted_root_add
    from motcua.procedures.importer import catalog_import
    from motcua.procedures.models import Procedure
    from motcua.procedures.tests.factories import catalog_document

    now = timezone.now()
    units = hung_yen_units()
    if not Procedure.objects.exists():
        catalog_import(document=catalog_document())
    agency = AgencyFactory(
        eid=f"H31.{12 if key_kind == 'rsa' else 13}",
        name="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        kind=AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY,
        admin_unit=units["33"],
    )
    root = ca_create(name=f"motcua Bench Root {key_kind}", now=now, key_kind=key_kind)
    trusted_root_add(
        certificate_pem_text=root.certificate_pem, name="bench", source=TrustSource.DEMO
    )
    pair = agency_certificate_issue(
        ca=root, agency_name=agency.name, agency_eid=agency.eid, key_kind=key_kind,
        not_before=now - timedelta(days=1), not_after=now + timedelta(days=365),
    )  # fmt: skip
    p12 = pkcs12_build(pair=pair, chain=[root.certificate], password=b"bench")
    certificate_upload_pkcs12(agency=agency, pkcs12_bytes=p12, password="bench")
    return (
        agency,
        Procedure.objects.get(code="1.004447"),
        SigningCertificate.objects.get(agency=agency),
    )


def run(*, n: int, key_kind: str) -> dict:
    from motcua.documents.services.certificates import signer_for_certificate
    from motcua.documents.services.render import ResultDocument, result_render_pdf
    from motcua.documents.services.results import result_issue
    from motcua.documents.services.verify import result_verify

    agency, procedure, certificate = _world(key_kind)
    from django.utils import timezone

    document = ResultDocument(
        procedure_code=procedure.code, procedure_name=procedure.name,
        title=procedure.result_name, number=f"{agency.eid}-KQ2026-999999",
        dossier_code="H31.12-261128-0001", agency_parent_name="Ủy ban nhân dân tỉnh Hưng Yên",
        agency_name=agency.name, agency_eid=agency.eid, place="Hưng Yên",
        issued_at=timezone.now(), valid_until=None, owner_label="Cá nhân",
        owner_name="Nguyễn Thị Ngọc Ánh", owner_id_label="Số định danh cá nhân",
        owner_id="033090001234", rows=[("Tên tổ chức", "Bệnh viện Đa khoa Phố Hiến")],
        verify_url="https://motcua.example/xac-minh/x/",
    )  # fmt: skip
    result_render_pdf(document=document)  # warm fonts
    started = time.perf_counter()
    renders = max(5, n // 10)
    for _ in range(renders):
        pdf = result_render_pdf(document=document)
    render_ms = (time.perf_counter() - started) / renders * 1000
    signer = signer_for_certificate(certificate=certificate)
    signer.sign_pdf(pdf, reason="warm-up", location="Hưng Yên")
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(n):
        signer.sign_pdf(pdf, reason="bench", location="Hưng Yên")
    wall_s, sign_s = time.perf_counter() - started, time.process_time() - cpu_started
    log(
        f"[{key_kind}] render {render_ms:.1f} ms/PDF; sign {n / sign_s:.1f}/s per core "
        f"(CPU time; wall clock {n / wall_s:.1f}/s)"
    )

    results = []
    started = time.perf_counter()
    for i in range(n):
        results.append(
            result_issue(
                dossier_code=f"{agency.eid}-261128-{i:04d}",
                procedure=procedure,
                agency=agency,
                owner_kind="citizen",
                owner_personal_id="033090001234",
                owner_tax_code="",
                owner_name="Nguyễn Thị Ngọc Ánh",
                data={"organization_name": "Bệnh viện Đa khoa Phố Hiến", "device_count": 2},
            )
        )
    issue_s = time.perf_counter() - started
    log(f"[{key_kind}] issue (render+sign+store) {n / issue_s:.1f}/s")

    files = []
    for result in results:
        with result.pdf.open("rb") as handle:
            files.append(handle.read())
    assert result_verify(pdf_bytes=files[0]).valid
    timings, wall = [], []
    for _ in range(3 if n < 100 else 1):
        for data in files:
            t0, c0 = time.perf_counter(), time.process_time()
            verification = result_verify(pdf_bytes=data)
            timings.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - t0) * 1000)
            assert verification.valid, verification.fault
    p50, p95, mean = percentile(timings, 50), percentile(timings, 95), statistics.fmean(timings)
    log(
        f"[{key_kind}] verify CPU p50 {p50:.2f} ms, p95 {p95:.2f} ms, mean {mean:.2f} ms over "
        f"{len(timings)}; wall p50 {percentile(wall, 50):.2f} ms, p95 {percentile(wall, 95):.2f} ms"
    )
    return {
        "sign_per_s": n / sign_s, "issue_per_s": n / issue_s, "render_ms": render_ms,
        "verify_p50": p50, "verify_p95": p95, "verify_mean": mean,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N=20")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--key-kind", choices=["rsa", "ec", "both"], default="both")
    args = parser.parse_args()
    n = 20 if args.quick else args.n
    _setup_django(Path("/tmp/motcua-bench-signing.sqlite3"))
    kinds = ["rsa", "ec"] if args.key_kind == "both" else [args.key_kind]
    figures = {kind: run(n=n, key_kind=kind) for kind in kinds}
    headline = figures["rsa"] if "rsa" in figures else figures[kinds[0]]
    for kind, f in figures.items():
        log(
            f"{kind}: sign {f['sign_per_s']:.1f}/s, issue {f['issue_per_s']:.1f}/s, render "
            f"{f['render_ms']:.1f} ms, verify p50 {f['verify_p50']:.2f} / p95 {f['verify_p95']:.2f} "
            f"/ mean {f['verify_mean']:.2f} ms"
        )
    print(f"BENCH sign_per_s {headline['sign_per_s']:.1f} signatures/s")
    print(f"BENCH issue_per_s {headline['issue_per_s']:.1f} results/s")
    print(f"BENCH verify_ms {headline['verify_p50']:.2f} ms")


if __name__ == "__main__":
    main()
