"""A tiny urlconf: the assistant's router on its own NinjaAPI, its page, and the page chrome."""

from django.urls import include, path
from ninja import NinjaAPI

from motcua.assistant.api import router_build
from motcua.core.errors import ApplicationError

api = NinjaAPI(urls_namespace="api", docs_url=None)


@api.exception_handler(ApplicationError)
def application_error(request, exc):
    return api.create_response(request, exc.as_dict(), status=exc.status)


api.add_router("/assistant", router_build())

urlpatterns = [
    path("api/", api.urls),
    path("assistant/", include("motcua.assistant.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("procedures/", include("motcua.procedures.urls")),
    path("", include("motcua.web.urls")),
]
