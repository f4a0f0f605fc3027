from django.apps import AppConfig


def _demo_claims(ctx) -> None:
    from django.core.management import call_command

    call_command("demo-unemployment", province=ctx.province, stdout=ctx.stdout)


class UnemploymentConfig(AppConfig):
    name = "ansinh.unemployment"
    label = "unemployment"
    verbose_name = "Unemployment benefit"

    def ready(self) -> None:
        from ansinh.core import extensions
        from ansinh.unemployment import rules

        # The public calculator (benefits) answers for the unemployment benefit too; it is paid by the
        # social-insurance agency, not enrolled, so it is a calculator regime only.
        extensions.calculators.register(
            "unemployment-benefit",
            extensions.Calculator("unemployment-benefit", rules.REGIME, rules),
        )
        extensions.demo_steps.register(
            "unemployment", extensions.DemoStep("unemployment", _demo_claims), order=70
        )
        from ansinh.unemployment import receivers  # noqa: F401  (connects the placement receiver)
