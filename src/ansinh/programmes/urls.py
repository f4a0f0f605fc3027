from django.urls import path

from ansinh.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_new, name="new"),
    path("<int:programme_id>/", views.programme_detail, name="detail"),
    path("<int:programme_id>/edit/", views.programme_edit, name="edit"),
    path("<int:programme_id>/policies/new/", views.policy_new, name="policy_new"),
    path("<int:programme_id>/policies/<int:policy_id>/", views.policy_edit, name="policy_edit"),
    path(
        "<int:programme_id>/policies/<int:policy_id>/province/",
        views.province_criteria,
        name="province_criteria",
    ),
    path("<int:programme_id>/dry-run/", views.dry_run_start, name="dry_run"),
    path("dry-runs/<int:job_id>/", views.dry_run_job, name="dry_run_job"),
]
