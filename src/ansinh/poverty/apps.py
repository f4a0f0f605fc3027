from typing import Any

from django.apps import AppConfig

from ansinh.core.actors import Actor


def _demo_round(ctx) -> None:
    from django.core.management import call_command

    call_command("demo-poverty", province=ctx.province, stdout=ctx.stdout)


def _household_panel(actor: Actor, household: Any) -> Any:
    from ansinh.poverty.selectors import household_poverty

    return household_poverty(actor=actor, household=household)


def _person_panel(actor: Actor, person: Any) -> Any:
    from ansinh.poverty.selectors import person_poverty

    return person_poverty(actor=actor, person=person)


class PovertyConfig(AppConfig):
    name = "ansinh.poverty"
    label = "poverty"

    def ready(self) -> None:
        from ansinh.core import extensions

        # After the registry's households (30): one finished review round in the first commune.
        extensions.demo_steps.register("poverty", extensions.DemoStep("poverty", _demo_round), order=35)
        # The household's poverty status and its history, on the household page and the person page.
        template = "poverty/_household_status.html"
        extensions.household_panels.register(
            "poverty", extensions.HouseholdPanel("poverty_status", template, _household_panel), order=10
        )
        extensions.person_panels.register(
            "poverty", extensions.PersonPanel("poverty_status", template, _person_panel), order=5
        )
