from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "ansinh.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        from ansinh.core import extensions

        extensions.demo_steps.register(
            "documents", extensions.DemoStep("documents", _demo_signatories), order=35
        )


def _demo_signatories(ctx) -> None:
    from ansinh.documents.demo import demo_signatories

    demo_signatories(ctx)
