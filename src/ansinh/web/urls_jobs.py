from django.urls import path

from ansinh.web import views_jobs

app_name = "jobs"
urlpatterns = [path("<int:job_id>/", views_jobs.job_detail, name="detail")]
