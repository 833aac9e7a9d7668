"""The agency admin saves through the services: bad input is a form error, never a 500."""

import pytest
from django.urls import reverse

from motcua.agencies.constants import AgencyKind, AgencyLevel
from motcua.agencies.models import Agency
from motcua.agencies.services import agency_create
from motcua.agencies.tests.factories import hung_yen_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return hung_yen_units()


def _form(**overrides):
    data = {
        "eid": "H31",
        "name": "Ủy ban nhân dân tỉnh Hưng Yên",
        "short_name": "",
        "kind": AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE,
        "admin_unit": "",
        "parent": "",
        "address": "",
        "phone": "",
        "email": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_add_goes_through_the_service(admin_client, units):
    response = admin_client.post(
        reverse("admin:agencies_agency_add"), _form(eid="h31", admin_unit=units["33"].pk)
    )
    assert response.status_code == 302
    agency = Agency.objects.get()
    assert (agency.eid, agency.level, agency.province_code) == ("H31", AgencyLevel.PROVINCE, "33")


def test_bad_eid_and_wrong_level_are_form_errors(admin_client, units):
    response = admin_client.post(
        reverse("admin:agencies_agency_add"),
        _form(eid="H31.1", admin_unit=units["khoai_chau"].pk),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "2 hoặc 3 chữ số" in errors["eid"][0]
    assert "phải gắn với đơn vị hành chính cấp tỉnh" in errors["admin_unit"][0]
    assert not Agency.objects.exists()


def test_change_checks_the_parent_prefix(admin_client, units):
    committee = agency_create(
        eid="H31",
        name="UBND tỉnh",
        kind=AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE,
        admin_unit=units["33"],
    )
    department = agency_create(
        eid="H31.11",
        name="Sở Tư pháp",
        kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
        admin_unit=units["33"],
        parent=committee,
    )
    url = reverse("admin:agencies_agency_change", args=[department.pk])
    bad = _form(eid="H30.11", name="Sở Tư pháp", kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
                admin_unit=units["33"].pk, parent=committee.pk)  # fmt: skip
    response = admin_client.post(url, bad)
    assert response.status_code == 200
    assert "«H31.»" in response.context["adminform"].form.errors["eid"][0]

    good = {**bad, "eid": "H31.13", "is_active": ""}
    assert admin_client.post(url, good).status_code == 302
    department.refresh_from_db()
    assert (department.eid, department.is_active) == ("H31.13", False)


def test_changelist_search_and_autocomplete_answer(admin_client, units):
    agency_create(
        eid="H31", name="Ủy ban nhân dân tỉnh Hưng Yên",
        kind=AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE, admin_unit=units["33"],
    )  # fmt: skip
    changelist = admin_client.get(reverse("admin:agencies_agency_changelist"), {"q": "H31"})
    assert changelist.status_code == 200
    assert "Ủy ban nhân dân tỉnh Hưng Yên" in changelist.content.decode()
    autocomplete = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "agencies", "model_name": "agency", "field_name": "parent", "term": "Hưng"},
    )
    assert autocomplete.status_code == 200
    assert autocomplete.json()["results"][0]["text"] == "Ủy ban nhân dân tỉnh Hưng Yên"
