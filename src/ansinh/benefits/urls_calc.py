from django.urls import path

from ansinh.benefits import views_calc

app_name = "calc"
urlpatterns = [
    path("", views_calc.calc_page, name="page"),
    path("parameters/", views_calc.parameters_page, name="parameters"),
]
