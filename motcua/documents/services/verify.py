"""Verify a result PDF and name the first fault (verification.py lists them in order).

Trust: only active TrustedRoot rows and the optional MOTCUA_TRUSTED_ROOTS_FILE; a root the
file embeds is never trusted by itself. Revocation: local CRL files (MOTCUA_SIGNING_CRL_FILES);
the network only when MOTCUA_SIGNING_OCSP_URL is set.

Time rule (Luật GDĐT 2023 Art. 24, NĐ 23/2025/NĐ-CP: a signature is valid when the certificate
was valid *when it signed*): a file this platform issued (its signed revision hashes to a
stored Result) is judged at the Result's recorded `issued_at`, so results outlive their
signing certificates; any other file is judged now. "Certificate expired" thus means expired
(or not yet valid) at signing time for our results. A CRL entry counts when the revocation
date is at or before that time.

Modifications: the agency certifies (DocMDP P=2), so later signatures and form filling are
allowed; pyHanko's difference analysis must find nothing beyond FORM_FILLING and `docmdp_ok`
must hold — an update that changes a page is intact bytes but "content modified".
"""

import asyncio
import functools
import hashlib
import io
import os
import threading
from datetime import datetime

from asn1crypto import crl as asn1_crl
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from django.utils import timezone
from pyhanko.pdf_utils.generic import DictionaryObject
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from motcua.core.errors import ApplicationError
from motcua.documents import conf
from motcua.documents.constants import RESULT_KEYWORD_PREFIX, SIGNATURE_FIELD, ResultStatus
from motcua.documents.models import Result, SigningCertificate, TrustedRoot
from motcua.documents.services.results import result_verify_url
from motcua.documents.verification import ResultInfo, SignerInfo, Verification, VerificationFault

_ALLOWED_LEVELS = frozenset(
    {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}
)
_TIME_PROBLEMS = frozenset(
    {
        AdESIndeterminate.EXPIRED,
        AdESIndeterminate.NOT_YET_VALID,
        AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
        AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    }
)
_KEY_USAGE = KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"})
_local = threading.local()


def _runner() -> asyncio.Runner:
    """One event loop per thread, reused: pyHanko's validator is async."""
    runner = getattr(_local, "runner", None)
    if runner is None:
        runner = _local.runner = asyncio.Runner()
    return runner


def _not_a_pdf() -> ApplicationError:
    return ApplicationError(
        "Tệp tải lên không phải tệp PDF đọc được.",
        message_en="The uploaded file is not a readable PDF.",
        code="not_a_pdf",
        status=422,
    )


@functools.lru_cache(maxsize=8)
def _roots_from_pems(pems: tuple[str, ...]) -> tuple[asn1_x509.Certificate, ...]:
    roots = []
    for text in pems:
        data = text.encode("ascii")
        for _, _, der in asn1_pem.unarmor(data, multiple=True):
            roots.append(asn1_x509.Certificate.load(der))
    return tuple(roots)


@functools.lru_cache(maxsize=8)
def _file_text(path: str, mtime: float) -> str:
    with open(path, encoding="ascii") as handle:
        return handle.read()


@functools.lru_cache(maxsize=16)
def _crl(path: str, mtime: float) -> asn1_crl.CertificateList:
    with open(path, "rb") as handle:
        data = handle.read()
    if asn1_pem.detect(data):
        _, _, data = asn1_pem.unarmor(data)
    return asn1_crl.CertificateList.load(data)


def trusted_roots() -> tuple[asn1_x509.Certificate, ...]:
    pems = list(
        TrustedRoot.objects.filter(is_active=True)
        .order_by("fingerprint")
        .values_list("certificate_pem", flat=True)
    )
    bundle = conf.trusted_roots_file()
    if bundle:
        pems.append(_file_text(bundle, os.path.getmtime(bundle)))
    return _roots_from_pems(tuple(pems))


def _crls() -> list[asn1_crl.CertificateList]:
    return [_crl(path, os.path.getmtime(path)) for path in conf.crl_files()]


def _claimed_number(reader: PdfFileReader, revision: int) -> str | None:
    """The result number in /Keywords of the signed revision's document information."""
    try:
        info = reader.get_historical_resolver(revision).trailer_view.get("/Info")
        info = info.get_object() if info is not None else None
    except Exception:
        return None
    if not isinstance(info, DictionaryObject):
        return None
    keywords = str(info.get("/Keywords", ""))
    for word in keywords.replace(",", " ").split():
        if word.startswith(RESULT_KEYWORD_PREFIX):
            return word[len(RESULT_KEYWORD_PREFIX) :]
    return None


