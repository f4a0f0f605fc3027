"""The approved lists' pages, in the `poverty` namespace (added to `poverty.urls`)."""

from django.urls import path

from ansinh.poverty.approved import views

urlpatterns = [
    path("households/", views.household_statuses, name="household_statuses"),
    path("households/<int:household_id>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path(
        "households/<int:household_id>/certificate/issue/", views.certificate_issue, name="certificate_issue"
    ),
    path("members/", views.member_list, name="member_list"),
    path("insurance/", views.insurance_file, name="insurance_file"),
    path("import/", views.status_import, name="status_import"),
    path("import/template.xlsx", views.status_import_template, name="status_import_template"),
    path("<int:round_id>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("<int:round_id>/posting.pdf", views.posting_pdf, name="posting_pdf"),
]
