"""Demo enrolments: beneficiaries of monthly social assistance and the social pension, drawn from the
persons already in the registry (`ansinh demo-benefits`, `make demo`, the payment and simulation benchmarks).

Who is enrolled, and under which clause, follows the shape of the real caseload: most are elderly
(social pension from 75, or 70 in a poor or near-poor household; clause 5a for the poor elderly with
no one to support them, 5b/5c from the older decree), then people with a severe or especially severe
disability at every age (clause 6), children with no means of support or under 3 in poor upland
households (clauses 1 and 7), poor single parents (clause 4, sometimes together with clause 6).
Each person is enrolled at most once: the law pays only the higher of social assistance and the
social pension (Decree 176/2025/NĐ-CP), so nobody holds both.

Every enrolment gets its decision (`{n}/QĐ-UBND`, numbered per commune), its first `EnrolmentFacts`
row and a payment channel: the bank account on file where there is one; otherwise most adults have
opened one to receive the allowance (the person's account is recorded on the person: the non-cash
payment drive), the rest are paid by e-wallet or in cash with the reason. A few enrolments are
suspended, and those of persons who died since the start are stopped with a decision.

Set-based: persons are read in id-range chunks with one SQL query each, and each chunk is written
with a handful of bulk inserts (COPY on PostgreSQL, multi-row INSERT on SQLite) in its own
transaction. The same registry and seed give the same enrolments; persons who already hold a live
enrolment are left alone, so a second run adds nobody twice.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from ansinh.benefits.entitlement import EntitlementCache, facts_json
from ansinh.benefits.household_status import AS_FACT
from ansinh.benefits.law import current_params
from ansinh.benefits.models import (
    Channel,
    Decision,
    DecisionKind,
    Enrolment,
    EnrolmentFacts,
    EnrolmentStatus,
    Regime,
    Suspension,
)
from ansinh.benefits.simulation.costs import provinces_with_own_rows
from ansinh.core import audit
from ansinh.core.bulk import BulkInsert
from ansinh.core.periods import add_months, age_on, month_end, month_of
from ansinh.geo.models import AdminUnit
from ansinh.poverty.selectors import household_statuses_on
from ansinh.registry.models import HouseholdMember, Person

DEFAULT_START = dt.date(2025, 7, 1)  # the social pension exists from 07/2025 (Decree 176/2025/NĐ-CP)
CHUNK_IDS = 20_000  # persons per id-range chunk (one read, a few bulk writes, one transaction)
SA, SP = str(Regime.SOCIAL_ASSISTANCE), str(Regime.SOCIAL_PENSION)

# --- how likely each age group is to be a beneficiary, and under which clause ----------------------

# Age bands (completed years at the end of the first month) and the share of each enrolled when no
# `share` is asked: roughly the national caseload (~3.5 M of ~100 M people; most aged 75+).
BANDS = (
    (0, "u3"),
    (3, "child"),
    (16, "young"),
    (23, "adult"),
    (60, "60s"),
    (70, "70s"),
    (75, "75s"),
    (80, "80s"),
)
_BAND_STARTS = [start for start, _name in BANDS]
NATURAL_RATE = {"u3": 0.05, "child": 0.008, "young": 0.008, "adult": 0.012,
                "60s": 0.04, "70s": 0.12, "75s": 0.5, "80s": 0.75}  # fmt: skip

# A head of household raising children alone is far more often on the rolls (clause 4) than other adults.
SINGLE_PARENT_BOOST = 6.0

# Household poverty (multidimensional standard, Decree 07/2021/NĐ-CP), drawn once per household:
# (poor, near-poor) shares, much higher in ethnic-minority households.
POVERTY = {"minority": (0.28, 0.14), "kinh": (0.05, 0.07)}


def band_of(age: int) -> str:
    return BANDS[bisect_right(_BAND_STARTS, age) - 1][1]


@dataclass(frozen=True)
class Context:
    """What the clause choice needs to know about a person and their household."""

    age: int
    household: str  # poor / near_poor / none
    supported: bool  # another member of working age (18–59) lives in the household
    single_parent_of: int  # children under 16 raised by a head of household with no spouse (0: none)


# (weight, regime, clauses, condition) per band; a person gets one of the options whose condition holds.
# Combinations ["4", "6"] and ["5a", "6"] are real cases: clause 4 is paid on top (Art. 6(2)), the other
# pair pays only the higher coefficient.
_POOR, _POOR_OR_NEAR = ("poor",), ("poor", "near_poor")
Option = tuple[float, str, tuple[str, ...], Callable[[Context], bool]]


def _always(c: Context) -> bool:
    return True


def _poor(c: Context) -> bool:
    return c.household in _POOR


def _poor_or_near(c: Context) -> bool:
    return c.household in _POOR_OR_NEAR


def _alone_poor(c: Context) -> bool:
    return c.household in _POOR and not c.supported


def _single_parent(c: Context) -> bool:
    return c.single_parent_of > 0 and c.household in _POOR_OR_NEAR


OPTIONS: dict[str, list[Option]] = {
    "u3": [(0.70, SA, ("7",), _poor_or_near), (0.08, SA, ("1",), _always), (0.15, SA, ("6",), _always),
           (0.01, SA, ("3",), _poor)],
    "child": [(0.30, SA, ("1",), _always), (0.65, SA, ("6",), _always), (0.03, SA, ("3",), _poor)],
    "young": [(0.15, SA, ("2",), _always), (0.85, SA, ("6",), _always)],
    "adult": [(0.80, SA, ("6",), _always), (0.60, SA, ("4",), _single_parent),
              (0.08, SA, ("4", "6"), _single_parent), (0.02, SA, ("8",), _poor)],
    "60s": [(0.45, SA, ("5a",), _alone_poor), (0.45, SA, ("6",), _always),
            (0.05, SA, ("5a", "6"), _alone_poor), (0.02, SA, ("5d",), _alone_poor)],
    "70s": [(0.45, SP, (), _poor_or_near), (0.25, SA, ("5a",), _alone_poor), (0.25, SA, ("6",), _always)],
    "75s": [(0.70, SP, (), _always), (0.10, SA, ("5a",), _alone_poor), (0.08, SA, ("5b",), _poor_or_near),
            (0.12, SA, ("6",), _always)],
    "80s": [(0.60, SP, (), _always), (0.12, SA, ("5a",), _alone_poor), (0.15, SA, ("5c",), _always),
            (0.13, SA, ("6",), _always)],
}  # fmt: skip

# Payment channel: banks where beneficiaries open accounts (Agribank and LPBank, which pays through the
# post offices, above all), with the usual account-number lengths; e-wallets that pay social allowances.
_OPEN_BANKS = (
    ("VBA", 55, 13),
    ("LPB", 12, 12),
    ("BIDV", 12, 12),
    ("ICB", 8, 12),
    ("VCB", 7, 10),
    ("MB", 6, 10),
)
_WALLETS = (("Viettel Money", 0.6), ("VNPT Money", 0.25), ("MoMo", 0.15))
_PHONE_PREFIXES = (
    "086",
    "096",
    "097",
    "098",
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "091",
    "094",
)
_CASH_REASONS = {
    "elderly": "Người cao tuổi không tự đi lại được, đề nghị nhận tại nhà",
    "disabled": "Người khuyết tật đặc biệt nặng, đề nghị nhận tại nhà",
    "child": "Trẻ em chưa có tài khoản, người giám hộ nhận thay tại xã",
    "remote": "Ở xa điểm giao dịch ngân hàng, chưa có tài khoản",
    "asked": "Người hưởng đề nghị nhận tiền mặt tại xã",
}
_SUSPEND_REASONS = ("Không nhận trợ cấp 3 tháng liên tục", "Đi khỏi nơi cư trú, chưa xác minh được nơi ở mới")
_CHAIRS = ("Lò Văn Thanh", "Nguyễn Văn Hùng", "Quàng Văn Bình", "Lê Thị Hạnh", "Trần Văn Minh",
           "Giàng A Dế", "Vũ Thị Lan", "Phạm Văn Đức", "Lường Thị Hoa", "Hoàng Văn Nam", "Đỗ Thị Thu",
           "Bùi Văn Long")  # fmt: skip


# --- the public entry point -------------------------------------------------------------------------


def enrol_persons(
    *,
    province_code: str | None = None,
    share: float | None = None,
    limit: int | None = None,
    seed: int = 1,
    start_month: dt.date = DEFAULT_START,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Enrol registry persons (of one province, or all) as demo beneficiaries; returns how many were enrolled.

    `share`: the part of the living persons to enrol (0.15 = 15 %, weighted towards the elderly); by
    default the national rate (about 3–4 %). `limit`: at most this many (alone, it sets the share).
    Enrolments start in `start_month`. Persons who already hold a live enrolment are skipped.
    """
    start_month = month_of(start_month)
    scope = Q(province_code=province_code) if province_code else Q()
    persons = Person.objects.live().filter(scope)
    bounds = persons.aggregate(lo=Min("id"), hi=Max("id"))
    if bounds["lo"] is None or limit == 0:
        return 0
    rates = _rates(persons, start_month, share, limit)
    plan = _Plan(seed, start_month, rates, EntitlementCache(current_params()), province_code)
    started, done, total = time.perf_counter(), 0, bounds["hi"] - bounds["lo"] + 1
    for lo in range(bounds["lo"], bounds["hi"] + 1, CHUNK_IDS):
        room = None if limit is None else limit - plan.enrolled
        with transaction.atomic():
            plan.chunk(lo, min(lo + CHUNK_IDS, bounds["hi"] + 1), room)
        done = min(total, done + CHUNK_IDS)
        if progress:
            progress(done, total)
        if limit is not None and plan.enrolled >= limit:
            break
    audit.record(
        actor=None,
        action="create",
        object_type="benefits.demo_enrolments",
        object_id=f"{province_code or 'VN'}-{seed}",
        object_label=f"Demo enrolments {province_code or 'VN'} (seed {seed})",
        province_code=province_code or "",
        after={"enrolled": plan.enrolled, "accounts_opened": plan.accounts_opened, "share": share,
               "limit": limit, "seed": seed, "start_month": start_month.isoformat(),
               "seconds": round(time.perf_counter() - started, 1)},
    )  # fmt: skip
    return plan.enrolled


