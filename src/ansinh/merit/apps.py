"""People with meritorious services to the revolution: their records, the dated allowance tables, and the
monthly allowances paid through the payment pipeline."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy

from ansinh.core.actors import Actor


def _person_panel(actor: Actor, person):
    """The person page's merit section: the person's records and the martyrs they are a relative of."""
    from ansinh.merit import selectors

    if not actor.can("merit.view"):
        return None
    records = list(selectors.person_records(actor=actor, person=person))
    _with_month_amounts(records)
    return {
        "records": records,
        "martyr_links": selectors.person_martyr_links(actor=actor, person=person),
        "can_change": actor.can("merit.change"),
    }


def _with_month_amounts(records) -> None:
    """This month's allowance of each record that has one (`month_amount`, formatted), as the cycle
    computes it."""
    from ansinh.core import clock
    from ansinh.core.money import format_vnd
    from ansinh.core.periods import month_of
    from ansinh.merit.allowance.facts import record_month

    month = month_of(clock.today())
    for record in records:
        found = record_month(record, month) if record.enrolment_id else None
        record.month_amount = format_vnd(found["result"].monthly_amount) if found else ""


def _demo_merit(ctx) -> None:
    from django.core.management import call_command

    call_command("demo-merit", province=ctx.province, seed=ctx.seed, stdout=ctx.stdout)


class MeritConfig(AppConfig):
    name = "ansinh.merit"
    label = "merit"

    def ready(self) -> None:
        from ansinh.core import extensions
        from ansinh.merit import rules

        # The public calculator (benefits) answers for the merit allowance too (`ansinh calc
        # merit-allowance`); the rules read their own tables, not the benefits parameters.
        extensions.calculators.register(
            rules.CALCULATOR, extensions.Calculator(rules.CALCULATOR, rules.REGIME, rules, uses_params=False)
        )

        # Merit enrolments live in benefits and are paid by the province's payment cycles (regime "merit",
        # see merit/allowance); their month is computed by these rules, and the standard is mirrored into
        # benefits' legal parameters so a standard recorded late produces difference arrears.
        extensions.enrolled_regimes.register(
            rules.REGIME,
            extensions.EnrolledRegime(
                rules.REGIME,
                rules,
                level_key=rules.STANDARD_KEY,
                level_note=gettext_lazy("From %(month)s: preferential-allowance standard level %(amount)s"),
            ),
        )
        extensions.legal_parameter_sources.register("merit", rules.standard_rows_as_parameters)

        extensions.person_panels.register(
            "merit", extensions.PersonPanel("merit", "merit/_person_merit.html", _person_panel), order=20
        )
        extensions.demo_steps.register("merit", extensions.DemoStep("merit", _demo_merit), order=45)
