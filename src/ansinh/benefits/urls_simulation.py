from django.urls import path

from ansinh.benefits import views_simulation

app_name = "simulations"
urlpatterns = [
    path("", views_simulation.simulation_page, name="page"),
    path("jobs/<int:job_id>/", views_simulation.simulation_job, name="job"),
]
