"""A citizen's own pages: "Hồ sơ của tôi" with drafts, dossiers and feedback, one dossier with
its timeline, rating and online payment. Feedback pages are in views/feedback.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import ApplicationError, NotFoundError
from motcua.dossiers.constants import DossierStatus
from motcua.feedback.selectors import feedback_of_citizen, rating_of_dossier
from motcua.feedback.services import rating_submit
from motcua.portal.forms import RatingForm
from motcua.portal.models import Payment
from motcua.portal.payments import SandboxPaymentProvider
from motcua.portal.selectors import (
    citizen_dossier_get,
    citizen_dossiers,
    citizen_timeline,
    drafts_of_user,
)
from motcua.portal.services.citizen import payment_complete, payment_start

MY_DOSSIERS_LIMIT = 100
RATEABLE = (DossierStatus.RESULT_READY, DossierStatus.RETURNED)


def _own_or_404(user, code: str):
    try:
        return citizen_dossier_get(user=user, code=code)
    except NotFoundError as error:
        raise Http404(error.message) from error


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/my_dossiers.html",
        {
            "drafts": list(drafts_of_user(user=request.user)[:20]),
            "dossiers": list(citizen_dossiers(user=request.user)[:MY_DOSSIERS_LIMIT]),
            "feedback_list": list(feedback_of_citizen(user=request.user)[:MY_DOSSIERS_LIMIT]),
        },
    )


def _detail(request, dossier, *, rating_form=None, status: int = 200) -> HttpResponse:
    rating = rating_of_dossier(dossier=dossier)
    paid = bool(dossier.paid_online)
    return render(
        request,
        "portal/my_dossier.html",
        {
            "dossier": dossier,
            "events": citizen_timeline(dossier=dossier),
            "documents": list(dossier.documents.all()),
            "fees": list(dossier.procedure.fees.all()),
            "paid": paid,
            "can_pay": dossier.fee_total_vnd > 0 and not paid,
            "rating": rating,
            "rating_form": rating_form
            or (RatingForm() if dossier.status in RATEABLE and rating is None else None),
        },
        status=status,
    )


@login_required
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, _own_or_404(request.user, code))


@login_required
@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _own_or_404(request.user, code)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _detail(request, dossier, rating_form=form, status=422)
    try:
        rating_submit(
            dossier=dossier,
            by=request.user,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return _detail(request, dossier, status=error.status)
    messages.success(request, _("Cảm ơn Ông/Bà đã đánh giá."))
    return redirect("portal:my_dossier", code=code)


@login_required
@require_POST
def pay(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _own_or_404(request.user, code)
    try:
        _payment, url = payment_start(dossier=dossier, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("portal:my_dossier", code=code)
    return redirect(url)


@login_required
def payment_sandbox(request: HttpRequest, reference: str) -> HttpResponse:
    """The sandbox provider's checkout page (demo only): confirm or cancel."""
    payment = Payment.objects.select_related("dossier").filter(provider_ref=reference).first()
    if payment is None or payment.dossier.applicant_user_id != request.user.pk:
        raise Http404
    provider = SandboxPaymentProvider()
    if request.method == "POST":
        outcome = "paid" if request.POST.get("outcome") == "paid" else "failed"
        data = {
            "outcome": outcome,
            "signature": provider.sign(reference=reference, outcome=outcome),
        }
        return payment_return(request, reference, data=data)
    return render(request, "portal/payment_sandbox.html", {"payment": payment})


def payment_return(request: HttpRequest, reference: str, data: dict | None = None) -> HttpResponse:
    """Where the provider sends the citizen back, with its signed answer."""
    try:
        payment = payment_complete(reference=reference, data=data or request.GET.dict())
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("portal:my_dossiers")
    if payment.status == "paid":
        messages.success(request, _("Đã thanh toán phí, lệ phí trực tuyến."))
    else:
        messages.error(request, _("Thanh toán không thành công; Ông/Bà có thể thử lại."))
    return redirect("portal:my_dossier", code=payment.dossier.code)
