"""The public merit-allowance calculator page (/calc/merit/)."""

from django.urls import path

from ansinh.merit.calc import views

app_name = "merit_calc"
urlpatterns = [
    path("", views.calc_page, name="page"),
]
