from django.apps import AppConfig


class PovertyConfig(AppConfig):
    name = "ansinh.poverty"
    label = "poverty"
