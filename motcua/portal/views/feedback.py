"""A citizen's feedback (phản ánh, kiến nghị): send one, follow it, add information when asked,
read the published answer and say whether it satisfies them (766 indicator 5.3)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import ApplicationError, NotFoundError
from motcua.feedback.constants import FeedbackStatus
from motcua.feedback.selectors import (
    agencies_for_feedback,
    feedback_events,
    feedback_get_for_citizen,
    feedback_has_repeat,
)
from motcua.feedback.services import feedback_submit, feedback_supplement, feedback_vote
from motcua.portal.forms import FeedbackForm, FeedbackSupplementForm, FeedbackVoteForm
from motcua.portal.selectors import citizen_dossiers

MY_DOSSIERS_LIMIT = 100


def _own_or_404(user, pk: int):
    try:
        return feedback_get_for_citizen(user=user, pk=pk)
    except NotFoundError as error:
        raise Http404(error.message) from error


def _repeat_of(user, value) -> object | None:
    if not value:
        return None
    try:
        return feedback_get_for_citizen(user=user, pk=int(value))
    except (NotFoundError, ValueError, TypeError):
        return None


@login_required
def feedback(request: HttpRequest) -> HttpResponse:
    dossiers = list(citizen_dossiers(user=request.user)[:MY_DOSSIERS_LIMIT])
    agencies = list(
        agencies_for_feedback(province_code=getattr(settings, "MOTCUA_PROVINCE", "") or None)
    )
    by_code = {d.code: d for d in dossiers}
    by_pk = {str(a.pk): a for a in agencies}
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST, dossiers=dossiers, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = feedback_submit(
                    by=request.user,
                    kind=data["kind"],
                    content=data["content"],
                    dossier=by_code.get(data["dossier"]),
                    agency=by_pk.get(data["agency"]),
                    repeat_of=_repeat_of(request.user, data["repeat_of"]),
                )
            except ApplicationError as error:
                form.add_service_errors(error.details)
                status = error.status
            else:
                messages.success(
                    request,
                    _("Đã gửi phản ánh, kiến nghị %(ref)s.") % {"ref": created.reference},
                )
                return redirect("portal:my_feedback", pk=created.pk)
        else:
            status = 422
    else:
        earlier = _repeat_of(request.user, request.GET.get("lai"))
        form = FeedbackForm(
            initial={
                "dossier": request.GET.get("ho_so", "")
                or (earlier.dossier.code if earlier and earlier.dossier_id else ""),
                "agency": str(earlier.agency_id) if earlier and earlier.agency_id else "",
                "repeat_of": earlier.pk if earlier else None,
            },
            dossiers=dossiers,
            agencies=agencies,
        )
    return render(request, "portal/feedback.html", {"form": form}, status=status)


def _detail(request, item, *, supplement_form=None, vote_form=None, status=200) -> HttpResponse:
    published = item.status == FeedbackStatus.PUBLISHED
    return render(
        request,
        "portal/my_feedback.html",
        {
            "item": item,
            "events": list(feedback_events(feedback=item)),
            "published": published,
            "supplement_form": supplement_form
            or (FeedbackSupplementForm() if item.status == FeedbackStatus.SUPPLEMENT else None),
            "vote_form": vote_form or (FeedbackVoteForm() if published else None),
            "repeated": published and feedback_has_repeat(feedback=item),
        },
        status=status,
    )


@login_required
def my_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _own_or_404(request.user, pk))


@login_required
@require_POST
def my_feedback_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_or_404(request.user, pk)
    form = FeedbackSupplementForm(request.POST)
    if form.is_valid():
        try:
            feedback_supplement(
                feedback=item, by=request.user, content=form.cleaned_data["content"]
            )
        except ApplicationError as error:
            form.add_service_errors(error.details)
            if not error.details:
                form.add_error(None, error.message)
            return _detail(request, item, supplement_form=form, status=error.status)
        messages.success(request, _("Đã gửi thông tin bổ sung."))
        return redirect("portal:my_feedback", pk=item.pk)
    return _detail(request, item, supplement_form=form, status=422)


@login_required
@require_POST
def my_feedback_vote(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_or_404(request.user, pk)
    form = FeedbackVoteForm(request.POST)
    if form.is_valid():
        try:
            feedback_vote(feedback=item, by=request.user, satisfied=form.cleaned_data["satisfied"])
        except ApplicationError as error:
            messages.error(request, error.message)
            return _detail(request, item, vote_form=form, status=error.status)
        messages.success(request, _("Cảm ơn Ông/Bà đã đánh giá kết quả trả lời."))
        return redirect("portal:my_feedback", pk=item.pk)
    return _detail(request, item, vote_form=form, status=422)
