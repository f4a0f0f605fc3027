from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "ansinh.linkage"
    label = "linkage"
