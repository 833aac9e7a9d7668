"""Once-only prefill: `x-prefill` properties are filled from the registers and say where the
value came from; when a register is down the result says so and carries no values."""

from datetime import date

import pytest

from motcua.accounts.models import User
from motcua.registries.models import RegistryBusiness, RegistryPerson
from motcua.registries.selectors import business_representation, prefill_for

SCHEMA = {
    "type": "object",
    "properties": {
        "full_name": {"type": "string", "x-prefill": "citizen.full_name"},
        "date_of_birth": {"type": "string", "format": "date", "x-prefill": "citizen.date_of_birth"},
        "address": {"type": "string", "x-prefill": "citizen.permanent_address"},
        "organization_name": {"type": "string", "x-prefill": "business.name"},
        "tax_code": {"type": "string", "x-prefill": "business.tax_code"},
        "device_count": {"type": "integer"},
    },
}


@pytest.fixture
def registers(units):
    RegistryPerson.objects.create(
        personal_id="033090001234", full_name="Nguyễn Văn An", date_of_birth=date(1990, 5, 12),
        gender="nam", permanent_address="Số 1, Phường Phố Hiến, tỉnh Hưng Yên", unit_code="11953",
    )  # fmt: skip
    RegistryBusiness.objects.create(
        tax_code="0100109106", name="Công ty TNHH Phố Hiến", address="Phố Hiến",
        unit_code="11953", representative_personal_id="033090001234",
        representative_name="Nguyễn Văn An",
    )  # fmt: skip
    return User.objects.create_user(username="033090001234", personal_id="033090001234")


def test_prefill_from_both_registers(registers):
    result = prefill_for(schema=SCHEMA, user=registers, tax_code="0100109106")
    assert result.unavailable is False
    assert result.values == {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "1990-05-12",
        "address": "Số 1, Phường Phố Hiến, tỉnh Hưng Yên",
        "organization_name": "Công ty TNHH Phố Hiến",
        "tax_code": "0100109106",
    }
    assert result.sources["full_name"] == "Lấy từ Cơ sở dữ liệu quốc gia về dân cư"
    assert result.sources["organization_name"].endswith("đăng ký doanh nghiệp")
    assert "device_count" not in result.values


def test_prefill_when_the_register_is_down(registers, settings):
    settings.MOTCUA_REGISTRY_CONNECTOR = "unavailable"
    result = prefill_for(schema=SCHEMA, user=registers, tax_code="0100109106")
    assert result.unavailable is True and result.values == {} and result.sources == {}


def test_no_prefill_wanted_asks_no_register(registers, settings, django_assert_num_queries):
    settings.MOTCUA_REGISTRY_CONNECTOR = "unavailable"
    with django_assert_num_queries(0):
        result = prefill_for(schema={"properties": {"x": {"type": "string"}}}, user=registers)
    assert result.unavailable is False


def test_unknown_person_gets_nothing_but_is_not_an_outage(units):
    user = User.objects.create_user(username="u", personal_id="033202004567")
    result = prefill_for(schema=SCHEMA, user=user)
    assert result.values == {} and result.unavailable is False


def test_only_the_legal_representative_acts_for_the_business(registers, settings):
    assert business_representation(tax_code="0100109106", personal_id="033090001234").allowed
    assert not business_representation(tax_code="0100109106", personal_id="034195006789").allowed
    assert not business_representation(tax_code="0101243150", personal_id="033090001234").allowed
    settings.MOTCUA_REGISTRY_CONNECTOR = "unavailable"
    down = business_representation(tax_code="0100109106", personal_id="034195006789")
    assert down.allowed and down.unavailable
