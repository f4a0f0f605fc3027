"""Demo people with merit for a province whose registry holds demo persons: war invalids, sick soldiers,
Agent Orange and resistance activists among the elderly (with their injury assessments), a few Heroic
Mothers with a caregiver, and martyrs with their children and spouses linked and recorded as relatives.

Deterministic for a seed; written through the services (validated and audited) by the operator.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from ansinh.benefits.inputs import ChannelData, DecisionData
from ansinh.core import clock, periods
from ansinh.core.cli import Operator
from ansinh.core.errors import ApplicationError
from ansinh.geo.models import AdminUnit, Level
from ansinh.merit import services
from ansinh.merit.allowance import services as allowance
from ansinh.merit.inputs import (
    AssessmentData,
    CaregiverData,
    MartyrData,
    RecordData,
    RelativeData,
)
from ansinh.merit.models import ASSESSED_CATEGORIES, Category, MeritRecord
from ansinh.registry.models import HouseholdMember, Person

CAPABILITIES = ("merit.change", "merit.view", "registry.view", "benefits.change")

# Of the elderly persons (born 1930–1960) of a commune, the share recorded in each category.
CATEGORY_WEIGHTS = [
    (Category.WAR_INVALID, 30),
    (Category.RESISTANCE_ACTIVIST, 22),
    (Category.AGENT_ORANGE, 15),
    (Category.SICK_SOLDIER, 10),
    (Category.HELPED_REVOLUTION, 10),
    (Category.FORMER_PRISONER, 6),
    (Category.WAR_INVALID_B, 4),
    (Category.HERO, 1),
]
# Since 01/03/2025 recognition is decided by the Department of Home Affairs.
BODY_BEFORE = "Sở Lao động - Thương binh và Xã hội tỉnh {name}"
BODY_SINCE = "Sở Nội vụ tỉnh {name}"
HOME_AFFAIRS_FROM = dt.date(2025, 3, 1)
BASIS = "Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14; Nghị định 75/2021/NĐ-CP"
COUNCILS = ("Hội đồng Giám định y khoa tỉnh", "Hội đồng Giám định y khoa Bộ Quốc phòng")
BATTLES = ("Quảng Trị", "Tây Ninh", "Hà Giang (Vị Xuyên)", "Điện Biên", "Kon Tum", "Campuchia")


@dataclass
class Outcome:
    records: int = 0
    assessments: int = 0
    martyrs: int = 0
    relatives: int = 0
    caregivers: int = 0
    allowances: int = 0


def province_has_records(province_code: str) -> int:
    return MeritRecord.objects.filter(province_code=province_code).count()


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def _body(province: AdminUnit, on: dt.date) -> str:
    template = BODY_SINCE if on >= HOME_AFFAIRS_FROM else BODY_BEFORE
    return template.format(name=province.short_name)


def _record(op: Operator, person: Person, category: str, province: AdminUnit, rng: random.Random, n: int):
    decided = _date_between(rng, dt.date(1995, 1, 1), dt.date(2025, 12, 31))
    data = RecordData(
        category=category,
        decision_number=f"{n}/QĐ-{'SNV' if decided >= HOME_AFFAIRS_FROM else 'SLĐTBXH'}",
        decision_date=decided,
        decision_body=_body(province, decided),
        dossier_number=f"{province.code}-NCC-{n:05d}",
    )
    return services.record_create(actor=op, person_id=person.pk, data=data)


def load(*, province_code: str, seed: int = 1, share: float = 0.08, limit: int = 400) -> Outcome:
    """Record demo people with merit and martyrs' relatives for the province (nothing if it has some)."""
    op = Operator(*CAPABILITIES)
    rng = random.Random(seed * 7919 + int(province_code))
    outcome = Outcome()
    province = AdminUnit.objects.current().get(level=Level.PROVINCE, code=province_code)
    alive = (
        Person.objects.live().filter(province_code=province_code, status="alive").select_related("commune")
    )
    elderly = list(alive.filter(birth_year__range=(1930, 1960)).order_by("pk")[: limit * 20])
    rng.shuffle(elderly)
    chosen = elderly[: max(1, min(limit, int(len(elderly) * share)))] if elderly else []
    categories = [c for c, _w in CATEGORY_WEIGHTS]
    weights = [w for _c, w in CATEGORY_WEIGHTS]
    serial = 1
    with transaction.atomic():
        for person in chosen:
            category = rng.choices(categories, weights)[0]
            if person.sex == "F" and person.birth_year <= 1940 and rng.random() < 0.5:
                category = Category.HEROIC_MOTHER
            try:
                record = _record(op, person, category, province, rng, serial)
            except ApplicationError:
                continue
            serial += 1
            outcome.records += 1
            if category in ASSESSED_CATEGORIES:
                low = 41 if category == Category.SICK_SOLDIER else 21
                rate = rng.randint(low, 100)
                services.assessment_record(
                    actor=op,
                    record_id=record.pk,
                    data=AssessmentData(
                        rate=rate,
                        especially_severe=rate >= 81 and rng.random() < 0.3,
                        assessed_on=record.decision_date - dt.timedelta(days=rng.randint(30, 300)),
                        medical_council=f"{rng.choice(COUNCILS)} {province.short_name}",
                    ),
                )
                outcome.assessments += 1
            if category == Category.HEROIC_MOTHER or (category in ASSESSED_CATEGORIES and rng.random() < 0.2):
                outcome.caregivers += _caregiver(op, record, person)
        outcome.martyrs, outcome.relatives, serial = _martyrs(op, alive, province, rng, serial, limit // 4)
        outcome.records += outcome.relatives
        outcome.allowances = _allowances(op, province, periods.month_of(clock.today()))
    return outcome


def _allowances(op: Operator, province: AdminUnit, month: dt.date) -> int:
    """The monthly allowance decided for every demo record from `month`, paid into the person's account where
    one is on file, in cash at the commune otherwise; a record under which nothing is due is left as it is."""
    enrolled = 0
    records = MeritRecord.objects.filter(province_code=province.code, enrolment__isnull=True).select_related(
        "person"
    )
    for n, record in enumerate(records.order_by("pk"), start=1):
        person = record.person
        if person.bank_code and person.bank_account:
            channel = ChannelData()
        else:
            channel = ChannelData(channel="cash", cash_reason="Không có tài khoản ngân hàng")
        decision = DecisionData(
            number=f"{n}/QĐ-SNV-TCUĐ",
            signed_on=month - dt.timedelta(days=10),
            signer="Giám đốc Sở Nội vụ",
            effective_month=month,
        )
        try:
            allowance.allowance_enrol(
                actor=op,
                record_id=record.pk,
                decision=decision,
                basis=BASIS,
                channel=channel,
            )
        except ApplicationError:
            continue
        enrolled += 1
    return enrolled


def _caregiver(op: Operator, record: MeritRecord, person: Person) -> int:
    member = HouseholdMember.objects.filter(person=person, left_on__isnull=True).first()
    if member is None:
        return 0
    other = (
        HouseholdMember.objects.filter(household_id=member.household_id, left_on__isnull=True)
        .exclude(person=person)
        .filter(person__status="alive", person__birth_year__range=(1950, 2005))
        .order_by("person__birth_year")
        .first()
    )
    if other is None:
        return 0
    start = max(record.decision_date, dt.date(2021, 7, 1))
    services.caregiver_add(
        actor=op, record_id=record.pk, data=CaregiverData(person_id=other.person_id, valid_from=start)
    )
    return 1


def _martyrs(
    op: Operator, alive, province: AdminUnit, rng: random.Random, serial: int, count: int
) -> tuple[int, int, int]:
    """Martyrs fallen in 1968–1979, each with a living child (born before the sacrifice) linked and
    recorded as a martyr's relative."""
    children = list(alive.filter(birth_year__range=(1955, 1978)).order_by("pk")[: count * 20])
    rng.shuffle(children)
    martyrs = relatives = 0
    used: set[int] = set()
    for child in children:
        if martyrs >= count:
            break
        if child.pk in used:
            continue
        fallen = _date_between(rng, dt.date(max(child.birth_year, 1968), 1, 1), dt.date(1979, 12, 31))
        family = child.full_name.split()[0]
        martyr = services.martyr_create(
            actor=op,
            data=MartyrData(
                full_name=f"{family} Văn {rng.choice(['An', 'Bình', 'Cường', 'Dũng', 'Hùng', 'Thắng'])}",
                birth_year=child.birth_year - rng.randint(20, 26),
                native_place=child.commune.name + ", " + province.name,
                commune_id=child.commune_id,
                sacrificed_on=fallen,
                sacrificed_at=rng.choice(BATTLES),
                certificate_number=f"{province.code}-TQGC-{serial:05d}",
                certificate_date=fallen + dt.timedelta(days=rng.randint(180, 900)),
                grave_location=f"Nghĩa trang liệt sĩ {child.commune.short_name}, mộ số {rng.randint(1, 300)}",
            ),
        )
        martyrs += 1
        services.relative_link(
            actor=op, martyr_id=martyr.pk, data=RelativeData(person_id=child.pk, relation="child")
        )
        used.add(child.pk)
        try:
            _record(op, child, Category.MARTYR_RELATIVE, province, rng, serial)
            relatives += 1
        except ApplicationError:
            pass
        serial += 1
    return martyrs, relatives, serial
