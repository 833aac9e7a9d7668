"""Connectors to the national registers: the population database and the business register.

The platform asks through two small protocols; a deployment plugs in the real link (NDXP/LGSP)
by naming its class in MOTCUA_REGISTRY_CONNECTOR. `ReferenceRegistry` answers from the local
tables imported from CSV; "unavailable" simulates a register that is down (demo, tests).
A connector raises `RegisterUnavailableError` when it cannot answer; None means "no such record".
"""

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from motcua.registries.models import RegistryBusiness, RegistryPerson

DEFAULT_CONNECTOR = "reference"


@dataclass(frozen=True)
class PersonRecord:
    personal_id: str
    full_name: str
    date_of_birth: date
    gender: str
    permanent_address: str
    unit_code: str
    phone: str = ""


@dataclass(frozen=True)
class BusinessRecord:
    tax_code: str
    name: str
    address: str
    unit_code: str
    representative_personal_id: str
    representative_name: str


class RegisterUnavailableError(Exception):
    """The register did not answer (link down, timeout, maintenance)."""


class PopulationRegister(Protocol):
    def person_get(self, *, personal_id: str) -> PersonRecord | None: ...


class BusinessRegister(Protocol):
    def business_get(self, *, tax_code: str) -> BusinessRecord | None: ...


class ReferenceRegistry:
    """Both registers, answered from `RegistryPerson` and `RegistryBusiness`."""

    def person_get(self, *, personal_id: str) -> PersonRecord | None:
        row = RegistryPerson.objects.filter(personal_id=personal_id).first()
        if row is None:
            return None
        return PersonRecord(
            personal_id=row.personal_id,
            full_name=row.full_name,
            date_of_birth=row.date_of_birth,
            gender=row.gender,
            permanent_address=row.permanent_address,
            unit_code=row.unit_code,
            phone=row.phone,
        )

    def business_get(self, *, tax_code: str) -> BusinessRecord | None:
        row = RegistryBusiness.objects.filter(tax_code=tax_code).first()
        if row is None:
            return None
        return BusinessRecord(
            tax_code=row.tax_code,
            name=row.name,
            address=row.address,
            unit_code=row.unit_code,
            representative_personal_id=row.representative_personal_id,
            representative_name=row.representative_name,
        )


class UnavailableRegistry:
    """A register that is down: every question fails the way a lost link does."""

    def person_get(self, *, personal_id: str) -> PersonRecord | None:
        raise RegisterUnavailableError("population register unavailable")

    def business_get(self, *, tax_code: str) -> BusinessRecord | None:
        raise RegisterUnavailableError("business register unavailable")


_BUILT_IN = {"reference": ReferenceRegistry, "unavailable": UnavailableRegistry}


def registry_connector() -> ReferenceRegistry | UnavailableRegistry:
    """The configured connector (setting MOTCUA_REGISTRY_CONNECTOR: a built-in name or a path)."""
    name = getattr(settings, "MOTCUA_REGISTRY_CONNECTOR", DEFAULT_CONNECTOR) or DEFAULT_CONNECTOR
    connector_class = _BUILT_IN.get(name) or import_string(name)
    return connector_class()
