from django.apps import AppConfig


def _demo_round(ctx) -> None:
    from django.core.management import call_command

    call_command("demo-poverty", province=ctx.province, stdout=ctx.stdout)


class PovertyConfig(AppConfig):
    name = "ansinh.poverty"
    label = "poverty"

    def ready(self) -> None:
        from ansinh.core import extensions

        # After the registry's households (30): one finished review round in the first commune.
        extensions.demo_steps.register("poverty", extensions.DemoStep("poverty", _demo_round), order=35)
