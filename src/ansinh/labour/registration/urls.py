"""Pages of job seekers, employers and vacancies, with their imports and exports."""

from django.urls import path

from ansinh.labour.registration import views

urlpatterns = [
    path("seekers/", views.seeker_list, name="seeker_list"),
    path("seekers/new/", views.seeker_create, name="seeker_create"),
    path("seekers/export/", views.seeker_export, name="seeker_export"),
    path("seekers/<int:seeker_id>/", views.seeker_detail, name="seeker_detail"),
    path("seekers/<int:seeker_id>/edit/", views.seeker_edit, name="seeker_edit"),
    path("seekers/<int:seeker_id>/close/", views.seeker_close, name="seeker_close"),
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/new/", views.employer_form, name="employer_create"),
    path("employers/<int:employer_id>/", views.employer_detail, name="employer_detail"),
    path("employers/<int:employer_id>/edit/", views.employer_form, name="employer_edit"),
    path("vacancies/", views.vacancy_list, name="vacancy_list"),
    path("vacancies/new/", views.vacancy_form, name="vacancy_create"),
    path("vacancies/export/", views.vacancy_export, name="vacancy_export"),
    path("vacancies/<int:vacancy_id>/", views.vacancy_detail, name="vacancy_detail"),
    path("vacancies/<int:vacancy_id>/edit/", views.vacancy_form, name="vacancy_edit"),
    path("vacancies/<int:vacancy_id>/close/", views.vacancy_close, name="vacancy_close"),
    path("import/", views.import_page, name="import"),
    path("occupations/confirm/", views.occupation_queue, name="occupation_queue"),
    path("import/template/<slug:kind>/", views.import_template, name="import_template"),
]
