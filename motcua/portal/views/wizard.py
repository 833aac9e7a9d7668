"""The submission wizard: applicant, e-form, documents, review. Every step is a plain HTML
form (no script needed); each POST calls one service and moves on, or shows the service's
messages next to the fields with status 422. The draft is saved at every step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import ApplicationError, NotFoundError
from motcua.dossiers.constants import ApplicantKind
from motcua.dossiers.forms import FORM_DATA_PREFIX
from motcua.portal.constants import WIZARD_ORDER, WizardStep
from motcua.portal.forms import ApplicantForm, DocumentsForm, EForm, ReviewForm
from motcua.portal.identity import session_identity_verified
from motcua.portal.selectors import (
    draft_get_for_user,
    province_communes,
    receiving_agencies_for,
    reusable_results,
)
from motcua.portal.services.wizard import (
    draft_applicant_save,
    draft_delete,
    draft_documents_save,
    draft_form_save,
    draft_start,
    draft_submit,
)
from motcua.procedures.selectors import procedure_get
from motcua.registries.selectors import prefill_for

# Step 1 asks the population register through the same x-prefill mechanism as the e-form.
APPLICANT_PREFILL = {
    "properties": {
        "name": {"x-prefill": "citizen.full_name"},
        "personal_id": {"x-prefill": "citizen.personal_id"},
        "address": {"x-prefill": "citizen.permanent_address"},
        "unit_code": {"x-prefill": "citizen.unit_code"},
    }
}


def _url(draft, step: WizardStep) -> str:
    return reverse("portal:step", args=[draft.pk, step.value])


def _page(request, draft, step: WizardStep, context: dict, *, status: int = 200) -> HttpResponse:
    reached = WIZARD_ORDER.index(WizardStep(draft.step))
    steps = [
        {"step": s, "number": i + 1, "url": _url(draft, s), "current": s == step,
         "reachable": i <= reached}
        for i, s in enumerate(WIZARD_ORDER)
    ]  # fmt: skip
    return render(
        request,
        f"portal/wizard_{step.name.lower()}.html",
        {"draft": draft, "procedure": draft.procedure, "steps": steps, "step": step, **context},
        status=status,
    )


@login_required
def start(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure = procedure_get(code=code)
        draft = draft_start(user=request.user, procedure=procedure)
    except NotFoundError as error:
        raise Http404(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("portal:procedure", code=code)
    return redirect(_url(draft, WizardStep(draft.step)))


@login_required
def step(request: HttpRequest, draft_id: int, step: str) -> HttpResponse:
    try:
        draft = draft_get_for_user(user=request.user, draft_id=draft_id)
        current = WizardStep(step)
    except (NotFoundError, ValueError) as error:
        raise Http404 from error
    if WIZARD_ORDER.index(current) > WIZARD_ORDER.index(WizardStep(draft.step)):
        return redirect(_url(draft, WizardStep(draft.step)))  # no skipping ahead
    handler = {
        WizardStep.APPLICANT: _applicant,
        WizardStep.FORM: _eform,
        WizardStep.DOCUMENTS: _documents,
        WizardStep.REVIEW: _review,
    }[current]
    return handler(request, draft)


def _applicant(request: HttpRequest, draft) -> HttpResponse:
    user = request.user
    prefill = prefill_for(schema=APPLICANT_PREFILL, user=user)
    sources = dict(prefill.sources)
    if ApplicantKind.ORGANIZATION in (draft.procedure.subjects or []):
        sources.pop("name", None)  # the name may be the business's: left free
    editing = request.GET.get("sua") == "1" or request.POST.get("sua") == "1"
    saved = (draft.data or {}).get("applicant")
    initial = (
        dict(saved)
        if saved
        else {
            **prefill.values,
            "personal_id": user.personal_id or "",
            "email": user.email,
            "phone": getattr(user, "phone", ""),
        }
    )
    initial["personal_id"] = user.personal_id or initial.get("personal_id", "")
    kwargs = {
        "procedure": draft.procedure,
        "communes": province_communes(),
        "sources": sources,
        "editing": editing,
    }
    status = 200
    if request.method == "POST":
        form = ApplicantForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                draft_applicant_save(
                    draft=draft, by=user, applicant=form.applicant(), prefilled=form.prefilled
                )
                return redirect(_url(draft, WizardStep.FORM))
            except ApplicationError as error:
                form.add_service_errors(error.details)
        status = 422
    else:
        form = ApplicantForm(initial=initial, **kwargs)
    context = {"form": form, "unavailable": prefill.unavailable, "editing": editing}
    return _page(request, draft, WizardStep.APPLICANT, context, status=status)


def _eform(request: HttpRequest, draft) -> HttpResponse:
    applicant = (draft.data or {}).get("applicant") or {}
    prefill = prefill_for(
        schema=draft.procedure.form, user=request.user, tax_code=applicant.get("tax_code") or None
    )
    saved = (draft.data or {}).get("form")
    values = saved if saved is not None else prefill.values
    initial = {FORM_DATA_PREFIX + key: value for key, value in values.items()}
    status = 200
    if request.method == "POST":
        form = EForm(request.POST, schema=draft.procedure.form, sources=prefill.sources)
        if form.is_valid():
            try:
                draft_form_save(
                    draft=draft, form_data=form.form_data(), prefilled=list(form.sources)
                )
                return redirect(_url(draft, WizardStep.DOCUMENTS))
            except ApplicationError as error:
                form.add_service_errors(error.details)
        status = 422
    else:
        form = EForm(initial=initial, schema=draft.procedure.form, sources=prefill.sources)
    context = {"form": form, "unavailable": prefill.unavailable}
    return _page(request, draft, WizardStep.FORM, context, status=status)


def _offers(draft) -> dict[str, list]:
    applicant = (draft.data or {}).get("applicant") or {}
    owner = (
        {"tax_code": applicant.get("tax_code", "")}
        if applicant.get("kind") == ApplicantKind.ORGANIZATION
        else {"personal_id": applicant.get("personal_id", "")}
    )
    return {
        r.code: reusable_results(**owner, procedure_codes=list(r.reusable_result_of))
        for r in draft.procedure.requirements.all()
        if r.reusable_result_of
    }


def _documents(request: HttpRequest, draft) -> HttpResponse:
    kwargs = {
        "requirements": draft.procedure.requirements.all(),
        "offers": _offers(draft),
        "staged": (draft.data or {}).get("documents") or {},
    }
    status = 200
    if request.method == "POST":
        form = DocumentsForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                draft_documents_save(draft=draft, choices=form.choices())
                return redirect(_url(draft, WizardStep.REVIEW))
            except ApplicationError as error:
                form.add_service_errors(error.details)
        status = 422
    else:
        form = DocumentsForm(**kwargs)
    return _page(request, draft, WizardStep.DOCUMENTS, {"form": form}, status=status)


def _summary(draft) -> dict:
    data = draft.data or {}
    properties = (draft.procedure.form or {}).get("properties") or {}
    form_rows = [
        ((properties.get(key) or {}).get("title") or key, value)
        for key, value in (data.get("form") or {}).items()
    ]
    requirements = {r.code: r for r in draft.procedure.requirements.all()}
    documents = [
        (requirements[code].name if code in requirements else code, doc)
        for code, doc in (data.get("documents") or {}).items()
    ]
    return {
        "applicant": data.get("applicant") or {},
        "form_rows": form_rows,
        "documents": documents,
        "fees": list(draft.procedure.fees.all()),
        "fee_total": sum(f.amount_vnd for f in draft.procedure.fees.all()),
    }


def _review(request: HttpRequest, draft) -> HttpResponse:
    unit_code = ((draft.data or {}).get("applicant") or {}).get("unit_code", "")
    agencies = receiving_agencies_for(procedure=draft.procedure, unit_code=unit_code)
    status, problems = 200, []
    if request.method == "POST":
        form = ReviewForm(request.POST, agencies=agencies)
        agency_id = form.cleaned_data["receiving_agency"] if form.is_valid() else None
        try:
            dossier = draft_submit(
                draft=draft,
                by=request.user,
                receiving_agency_id=agency_id,
                identity_verified=session_identity_verified(request),
            )
        except ApplicationError as error:
            problems = [error.message] + [d.message for d in error.details]
            status = error.status
        else:
            messages.success(
                request,
                _("Đã nộp hồ sơ thành công. Mã hồ sơ: %(code)s.") % {"code": dossier.code},
            )
            return redirect("portal:my_dossier", code=dossier.code)
    else:
        form = ReviewForm(agencies=agencies)
    context = {"form": form, "problems": problems, **_summary(draft)}
    return _page(request, draft, WizardStep.REVIEW, context, status=status)


@login_required
@require_POST
def delete(request: HttpRequest, draft_id: int) -> HttpResponse:
    try:
        draft = draft_get_for_user(user=request.user, draft_id=draft_id)
    except NotFoundError as error:
        raise Http404 from error
    draft_delete(draft=draft)
    messages.success(request, _("Đã xóa hồ sơ nháp."))
    return redirect("portal:my_dossiers")
