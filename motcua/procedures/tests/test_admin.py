"""The admin saves through the services and imports a file through catalog_import."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.procedures.importer import catalog_import
from motcua.procedures.models import Procedure
from motcua.procedures.tests.factories import catalog_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user_model = get_user_model()
    user = user_model(**{user_model.USERNAME_FIELD: "admin_catalog"}, is_staff=True)
    user.is_superuser = True
    user.set_password("x")
    user.save()
    client.force_login(user)
    return client


def _upload(doc: dict) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "catalog.json", json.dumps(doc, ensure_ascii=False).encode(), "application/json"
    )


def test_changelist_and_change_page_render(admin_client):
    catalog_import(document=catalog_document())
    procedure = Procedure.objects.get(code="1.004447")

    assert admin_client.get(reverse("admin:procedures_procedure_changelist")).status_code == 200
    change_url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    assert admin_client.get(change_url).status_code == 200
    assert admin_client.get(reverse("admin:procedures_field_changelist")).status_code == 200


def test_import_page_imports_a_file(admin_client):
    url = reverse("admin:procedures_procedure_import")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url, {"file": _upload(catalog_document())})

    assert response.status_code == 302
    assert Procedure.objects.count() == 4


def test_import_page_lists_every_problem(admin_client):
    doc = catalog_document()
    doc["procedures"][0]["level"] = "district"
    doc["procedures"][1]["channels"] = ["fax"]

    response = admin_client.post(
        reverse("admin:procedures_procedure_import"), {"file": _upload(doc)}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "$.procedures[0].level" in html and "$.procedures[1].channels[0]" in html
    assert not Procedure.objects.exists()


def test_export_download(admin_client):
    catalog_import(document=catalog_document())

    response = admin_client.get(reverse("admin:procedures_procedure_export"))

    assert response.status_code == 200
    assert len(json.loads(response.content)["procedures"]) == 4


def test_saving_in_the_admin_recomputes_the_search_words(admin_client):
    catalog_import(document=catalog_document())
    procedure = Procedure.objects.get(code="1.001193")
    url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    for name in ("subjects", "channels", "legal_bases", "keywords", "form"):
        data[name] = json.dumps(form.initial.get(name))
    data["name"] = "Đăng ký khai sinh lưu động"
    data["field"] = procedure.field_id
    for prefix, rows in (("requirements", 2), ("fees", 0), ("steps", 0)):
        data[f"{prefix}-TOTAL_FORMS"] = rows
        data[f"{prefix}-INITIAL_FORMS"] = rows
    for index, requirement in enumerate(procedure.requirements.all()):
        data.update(
            {
                f"requirements-{index}-id": requirement.pk,
                f"requirements-{index}-procedure": procedure.pk,
                f"requirements-{index}-order": index,
                f"requirements-{index}-code": requirement.code,
                f"requirements-{index}-name": "Giấy chứng sinh bản điện tử"
                if index == 1
                else requirement.name,
                f"requirements-{index}-template": requirement.template,
                f"requirements-{index}-originals": requirement.originals,
                f"requirements-{index}-copies": requirement.copies,
                f"requirements-{index}-required": "on",
            }
        )
    data = {key: value for key, value in data.items() if value is not False}
    data["processing_time_value"] = Decimal(0)

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    procedure.refresh_from_db()
    assert "luu dong" in procedure.search_text
    assert "ban dien tu" in procedure.search_text


def test_admin_rejects_steps_longer_than_the_limit(admin_client):
    catalog_import(document=catalog_document())
    procedure = Procedure.objects.get(code="1.004447")
    url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    for name in ("subjects", "channels", "legal_bases", "keywords", "form"):
        data[name] = json.dumps(form.initial.get(name))
    data["processing_time_value"] = "5"
    data = {key: value for key, value in data.items() if value is not False}
    data.update({"requirements-TOTAL_FORMS": 0, "requirements-INITIAL_FORMS": 0})
    data.update({"fees-TOTAL_FORMS": 0, "fees-INITIAL_FORMS": 0})
    data.update({"steps-TOTAL_FORMS": 4, "steps-INITIAL_FORMS": 4})
    for index, step in enumerate(procedure.steps.all()):
        data.update(
            {
                f"steps-{index}-id": step.pk,
                f"steps-{index}-procedure": procedure.pk,
                f"steps-{index}-order": step.order,
                f"steps-{index}-name": step.name,
                f"steps-{index}-actor": step.actor,
                f"steps-{index}-working_days": str(step.working_days),
            }
        )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Tổng thời gian các bước vượt quá" in response.content.decode()
