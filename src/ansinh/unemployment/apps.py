from django.apps import AppConfig


class UnemploymentConfig(AppConfig):
    name = "ansinh.unemployment"
    label = "unemployment"
    verbose_name = "Unemployment benefit"

    def ready(self) -> None:
        from ansinh.unemployment import receivers  # noqa: F401  (connects the placement receiver)