def province_has_enrolments(province_code: str | None) -> int:
    """How many enrolments the province (None: the nation) already holds."""
    qs = Enrolment.objects.all()
    return (qs.filter(province_code=province_code) if province_code else qs).count()


# --- how many to enrol in each age band ----------------------------------------------------------


def _rates(
    persons: models.QuerySet, start: dt.date, share: float | None, limit: int | None
) -> dict[str, float]:
    """The chance of each band's persons to be enrolled, scaled so the total is `share` of the living."""
    alive = persons.filter(Q(death_date__isnull=True) | Q(death_date__gte=start))
    counts: dict[str, int] = dict.fromkeys(NATURAL_RATE, 0)
    for year, n in alive.values_list("birth_year").annotate(n=Count("id")).values_list("birth_year", "n"):
        counts[band_of(max(0, start.year - year - 1))] += n
    living = sum(counts.values())
    if share is None and limit is None:
        return dict(NATURAL_RATE)
    target = share * living if share is not None else 0.0
    if limit is not None:
        target = min(target, limit) if share is not None else limit
    # With a limit alone, draw generously: the chunk loop stops at the limit, so it is reached
    # (a share is an expectation, a limit a count the caller relies on).
    margin = 1.5 if share is None else 1.03
    return _scaled(counts, min(float(target), living), margin)


