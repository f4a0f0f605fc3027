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


class ReportsConfig(AppConfig):
    name = "ansinh.reports"
    label = "reports"
    verbose_name = "Periodic reporting"

    def ready(self) -> None:
        post_migrate.connect(_seed_indicators, sender=self, dispatch_uid="reports.seed_indicators")
