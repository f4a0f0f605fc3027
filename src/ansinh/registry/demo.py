"""Demo data: realistic Vietnamese persons and households for one province (`ansinh demo-data`).

Two halves:

* `DemoGenerator` is pure Python: given a province profile, its communes and a seed it yields
  households of persons, always the same for the same inputs. Names are in Vietnamese order
  (family + middle + given) and drawn from the name pool of the household's ethnic group
  (`data/names.json`), in the proportions of the province (`data/provinces.json`).
* `demo_data_load` writes them set-based: chunks of about 5,000 persons, each written as three bulk
  inserts (persons, households, memberships; see `BulkInsert` for why not `bulk_create` itself), one
  audit event for the whole run, all in one transaction. Household codes have the one format of the
  registry, `H{commune code}-{serial}` (`registry.codes`); a demo serial is `S`, the seed and the
  household's number, so a second run with the same seed is recognised and skipped.

Personal IDs are drawn with the generator's random stream; an ID already in the database (from
another run) or already drawn in this run is redrawn from a second stream, so the rest of the data
never depends on what the database holds.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import ProtectedError, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.core import audit, reference
from ansinh.core.actors import Actor
from ansinh.core.bulk import BulkInsert
from ansinh.core.errors import ApplicationError, Conflict
from ansinh.core.identifiers import personal_id
from ansinh.core.text import fold, normalize_name
from ansinh.geo.models import AdminUnit, UnitLineage
from ansinh.registry import codes
from ansinh.registry.models import (
    BirthDatePrecision,
    Household,
    HouseholdMember,
    LifeStatus,
    Person,
    Relationship,
)
from ansinh.registry.search import search_doc

# Ages and dates are computed against a fixed day, not today, so a seed gives the same rows on any day.
AS_OF = dt.date(2026, 1, 1)
CHUNK_PERSONS = 5_000
MAX_HOUSEHOLD = 8
MAX_SEED = 999_999  # household codes must fit Household.code (20 characters)
DATA_DIR = Path(__file__).resolve().parent / "data"


class Weighted[T]:
    """A weighted choice, drawn with one `random()` and a binary search (much faster than `choices`)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, weights: dict[T, float]) -> None:
        self.items = [item for item, w in weights.items() if w > 0]
        self.cum: list[float] = []
        acc = 0.0
        for item in self.items:
            acc += weights[item]
            self.cum.append(acc)
        if not self.items:
            raise ValueError("no positive weight")
        self.total = acc

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


# --- name pools and province profiles -------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # hashed by identity: used as a weighted choice
class NamePool:
    key: str
    ethnicity: str
    is_kinh: bool
    family: Weighted[str]
    middle: dict[tuple[str, bool], Weighted[str]]  # (sex, born from 1995) → middle names
    given: dict[str, Weighted[str]]
    children: Weighted[int]
    first_birth_age: tuple[int, int]

    @property
    def mean_household(self) -> float:
        """Rough mean household size implied by the number of children (calibrated on generated data)."""
        counts, cum = self.children.items, self.children.cum
        mean = sum(n * (c - p) for n, c, p in zip(counts, cum, [0.0, *cum[:-1]], strict=True)) / cum[-1]
        return 1.6 + 0.75 * mean

    def name(self, rng: random.Random, sex: str, birth_year: int, family: str) -> str:
        middle = self.middle[sex, birth_year >= 1995].pick(rng)
        given = self.given[sex].pick(rng)
        for _try in range(3):  # "Lê Tiến Tiến": a given name that repeats the middle one is not given
            if given != middle:
                break
            given = self.given[sex].pick(rng)
        return f"{family} {middle} {given}" if middle else f"{family} {given}"


