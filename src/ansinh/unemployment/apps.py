from django.apps import AppConfig


class UnemploymentConfig(AppConfig):
    name = "ansinh.unemployment"
    label = "unemployment"
    verbose_name = "Unemployment benefit"
