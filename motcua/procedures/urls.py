from django.urls import path

from motcua.procedures import views

app_name = "procedures"

urlpatterns = [
    path("", views.procedure_list, name="list"),
]
