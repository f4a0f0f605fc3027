from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "ansinh.programmes"
    label = "programmes"
