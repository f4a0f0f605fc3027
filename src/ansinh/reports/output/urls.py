"""The built report's page and downloads, under /reports/ beside the data-entry pages (`reports.urls`)."""

from django.urls import path

from ansinh.reports.output import views

app_name = "reports_output"
urlpatterns = [
    path("view/", views.report_page, name="page"),
    path("view/export/<str:fmt>/", views.report_export, name="export"),
    path("view/issue/", views.report_issue, name="issue"),
]
