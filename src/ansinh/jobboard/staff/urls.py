from django.urls import path
from django.views.generic import RedirectView

from ansinh.jobboard.staff import views

app_name = "jobboard_staff"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="jobboard_staff:interest_list"), name="index"),
    path("interests/", views.interest_list, name="interest_list"),
    path("interests/<int:interest_id>/", views.interest_detail, name="interest_detail"),
    path("interests/<int:interest_id>/handle/", views.interest_handle, name="interest_handle"),
    path("interests/<int:interest_id>/seeker/", views.interest_register_seeker, name="interest_seeker"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/<int:submission_id>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:submission_id>/approve/", views.submission_approve, name="submission_approve"),
    path("submissions/<int:submission_id>/reject/", views.submission_reject, name="submission_reject"),
    path("employers/<int:employer_id>/contact/", views.employer_contact, name="employer_contact"),
    path("centre/", views.centre_contact, name="centre"),
]
