"""The inbox's list: its rows with their texts ready, their deadline flags, and a paginator
that counts no further than an officer needs. Presentation only; the view and the access
selectors decide what is listed."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property

from motcua.dossiers.deadlines import urgency
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import OPEN_STATUSES


def urgency_class(calendar, now, dossier: Dossier) -> str:
    """ "overdue" / "due-soon" / "" for a row; a paused or finished dossier has no running clock."""
    if dossier.due_at is None or dossier.paused_at is not None:
        return ""
    if dossier.status not in OPEN_STATUSES:
        return ""
    found = urgency(calendar, now=now, due_at=dossier.due_at)
    return "overdue" if found.overdue else ("due-soon" if found.due_soon else "")


@dataclass(frozen=True)
class InboxRow:
    """One inbox line with its texts ready: a page of 50 rows rendered from model attributes
    (related lookups, get_FOO_display, date filters in the template) cost about half of the
    page's time at a million dossiers (docs/benchmarks/intake.md)."""

    dossier: Dossier
    urgency: str
    url: str
    code: str
    procedure: str
    procedure_code: str
    applicant: str
    channel: str
    received: str
    due: str
    paused: bool
    status: str
    step: str
    assignee: str
    agency: str


def inbox_rows(dossiers, calendar, now) -> list[InboxRow]:
    labels = {  # once per page, in the active language
        field: {value: str(label) for value, label in Dossier._meta.get_field(field).flatchoices}
        for field in ("channel", "status", "step")
    }
    detail = reverse("dossiers:detail", args=["-"])[:-2]  # the prefix; codes need no quoting

    def when(moment) -> str:
        return dateformat.format(timezone.localtime(moment), "d/m/Y H:i") if moment else ""

    rows = []
    for d in dossiers:
        assignee = d.assignee
        rows.append(
            InboxRow(
                dossier=d,
                urgency=urgency_class(calendar, now, d),
                url=f"{detail}{d.code}/",
                code=d.code,
                procedure=d.procedure.name,
                procedure_code=d.procedure.code,
                applicant=d.applicant_name,
                channel=labels["channel"].get(d.channel, str(d.channel)),
                received=when(d.received_at or d.submitted_at),
                due=when(d.due_at) or "—",
                paused=d.paused_at is not None,
                status=labels["status"].get(d.status, str(d.status)),
                step=labels["step"].get(d.step, d.step) if d.step else "",
                assignee=(assignee.full_name or assignee.username) if assignee else "—",
                agency=d.handling_agency.name,
            )
        )
    return rows


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP rows: at a million dossiers an exact count costs more than the
    page itself (10,001 rows: 11 ms of the monitor's 33), and "more than 1,000" tells an
    officer all that matters: the status counts above the list give the exact totals, and
    past 20 pages of a work queue one filters rather than pages."""

    COUNT_CAP = 1_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.COUNT_CAP
