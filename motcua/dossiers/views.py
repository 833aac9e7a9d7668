"""The officer workspace: inbox, one dossier with its actions, counter intake, the ledger.

Views translate: they parse input (forms.py), call one service or selector, and render. Every
dossier comes through the gate selectors; missing and invisible answer 404 alike. A rule that
says no (ApplicationError) is shown on the page it came from, with its status (403/409/422).
"""

import hashlib
from dataclasses import dataclass, replace

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.constants import StaffRole
from motcua.accounts.selectors import memberships_of_user
from motcua.adminunits.selectors import communes_of_province
from motcua.agencies.selectors import agencies_of_province
from motcua.core.calendar_db import calendar_get
from motcua.core.errors import ApplicationError, NotFoundError
from motcua.dossiers.constants import Action, DossierStatus
from motcua.dossiers.forms import (
    ACTION_ERROR_FIELDS,
    AssignForm,
    CounterIntakeForm,
    InboxFilterForm,
    LedgerForm,
    TransferForm,
    action_form_class,
    default_period,
)
from motcua.dossiers.inbox import CappedPaginator, inbox_rows, urgency_class
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import (
    INBOX_PAGE_SIZE,
    InboxFilters,
    dossier_actions_for_user,
    dossier_events,
    dossier_get_for_user,
    dossier_list_for_user,
)
from motcua.dossiers.services.intake import dossier_receive_at_counter
from motcua.dossiers.services.processing import (
    dossier_advance,
    dossier_assign,
    dossier_extend,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_stop,
    dossier_supplement,
    dossier_transfer,
)
from motcua.dossiers.services.slips import SLIP_KIND_BY_FORM, dossier_slip_pdf, ledger_report
from motcua.dossiers.slips.context import SLIP_FORMS
from motcua.dossiers.slips.render import slip_render_pdf
from motcua.procedures.selectors import field_list, procedure_get, procedure_search

WORKSPACE = {"is_workspace": True}  # base.html shows the workspace link without asking the DB
INTAKE_SEARCH_LIMIT = 30
LEDGER_MAX_ROWS = 2000
_EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def _page(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    return render(request, template, {**WORKSPACE, **context}, status=status)


def _error_page(request, error: ApplicationError) -> HttpResponse:
    return _page(request, "dossiers/workspace/error.html", {"error": error}, status=error.status)


def _dossier_or_404(user, code: str) -> Dossier:
    try:
        return dossier_get_for_user(user=user, code=code)
    except NotFoundError as error:
        raise Http404(error.message) from error


def _agencies_where(user, *roles: str) -> list:
    """The user's agencies where they hold one of `roles` (all agencies when none given)."""
    seen = {}
    for membership in memberships_of_user(user=user):
        if not roles or membership.role in roles:
            seen.setdefault(membership.agency_id, membership.agency)
    return list(seen.values())


# --- Inbox -------------------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET, fields=list(field_list()))
    filters = form.filters()
    page = CappedPaginator(
        dossier_list_for_user(user=request.user, filters=filters), INBOX_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    calendar, now = calendar_get(), timezone.now()
    rows = inbox_rows(page.object_list, calendar, now)
    # One aggregate over the same filters but any status: the counts double as status links.
    # Over a whole province it scans every open dossier, so it is kept for a minute.
    count_filters = replace(filters, status=None)
    digest = hashlib.sha256(repr(count_filters).encode()).hexdigest()[:32]
    key = f"inbox-counts:{request.user.pk}:{digest}"
    counts = cache.get_or_set(
        key,
        lambda: dict(
            dossier_list_for_user(user=request.user, filters=count_filters)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        ),
        STATUS_COUNTS_SECONDS,
    )
    status_counts = [
        (status.value, status.label, counts[status.value])
        for status in DossierStatus
        if counts.get(status.value)
    ]
    return _page(
        request,
        "dossiers/workspace/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "status_counts": status_counts,
            "active_status": filters.status,
        },
    )


# How long the inbox keeps its per-status counts (they cover the whole visible scope).
STATUS_COUNTS_SECONDS = 60


# --- One dossier -------------------------------------------------------------------------


@dataclass
class ActionPanel:
    action: Action
    form: forms.Form

    @property
    def needs_input(self) -> bool:
        return bool(self.form.fields)


def _action_form(action: Action, dossier: Dossier, data=None) -> forms.Form:
    form_class = action_form_class(action)
    kwargs = {"data": data, "prefix": action.value}
    if form_class is AssignForm:
        kwargs["agency"] = dossier.handling_agency
    elif form_class is TransferForm:
        kwargs["agencies"] = (
            agencies_of_province(province_code=dossier.handling_agency.province_code)
            .filter(is_active=True)
            .exclude(pk=dossier.handling_agency_id)
        )
    return form_class(**kwargs)


def _available_slips(dossier: Dossier) -> list[tuple[str, str]]:
    """(Mẫu number, title) of the slips this dossier has, from fields the page already holds."""
    received = dossier.received_at is not None
    available = {
        "01": received,
        "02": dossier.supplement_count > 0,
        "03": dossier.status == DossierStatus.REFUSED,
        "04": dossier.extension_count > 0,
        "05": dossier.status == DossierStatus.STOPPED,
        "06": received,
    }
    return [
        (number, SLIP_FORMS[kind].title.capitalize())
        for number, kind in SLIP_KIND_BY_FORM.items()
        if available[number]
    ]


def _form_data_rows(dossier: Dossier) -> list[tuple[str, object]]:
    properties = (dossier.procedure.form or {}).get("properties") or {}
    data = dossier.form_data or {}
    rows = []
    for key in [*properties, *(k for k in data if k not in properties)]:
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, bool):
            value = _("Có") if value else _("Không")
        rows.append(((properties.get(key) or {}).get("title") or key, value))
    return rows


