from django.urls import path

from ansinh.jobboard import views

app_name = "jobboard"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:vacancy_id>/", views.vacancy_detail, name="vacancy_detail"),
    path("<int:vacancy_id>/quan-tam/", views.interest, name="interest"),
    path("dang-tuyen/", views.submit_vacancy, name="submit"),
    path("tra-cuu/", views.status, name="status"),
    path("xa/", views.communes, name="communes"),
]