def _scaled(counts: dict[str, int], target: float, margin: float = 1.03) -> dict[str, float]:
    """Rates k × natural (each at most 1) with Σ count × rate = target, k found by bisection."""

    def expected(k: float) -> float:
        return sum(n * min(1.0, k * NATURAL_RATE[band]) for band, n in counts.items())

    low, high = 0.0, 1.0
    while expected(high) < target and high < 1e6:
        high *= 2
    for _step in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if expected(mid) < target else (low, mid)
    # A little above the target: some persons drawn have no clause that fits them and are passed over.
    return {band: min(1.0, high * margin * rate) for band, rate in NATURAL_RATE.items()}


# --- one chunk of persons -------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    id: int
    commune_id: int
    province: str
    birth: dt.date
    minority: bool
    phone: str
    has_bank: bool
    death: dt.date | None
    household_id: int | None
    relationship: str
    enrolled: bool
    age: int = 0


class _Plan:
    """Draws and writes the enrolments of each chunk; keeps the running counts and decision numbers."""

    def __init__(
        self, seed: int, start: dt.date, rates: dict[str, float], cache: Any, province_code: str | None
    ) -> None:
        self.seed, self.start, self.rates, self.cache = seed, start, rates, cache
        self.own_rows = provinces_with_own_rows(cache.params)
        self.facts_memo: dict[tuple[str, ...], tuple[dict, str]] = {}
        self.end = month_end(start)
        self.province_code = province_code
        self.enrolled = 0
        self.accounts_opened = 0
        self.numbers: dict[int, int] = {}  # commune id → last decision number used
        self._with_decisions = _communes_with_decisions(province_code)
        self._taken: dict[int, set[str]] = {}
        self.communes: dict[int, str] = {}
        self.signers: dict[int, str] = {}
        self.statuses: dict[int, str] = {}

    def taken(self, commune_id: int) -> set[str]:
        """Decision numbers the commune already used (none in a fresh demo database)."""
        found = self._taken.get(commune_id)
        if found is None:
            found = self._taken[commune_id] = (
                set(Decision.objects.filter(commune_id=commune_id).values_list("number", flat=True))
                if commune_id in self._with_decisions
                else set()
            )
        return found

    def chunk(self, lo: int, hi: int, room: int | None) -> None:
        rows = _read(lo, hi, self.province_code, self.start)
        if not rows:
            return
        rng = random.Random(f"ansinh-benefits-demo:{self.seed}:{lo}")
        # The households the commune's review already decided on (demo-poverty) keep that status.
        self.statuses = household_statuses_on({r.household_id for r in rows if r.household_id}, self.end)
        households: dict[int, list[_Row]] = {}
        for row in rows:
            row.age = age_on(row.birth, self.end)
            if row.household_id is not None:
                households.setdefault(row.household_id, []).append(row)
        picked = []
        for row in rows:
            # One draw per person whatever happens, so one person's fate does not shift the others'.
            draw = rng.random()
            if row.enrolled:
                continue
            rate = self.rates[band_of(row.age)]
            if row.relationship == "head" and 18 <= row.age <= 59 and _raises_children_alone(row, households):
                rate *= SINGLE_PARENT_BOOST
            if draw < rate:
                picked.append(row)
        writer = _ChunkWriter(self, rng)
        for row in picked:
            if room is not None and writer.count >= room:
                break
            choice = self._choose(
                row, households.get(row.household_id, [row]) if row.household_id else [row], rng
            )
            if choice is not None:
                writer.add(row, *choice)
        writer.flush()
        self.enrolled += writer.count

    def _choose(
        self, row: _Row, members: list[_Row], rng: random.Random
    ) -> tuple[str, dict, str, str] | None:
        """(regime, facts, their JSON, the clause paid), or None when no clause fits the person."""
        ctx = _context(row, members, self._household(row))
        options = [o for o in OPTIONS[band_of(row.age)] if o[3](ctx)]
        if not options:
            return None
        _w, regime, clauses, _cond = _pick(rng, options, [o[0] for o in options])
        facts, text = self._facts(regime, clauses, ctx, rng)
        clause = self._verdict(regime, text, row)
        return None if clause is None else (regime, facts, text, clause)

    def _facts(
        self, regime: str, clauses: tuple[str, ...], ctx: Context, rng: random.Random
    ) -> tuple[dict, str]:
        """The facts and their canonical JSON; the few distinct ones are built once."""
        facts = _facts(regime, clauses, ctx, rng)
        key = tuple(str(v) for v in facts.values())
        found = self.facts_memo.get(key)
        if found is None:
            found = self.facts_memo[key] = (facts, facts_json(facts))
        return found

    def _household(self, row: _Row) -> str:
        """Poverty of the person's household: one draw per household (and seed), shared by its members."""
        recorded = self.statuses.get(row.household_id) if row.household_id is not None else None
        if recorded is not None:
            return AS_FACT[recorded]
        key = row.household_id if row.household_id is not None else -row.id
        u = _uniform(self.seed, key)
        poor, near = POVERTY["minority" if row.minority else "kinh"]
        return "poor" if u < poor else "near_poor" if u < poor + near else "none"

    def _verdict(self, regime: str, text: str, row: _Row) -> str | None:
        """The clause paid in the first month under the rules, or None when the rules would not pay."""
        where = row.province if row.province in self.own_rows else None
        result = self.cache.month_result(regime, text, row.birth, self.start, where)
        return result.clause if result.eligible else None


