from django.urls import path

from ansinh.benefits.simulation import views

app_name = "simulations"
urlpatterns = [
    path("", views.simulation_page, name="page"),
    path("jobs/<int:job_id>/", views.simulation_job, name="job"),
]