def _canonical(weights: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, weight in weights.items():
        key = normalize_name(name) if name else ""
        out[key] = out.get(key, 0) + weight
    return out


def _middle(raw: dict[str, Any], sex: str, modern: bool) -> Weighted[str]:
    weights = _canonical(raw["middle_male" if sex == "M" else "middle_female"])
    if modern:
        # Văn / Thị (A for Hmông men) are much rarer among people born since the mid-1990s.
        traditional = normalize_name(raw["traditional_middle"][sex])
        weights[traditional] *= raw.get("modern_factor", 0.35)
    return Weighted(weights)


@cache
def name_pools() -> dict[str, NamePool]:
    raw_pools = json.loads((DATA_DIR / "names.json").read_text(encoding="utf-8"))["pools"]
    pools = {}
    for key, raw in raw_pools.items():
        given_src = raw_pools[raw.get("given_from", key)]
        pools[key] = NamePool(
            key=key,
            ethnicity=raw["ethnicity"],
            is_kinh=raw["ethnicity"] == "01",
            family=Weighted(_canonical(raw["family"])),
            middle={
                (sex, modern): _middle(raw, sex, modern) for sex in ("M", "F") for modern in (False, True)
            },
            given={
                "M": Weighted(_canonical(given_src["given_male"])),
                "F": Weighted(_canonical(given_src["given_female"])),
            },
            children=Weighted({int(k): v for k, v in raw["children"].items()}),
            first_birth_age=(raw["first_birth_age"][0], raw["first_birth_age"][1]),
        )
    return pools


@dataclass(frozen=True)
class ProvinceProfile:
    code: str
    name: str
    pools: Weighted[NamePool]
    kinh_share: float
    villages: str  # "ban", "ban_thon", "thon", "ap": how hamlets are named
    birth_codes: Weighted[str]  # old province codes (3 digits) of people born here
    elsewhere_codes: Weighted[str]  # all old province codes, for people born elsewhere


@cache
def _provinces_raw() -> dict[str, Any]:
    return json.loads((DATA_DIR / "provinces.json").read_text(encoding="utf-8"))["provinces"]


@cache
def _villages() -> dict[str, list[str]]:
    raw = json.loads((DATA_DIR / "names.json").read_text(encoding="utf-8"))["villages"]
    return {kind: [normalize_name(v) for v in names] for kind, names in raw.items()}


def province_profile(code: str) -> ProvinceProfile:
    raw = _provinces_raw().get(code)
    if raw is None:
        raise ApplicationError(
            "demo_data.unknown_province", _("No demo-data profile for province %(code)s.") % {"code": code}
        )
    pools = name_pools()
    everywhere: dict[str, float] = {}
    for other in _provinces_raw().values():
        for old, weight in other["birth_codes"].items():
            everywhere[old.zfill(3)] = weight
    mix = raw["mix"]
    return ProvinceProfile(
        code=code,
        name=raw["name"],
        # The mix is a share of persons; households are drawn, and larger in some groups than others.
        pools=Weighted({pools[k]: w / pools[k].mean_household for k, w in mix.items()}),
        kinh_share=sum(w for k, w in mix.items() if pools[k].is_kinh) / sum(mix.values()),
        villages=raw["villages"],
        birth_codes=Weighted({old.zfill(3): w for old, w in raw["birth_codes"].items()}),
        elsewhere_codes=Weighted(everywhere),
    )


# --- reference lists used for contact and bank details --------------------------------------------

# Mobile prefixes (10-digit numbers since the 2018 renumbering), weighted roughly by carrier share:
# Viettel 03x/086/096-098, VinaPhone 08[1-5]/088/091/094, MobiFone 07x/089/090/093,
# Vietnamobile 052/056/058/092, Gmobile 059/099.
_PHONE_PREFIXES = Weighted(
    {
        **dict.fromkeys(["032", "033", "034", "035", "036", "037", "038", "039"], 4.0),
        **dict.fromkeys(["086", "096", "097", "098"], 6.0),
        **dict.fromkeys(["081", "082", "083", "084", "085", "088", "091", "094"], 3.0),
        **dict.fromkeys(["070", "076", "077", "078", "079", "089", "090", "093"], 2.0),
        **dict.fromkeys(["052", "056", "058", "092"], 1.0),
        **dict.fromkeys(["059", "099"], 0.5),
    }
)

# Rough share of personal accounts by bank (Agribank dominates in rural provinces), by the codes of
# `reference.banks()`; other banks there get a small weight, provisional entries none.
_BANK_WEIGHTS = {"VBA": 30, "BIDV": 14, "VCB": 14, "ICB": 12, "MB": 8, "LPB": 5, "TCB": 5, "VPB": 4, "ACB": 3,
                 "STB": 3}  # fmt: skip
_OTHER_BANK_WEIGHT = 0.3
# Account-number lengths commonly seen per bank; others get 12 digits.
_ACCOUNT_LENGTH = {"VBA": 13, "VCB": 10, "MB": 10, "TCB": 14}


@cache
def _banks() -> tuple[Weighted[str], dict[str, int]]:
    weights = {
        bank.code: _BANK_WEIGHTS.get(bank.code, _OTHER_BANK_WEIGHT)
        for bank in reference.banks()
        if not bank.note.startswith("provisional")
    }
    return Weighted(weights), {code: _ACCOUNT_LENGTH.get(code, 12) for code in weights}


@cache
def _fold_word(word: str) -> str:
    """`fold` of one name word; names are built from a few thousand words, so this is a lookup."""
    return fold(word)


# --- generation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commune:
    pk: int
    is_ward: bool
    weight: float
    code: str = ""


@dataclass(slots=True)
class DemoPerson:
    relationship: str
    sex: str
    age: int  # completed years at AS_OF (approximately: birth day is drawn inside the year)
    pool: NamePool
    family: str
    full_name: str = ""
    birth_year: int = 0
    birth_date: dt.date | None = None
    birth_code: str | None = None  # old province code of the birth registration; None: no personal ID
    personal_id: str | None = None
    name_folded: str = ""
    province_code: str = ""  # with commune_id and the two above: what `search.search_doc` reads
    commune_id: int = 0
    phone: str = ""
    bank_code: str = ""
    bank_account: str = ""
    death_date: dt.date | None = None


@dataclass(slots=True)
class DemoHousehold:
    number: int
    commune: Commune
    address_detail: str
    members: list[DemoPerson] = field(default_factory=list)  # head first


# Household shapes, with their relative frequency.
_KINDS = Weighted(
    {
        "single": 9,
        "couple": 12,
        "nuclear": 48,
        "single_parent": 8,
        "with_parents": 11,
        "three_generations": 12,
    }
)
_YEAR_JAN1 = {year: dt.date(year, 1, 1).toordinal() for year in range(1900, AS_OF.year + 1)}


class DemoGenerator:
    """Deterministic households for one province: the same (profile, communes, seed) → the same output."""

    def __init__(self, profile: ProvinceProfile, communes: list[Commune], seed: int) -> None:
        if not communes:
            raise ApplicationError(
                "demo_data.no_communes",
                _("Province %(code)s has no current communes; load the administrative units first.")
                % {"code": profile.code},
            )
        self.profile = profile
        self.communes = Weighted({c: c.weight for c in communes})
        self.seed = seed
        # String seeds are hashed with SHA-512 by `random`, so they are stable across processes.
        self.rng = random.Random(f"ansinh-demo:{profile.code}:{seed}")
        self.banks, self.account_lengths = _banks()

    # households ------------------------------------------------------------------------------

    def households(self, persons: int) -> Iterator[DemoHousehold]:
        number, made = 0, 0
        while made < persons:
            number += 1
            household = self.household(number, max_size=min(MAX_HOUSEHOLD, persons - made))
            made += len(household.members)
            yield household

    def chunks(self, persons: int, size: int = CHUNK_PERSONS) -> Iterator[list[DemoHousehold]]:
        chunk: list[DemoHousehold] = []
        count = 0
        for household in self.households(persons):
            chunk.append(household)
            count += len(household.members)
            if count >= size:
                yield chunk
                chunk, count = [], 0
        if chunk:
            yield chunk

    def household(self, number: int, *, max_size: int = MAX_HOUSEHOLD) -> DemoHousehold:
        rng = self.rng
        commune = self.communes.pick(rng)
        pool = self.profile.pools.pick(rng)
        kind = _KINDS.pick(rng)
        members = getattr(self, f"_{kind}")(pool)[:max_size]
        names: set[str] = set()
        for person in members:
            self._complete(person, commune)
            for _try in range(5):  # two siblings are not given the same name
                if person.full_name not in names:
                    break
                person.full_name = person.pool.name(rng, person.sex, person.birth_year, person.family)
            names.add(person.full_name)
            person.name_folded = " ".join([_fold_word(w) for w in person.full_name.split(" ")])
        return DemoHousehold(number, commune, self._address(commune), members)

    def _address(self, commune: Commune) -> str:
        rng, kind = self.rng, self.profile.villages
        if commune.is_ward:
            return f"{'Khu phố' if kind == 'ap' else 'Tổ dân phố'} {rng.randint(1, 25)}"
        villages = _villages()
        if kind == "ban" or (kind == "ban_thon" and rng.random() < 0.6):
            return f"Bản {rng.choice(villages['ban' if kind == 'ban' else 'ban_thon'])}"
        if kind == "ap":
            return f"Ấp {rng.choice(villages['ap'])}" if rng.random() < 0.6 else f"Ấp {rng.randint(1, 12)}"
        return f"{'Thôn' if rng.random() < 0.7 else 'Xóm'} {rng.randint(1, 15)}"

    # one function per household shape; each returns head first ------------------------------

    def _person(self, rel: str, sex: str, age: int, pool: NamePool, family: str | None = None) -> DemoPerson:
        return DemoPerson(rel, sex, max(0, min(age, 100)), pool, family or pool.family.pick(self.rng))

    def _couple_ages(self, head_age: int, head_sex: str) -> int:
        gap = round(self.rng.triangular(-2, 9, 2))  # husband older by a few years, usually
        return max(16, head_age - gap if head_sex == "M" else head_age + gap)

    def _head_sex(self, pool: NamePool) -> str:
        return "M" if self.rng.random() < (0.78 if pool.is_kinh else 0.9) else "F"

    def _spouse_pool(self, pool: NamePool) -> NamePool:
        return pool if self.rng.random() < 0.92 else self.profile.pools.pick(self.rng)

    def _children(self, mother_age: int, pool: NamePool, family: str, rel: str) -> list[DemoPerson]:
        """Children born to a mother now `mother_age`, those still living in the household."""
        rng = self.rng
        low, high = pool.first_birth_age
        birth_age = rng.randint(low, high)
        children = []
        for _i in range(pool.children.pick(rng)):
            age = mother_age - birth_age
            if age < 0 or birth_age > 46:
                break
            at_home = age < 18 or rng.random() < (0.7 if age < 25 else 0.25 if age < 35 else 0.05)
            if at_home:
                sex = "M" if rng.random() < 0.53 else "F"
                children.append(self._person(rel, sex, age, pool, family))
            birth_age += round(rng.triangular(1, 6, 2))
        children.sort(key=lambda c: -c.age)
        return children

    def _family_of_children(self, head: DemoPerson, spouse: DemoPerson | None) -> tuple[NamePool, str]:
        father = head if head.sex == "M" else spouse
        if father is not None:
            return father.pool, father.family
        # A mother on her own: children carry the absent father's family name, mostly.
        return head.pool, head.family if self.rng.random() < 0.2 else head.pool.family.pick(self.rng)

    def _nuclear(self, pool: NamePool, head_age: int | None = None) -> list[DemoPerson]:
        rng = self.rng
        sex = self._head_sex(pool)
        age = head_age if head_age is not None else round(rng.triangular(20, 72, 36))
        head = self._person(Relationship.HEAD, sex, age, pool)
        spouse = self._person(
            Relationship.SPOUSE,
            "F" if sex == "M" else "M",
            self._couple_ages(age, sex),
            self._spouse_pool(pool),
        )
        mother_age = head.age if sex == "F" else spouse.age
        child_pool, family = self._family_of_children(head, spouse)
        return [head, spouse, *self._children(mother_age, child_pool, family, Relationship.CHILD)]

    def _single(self, pool: NamePool) -> list[DemoPerson]:
        rng = self.rng
        young = rng.random() < 0.4
        age = rng.randint(18, 35) if young else round(rng.triangular(58, 98, 72))
        sex = ("M" if rng.random() < 0.6 else "F") if young else ("F" if rng.random() < 0.68 else "M")
        return [self._person(Relationship.HEAD, sex, age, pool)]

    def _couple(self, pool: NamePool) -> list[DemoPerson]:
        rng = self.rng
        age = rng.randint(20, 32) if rng.random() < 0.35 else round(rng.triangular(52, 92, 64))
        sex = self._head_sex(pool)
        head = self._person(Relationship.HEAD, sex, age, pool)
        other = "F" if sex == "M" else "M"
        spouse = self._person(
            Relationship.SPOUSE, other, self._couple_ages(age, sex), self._spouse_pool(pool)
        )
        return [head, spouse]

    def _single_parent(self, pool: NamePool) -> list[DemoPerson]:
        rng = self.rng
        sex = "F" if rng.random() < 0.75 else "M"
        head = self._person(Relationship.HEAD, sex, round(rng.triangular(24, 62, 38)), pool)
        mother_age = head.age if sex == "F" else max(18, head.age - 3)
        child_pool, family = self._family_of_children(head, None)
        return [head, *self._children(mother_age, child_pool, family, Relationship.CHILD)]

    def _with_parents(self, pool: NamePool) -> list[DemoPerson]:
        """A couple with children, and one or both of the head's parents."""
        rng = self.rng
        members = self._nuclear(pool, head_age=round(rng.triangular(22, 55, 32)))
        head = members[0]
        father_age = head.age + rng.randint(max(18, pool.first_birth_age[0] + 2), 40)
        mother_age = max(head.age + 16, father_age - round(rng.triangular(-2, 9, 2)))
        # The head's father carries the head's family name; the mother keeps her own.
        father = self._person(Relationship.PARENT, "M", father_age, head.pool, head.family)
        mother = self._person(Relationship.PARENT, "F", mother_age, self._spouse_pool(head.pool))
        parents = [father, mother] if rng.random() < 0.45 else [mother] if rng.random() < 0.65 else [father]
        return [members[0], members[1], *parents, *members[2:]]

    def _three_generations(self, pool: NamePool) -> list[DemoPerson]:
        """Older head and spouse, a married son, his wife and their children; maybe a younger child."""
        rng = self.rng
        low, high = pool.first_birth_age
        son_age = round(rng.triangular(20, 46, 28))
        mother_age = son_age + rng.randint(low, high + 8)
        father_age = mother_age + round(rng.triangular(-2, 9, 2))
        if rng.random() < 0.22:  # widowed: more often the grandmother heads the household
            widow = rng.random() < 0.65
            head = self._person(
                Relationship.HEAD, "F" if widow else "M", mother_age if widow else father_age, pool
            )
            members = [head]
            family = pool.family.pick(rng) if widow else head.family  # the son carries his father's name
        else:
            head = self._person(Relationship.HEAD, "M", father_age, pool)
            members = [head, self._person(Relationship.SPOUSE, "F", mother_age, self._spouse_pool(pool))]
            family = head.family
        son = self._person(Relationship.CHILD, "M", son_age, pool, family)
        wife_age = max(17, son_age - round(rng.triangular(-2, 7, 2)))
        wife = self._person(Relationship.CHILD_IN_LAW, "F", wife_age, self._spouse_pool(pool))
        members += [son, wife, *self._children(wife_age, pool, family, Relationship.GRANDCHILD)]
        if rng.random() < 0.25 and son_age > 22:
            sex = "M" if rng.random() < 0.5 else "F"
            members.append(self._person(Relationship.CHILD, sex, son_age - rng.randint(2, 8), pool, family))
        return members

    # per-person details ----------------------------------------------------------------------

    def _complete(self, p: DemoPerson, commune: Commune) -> None:
        rng = self.rng
        p.birth_year = AS_OF.year - 1 - p.age
        p.full_name = p.pool.name(rng, p.sex, p.birth_year, p.family)
        p.province_code, p.commune_id = self.profile.code, commune.pk
        if rng.random() >= self._year_only_share(p):
            p.birth_date = dt.date.fromordinal(_YEAR_JAN1[p.birth_year] + rng.randrange(365))
        p.birth_code = self._birth_code(p)
        if p.birth_code is not None:
            p.personal_id = personal_id.generate(
                province_code=p.birth_code, sex=p.sex, birth_year=p.birth_year, rng=rng
            )
        if p.relationship != Relationship.HEAD and rng.random() < self._death_risk(p.age):
            born = p.birth_date.toordinal() if p.birth_date else _YEAR_JAN1[p.birth_year]
            last = AS_OF.toordinal() - 1
            earliest = min(max(born, AS_OF.toordinal() - 5 * 365), last)
            p.death_date = dt.date.fromordinal(rng.randint(earliest, last))
            return
        if rng.random() < self._phone_share(p):
            p.phone = f"{_PHONE_PREFIXES.pick(rng)}{rng.randrange(10**7):07d}"
        if 18 <= p.age <= 70 and rng.random() < (0.5 if commune.is_ward else 0.32 if p.pool.is_kinh else 0.2):
            p.bank_code = self.banks.pick(rng)
            length = self.account_lengths[p.bank_code]
            p.bank_account = str(rng.randrange(10 ** (length - 1), 10**length))

    def _year_only_share(self, p: DemoPerson) -> float:
        """Older people, and more so in minority villages, often have only a year of birth on record."""
        minority = not p.pool.is_kinh
        if p.birth_year < 1950:
            return 0.6 if minority else 0.3
        if p.birth_year < 1970:
            return 0.3 if minority else 0.1
        if p.birth_year < 1990:
            return 0.1 if minority else 0.03
        return 0.02 if minority else 0.004

    def _birth_code(self, p: DemoPerson) -> str | None:
        rng = self.rng
        has_id = 0.85 if p.age < 6 else 0.95 if p.age < 14 else 0.985
        if rng.random() >= has_id:
            return None  # not yet issued a personal ID (young children), or never registered
        if p.age < 18:
            here = 0.95
        elif p.pool.is_kinh and self.profile.kinh_share < 0.5:
            here = 0.6  # Kinh families in the uplands often came from the lowland provinces
        else:
            here = 0.85 if p.relationship != Relationship.CHILD_IN_LAW else 0.75
        codes = self.profile.birth_codes if rng.random() < here else self.profile.elsewhere_codes
        return codes.pick(rng)

    @staticmethod
    def _death_risk(age: int) -> float:
        # Share of members recorded as having died in the last five years, by age now.
        return 0.12 if age >= 80 else 0.04 if age >= 65 else 0.003 if age >= 18 else 0.0005

    @staticmethod
    def _phone_share(p: DemoPerson) -> float:
        if p.age < 15:
            return 0.0
        share = 0.45 if p.age < 18 else 0.9 if p.age < 75 else 0.4
        return share if p.pool.is_kinh else share * 0.85


# --- loading --------------------------------------------------------------------------------------


def household_code(commune_code: str, seed: int, number: int) -> str:
    """The code of demo household `number` of a run: "H03202-S0001002S" (`codes.demo_serial`)."""
    return codes.household_code(commune_code, codes.demo_serial(seed, number))


def demo_households(province_code: str, seed: int) -> QuerySet[Household]:
    """The households a demo run with this seed wrote in the province."""
    return Household.objects.filter(province_code=province_code, code__regex=codes.demo_pattern(seed))


def province_communes(province_code: str) -> list[Commune]:
    """Current communes of a province, ordered by code, weighted by a rough population proxy.

    Population is not in the unit data. The number of pre-2025 communes merged into each one (split
    ones counted by their lineage share) is a fair proxy, as old communes were of comparable size;
    wards are denser than rural communes. Without lineage, the square root of the area is used
    (large upland communes are sparsely settled).
    """
    units = list(
        AdminUnit.objects.filter(
            structure="2025", level="commune", province_code=province_code, valid_to=None
        )
        .order_by("code")
        .values_list("pk", "unit_type", "area_km2", "code")
    )
    merged: dict[int, float] = {}
    lineage = UnitLineage.objects.filter(successor__in=[pk for pk, *_rest in units], level="commune")
    # Ordered, so the float sums (and hence the weighted draws) are the same on every run.
    for successor, share in lineage.order_by("successor_id", "predecessor_id").values_list(
        "successor_id", "share"
    ):
        merged[successor] = merged.get(successor, 0.0) + (share if share is not None else 0.5)
    communes = []
    for pk, unit_type, area, code in units:
        is_ward = unit_type == "Phường"
        base = merged.get(pk) or math.sqrt(area or 50) / 3
        communes.append(Commune(pk, is_ward, base * (2.5 if is_ward else 1.0), code))
    return communes


@dataclass(frozen=True)
class DemoDataResult:
    province_code: str
    seed: int
    persons: int
    households: int
    members: int
    seconds: float
    skipped: bool = False

    @property
    def rate(self) -> float:
        return self.persons / self.seconds if self.seconds > 0 else 0.0


def demo_data_load(
    *,
    province_code: str,
    persons: int,
    seed: int = 1,
    force: bool = False,
    actor: Actor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoDataResult:
    """Generate and store `persons` demo persons in households of the province's current communes.

    Skipped (nothing written) when this province already holds demo data of this seed, unless
    `force`, which deletes that earlier demo data first.
    """
    if persons < 1 or not 0 <= seed <= MAX_SEED:
        raise ApplicationError(
            "demo_data.bad_arguments",
            _("Persons must be positive and the seed between 0 and %(max)d.") % {"max": MAX_SEED},
        )
    profile = province_profile(province_code)
    started = time.perf_counter()
    with transaction.atomic():
        if demo_households(province_code, seed).exists():
            if not force:
                return DemoDataResult(province_code, seed, 0, 0, 0, 0.0, skipped=True)
            _delete_demo(province_code, seed)
        generator = DemoGenerator(profile, province_communes(province_code), seed)
        retry_rng = random.Random(f"ansinh-demo-retry:{province_code}:{seed}")
        totals, now = [0, 0, 0], timezone.now()
        for chunk in generator.chunks(persons):
            counts = _write_chunk(chunk, province_code, seed, retry_rng, now)
            totals = [t + c for t, c in zip(totals, counts, strict=True)]
            if progress:
                progress(totals[0], persons)
        result = DemoDataResult(province_code, seed, *totals, seconds=time.perf_counter() - started)
        audit.record(
            actor=actor,
            action="create",
            object_type="registry.demo_data",
            object_id=f"{province_code}-{seed}",
            object_label=f"Demo data {profile.name} (seed {seed})",
            province_code=province_code,
            after={"persons": result.persons, "households": result.households, "members": result.members,
                   "seed": seed, "province_code": province_code, "forced": force},
        )  # fmt: skip
    return result


_PERSON_COLUMNS = [
    "commune_id", "province_code", "personal_id", "full_name", "name_folded", "birth_date", "birth_year",
    "birth_date_precision", "sex", "ethnicity", "address_detail", "phone", "bank_code", "bank_account",
    "status", "death_date", "search_doc",
]  # fmt: skip
_HOUSEHOLD_COLUMNS = ["code", "commune_id", "province_code", "head_id", "address_detail"]
_MEMBER_COLUMNS = ["household_id", "person_id", "relationship", "left_on"]


def _write_chunk(
    chunk: list[DemoHousehold], province_code: str, seed: int, retry_rng: random.Random, now: dt.datetime
) -> tuple[int, int, int]:
    people = [p for h in chunk for p in h.members]
    _resolve_id_collisions(people, retry_rng)
    date = connection.ops.adapt_datefield_value
    day, year = str(BirthDatePrecision.DAY), str(BirthDatePrecision.YEAR)
    alive, deceased = str(LifeStatus.ALIVE), str(LifeStatus.DECEASED)
    person_ids = BulkInsert(Person, _PERSON_COLUMNS, now).run(
        [
            (p.commune_id, province_code, p.personal_id, p.full_name, p.name_folded, date(p.birth_date),
             p.birth_year, day if p.birth_date else year, p.sex, p.pool.ethnicity, h.address_detail,
             p.phone, p.bank_code, p.bank_account, deceased if p.death_date else alive, date(p.death_date),
             search_doc(p))
            for h in chunk
            for p in h.members
        ]
    )  # fmt: skip
    household_rows, at = [], 0
    for h in chunk:
        code = household_code(h.commune.code, seed, h.number)
        household_rows.append((code, h.commune.pk, province_code, person_ids[at], h.address_detail))
        at += len(h.members)
    household_ids = BulkInsert(Household, _HOUSEHOLD_COLUMNS, now).run(household_rows)
    member_rows = []
    at = 0
    for h, household_id in zip(chunk, household_ids, strict=True):
        for p in h.members:
            member_rows.append((household_id, person_ids[at], str(p.relationship), date(p.death_date)))
            at += 1
    BulkInsert(HouseholdMember, _MEMBER_COLUMNS, now).run(member_rows)
    return len(person_ids), len(household_ids), len(member_rows)


def _resolve_id_collisions(people: list[DemoPerson], rng: random.Random, max_rounds: int = 20) -> None:
    """Redraw, from the retry stream, every ID already stored or already drawn in this chunk."""
    pending = [p for p in people if p.personal_id]
    seen: set[str] = set()
    for _round in range(max_rounds):
        ids = [p.personal_id for p in pending]
        stored = _stored_ids(ids)
        clashing = []
        for p in pending:
            if p.personal_id in stored or p.personal_id in seen:
                clashing.append(p)
            else:
                seen.add(p.personal_id)  # type: ignore[arg-type]
        if not clashing:
            return
        for p in clashing:
            p.personal_id = personal_id.generate(
                province_code=p.birth_code, sex=p.sex, birth_year=p.birth_year, rng=rng
            )
        pending = clashing
    raise ApplicationError("demo_data.id_space_exhausted", _("Could not draw unique personal IDs."))


def _stored_ids(ids: list[str | None]) -> set[str]:
    """Which of these personal IDs the registry already holds (this run's earlier chunks included)."""
    if connection.vendor == "postgresql":
        # One array parameter: psycopg parses a 5,000-placeholder IN list noticeably slower.
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Person._meta.db_table)
            cursor.execute(f"SELECT personal_id FROM {table} WHERE personal_id = ANY(%s)", [ids])  # noqa: S608
            return {row[0] for row in cursor.fetchall()}
    return set(Person.objects.filter(personal_id__in=ids).values_list("personal_id", flat=True))


def _delete_demo(province_code: str, seed: int) -> None:
    households = demo_households(province_code, seed)
    person_ids = list(
        HouseholdMember.objects.filter(household__in=households).values_list("person_id", flat=True)
    )
    try:
        HouseholdMember.objects.filter(household__in=households).delete()
        households.delete()
        for start in range(0, len(person_ids), CHUNK_PERSONS):
            Person.objects.filter(pk__in=person_ids[start : start + CHUNK_PERSONS]).delete()
    except ProtectedError:
        raise Conflict(
            "demo_data.in_use",
            _("Demo data of seed %(seed)s is referred to by other records and cannot be replaced.")
            % {"seed": seed},
        ) from None
