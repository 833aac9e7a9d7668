from django.urls import path

from motcua.indicators import hub_views, views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # The hub (MOTCUA_ROLE=hub): nationwide figures from the replicas' rollups.
    path("toan-quoc/", hub_views.nation, name="nation"),
    path("toan-quoc/tinh/<str:province_code>/", hub_views.province, name="hub_province"),
    path(
        "toan-quoc/tinh/<str:province_code>/co-quan/<str:eid>/",
        hub_views.agency,
        name="hub_agency",
    ),
    path("toan-quoc/ho-so/", hub_views.dossiers, name="hub_dossiers"),
]