def _detail(
    request,
    dossier: Dossier,
    *,
    failed: ActionPanel | None = None,
    error: ApplicationError | None = None,
) -> HttpResponse:
    panels = []
    for action in dossier_actions_for_user(dossier=dossier, user=request.user, now=timezone.now()):
        if failed is not None and failed.action == action:
            panels.append(failed)
        else:
            panels.append(ActionPanel(action, _action_form(action, dossier)))
    # Details that name a field of the failed form are shown next to it, the rest on top.
    beside = set(failed.form.fields) & ACTION_ERROR_FIELDS if failed else set()
    other_details = [d for d in (error.details if error else []) if d.path not in beside]
    return _page(
        request,
        "dossiers/workspace/detail.html",
        {
            "dossier": dossier,
            "urgency": urgency_class(calendar_get(), timezone.now(), dossier),
            "documents": list(dossier.documents.all()),
            # The items of a supplement request are listed under its row.
            "timeline": [
                (event, (event.data or {}).get("items") or [])
                for event in dossier_events(dossier=dossier)
            ],
            "form_rows": _form_data_rows(dossier),
            "slips": _available_slips(dossier),
            "panels": panels,
            "error": error,
            "error_details": other_details,
            "just_received": request.GET.get("received") == "1",
        },
        status=error.status if error else 200,
    )


@login_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, _dossier_or_404(request.user, code))


@login_required
def dossier_document(request: HttpRequest, code: str, document_id: int) -> FileResponse:
    dossier = _dossier_or_404(request.user, code)
    document = dossier.documents.filter(pk=document_id).first()
    if document is None or not document.file:
        raise Http404(_("Không tìm thấy tệp."))
    extension = _EXTENSIONS.get(document.content_type, "")
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{dossier.code}-{document.requirement_code}{extension}",
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def dossier_slip(request: HttpRequest, code: str, form: str) -> HttpResponse:
    dossier = _dossier_or_404(request.user, code)
    kind = SLIP_KIND_BY_FORM.get(form)
    if kind is None:
        raise Http404(_("Không có mẫu phiếu này."))
    try:
        pdf = dossier_slip_pdf(dossier=dossier, kind=kind)
    except ApplicationError as error:
        return _error_page(request, error)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-mau-{form}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _perform(action: Action, dossier: Dossier, form: forms.Form, by) -> Dossier:
    """Call the one service that does `action`, with the parsed form."""
    data = form.cleaned_data
    if action == Action.RECEIVE:
        return dossier_receive(dossier=dossier, by=by)
    if action == Action.REFUSE:
        return dossier_refuse(dossier=dossier, by=by, reason=data["reason"])
    if action == Action.STOP:
        return dossier_stop(dossier=dossier, by=by, reason=data["reason"])
    if action == Action.REQUEST_SUPPLEMENT:
        return dossier_request_supplement(
            dossier=dossier, by=by, items=form.item_list(), reason=data["reason"]
        )
    if action == Action.SUPPLEMENT:
        return dossier_supplement(dossier=dossier, by=by, note=data["note"])
    if action == Action.ASSIGN:
        return dossier_assign(dossier=dossier, by=by, assignee=data["assignee"])
    if action == Action.TRANSFER:
        return dossier_transfer(
            dossier=dossier, by=by, to_agency=data["to_agency"], reason=data["reason"]
        )
    if action == Action.EXTEND:
        # A return date on a slip is a day; the instant is that day's closing time.
        new_due_at = calendar_get().end_of_working_day(data["new_due_date"])
        return dossier_extend(dossier=dossier, by=by, new_due_at=new_due_at, reason=data["reason"])
    return dossier_advance(dossier=dossier, action=action, by=by, note=data["note"])


