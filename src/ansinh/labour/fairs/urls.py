"""Pages of job-fair sessions under /labour/fairs/."""

from django.urls import path

from ansinh.labour.fairs import views

urlpatterns = [
    path("fairs/", views.fair_list, name="fair_list"),
    path("fairs/new/", views.fair_form, name="fair_create"),
    path("fairs/<int:fair_id>/", views.fair_detail, name="fair_detail"),
    path("fairs/<int:fair_id>/edit/", views.fair_form, name="fair_edit"),
    path("fairs/<int:fair_id>/status/", views.fair_status, name="fair_status"),
    path("fairs/<int:fair_id>/employers/", views.fair_employer, name="fair_employer"),
    path("fairs/<int:fair_id>/seekers/", views.fair_seeker, name="fair_seeker"),
    path("fairs/<int:fair_id>/interviews/", views.fair_interview, name="fair_interview"),
    path(
        "fairs/<int:fair_id>/interviews/<int:interview_id>/outcome/",
        views.fair_outcome,
        name="fair_outcome",
    ),
    path("fairs/<int:fair_id>/export/", views.fair_export, name="fair_export"),
]
