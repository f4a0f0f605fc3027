"""Care of Heroic Mothers, the living standard of merit households (from the poverty status, else the
officer's dated assessment, else not at or above), the pages, and the MERIT.* indicators computed from the
records, the merit payment lines and the statuses, rolled up by unit as ratio of sums."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import Client

from ansinh.core import clock
from ansinh.core.errors import NotFound, ValidationFailed
from ansinh.merit import care
from ansinh.merit.inputs import parse_care
from ansinh.merit.services import care_add
from ansinh.reports.compute import compute_period
from ansinh.reports.models import DataValue, Indicator, RollupValue
from ansinh.reports.periods import parse_period
from tests.poverty.test_indicators import status

pytestmark = pytest.mark.django_db

Y2025 = parse_period("2025")


def login(user):
    client = Client()
    client.force_login(user)
    return client


def household_of(head, officer):
    from ansinh.registry.inputs import HouseholdData
    from ansinh.registry.models import HouseholdMember
    from ansinh.registry.services import household_create

    made = household_create(
        actor=officer,
        data=HouseholdData(commune_id=head.commune_id, address_detail="Bản Noong Bua"),
        head_id=head.pk,
    )
    HouseholdMember.objects.filter(household=made).update(joined_on=None)
    return made


@pytest.fixture
def world(province_officer, make_person, make_record, commune_a, commune_b, veteran, mother):
    """Commune A: the veteran's household (poor in 2025), the mother's (middle), a third merit household
    with no status (an officer's assessment), a fourth merit household with nothing, a household without
    merit. Commune B: a mother cared for, in a near-poor household."""
    with clock.frozen(dt.date(2024, 6, 1)):
        make_record(veteran, category="war_invalid")
        make_record(mother, category="heroic_mother")
        assessed = make_person(sex="M", birth_date="1950-01-01", full_name="Lò Văn Ba")
        make_record(assessed, category="hero")
        unknown = make_person(sex="M", birth_date="1951-01-01", full_name="Lò Văn Bốn")
        make_record(unknown, category="former_prisoner")
        plain = make_person(sex="M", birth_date="1980-01-01", full_name="Lò Văn Năm")
        mother_b = make_person(
            sex="F", birth_date="1930-01-01", full_name="Lường Thị Sáu", commune_id=commune_b.pk
        )
        make_record(mother_b, category="heroic_mother")
        homes = {
            "veteran": household_of(veteran, province_officer),
            "mother": household_of(mother, province_officer),
            "assessed": household_of(assessed, province_officer),
            "unknown": household_of(unknown, province_officer),
            "plain": household_of(plain, province_officer),
            "mother_b": household_of(mother_b, province_officer),
        }
        record_b = mother_b.merit_records.get()
        care_add(
            actor=province_officer,
            record_id=record_b.pk,
            data=parse_care({"organisation": "Đồn Biên phòng Mường Phăng", "valid_from": "01/01/2024"}),
        )
    day = dt.date(2025, 1, 10)
    status(homes["veteran"], "poor", "newly_poor", start=day)
    status(homes["mother"], "middle", "newly_poor", start=day)
    status(homes["plain"], "poor", "newly_poor", start=day)
    status(homes["mother_b"], "near_poor", "newly_near_poor", start=day)
    with clock.frozen(dt.date(2025, 6, 1)):
        care.assessment_record(
            actor=province_officer,
            household_id=homes["assessed"].pk,
            data=care.parse_assessment({"assessed_on": "01/05/2025", "at_or_above": "true"}),
        )
    return homes


def test_standing_comes_from_the_status_then_the_assessment(world, province_officer, today):
    rows = {h.code: h for h in care.household_queryset(actor=province_officer, on=dt.date(2025, 12, 31))}
    standing = {key: rows[home.code].standing for key, home in world.items() if home.code in rows}
    assert standing == {
        "veteran": "below",
        "mother": "at_or_above",
        "assessed": "at_or_above",
        "unknown": "unknown",
        "mother_b": "below",
    }  # the household without merit is not a merit household
    assert care.basis(rows[world["assessed"].code]) == "Cán bộ đánh giá ngày 01/05/2025"
    share = care.standard_share(actor=province_officer, on=dt.date(2025, 12, 31))
    assert (share.households, share.at_or_above, share.below, share.unknown) == (5, 2, 2, 1)
    # Before the assessment, the household was not assessed.
    early = {
        h.code: h.standing for h in care.household_queryset(actor=province_officer, on=dt.date(2025, 4, 1))
    }
    assert early[world["assessed"].code] == "unknown"


def test_the_assessment_is_scoped_and_checked(world, other_province_officer, province_officer, today):
    data = care.parse_assessment({"assessed_on": "01/03/2026", "at_or_above": "false"})
    with pytest.raises(NotFound):
        care.assessment_record(actor=other_province_officer, household_id=world["unknown"].pk, data=data)
    with pytest.raises(ValidationFailed) as exc:
        care.assessment_record(actor=province_officer, household_id=world["plain"].pk, data=data)
    assert exc.value.errors[0].code == "household.not_merit"
    with pytest.raises(ValidationFailed) as exc:
        care.parse_assessment({"assessed_on": "", "at_or_above": "maybe"})
    assert {e.field for e in exc.value.errors} == {"assessed_on", "at_or_above"}


def test_care_share_and_pages(world, province_officer, commune_officer, today):
    share = care.care_share(actor=province_officer)
    assert (share.mothers, share.cared) == (2, 1)
    assert (care.care_share(actor=commune_officer).mothers, care.care_share(actor=commune_officer).cared) == (
        1,
        0,
    )
    client = login(province_officer)
    page = client.get("/merit/care/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đồn Biên phòng Mường Phăng" in text and "Lường Thị Sáu" in text
    assert "1 trên 2" in text or "1/2" in text or "50" in text
    assert client.get("/merit/care/?cared=no").content.decode().count("Lường Thị Sáu") == 0
    standard = client.get("/merit/living-standard/")
    assert standard.status_code == 200
    assert world["unknown"].code in standard.content.decode()
    form = client.post(
        f"/merit/households/{world['unknown'].pk}/living-standard/new/",
        {"assessed_on": "02/03/2026", "at_or_above": "true"},
    )
    assert form.status_code == 302
    assert care.standard_share(actor=province_officer).unknown == 0
    refused = client.post(
        f"/merit/households/{world['unknown'].pk}/living-standard/new/", {"assessed_on": ""}
    )
    assert refused.status_code == 422
    assert (
        login(commune_officer)
        .get(f"/merit/households/{world['mother_b'].pk}/living-standard/new/")
        .status_code
        == 404
    )


def _value(code, unit, period):
    row = DataValue.objects.get(indicator__code=code, unit=unit, period_code=period.code, origin="computed")
    return row.value if row.value is not None else (row.numerator, row.denominator)


def test_indicators_are_computed_and_roll_up(world, veteran, mother, make_merit_line, commune_a, commune_b):
    from ansinh.registry.models import Person

    mother_b = Person.objects.get(full_name="Lường Thị Sáu")
    june = dt.date(2025, 6, 1)
    make_merit_line(veteran, amount=3_000_000, channel="bank", month=june, status="paid")
    make_merit_line(mother, amount=6_000_000, channel="cash", month=june, status="cash_paid")
    make_merit_line(mother_b, amount=5_000_000, channel="ewallet", month=june, status="paid")
    make_merit_line(veteran, amount=1_000_000, channel="bank", month=dt.date(2025, 7, 1), status="returned")
    compute_period(Y2025)
    assert Indicator.objects.get(code="MERIT.HH_STANDARD").source == "computed"
    assert _value("MERIT.BENEFICIARIES", commune_a, Y2025) == D(4)
    assert _value("MERIT.BENEFICIARIES_HEROIC_MOTHER", commune_a, Y2025) == D(1)
    assert _value("MERIT.BENEFICIARIES_HEROIC_MOTHER", commune_b, Y2025) == D(1)
    assert _value("MERIT.SPENDING", commune_a, Y2025) == D(9_000_000)
    assert _value("MERIT.NONCASH_SHARE", commune_a, Y2025) == (D(3_000_000), D(9_000_000))
    assert _value("MERIT.HEROIC_MOTHERS_CARED", commune_a, Y2025) == (D(0), D(1))
    assert _value("MERIT.HEROIC_MOTHERS_CARED", commune_b, Y2025) == (D(1), D(1))
    assert _value("MERIT.HH_STANDARD", commune_a, Y2025) == (D(2), D(4))
    assert _value("MERIT.HH_STANDARD", commune_b, Y2025) == (D(0), D(1))
    province = RollupValue.objects.get(
        indicator__code="MERIT.HH_STANDARD", period_code="2025", unit_code="11"
    )
    assert (province.numerator, province.denominator) == (D(2), D(5))
    assert province.value == D("40")
    share = RollupValue.objects.get(indicator__code="MERIT.NONCASH_SHARE", period_code="2025", unit_code="11")
    assert (share.numerator, share.denominator) == (D(8_000_000), D(14_000_000))
    spent = RollupValue.objects.get(indicator__code="MERIT.SPENDING", period_code="2025", unit_code="11")
    assert spent.value == D(14_000_000)
    # The records were decided on 04/05/2020: counted in 2020, not in 2019.
    compute_period(parse_period("2019"))
    compute_period(parse_period("2020"))
    assert not DataValue.objects.filter(indicator__code="MERIT.BENEFICIARIES", period_code="2019").exists()
    assert _value("MERIT.BENEFICIARIES", commune_a, parse_period("2020")) == D(4)
