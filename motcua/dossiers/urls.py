from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"

# Fixed words first: a dossier code never equals them, but the patterns would match.
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("intake/", views.intake, name="intake"),
    path("ledger/", views.ledger, name="ledger"),
    path("<str:code>/", views.dossier_detail, name="detail"),
    path("<str:code>/documents/<int:document_id>/", views.dossier_document, name="document"),
    path("<str:code>/slips/<slug:form>.pdf", views.dossier_slip, name="slip"),
    path("<str:code>/act/<slug:action>/", views.dossier_act, name="act"),
]
