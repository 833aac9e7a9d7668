from django.urls import path

from motcua.sync import views

app_name = "sync"

urlpatterns = [
    path("health/", views.sync_health, name="health"),
]