def _result_info(result: Result | None) -> ResultInfo | None:
    if result is None:
        return None
    return ResultInfo(
        number=result.number,
        title=result.title,
        dossier_code=result.dossier_code,
        agency_name=result.agency.name,
        agency_eid=result.agency.eid,
        issued_at=result.issued_at,
        valid_until=result.valid_until,
        status=result.status,
        revocation_reason=result.revocation_reason,
        verify_url=result_verify_url(number=result.number),
    )


def _signer_info(status, fingerprint: str) -> SignerInfo:
    cert = status.signing_cert
    validity = cert["tbs_certificate"]["validity"]
    timestamp = status.timestamp_validity
    timestamped = bool(timestamp and timestamp.valid and timestamp.trusted)
    return SignerInfo(
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        serial=format(cert.serial_number, "x"),
        fingerprint=fingerprint,
        not_before=validity["not_before"].native,
        not_after=validity["not_after"].native,
        signed_at=timestamp.timestamp if timestamped else status.signer_reported_dt,
        timestamped=timestamped,
    )


def _pick_signature(reader: PdfFileReader):
    signatures = reader.embedded_signatures
    for signature in signatures:
        if signature.field_name == SIGNATURE_FIELD:
            return signature
    return signatures[0] if signatures else None


def _validate(signature, *, moment: datetime):
    context = ValidationContext(
        trust_roots=list(trusted_roots()),
        moment=moment,
        crls=_crls(),
        allow_fetching=bool(conf.ocsp_url()),
        retroactive_revinfo=True,
    )
    coroutine = async_validate_pdf_signature(
        signature, signer_validation_context=context, key_usage_settings=_KEY_USAGE
    )
    return _runner().run(coroutine)


def result_verify(*, pdf_bytes: bytes, now: datetime | None = None) -> Verification:
    """Valid, or the first fault; 422 when the bytes are not a readable PDF."""
    now = now or timezone.now()
    if not pdf_bytes.lstrip()[:5] == b"%PDF-":
        raise _not_a_pdf()
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes))
        signature = _pick_signature(reader)
    except Exception:
        raise _not_a_pdf() from None
    if signature is None:
        return Verification(fault=VerificationFault.NOT_SIGNED)

    byte_range = list(signature.byte_range)
    signed_digest = hashlib.sha256(pdf_bytes[: byte_range[2] + byte_range[3]]).hexdigest()
    number = _claimed_number(reader, signature.signed_revision)
    result = (
        Result.objects.select_related("agency", "replaced_by", "replaced_by__agency")
        .filter(number=number)
        .first()
        if number
        else None
    )
    ours = result is not None and result.sha256 == signed_digest
    moment = result.issued_at if ours else now
    try:
        status = _validate(signature, moment=moment)
    except Exception:
        return Verification(
            fault=VerificationFault.SIGNED_BYTES_CHANGED, result=_result_info(result)
        )
    fingerprint = hashlib.sha256(status.signing_cert.dump()).hexdigest()
    signer = _signer_info(status, fingerprint)
    info = _result_info(result)

    def answer(fault: VerificationFault | None, **extra) -> Verification:
        return Verification(fault=fault, result=info, signer=signer, **extra)

    if not (status.intact and status.valid) or (
        status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION
    ):
        return answer(VerificationFault.SIGNED_BYTES_CHANGED)
    if status.modification_level not in _ALLOWED_LEVELS or status.docmdp_ok is False:
        return answer(VerificationFault.CONTENT_MODIFIED)
    if status.revoked:
        return answer(VerificationFault.CERTIFICATE_REVOKED)
    if not status.trusted:
        if status.trust_problem_indic in _TIME_PROBLEMS:
            return answer(VerificationFault.CERTIFICATE_EXPIRED)
        return answer(VerificationFault.CERTIFICATE_UNTRUSTED)
    if result is None:
        return answer(VerificationFault.RESULT_UNKNOWN)
    issuer_fingerprints = set(
        SigningCertificate.objects.filter(agency_id=result.agency_id).values_list(
            "fingerprint", flat=True
        )
    )
    if fingerprint not in issuer_fingerprints:
        return answer(VerificationFault.SIGNER_NOT_ISSUER)
    if not ours:
        return answer(VerificationFault.RESULT_UNKNOWN)
    if result.status == ResultStatus.REVOKED:
        return answer(VerificationFault.RESULT_REVOKED)
    if result.status == ResultStatus.REPLACED:
        return answer(
            VerificationFault.RESULT_REPLACED, replacement=_result_info(result.replaced_by)
        )
    return answer(None)
