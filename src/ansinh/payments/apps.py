from django.apps import AppConfig


def _person_payment_lines(person, limit: int) -> list:
    """The person's payment lines, newest month first (the benefits history shows them)."""
    from ansinh.payments.models import PaymentLine

    return list(
        PaymentLine.objects.filter(person=person)
        .select_related("cycle")
        .order_by("-for_month", "-id")[:limit]
    )


class PaymentsConfig(AppConfig):
    name = "ansinh.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from ansinh.core import extensions

        extensions.person_payment_lines.register("payments", _person_payment_lines)
        extensions.demo_steps.register("payments", extensions.DemoStep("payments", _demo_cycle), order=50)


def _demo_cycle(ctx) -> None:
    from ansinh.payments.demo import demo_cycle

    demo_cycle(ctx)
