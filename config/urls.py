from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("procedures/", include("motcua.procedures.urls")),
    path("assistant/", include("motcua.assistant.urls")),
    path("workspace/phan-anh-kien-nghi/", include("motcua.feedback.urls")),
    path("workspace/", include("motcua.dossiers.urls")),
    path("chi-so/", include("motcua.indicators.urls")),
    path("xac-minh/", include("motcua.documents.urls")),
    path("sync/", include("motcua.sync.urls")),
    path("", include("motcua.portal.urls")),
    path("", include("motcua.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
