from django.urls import path

from ansinh.benefits.calc import views

app_name = "calc"
urlpatterns = [
    path("", views.calc_page, name="page"),
    path("parameters/", views.parameters_page, name="parameters"),
]
