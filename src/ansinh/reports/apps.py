from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_indicators(sender, using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """After migrate (and after a test flush): add the packaged indicators the catalogue lacks."""
    from django.db import connections

    from ansinh.reports.catalogue import seed_indicators
    from ansinh.reports.models import Indicator

    if Indicator._meta.db_table not in connections[using].introspection.table_names():
        return
    added = seed_indicators(using=using)
    if verbosity >= 2 and added:
        print(f"  Indicators: {added} added")


def _refresh_reports() -> None:
    """Queue the computation of the report periods whose computed figures are due."""
    from ansinh.reports.refresh import refresh_start

    refresh_start()


def _demo_reports(ctx) -> None:
    from django.core.management import call_command

    call_command("demo-reports", province=ctx.province, stdout=ctx.stdout)


class ReportsConfig(AppConfig):
    name = "ansinh.reports"
    label = "reports"
    verbose_name = "Periodic reporting"

    def ready(self) -> None:
        import datetime as dt

        from ansinh.core import extensions
        from ansinh.reports.refresh import CHECK_EVERY

        extensions.startup_tasks.register(
            "refresh-reports",
            extensions.StartupTask(
                "refresh-reports", _refresh_reports, every=dt.timedelta(seconds=CHECK_EVERY)
            ),
        )
        extensions.demo_steps.register("reports", extensions.DemoStep("reports", _demo_reports), order=80)
        post_migrate.connect(_seed_indicators, sender=self, dispatch_uid="reports.seed_indicators")