def _raises_children_alone(row: _Row, households: dict[int, list[_Row]]) -> bool:
    members = households.get(row.household_id, ()) if row.household_id is not None else ()
    return not any(m.relationship == "spouse" for m in members) and any(
        m.relationship == "child" and m.age < 16 for m in members
    )


_MASK = (1 << 64) - 1


def _uniform(seed: int, key: int) -> float:
    """A number in [0, 1) fixed by (seed, key): the splitmix64 finaliser, cheaper than seeding a Random."""
    z = (seed * 0x9E3779B97F4A7C15 + key * 0xD1B54A32D192ED03 + 0x632BE59BD9B4E019) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return ((z ^ (z >> 31)) >> 11) * 2.0**-53


def _context(row: _Row, members: list[_Row], household: str) -> Context:
    supported = any(18 <= m.age <= 59 and m.id != row.id and m.death is None for m in members)
    kids = 0
    if (
        row.relationship == "head"
        and 18 <= row.age <= 59
        and not any(m.relationship == "spouse" for m in members)
    ):
        kids = sum(1 for m in members if m.relationship == "child" and m.age < 16)
    return Context(age=row.age, household=household, supported=supported, single_parent_of=kids)


def _facts(regime: str, clauses: tuple[str, ...], ctx: Context, rng: random.Random) -> dict[str, Any]:
    """The facts JSON in the shape `benefits.inputs.parse_facts` stores."""
    if regime == SP:
        # A few receive a small monthly social-insurance allowance, lower than the social pension.
        pension = 300_000 if rng.random() < 0.02 else 0
        return {"household": ctx.household, "pension_monthly": pension}
    disability = None
    if "6" in clauses:
        disability = "especially_severe" if rng.random() < 0.4 else "severe"
    return {
        "clauses": list(clauses),
        "disability": disability,
        "household": ctx.household,
        "children": ctx.single_parent_of if "4" in clauses else 0,
        "studying": "2" in clauses,
    }


