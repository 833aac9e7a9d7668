from django.conf import settings
from django.urls import include, path

from motcua.portal.views import catalog, citizen, feedback, tracking, wizard

app_name = "portal"

urlpatterns = [
    path("dich-vu-cong/", catalog.catalog, name="catalog"),
    path("dich-vu-cong/<str:code>/", catalog.procedure, name="procedure"),
    path("dich-vu-cong/<str:code>/nop/", wizard.start, name="start"),
    path("cong-dan/nhap/<int:draft_id>/xoa/", wizard.delete, name="draft_delete"),
    path("cong-dan/nhap/<int:draft_id>/<slug:step>/", wizard.step, name="step"),
    path("cong-dan/ho-so/", citizen.my_dossiers, name="my_dossiers"),
    path("cong-dan/ho-so/<str:code>/", citizen.my_dossier, name="my_dossier"),
    path("cong-dan/ho-so/<str:code>/danh-gia/", citizen.rate, name="rate"),
    path("cong-dan/ho-so/<str:code>/thanh-toan/", citizen.pay, name="pay"),
    path(
        "cong-dan/thanh-toan/thu-nghiem/<str:reference>/",
        citizen.payment_sandbox,
        name="payment_sandbox",
    ),
    path(
        "cong-dan/thanh-toan/ket-qua/<str:reference>/",
        citizen.payment_return,
        name="payment_return",
    ),
    path("phan-anh-kien-nghi/", feedback.feedback, name="feedback"),
    path("cong-dan/phan-anh/<int:pk>/", feedback.my_feedback, name="my_feedback"),
    path(
        "cong-dan/phan-anh/<int:pk>/bo-sung/",
        feedback.my_feedback_supplement,
        name="my_feedback_supplement",
    ),
    path(
        "cong-dan/phan-anh/<int:pk>/danh-gia/", feedback.my_feedback_vote, name="my_feedback_vote"
    ),
    path("tra-cuu/", tracking.tracking, name="tracking"),
]

if getattr(settings, "MOTCUA_OIDC_ENABLED", False):
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
