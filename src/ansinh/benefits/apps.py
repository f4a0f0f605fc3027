from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_legal_parameters(sender, using="default", verbosity=1, **kwargs):
    """Copy the packaged national legal parameters into the table after every migrate (idempotent)."""
    from django.db import connections

    from ansinh.benefits.law import sync_national_rows
    from ansinh.benefits.models import LegalParameter

    if LegalParameter._meta.db_table not in connections[using].introspection.table_names():
        return  # migrating backwards, or only part of the apps
    inserted, updated = sync_national_rows(using=using)
    if verbosity >= 2 and (inserted or updated):
        print(f"  Legal parameters: {inserted} added, {updated} updated")


class BenefitsConfig(AppConfig):
    name = "ansinh.benefits"
    label = "benefits"
    verbose_name = "Benefits"

    def ready(self) -> None:
        post_migrate.connect(
            _sync_legal_parameters, sender=self, dispatch_uid="benefits.sync_legal_parameters"
        )
