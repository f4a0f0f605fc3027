"""People with meritorious services to the revolution: their records, the dated allowance tables, and the
monthly allowances paid through the payment pipeline."""

from django.apps import AppConfig


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
