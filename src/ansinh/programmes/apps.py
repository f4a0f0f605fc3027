"""Support programmes and emergency relief: a programme and its policies as data (target group, conditions,
amount rule, window, budget), a dry-run against the registry, intake from officers and lists, approval and
one-off payments, recovery of wrong payments."""

from django.apps import AppConfig


def _load_programmes(ctx) -> None:
    from ansinh.programmes.services import programmes_load

    counts = programmes_load(actor=None)
    ctx.stdout.write(f"programmes: {counts['programmes']} programmes, {counts['policies']} policies")


class ProgrammesConfig(AppConfig):
    name = "ansinh.programmes"
    label = "programmes"

    def ready(self) -> None:
        from ansinh.core import extensions

        # `make demo` loads Resolution 68 and emergency relief, so the pages and the dry-run have data.
        extensions.demo_steps.register(
            "programmes", extensions.DemoStep("programmes", _load_programmes), order=47
        )
