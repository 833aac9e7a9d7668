"""Walking the wizard through the test client, one step at a time."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.tests.factories import PDF_BYTES
from motcua.portal.models import Draft
from motcua.portal.tests.factories import CITIZEN_ID, CITIZEN_NAME, EARLIER_RESULT

APPLICANT = {
    "kind": "citizen",
    "name": CITIZEN_NAME,
    "personal_id": CITIZEN_ID,
    "phone": "0912345678",
    "email": "an@example.vn",
    "address": "Số 12, Tổ dân phố 3, Phường Phố Hiến, tỉnh Hưng Yên",
    "unit_code": "11953",
}
FORM = {
    "f_full_name": CITIZEN_NAME,
    "f_personal_id": CITIZEN_ID,
    "f_date_of_birth": "1990-05-12",
    "f_copies": "1",
    "f_reason": "Bị mất",
}


def step_url(draft: Draft, step: str) -> str:
    return reverse("portal:step", args=[draft.pk, step])


def start(client, procedure) -> Draft:
    response = client.post(reverse("portal:start", args=[procedure.code]))
    assert response.status_code == 302, response.content[:500]
    return Draft.objects.latest("updated")


def pdf(name="don.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def through_documents(client, procedure, *, reuse=EARLIER_RESULT) -> Draft:
    draft = start(client, procedure)
    assert client.post(step_url(draft, "nguoi-nop"), APPLICANT).status_code == 302
    assert client.post(step_url(draft, "to-khai"), FORM).status_code == 302
    response = client.post(step_url(draft, "giay-to"), {"doc0_file": pdf(), "doc1_reuse": reuse})
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    return draft
