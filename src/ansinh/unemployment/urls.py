from django.urls import path

from ansinh.unemployment import views

app_name = "unemployment"
urlpatterns = [
    path("", views.claim_list, name="claim_list"),
    path("calc/", views.calculator, name="calculator"),
    path("file/", views.claim_file, name="claim_file"),
    path("decisions/export/", views.decisions_export, name="decisions_export"),
    path("<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("<int:claim_id>/documents/", views.claim_documents, name="claim_documents"),
    path("<int:claim_id>/decision/", views.claim_decide, name="claim_decide"),
    path("<int:claim_id>/reports/", views.claim_report, name="claim_report"),
    path("<int:claim_id>/stop/", views.claim_stop, name="claim_stop"),
]
