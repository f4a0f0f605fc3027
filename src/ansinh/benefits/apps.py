from django.apps import AppConfig
from django.db.models.signals import post_migrate

from ansinh.core.actors import Actor


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


def _person_panel(actor: Actor, person):
    """The person page's benefits section: enrolments and funeral support, for those who may see them."""
    from ansinh.benefits.selectors import person_benefits

    return person_benefits(actor=actor, person=person) if actor.can("benefits.view") else None


def _demo_enrolments(ctx) -> None:
    from django.core.management import call_command

    from ansinh.core import clock

    # Enrolments from this month, so this month's cycle pays the month itself rather than arrears
    # back to the start of the decree.
    call_command(
        "demo-benefits",
        province=ctx.province,
        share=ctx.options["enrol_share"],
        seed=ctx.seed,
        start=clock.today().strftime("%Y-%m"),
        stdout=ctx.stdout,
    )


def _demo_arguments(parser) -> None:
    parser.add_argument(
        "--enrol-share", type=float, default=0.15, help="part of the persons enrolled as beneficiaries"
    )


class BenefitsConfig(AppConfig):
    name = "ansinh.benefits"
    label = "benefits"
    verbose_name = "Benefits"

    def ready(self) -> None:
        from ansinh.core import extensions

        extensions.person_panels.register(
            "benefits",
            extensions.PersonPanel("benefits", "benefits/_person_benefits.html", _person_panel),
            order=10,
        )
        extensions.demo_steps.register(
            "benefits", extensions.DemoStep("benefits", _demo_enrolments, _demo_arguments), order=40
        )
        post_migrate.connect(
            _sync_legal_parameters, sender=self, dispatch_uid="benefits.sync_legal_parameters"
        )
