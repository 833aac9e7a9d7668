"""Workspace pages for PAKN: the inbox of one's agencies, one PAKN with the actions one's role
allows. Views translate; the gates are feedback.selectors, the rules feedback.services."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.selectors import agencies_visible_to_user
from motcua.core.errors import ApplicationError, NotFoundError
from motcua.feedback.constants import OPEN_STATUSES, FeedbackAction, FeedbackStatus
from motcua.feedback.forms import ERROR_FIELDS, FORMS, InboxFilterForm, TransferForm
from motcua.feedback.models import Feedback
from motcua.feedback.rules import OFFICER_ACTIONS
from motcua.feedback.selectors import (
    INBOX_PAGE_SIZE,
    feedback_actions_for_user,
    feedback_events,
    feedback_get_for_user,
    feedback_list_for_user,
    feedback_status_counts,
    transfer_targets,
)
from motcua.feedback.services import (
    feedback_accept,
    feedback_answer,
    feedback_publish,
    feedback_reject,
    feedback_request_supplement,
    feedback_start,
    feedback_transfer,
)

WORKSPACE = {"is_workspace": True}


def _page(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    return render(request, template, {**WORKSPACE, **context}, status=status)


def _forbidden(request) -> HttpResponse:
    error = ApplicationError(
        _("Chỉ cán bộ của cơ quan mới xem được phản ánh, kiến nghị."), code="forbidden", status=403
    )
    return _page(request, "dossiers/workspace/error.html", {"error": error}, status=403)


def _overdue(item: Feedback, now) -> bool:
    return item.status in OPEN_STATUSES and item.due_at is not None and item.due_at < now


@dataclass(frozen=True)
class Row:
    item: Feedback
    overdue: bool


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    agencies = list(agencies_visible_to_user(user=request.user).only("pk", "name"))
    if not agencies:
        return _forbidden(request)
    form = InboxFilterForm(request.GET, agencies=agencies)
    filters = form.filters()
    page = Paginator(
        feedback_list_for_user(user=request.user, filters=filters), INBOX_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    now = timezone.now()
    counts = feedback_status_counts(user=request.user, filters=filters)
    return _page(
        request,
        "feedback/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": [Row(item, _overdue(item, now)) for item in page.object_list],
            "status_counts": [
                (status.value, status.label, counts[status.value])
                for status in FeedbackStatus
                if counts.get(status.value)
            ],
            "active_status": filters.status,
        },
    )


def _get_or_404(user, pk: int) -> Feedback:
    try:
        return feedback_get_for_user(user=user, pk=pk)
    except NotFoundError as error:
        raise Http404(error.message) from error


def _form(action: str, item: Feedback, data=None) -> forms.Form:
    form_class = FORMS[action]
    kwargs = {"data": data, "prefix": action}
    if form_class is TransferForm:
        kwargs["agencies"] = transfer_targets(feedback=item)
    return form_class(**kwargs)


@dataclass
class Panel:
    action: str
    form: forms.Form

    @property
    def label(self) -> str:
        return FeedbackAction(self.action).label

    @property
    def needs_input(self) -> bool:
        return bool(self.form.fields)


def _detail(request, item: Feedback, *, failed: Panel | None = None, error=None) -> HttpResponse:
    panels = [
        failed
        if failed is not None and failed.action == action
        else Panel(action, _form(action, item))
        for action in feedback_actions_for_user(feedback=item, user=request.user)
    ]
    return _page(
        request,
        "feedback/detail.html",
        {
            "item": item,
            "overdue": _overdue(item, timezone.now()),
            "events": list(feedback_events(feedback=item)),
            "panels": panels,
            "error": error,
        },
        status=error.status if error else 200,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get_or_404(request.user, pk))


def _perform(action: str, item: Feedback, data: dict, by) -> Feedback:
    if action == FeedbackAction.ACCEPT:
        return feedback_accept(feedback=item, by=by, category=data["category"])
    if action == FeedbackAction.REJECT:
        return feedback_reject(feedback=item, by=by, reason=data["reason"])
    if action == FeedbackAction.TRANSFER:
        return feedback_transfer(
            feedback=item, by=by, to_agency=data["to_agency"], reason=data["reason"]
        )
    if action == FeedbackAction.REQUEST_SUPPLEMENT:
        return feedback_request_supplement(feedback=item, by=by, request=data["request"])
    if action == FeedbackAction.START:
        return feedback_start(feedback=item, by=by)
    if action == FeedbackAction.ANSWER:
        return feedback_answer(feedback=item, by=by, answer=data["answer"])
    return feedback_publish(feedback=item, by=by)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _get_or_404(request.user, pk)
    if action not in OFFICER_ACTIONS:
        raise Http404(_("Không có thao tác này."))
    panel = Panel(action, _form(action, item, data=request.POST))
    if not panel.form.is_valid():
        error = ApplicationError(
            _("Thông tin nhập chưa hợp lệ, vui lòng kiểm tra các mục được đánh dấu."),
            code="invalid_input",
            status=422,
        )
        return _detail(request, item, failed=panel, error=error)
    try:
        changed = _perform(action, item, panel.form.cleaned_data, request.user)
    except ApplicationError as error:
        for found in error.details:
            if found.path in ERROR_FIELDS and found.path in panel.form.fields:
                panel.form.add_error(found.path, found.message)
        return _detail(request, item, failed=panel, error=error)
    if action == FeedbackAction.TRANSFER:
        messages.success(
            request,
            _("Đã chuyển %(ref)s đến %(agency)s.")
            % {"ref": changed.reference, "agency": changed.agency.name},
        )
        return redirect("feedback:inbox")
    messages.success(
        request,
        _("Đã thực hiện «%(action)s» với %(ref)s. Trạng thái: %(status)s.")
        % {
            "action": FeedbackAction(action).label,
            "ref": changed.reference,
            "status": FeedbackStatus(changed.status).label,
        },
    )
    return redirect("feedback:detail", pk=changed.pk)
