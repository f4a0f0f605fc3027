from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_reference(sender, using: str = "default", **kwargs) -> None:
    """After migrate (and after a test flush): copy the packaged classifications in, if the tables exist."""
    from django.db import connections

    from ansinh.labour.models import Occupation
    from ansinh.labour.reference import load_labour_reference

    if Occupation._meta.db_table in connections[using].introspection.table_names():
        load_labour_reference(using=using)


class LabourConfig(AppConfig):
    name = "ansinh.labour"
    label = "labour"
    verbose_name = "Labour market"

    def ready(self) -> None:
        post_migrate.connect(_load_reference, sender=self, dispatch_uid="labour_reference")
