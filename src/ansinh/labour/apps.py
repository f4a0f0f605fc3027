from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_reference(sender, using: str = "default", **kwargs) -> None:
    """After migrate (and after a test flush): copy the packaged classifications in, if the tables exist."""
    from django.db import connections

    from ansinh.labour.models import Occupation
    from ansinh.labour.reference.loader import load_labour_reference

    if Occupation._meta.db_table in connections[using].introspection.table_names():
        load_labour_reference(using=using)


def _warm_matching() -> None:
    """Build the job-matching indexes when the server starts, so the first counsellor does not wait for
    them; until they are ready (or if building fails) matching answers from SQL."""
    import logging

    from ansinh.labour.matching.selectors import warm_indexes

    warm_indexes()
    logging.getLogger("ansinh.labour.matching").info("matching indexes ready")


def _demo_labour(ctx) -> None:
    from django.core.management import call_command

    call_command(
        "demo-labour",
        province=ctx.province,
        seekers=ctx.options["seekers"],
        vacancies=ctx.options["vacancies"],
        seed=ctx.seed,
        stdout=ctx.stdout,
    )


def _demo_arguments(parser) -> None:
    parser.add_argument("--seekers", type=int, default=2000, help="demo job seekers")
    parser.add_argument("--vacancies", type=int, default=400, help="demo open vacancies")


class LabourConfig(AppConfig):
    name = "ansinh.labour"
    label = "labour"
    verbose_name = "Labour market"

    def ready(self) -> None:
        from ansinh.core import extensions

        extensions.startup_tasks.register(
            "warm-matching", extensions.StartupTask("warm-matching", _warm_matching, per_process=True)
        )
        extensions.demo_steps.register(
            "labour", extensions.DemoStep("labour", _demo_labour, _demo_arguments), order=60
        )
        post_migrate.connect(_load_reference, sender=self, dispatch_uid="labour_reference")
