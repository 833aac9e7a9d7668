"""Reads from the registers: the once-only prefill of an e-form, and who may act for a business.

`prefill_for` never fails because a register is down: it says so (`unavailable`) and the form
is filled by hand, as the law allows when data cannot be retrieved (DOMAIN.md §4.3).
"""

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from motcua.registries.connectors import (
    BusinessRecord,
    PersonRecord,
    RegisterUnavailableError,
    registry_connector,
)

logger = logging.getLogger(__name__)

POPULATION_SOURCE = _("Lấy từ Cơ sở dữ liệu quốc gia về dân cư")
BUSINESS_SOURCE = _("Lấy từ Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp")


@dataclass(frozen=True)
class PrefillResult:
    values: dict[str, object] = field(default_factory=dict)  # property name → value
    sources: dict[str, str] = field(default_factory=dict)  # property name → where it came from
    unavailable: bool = False  # a register that was needed did not answer


def _person_attribute(person: PersonRecord, name: str):
    values = {
        "full_name": person.full_name,
        "personal_id": person.personal_id,
        "date_of_birth": person.date_of_birth.isoformat(),
        "gender": person.gender,
        "permanent_address": person.permanent_address,
        "unit_code": person.unit_code,
        "phone": person.phone,
    }
    return values.get(name)


def _business_attribute(business: BusinessRecord, name: str):
    values = {
        "name": business.name,
        "tax_code": business.tax_code,
        "address": business.address,
        "unit_code": business.unit_code,
        "representative_name": business.representative_name,
        "representative_personal_id": business.representative_personal_id,
    }
    return values.get(name)


def prefill_for(*, schema: dict | None, user, tax_code: str | None = None) -> PrefillResult:
    """Values for the properties of `schema` that carry `x-prefill` (catalog-format.md).

    `citizen.*` attributes come from the population register for the logged-in user's personal
    ID; `business.*` from the business register for `tax_code`. Each register is asked once.
    """
    wanted: dict[str, tuple[str, str]] = {}
    for key, spec in ((schema or {}).get("properties") or {}).items():
        source, _dot, attribute = str((spec or {}).get("x-prefill") or "").partition(".")
        if source in ("citizen", "business") and attribute:
            wanted[key] = (source, attribute)
    if not wanted:
        return PrefillResult()
    connector = registry_connector()
    unavailable = False
    person = business = None
    personal_id = getattr(user, "personal_id", None)
    if personal_id and any(source == "citizen" for source, _a in wanted.values()):
        try:
            person = connector.person_get(personal_id=personal_id)
        except RegisterUnavailableError:
            logger.warning("population register unavailable for prefill")
            unavailable = True
    if tax_code and any(source == "business" for source, _a in wanted.values()):
        try:
            business = connector.business_get(tax_code=tax_code)
        except RegisterUnavailableError:
            logger.warning("business register unavailable for prefill")
            unavailable = True
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    for key, (source, attribute) in wanted.items():
        if source == "citizen" and person is not None:
            value, label = _person_attribute(person, attribute), POPULATION_SOURCE
        elif source == "business" and business is not None:
            value, label = _business_attribute(business, attribute), BUSINESS_SOURCE
        else:
            continue
        if value not in (None, ""):
            values[key] = value
            sources[key] = str(label)
    return PrefillResult(values=values, sources=sources, unavailable=unavailable)


@dataclass(frozen=True)
class Representation:
    """Whether a person may act for a business, as far as the register can tell."""

    allowed: bool
    unavailable: bool = False
    business: BusinessRecord | None = None


def business_representation(*, tax_code: str, personal_id: str) -> Representation:
    """The business register's word on `personal_id` acting for `tax_code`: its legal
    representative may. When the register is down the answer is "unknown" (allowed, flagged),
    and the desk checks the authorisation papers at reception."""
    try:
        business = registry_connector().business_get(tax_code=tax_code)
    except RegisterUnavailableError:
        return Representation(allowed=True, unavailable=True)
    if business is None:
        return Representation(allowed=False)
    return Representation(
        allowed=business.representative_personal_id == personal_id, business=business
    )