# --- reading --------------------------------------------------------------------------------------


def _read(lo: int, hi: int, province_code: str | None, start: dt.date) -> list[_Row]:
    """The persons of one id range, alive at the start, with their household and whether already enrolled."""
    q = connection.ops.quote_name
    person, member, enrolment = (
        Person._meta.db_table,
        HouseholdMember._meta.db_table,
        Enrolment._meta.db_table,
    )
    sql = (
        f"SELECT p.id, p.commune_id, p.province_code, p.birth_date, p.birth_year, p.ethnicity, p.phone,"  # noqa: S608
        f" p.bank_account, p.death_date, m.household_id, m.relationship,"
        f" EXISTS (SELECT 1 FROM {q(enrolment)} e WHERE e.person_id = p.id AND e.status <> %s)"
        f" FROM {q(person)} p LEFT JOIN {q(member)} m ON m.person_id = p.id AND m.left_on IS NULL"
        # The range again on the members: otherwise PostgreSQL hashes the whole members table per chunk.
        f" AND m.person_id >= %s AND m.person_id < %s"
        f" WHERE p.id >= %s AND p.id < %s AND p.merged_into_id IS NULL"
        f" AND (p.death_date IS NULL OR p.death_date >= %s)"
    )
    params: list[Any] = [
        str(EnrolmentStatus.STOPPED),
        lo,
        hi,
        lo,
        hi,
        connection.ops.adapt_datefield_value(start),
    ]
    if province_code:
        sql += " AND p.province_code = %s"
        params.append(province_code)
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY p.id", params)
        raw = cursor.fetchall()
    rows, seen = [], set()
    for pid, commune, prov, birth, year, ethnicity, phone, account, death, household, rel, enrolled in raw:
        if pid in seen:  # a data error (two open memberships) must not enrol a person twice
            continue
        seen.add(pid)
        birth = _as_date(birth) or dt.date(year, 1, 1)  # year only: 1 January (social-insurance convention)
        rows.append(
            _Row(pid, commune, prov, birth, ethnicity != "01", phone or "", bool(account), _as_date(death),
                 household, rel or "", bool(enrolled))
        )  # fmt: skip
    return rows


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _communes_with_decisions(province_code: str | None) -> set[int]:
    qs = Decision.objects.filter(province_code=province_code) if province_code else Decision.objects.all()
    return set(qs.values_list("commune_id", flat=True).distinct())


