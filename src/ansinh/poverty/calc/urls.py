from django.urls import path

from ansinh.poverty.calc import views

app_name = "poverty_calc"
urlpatterns = [
    path("", views.calc_page, name="page"),
]
