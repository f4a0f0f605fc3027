from django.urls import path
from django.views.generic import RedirectView

from ansinh.reports import views

app_name = "reports"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="reports_output:page", query_string=True), name="index"),
    path("entry/", views.entry, name="entry"),
    path("entry/checks/", views.entry_checks, name="entry_checks"),
    path("entry/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("submissions/", views.submissions, name="submissions"),
    path(
        "submissions/<str:unit_code>/<str:period_code>/<str:action>/",
        views.submission_action,
        name="submission_action",
    ),
    path("compute/", views.compute_start, name="compute"),
    path("plans/", views.plans, name="plans"),
    path("catalogue/", views.catalogue_list, name="catalogue"),
    path("catalogue/new/", views.catalogue_edit, name="catalogue_new"),
    path("catalogue/<str:code>/", views.catalogue_edit, name="catalogue_edit"),
]
