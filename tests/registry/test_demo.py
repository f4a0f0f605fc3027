"""Demo data (`ansinh demo-data`): realistic, deterministic for a seed, consistent, loaded once."""

from __future__ import annotations

import io
import random
import re
import unicodedata
from collections import defaultdict

import pytest
from django.core.management import call_command

from ansinh.core.identifiers import personal_id
from ansinh.core.models import AuditEvent
from ansinh.core.text import fold, normalize_name
from ansinh.geo.models import AdminUnit
from ansinh.registry import codes, demo
from ansinh.registry.models import Household, HouseholdMember, Person
from ansinh.registry.search import search_doc

pytestmark = pytest.mark.django_db

N = 300
SEED = 7
PHONE = re.compile(r"^0(3[2-9]|5[2689]|7[06-9]|8[1-689]|9[0-46-9])\d{7}$")


@pytest.fixture
def loaded(units):
    return demo.demo_data_load(province_code="11", persons=N, seed=SEED)


def _persons(seed: int = SEED) -> list[Person]:
    return list(
        Person.objects.filter(memberships__household__in=demo.demo_households("11", seed))
        .order_by("id")
        .distinct()
    )


def _snapshot(seed: int = SEED) -> list[tuple]:
    """Everything generated about each person, in household order; no database keys or timestamps."""
    rows = (
        HouseholdMember.objects.filter(household__in=demo.demo_households("11", seed))
        .select_related("household", "person")
        .order_by("id")
    )
    out = []
    for m in rows:
        p = m.person
        household = (m.household.code, m.household.commune_id, m.household.address_detail)
        out.append(
            (*household, m.relationship, m.left_on, p.full_name, p.personal_id, p.birth_date, p.birth_year,
             p.birth_date_precision, p.sex, p.ethnicity, p.phone, p.bank_code, p.bank_account, p.status,
             p.death_date, p.commune_id)
        )  # fmt: skip
    return out


def _generated(seed: int) -> list[tuple]:
    generator = demo.DemoGenerator(demo.province_profile("11"), demo.province_communes("11"), seed)
    return [
        (h.number, h.commune.pk, h.address_detail, p.relationship, p.full_name, p.personal_id, p.birth_date,
         p.birth_year, p.sex, p.phone, p.bank_account, p.death_date)
        for h in generator.households(N)
        for p in h.members
    ]  # fmt: skip


def test_generator_is_deterministic_for_a_seed(units):
    first = _generated(SEED)
    assert first == _generated(SEED)
    assert len(first) == N
    assert first != _generated(SEED + 1)


def test_same_seed_gives_identical_rows(loaded):
    before = _snapshot()
    assert len(before) == N
    result = demo.demo_data_load(province_code="11", persons=N, seed=SEED, force=True)
    assert result.persons == N and not result.skipped
    assert _snapshot() == before  # personal IDs included


def test_second_run_is_idempotent(loaded):
    counts = (Person.objects.count(), Household.objects.count(), HouseholdMember.objects.count())
    again = demo.demo_data_load(province_code="11", persons=N, seed=SEED)
    assert again.skipped and again.persons == 0
    assert (Person.objects.count(), Household.objects.count(), HouseholdMember.objects.count()) == counts
    events = AuditEvent.objects.filter(object_type="registry.demo_data")
    assert events.count() == 1  # one event per run, none per row
    assert events.get().after == {
        "persons": N, "households": loaded.households, "members": N, "seed": SEED, "province_code": "11",
        "forced": False,
    }  # fmt: skip


def test_names_are_vietnamese_order_nfc_and_match_sex(loaded):
    pools = demo.name_pools()
    families = defaultdict(set)
    for pool in pools.values():
        families[pool.ethnicity].update(pool.family.items)
    persons = _persons()
    for p in persons:
        words = p.full_name.split(" ")
        assert unicodedata.is_normalized("NFC", p.full_name)
        assert normalize_name(p.full_name) == p.full_name
        assert p.name_folded == fold(p.full_name)
        assert p.search_doc == search_doc(p)
        assert 2 <= len(words) <= 5
        assert words[0] in families[p.ethnicity], p.full_name  # family name first, from the person's group
        if len(words) >= 3:
            assert not (p.sex == "M" and words[1] == "Thị"), p.full_name
            assert not (p.sex == "F" and words[1] in {"Văn", "A"}), p.full_name
    family_names = {p.full_name.split()[0] for p in persons}
    assert family_names & {"Lò", "Lường", "Quàng", "Cà", "Tòng"}  # Thái
    assert family_names & {"Giàng", "Sùng", "Thào", "Vàng", "Mùa", "Lầu"}  # Hmông
    assert {p.ethnicity for p in persons} >= {"03", "08"}


