"""The centre dashboard at /labour/."""

from django.urls import path

from ansinh.labour.dashboard import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
