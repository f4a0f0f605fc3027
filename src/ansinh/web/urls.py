from django.urls import path

from ansinh.core.webkit.listkit.views import export_download
from ansinh.web import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("persons/", views.person_search, name="person_search"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<int:person_id>/", views.person_detail, name="person_detail"),
    path("persons/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:household_id>/", views.household_detail, name="household_detail"),
    path(
        "households/<int:household_id>/candidates/", views.household_candidates, name="household_candidates"
    ),
    path("households/<int:household_id>/members/", views.household_member_add, name="household_member_add"),
    path(
        "households/<int:household_id>/members/<int:person_id>/remove/",
        views.household_member_remove,
        name="household_member_remove",
    ),
    path("audit/", views.audit_search, name="audit_search"),
    path("exports/<int:job_id>/", export_download, name="export_download"),
]
