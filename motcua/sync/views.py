"""Province pages: the sync health page for province administrators and monitors."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from motcua.accounts.selectors import user_province_codes
from motcua.outbox.handlers import destinations_configured
from motcua.outbox.selectors import outbox_health
from motcua.sync.client import hub_configured


def _may_watch_sync(user) -> bool:
    return user.is_superuser or bool(user_province_codes(user=user))


@login_required
def sync_health(request: HttpRequest) -> HttpResponse:
    if not _may_watch_sync(request.user):
        return render(request, "sync/forbidden.html", status=403)
    changelist = reverse("admin:outbox_outboxmessage_changelist")
    destinations = []
    for name in destinations_configured():
        health = outbox_health(destination=name)
        destinations.append(
            {
                "health": health,
                "lag_minutes": (
                    round(health.oldest_pending_age_s / 60, 1)
                    if health.oldest_pending_age_s is not None
                    else None
                ),
                "dead_url": f"{changelist}?destination={name}&state=dead",
                "pending_url": f"{changelist}?destination={name}&state=pending",
            }
        )
    hub_url, _, province = hub_configured()
    return render(
        request,
        "sync/health.html",
        {"destinations": destinations, "hub_url": hub_url, "province": province},
    )