@login_required
@require_POST
def dossier_act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    dossier = _dossier_or_404(request.user, code)
    if action not in Action.values or action == Action.SUBMIT:
        raise Http404(_("Không có thao tác này."))
    action = Action(action)
    panel = ActionPanel(action, _action_form(action, dossier, data=request.POST))
    if not panel.form.is_valid():
        error = ApplicationError(
            _("Thông tin nhập chưa hợp lệ, vui lòng kiểm tra các mục được đánh dấu."),
            code="invalid_input",
            status=422,
        )
        return _detail(request, dossier, failed=panel, error=error)
    try:
        changed = _perform(action, dossier, panel.form, request.user)
    except ApplicationError as error:
        for detail in error.details:
            if detail.path in ACTION_ERROR_FIELDS and detail.path in panel.form.fields:
                panel.form.add_error(detail.path, detail.message)
        return _detail(request, dossier, failed=panel, error=error)
    if action == Action.TRANSFER:
        # The dossier may now be out of this officer's sight: back to the inbox.
        messages.success(
            request,
            _("Đã chuyển hồ sơ %(code)s đến %(agency)s.")
            % {"code": changed.code, "agency": changed.handling_agency.name},
        )
        return redirect("dossiers:inbox")
    messages.success(
        request,
        _("Đã thực hiện «%(action)s» với hồ sơ %(code)s. Trạng thái: %(status)s.")
        % {
            "action": action.label,
            "code": changed.code,
            "status": DossierStatus(changed.status).label,
        },
    )
    return redirect("dossiers:detail", code=changed.code)


# --- Counter intake ----------------------------------------------------------------------


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    agencies = _agencies_where(request.user, StaffRole.RECEIVER)
    if not agencies:
        return _error_page(
            request,
            ApplicationError(
                _("Chỉ cán bộ tiếp nhận (một cửa) mới tiếp nhận hồ sơ tại quầy."),
                code="forbidden",
                status=403,
            ),
        )
    code = (request.GET.get("procedure") or "").strip()
    if not code:
        q = (request.GET.get("q") or "").strip()
        results = procedure_search(q=q, limit=INTAKE_SEARCH_LIMIT) if q else []
        return _page(
            request,
            "dossiers/workspace/intake_choose.html",
            {"q": q, "results": results, "limit": INTAKE_SEARCH_LIMIT},
        )
    try:
        procedure = procedure_get(code=code)
    except NotFoundError as error:
        raise Http404(error.message) from error
    form = CounterIntakeForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        procedure=procedure,
        requirements=procedure.requirements.all(),
        agencies=agencies,
        communes=communes_of_province(province_code=agencies[0].province_code),
    )
    context = {"procedure": procedure, "form": form, "fees": list(procedure.fees.all())}
    if request.method != "POST":
        return _page(request, "dossiers/workspace/intake_form.html", context)
    if not form.is_valid():
        context["error_message"] = _("Thông tin nhập chưa hợp lệ, vui lòng kiểm tra lại.")
        return _page(request, "dossiers/workspace/intake_form.html", context, status=422)
    arguments, sources = form.service_arguments()
    try:
        dossier = dossier_receive_at_counter(procedure=procedure, by=request.user, **arguments)
    except ApplicationError as error:
        form.add_service_errors(error.details, sources=sources)
        context["error_message"] = error.message
        return _page(request, "dossiers/workspace/intake_form.html", context, status=error.status)
    messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code})
    return redirect(reverse("dossiers:detail", args=[dossier.code]) + "?received=1")


# --- Ledger (Mẫu 07) -----------------------------------------------------------------------


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    agencies = _agencies_where(request.user)
    if not agencies:
        return _error_page(
            request,
            ApplicationError(
                _("Chỉ cán bộ của cơ quan mới xem được sổ theo dõi hồ sơ."),
                code="forbidden",
                status=403,
            ),
        )
    fields = list(field_list())
    start, end = default_period(timezone.localdate())
    params = {"agency": agencies[0].pk, "from": start, "to": end, **request.GET.dict()}
    form = LedgerForm(params, agencies=agencies, fields=fields)
    context = {"form": form, "report": None, "truncated": False}
    if not form.is_valid():
        return _page(request, "dossiers/workspace/ledger.html", context, status=422)
    data = form.cleaned_data
    agency = next(a for a in agencies if a.pk == data["agency"])
    filters = InboxFilters(
        received_from=data["from"],
        received_to=data["to"],
        field_code=data["field"],
        agency_id=agency.pk,
    )
    # The ledger prints every column of the row: load whole rows, in order of reception.
    dossiers = list(
        dossier_list_for_user(user=request.user, filters=filters)
        .defer(None)
        .order_by("received_at", "code")[: LEDGER_MAX_ROWS + 1]
    )
    field_name = next((f.name for f in fields if f.code == data["field"]), _("Tất cả lĩnh vực"))
    report = ledger_report(
        dossiers=dossiers[:LEDGER_MAX_ROWS],
        agency=agency,
        field_name=field_name,
        period_start=data["from"],
        period_end=data["to"],
    )
    if request.GET.get("format") == "pdf":
        response = HttpResponse(slip_render_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="so-theo-doi-{data["from"]:%Y%m%d}-{data["to"]:%Y%m%d}.pdf"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
    context.update(
        report=report, truncated=len(dossiers) > LEDGER_MAX_ROWS, max_rows=LEDGER_MAX_ROWS
    )
    return _page(request, "dossiers/workspace/ledger.html", context)
