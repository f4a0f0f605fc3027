"""Look-ups in the labour classifications."""

from django.urls import path

from ansinh.labour.reference import views

urlpatterns = [
    path("occupations/suggest/", views.occupation_suggest, name="occupation_suggest"),
]
