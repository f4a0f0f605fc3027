
import django.db.models.expressions
from django.db import migrations, models


def refuse_double_payments(apps, schema_editor):
    """The index cannot be built over a payment already live twice: name the lines to settle first."""
    from django.db.models import Case, Count, F, IntegerField, Value, When

    Line = apps.get_model("payments", "PaymentLine")
    live = Line.objects.exclude(status__in=("returned", "reissued")).annotate(
        payment=Case(
            When(kind="difference", then=F("attempt") / 10), default=Value(0), output_field=IntegerField()
        )
    )
    doubles = (
        live.values("enrolment_id", "for_month", "kind", "payment")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("enrolment_id", "for_month")[:20]
    )
    found = list(doubles)
    if found:
        listed = "; ".join(
            f"enrolment {d['enrolment_id']} {d['for_month']:%m/%Y} {d['kind']}: {d['n']} live lines" for d in found
        )
        raise RuntimeError(
            "Some payments are live more than once (a re-issue beside a switch to cash); settle them "
            f"(mark the extra line returned or reissued) before migrating: {listed}"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('benefits', '0003_parameter_recorded_at'),
        ('geo', '0001_initial'),
        ('payments', '0002_line_kind_difference'),
        ('registry', '0002_person_search_index'),
    ]

    operations = [
        migrations.RunPython(refuse_double_payments, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='paymentline',
            constraint=models.UniqueConstraint(models.F('enrolment'), models.F('for_month'), models.F('kind'), models.Case(models.When(kind='difference', then=django.db.models.expressions.CombinedExpression(models.F('attempt'), '/', models.Value(10))), default=models.Value(0), output_field=models.IntegerField()), condition=models.Q(('status__in', ('returned', 'reissued')), _negated=True), name='payments_line_one_live'),
        ),
    ]
