from django.urls import path

from motcua.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("toan-quoc/", views.nation, name="nation"),
]
