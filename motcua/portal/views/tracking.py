"""Public tracking: the code on the slip (its QR code opens /tra-cuu/?ma=<code>) plus the last
four digits of the applicant's ID, tax code or phone. Status and timeline only: no names, no
addresses, no reasons (they may carry personal data). Failed attempts are limited per address."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from motcua.portal.forms import TrackingForm
from motcua.portal.selectors import citizen_timeline, tracking_lookup

MAX_FAILURES = 20
WINDOW_S = 15 * 60


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


@never_cache
def tracking(request: HttpRequest) -> HttpResponse:
    key = f"portal:tracking-failures:{_client(request)}"
    context: dict = {"dossier": None, "not_found": False, "throttled": False}
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if cache.get(key, 0) >= MAX_FAILURES:
            context["throttled"] = True
            return render(request, "portal/tracking.html", {**context, "form": form}, status=429)
        if form.is_valid():
            dossier = tracking_lookup(code=form.cleaned_data["ma"], digits=form.cleaned_data["so"])
            if dossier is None:
                cache.add(key, 0, WINDOW_S)
                cache.incr(key)
                context["not_found"] = True
            else:
                context["dossier"] = dossier
                context["events"] = citizen_timeline(dossier=dossier)
    else:
        form = TrackingForm(initial={"ma": request.GET.get("ma", "")})
    return render(request, "portal/tracking.html", {**context, "form": form})