# --- writing --------------------------------------------------------------------------------------


class _ChunkWriter:
    """Collects one chunk's rows, then writes them table by table (ids reserved first, so an enrolment
    and its decision can point at each other inside the chunk's transaction)."""

    def __init__(self, plan: _Plan, rng: random.Random) -> None:
        self.plan, self.rng = plan, rng
        self.items: list[tuple[_Row, str, dict, str, str]] = []

    @property
    def count(self) -> int:
        return len(self.items)

    def add(self, row: _Row, regime: str, facts: dict, text: str, clause: str) -> None:
        self.items.append((row, regime, facts, text, clause))

    def flush(self) -> None:
        if not self.items:
            return
        now = timezone.now()
        tables = {
            "enrolment": BulkInsert(Enrolment, _ENROLMENT_COLUMNS, now),
            "decision": BulkInsert(Decision, _DECISION_COLUMNS, now),
            "facts": BulkInsert(EnrolmentFacts, _FACTS_COLUMNS, now),
            "suspension": BulkInsert(Suspension, _SUSPENSION_COLUMNS, now),
        }
        enrolment_ids = tables["enrolment"].reserve(len(self.items))
        rows: dict[str, list[tuple]] = {name: [] for name in tables}
        accounts: list[tuple[int, str, str]] = []
        for (row, regime, facts, text, clause), enrolment_id in zip(self.items, enrolment_ids, strict=True):
            self._one(row, regime, facts, text, clause, enrolment_id, rows, accounts)
        decision_ids = tables["decision"].reserve(len(rows["decision"]))
        # Decisions were collected under their index in this chunk: resolve the references to ids now.
        resolve = decision_ids.__getitem__
        rows["decision"] = [(pk, *r[1:]) for pk, r in zip(decision_ids, rows["decision"], strict=True)]
        rows["enrolment"] = [
            (*r[:-2], resolve(r[-2]), None if r[-1] is None else resolve(r[-1])) for r in rows["enrolment"]
        ]
        for name in ("facts", "suspension"):
            ids = tables[name].reserve(len(rows[name]))
            rows[name] = [(pk, *r[:-1], resolve(r[-1])) for pk, r in zip(ids, rows[name], strict=True)]
        for name in ("decision", "enrolment", "facts", "suspension"):
            if rows[name]:
                tables[name].write(rows[name])
        _open_accounts(accounts, now)
        self.plan.accounts_opened += len(accounts)

    def _one(self, row: _Row, regime: str, facts: dict, facts_text: str, clause: str, enrolment_id: int,
             rows: dict[str, list[tuple]], accounts: list[tuple[int, str, str]]) -> None:  # fmt: skip
        plan, rng, date = self.plan, self.rng, connection.ops.adapt_datefield_value
        start = plan.start
        decision = self._decision(
            row, regime, DecisionKind.ENROL, start, start, facts_text, "", enrolment_id, rows
        )
        channel, provider, wallet, reason = self._channel(row, facts, accounts)
        status, end, ended_by = str(EnrolmentStatus.ACTIVE), None, None
        if row.death is not None:
            # Payment stops from the month after the death (Decree 20/2021/NĐ-CP, Art. 8(2)).
            status, end = str(EnrolmentStatus.STOPPED), month_of(row.death)
            signed = row.death + dt.timedelta(days=rng.randint(3, 20))
            why = f"Người hưởng qua đời ngày {row.death:%d/%m/%Y}"
            ended_by = self._decision(
                row, regime, DecisionKind.STOP, signed, add_months(end, 1), "{}", why, enrolment_id, rows
            )
        elif rng.random() < 0.01:
            status = str(EnrolmentStatus.SUSPENDED)
            since = add_months(start, rng.randint(1, 5))
            why = rng.choice(_SUSPEND_REASONS)
            signed = since + dt.timedelta(days=rng.randint(0, 20))
            stop = self._decision(
                row, regime, DecisionKind.SUSPEND, signed, since, "{}", why, enrolment_id, rows
            )
            rows["suspension"].append((enrolment_id, date(since), None, why, stop))
        rows["enrolment"].append(
            (enrolment_id, row.commune_id, row.province, row.id, regime, clause, facts_text, date(start),
             status, date(start), date(end), channel, reason, provider, wallet, decision, ended_by)
        )  # fmt: skip
        rows["facts"].append((enrolment_id, date(start), clause, facts_text, decision))

    def _decision(
        self,
        row: _Row,
        regime: str,
        kind: str,
        signed: dt.date,
        effective: dt.date,
        facts_text: str,
        reason: str,
        enrolment_id: int,
        rows: dict[str, list[tuple]],
    ) -> int:
        """Append a decision; returns its index in this chunk (resolved to its id when written)."""
        plan, date = self.plan, connection.ops.adapt_datefield_value
        if kind == DecisionKind.ENROL:
            signed = plan.start + dt.timedelta(days=self.rng.randint(0, 27))
        n = plan.numbers.get(row.commune_id, 0) + 1
        taken = plan.taken(row.commune_id)
        while f"{n}/QĐ-UBND" in taken:
            n += 1
        plan.numbers[row.commune_id] = n
        index = len(rows["decision"])
        rows["decision"].append(
            (index, row.commune_id, row.province, row.id, enrolment_id, regime, str(kind), f"{n}/QĐ-UBND",
             date(signed), self._signer(row.commune_id), date(effective), facts_text, reason)
        )  # fmt: skip
        return index

    def _signer(self, commune_id: int) -> str:
        signers = self.plan.signers
        found = signers.get(commune_id)
        if found is None:
            if not self.plan.communes:  # every commune's name at once: a few thousand rows
                self.plan.communes.update(AdminUnit.objects.filter(level="commune").values_list("pk", "name"))
            name = self.plan.communes.get(commune_id, "")
            found = signers[commune_id] = f"{_CHAIRS[commune_id % len(_CHAIRS)]}, Chủ tịch UBND {name}"[:120]
        return found

    def _channel(
        self, row: _Row, facts: dict, accounts: list[tuple[int, str, str]]
    ) -> tuple[str, str, str, str]:
        """(channel, wallet provider, wallet account, cash reason)."""
        rng = self.rng
        u = rng.random()
        if row.has_bank:
            if u < 0.93:
                return str(Channel.BANK), "", "", ""
            return self._wallet(row) if u < 0.97 else (str(Channel.CASH), "", "", _CASH_REASONS["asked"])
        if row.age >= 18 and u < (0.7 if row.age < 80 else 0.55):
            accounts.append((row.id, *_new_account(rng)))
            return str(Channel.BANK), "", "", ""
        if rng.random() < 0.5:
            return self._wallet(row)
        if row.age < 16:
            why = "child"
        elif facts.get("disability") == "especially_severe":
            why = "disabled"
        elif row.age >= 75:
            why = "elderly"
        else:
            why = "remote"
        return str(Channel.CASH), "", "", _CASH_REASONS[why]

    def _wallet(self, row: _Row) -> tuple[str, str, str, str]:
        rng = self.rng
        provider = _pick(rng, [name for name, _w in _WALLETS], [w for _n, w in _WALLETS])
        phone = row.phone or f"{rng.choice(_PHONE_PREFIXES)}{rng.randrange(10**7):07d}"
        return str(Channel.EWALLET), provider, phone, ""


