"""A citizen's own pages: "Hồ sơ của tôi" with drafts and dossiers, one dossier with its
timeline, rating, online payment and feedback (phản ánh, kiến nghị)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import ApplicationError, NotFoundError
from motcua.dossiers.constants import DossierStatus
from motcua.portal.forms import FeedbackForm, RatingForm
from motcua.portal.models import Payment, Rating
from motcua.portal.payments import SandboxPaymentProvider
from motcua.portal.selectors import (
    citizen_dossier_get,
    citizen_dossiers,
    citizen_timeline,
    drafts_of_user,
)
from motcua.portal.services.citizen import (
    feedback_submit,
    payment_complete,
    payment_start,
    rating_submit,
)

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
        },
    )


def _detail(request, dossier, *, rating_form=None, status: int = 200) -> HttpResponse:
    rating = Rating.objects.filter(dossier=dossier).first()
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


@login_required
def feedback(request: HttpRequest) -> HttpResponse:
    dossiers = list(citizen_dossiers(user=request.user)[:MY_DOSSIERS_LIMIT])
    by_code = {d.code: d for d in dossiers}
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST, dossiers=dossiers)
        if form.is_valid():
            try:
                feedback_submit(
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    content=form.cleaned_data["content"],
                    dossier=by_code.get(form.cleaned_data["dossier"]),
                )
            except ApplicationError as error:
                form.add_service_errors(error.details)
            else:
                messages.success(request, _("Đã tiếp nhận phản ánh, kiến nghị của Ông/Bà."))
                return redirect("portal:my_dossiers")
        status = 422
    else:
        form = FeedbackForm(initial={"dossier": request.GET.get("ho_so", "")}, dossiers=dossiers)
    return render(request, "portal/feedback.html", {"form": form}, status=status)
