"""The merit indicators are computed from the merit records, the merit payment lines and the poverty
statuses from now on, no longer entered.

The packaged catalogue says so for a new database; this turns the two lines of an existing catalogue from
entered to computed (unless an administrator already changed their source), with the definition used as
their note. The new merit indicators (beneficiaries by category, spending, non-cash share) are added by the
seeding after migrate, as every packaged indicator is.
"""

from django.db import migrations

NOTES = {
    "MERIT.HH_STANDARD": (
        "Số hộ có thành viên đang hưởng ưu đãi người có công, có mức sống bằng hoặc cao hơn mức sống "
        "trung bình nơi cư trú tại ngày cuối kỳ / tổng số hộ đó. Hộ nghèo, cận nghèo theo quyết định của "
        "xã: dưới mức; thoát nghèo, trung bình, trên trung bình: đạt. Không có quyết định: theo đánh giá "
        "có ghi ngày gần nhất của cán bộ; chưa đánh giá: chưa đạt."
    ),
    "MERIT.HEROIC_MOTHERS_CARED": (
        "Số Mẹ Việt Nam anh hùng còn sống đang hưởng chế độ được cơ quan, đơn vị nhận phụng dưỡng tại "
        "ngày cuối kỳ / tổng số Mẹ Việt Nam anh hùng còn sống đang hưởng chế độ."
    ),
}


def computed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    for code, note in NOTES.items():
        Indicator.objects.using(schema_editor.connection.alias).filter(code=code, source="entered").update(
            source="computed", note=note
        )


def entered(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Indicator.objects.using(schema_editor.connection.alias).filter(code__in=list(NOTES)).update(
        source="entered"
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_poverty_rates_computed")]

    operations = [migrations.RunPython(computed, entered)]