def _pick[T](rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    u = rng.random() * sum(weights)
    for item, weight in zip(items, weights, strict=True):
        u -= weight
        if u <= 0:
            return item
    return items[-1]


def _new_account(rng: random.Random) -> tuple[str, str]:
    code, _weight, length = _pick(rng, _OPEN_BANKS, [w for _c, w, _n in _OPEN_BANKS])
    return code, str(rng.randrange(10 ** (length - 1), 10**length))


def _open_accounts(accounts: list[tuple[int, str, str]], now: dt.datetime) -> None:
    """Record on the persons the accounts opened to receive the allowance (one statement per chunk)."""
    if not accounts:
        return
    q = connection.ops.quote_name
    table = q(Person._meta.db_table)
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids, codes, numbers = (list(col) for col in zip(*accounts, strict=True))
            cursor.execute(
                f"UPDATE {table} AS p SET bank_code = u.code, bank_account = u.account,"  # noqa: S608
                " version = p.version + 1, updated_at = %s"
                " FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS u(id, code, account)"
                " WHERE p.id = u.id",
                [stamp, ids, codes, numbers],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET bank_code = %s, bank_account = %s, version = version + 1,"  # noqa: S608
                " updated_at = %s WHERE id = %s",
                [(code, number, stamp, pid) for pid, code, number in accounts],
            )


_ENROLMENT_COLUMNS = [
    "commune_id", "province_code", "person_id", "regime", "clause", "facts", "facts_from", "status",
    "start_month", "end_month", "channel", "cash_reason", "wallet_provider", "wallet_account", "decision_id",
    "end_decision_id",
]  # fmt: skip
_DECISION_COLUMNS = [
    "commune_id", "province_code", "person_id", "enrolment_id", "regime", "kind", "number", "signed_on",
    "signer", "effective_month", "facts", "reason",
]  # fmt: skip
_FACTS_COLUMNS = ["enrolment_id", "from_month", "clause", "facts", "decision_id"]
_SUSPENSION_COLUMNS = ["enrolment_id", "from_month", "to_month", "reason", "decision_id"]
