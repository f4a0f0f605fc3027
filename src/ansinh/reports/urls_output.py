"""The built report's page and downloads, under /reports/ beside the data-entry pages (`reports.urls`)."""

from django.urls import path

from ansinh.reports import views_report

app_name = "reports_output"
urlpatterns = [
    path("view/", views_report.report_page, name="page"),
    path("view/export/<str:fmt>/", views_report.report_export, name="export"),
]
