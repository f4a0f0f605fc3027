from django.apps import AppConfig


class MeritConfig(AppConfig):
    name = "ansinh.merit"
    label = "merit"
