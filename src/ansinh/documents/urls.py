from django.urls import path

from ansinh.documents import views

app_name = "documents"

urlpatterns = [
    path("signatories/", views.signatory_list, name="signatory_list"),
    path("signatories/new/", views.signatory_create, name="signatory_create"),
    path("signatories/<int:signatory_id>/", views.signatory_edit, name="signatory_edit"),
]
