from django.apps import AppConfig


class JobboardConfig(AppConfig):
    name = "ansinh.jobboard"
    label = "jobboard"
    verbose_name = "Public job board"
