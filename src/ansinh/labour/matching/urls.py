"""The match lists shown on the seeker and vacancy pages."""

from django.urls import path

from ansinh.labour.matching import views

urlpatterns = [
    path("seekers/<int:seeker_id>/matches/", views.seeker_matches, name="seeker_matches"),
    path("vacancies/<int:vacancy_id>/matches/", views.vacancy_matches, name="vacancy_matches"),
]
