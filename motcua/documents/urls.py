from django.urls import path

from motcua.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.verify_upload, name="verify"),
    path("<str:key>/", views.verify_result, name="result"),
]