def test_personal_ids_agree_with_birth_year_and_sex_and_are_unique(loaded):
    persons = _persons()
    with_id = [p for p in persons if p.personal_id]
    assert len(with_id) > 0.9 * len(persons)
    for p in with_id:
        info = personal_id.validate(p.personal_id, birth_year=p.birth_year, sex=p.sex, today=demo.AS_OF)
        assert info.birth_year == p.birth_year
    assert len({p.personal_id for p in with_id}) == len(with_id)
    born_here = sum(p.personal_id.startswith("011") for p in with_id)
    assert born_here > 0.7 * len(with_id)
    for p in persons:
        if p.personal_id is None:
            continue
        if p.birth_date is not None:
            assert p.birth_date.year == p.birth_year and p.birth_date_precision == "day"
        else:
            assert p.birth_date_precision == "year"


def test_households_are_consistent(loaded):
    communes = set(
        AdminUnit.objects.filter(structure="2025", level="commune", province_code="11").values_list(
            "pk", flat=True
        )
    )
    households = demo.demo_households("11", SEED).prefetch_related("members__person")
    assert households.count() == loaded.households
    for h in households:
        members = list(h.members.all())
        assert 1 <= len(members) <= 8
        heads = [m for m in members if m.relationship == "head"]
        assert len(heads) == 1 and heads[0].person_id == h.head_id
        head = heads[0].person
        assert head.status == "alive"
        assert h.commune_id in communes and h.province_code == "11"
        for m in members:
            p = m.person
            assert p.commune_id == h.commune_id and p.province_code == "11"
            assert p.address_detail == h.address_detail
            if m.relationship == "child":
                assert p.birth_year >= head.birth_year + 14, (h.code, head, p)
            if m.relationship == "parent":
                assert p.birth_year <= head.birth_year - 14, (h.code, head, p)
            if m.relationship == "grandchild":
                assert p.birth_year >= head.birth_year + 30, (h.code, head, p)
            if m.relationship == "spouse":
                assert p.sex != head.sex and 2025 - p.birth_year >= 16


def test_contact_bank_and_life_status_are_plausible(loaded):
    persons = _persons()
    banks = {b.code for b in demo.reference.banks()}
    for p in persons:
        age = 2025 - p.birth_year
        if p.phone:
            assert PHONE.match(p.phone), p.phone
            assert age >= 15
        if p.bank_code:
            assert p.bank_code in banks and p.bank_account.isdigit() and 18 <= age <= 70
        if p.status == "deceased":
            assert p.death_date is not None and not p.phone
            assert p.memberships.get().left_on == p.death_date
        else:
            assert p.death_date is None
    adults = [p for p in persons if 2025 - p.birth_year >= 18 and p.status == "alive"]
    assert sum(bool(p.phone) for p in adults) > 0.6 * len(adults)


def test_personal_id_collisions_are_redrawn_deterministically(units):
    """An ID another run already holds is redrawn, the same way every time."""
    first = next(p for _, p in _first_people() if p.personal_id)
    commune = AdminUnit.objects.filter(structure="2025", level="commune", province_code="11").first()
    Person.objects.create(
        full_name="Người Có Sẵn", name_folded="nguoi co san", birth_year=first.birth_year, sex=first.sex,
        ethnicity="01", commune=commune, province_code="11", personal_id=first.personal_id,
    )  # fmt: skip
    demo.demo_data_load(province_code="11", persons=50, seed=SEED)
    first_household = f"-{codes.demo_serial(SEED, 1)}"
    clash = Person.objects.get(
        memberships__household__code__endswith=first_household, full_name=first.full_name
    )
    assert clash.personal_id != first.personal_id
    personal_id.validate(clash.personal_id, birth_year=first.birth_year, sex=first.sex)
    redrawn = clash.personal_id
    demo.demo_data_load(province_code="11", persons=50, seed=SEED, force=True)
    again = Person.objects.get(
        memberships__household__code__endswith=first_household, full_name=first.full_name
    )
    assert again.personal_id == redrawn


def _first_people():
    generator = demo.DemoGenerator(demo.province_profile("11"), demo.province_communes("11"), SEED)
    household = generator.household(1)
    return [(household, p) for p in household.members]


def test_different_seeds_do_not_collide(units):
    demo.demo_data_load(province_code="11", persons=200, seed=1)
    demo.demo_data_load(province_code="11", persons=200, seed=2)
    ids = list(Person.objects.exclude(personal_id=None).values_list("personal_id", flat=True))
    assert len(ids) == len(set(ids)) > 300


def test_bad_arguments_are_refused(units):
    with pytest.raises(demo.ApplicationError):
        demo.demo_data_load(province_code="99", persons=10)
    with pytest.raises(demo.ApplicationError):
        demo.demo_data_load(province_code="11", persons=0)


def test_weighted_pick_follows_weights():
    rng = random.Random(1)
    pick = demo.Weighted({"a": 9, "b": 1})
    share = sum(pick.pick(rng) == "a" for _ in range(10_000)) / 10_000
    assert 0.88 < share < 0.92


def test_command_loads_once(units):
    out = io.StringIO()
    call_command("demo-data", province="11", persons=40, seed=3, stdout=out)
    assert "40 persons" in out.getvalue()
    out = io.StringIO()
    call_command("demo-data", province="11", persons=40, seed=3, stdout=out)
    assert "already loaded" in out.getvalue()
    assert Person.objects.count() == 40
