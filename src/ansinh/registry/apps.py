from django.apps import AppConfig


def _demo_persons(ctx) -> None:
    from django.core.management import call_command

    call_command(
        "demo-data", province=ctx.province, persons=ctx.options["persons"], seed=ctx.seed, stdout=ctx.stdout
    )


def _demo_arguments(parser) -> None:
    parser.add_argument("--persons", type=int, default=20000)


class RegistryConfig(AppConfig):
    name = "ansinh.registry"
    label = "registry"

    def ready(self) -> None:
        from ansinh.core import extensions

        extensions.demo_steps.register(
            "registry", extensions.DemoStep("registry", _demo_persons, _demo_arguments), order=30
        )
