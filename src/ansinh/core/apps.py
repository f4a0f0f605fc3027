from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ansinh.core"
    label = "core"
    verbose_name = "Core"
