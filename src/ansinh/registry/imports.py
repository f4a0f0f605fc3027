"""Import of persons and households from a spreadsheet (.xlsx) or a CSV file — all or nothing.

The file (read by `core.tabular`, as every import of the system) has one header row, then one row per
person. Headers match without regard to accents or case. Each row is checked as the person form checks
it (`registry.services.person_clean`: personal ID structure against birth and sex, name, full date or
year only, commune in the importer's scope, bank and account), then:

- the personal ID must be free (in scope: "already registered"; out of scope: the neutral
  `registered_elsewhere`), and not repeated in the file;
- persons probably already registered (`registry.candidates`, the same check as at entry) refuse the row
  unless it says which existing person it is (column "Là người số") or why it is a new person (column
  "Lý do tạo người mới"); out-of-scope candidates are only "a possible match exists in another unit";
- households: rows with the same "Mã hộ trong tệp" form one household, with exactly one "Chủ hộ" and
  each member's relationship to the head; all in the head's commune.

If any row is refused nothing is written and `ImportRefused` lists every refusal (row, column, reason).
Otherwise persons, households and memberships go in with set-based inserts in one transaction, each with
its audit event, and one event records the file. A commune code from before the 2025 reform is taken as
its (default) successor commune.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, reference, scope
from ansinh.core.actors import Actor
from ansinh.core.bulk import BulkInsert, cyclic_gc_paused
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.models import AuditAction, AuditEvent
from ansinh.core.scope import require
from ansinh.core.tabular import Column, ImportRefused, RowError, blank, excel_date, match_headers, read_table
from ansinh.core.text import fold
from ansinh.geo.models import AdminUnit, Level, Structure, UnitLineage
from ansinh.registry import candidates, codes, resolve, search, services
from ansinh.registry.inputs import PersonData, parse_person
from ansinh.registry.models import Household, HouseholdMember, Person, Relationship

MAX_ROWS = 5_000  # imported inside the web request or API call; longer files go to the task queue
JOB_MAX_ROWS = 100_000  # the most one file may hold
JOB = "registry.import"
PROGRESS_EVERY = 1_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = [
    Column(
        "household_key",
        "Mã hộ trong tệp",
        False,
        "H1",
        "Các dòng cùng mã là một hộ gia đình (mã chỉ dùng trong tệp này). Bỏ trống nếu không lập hộ.",
        text=True,
    ),
    Column(
        "relationship", "Quan hệ với chủ hộ", False, "Chủ hộ", "Xem trang Quan hệ. Mỗi hộ có đúng một Chủ hộ."
    ),
    Column("full_name", "Họ và tên", True, "Lò Văn Thắng"),
    Column(
        "personal_id",
        "Số định danh cá nhân",
        False,
        "011090012345",
        "12 chữ số (CCCD), khớp năm sinh và giới tính.",
        text=True,
    ),
    Column("birth_date", "Ngày sinh", False, "16/05/1990", "dd/mm/yyyy. Bỏ trống nếu chỉ biết năm sinh."),
    Column("birth_year", "Năm sinh", False, "", "Chỉ khi không biết ngày sinh đầy đủ."),
    Column("sex", "Giới tính", True, "Nam", "Nam hoặc Nữ."),
    Column(
        "ethnicity", "Mã dân tộc", False, "01", "Mã 2 chữ số của Tổng cục Thống kê (01 = Kinh).", text=True
    ),
    Column(
        "commune",
        "Mã xã/phường nơi ở",
        True,
        "03199",
        "Mã 5 chữ số của xã/phường trong phạm vi của bạn (trang Mã xã/phường); mã cũ trước 1/7/2025 "
        "được đổi sang xã/phường mới.",
        text=True,
    ),
    Column("address_detail", "Địa chỉ (thôn, bản, tổ dân phố)", False, "Bản Noong Bua"),
    Column("phone", "Điện thoại", False, "0912345678", text=True),
    Column(
        "bank_code",
        "Mã ngân hàng",
        False,
        "",
        "Xem trang Ngân hàng. Có mã ngân hàng thì phải có số tài khoản.",
    ),
    Column("bank_account", "Số tài khoản", False, "", text=True),
    Column(
        "link_to",
        "Là người số",
        False,
        "",
        "Khi hệ thống báo người này có thể đã có: số (mã) của người đã có; dòng này không tạo người mới.",
        text=True,
    ),
    Column(
        "new_reason",
        "Lý do tạo người mới",
        False,
        "",
        "Khi hệ thống báo có người giống nhưng đây là người khác: ghi lý do.",
    ),
]
_HEADERS = {c.key: c.header for c in COLUMNS}
_TEXT = {c.key for c in COLUMNS if c.text}
_WIDTHS = {"personal_id": 12, "commune": 5, "ethnicity": 2}
_SEX = {"nam": "M", "m": "M", "male": "M", "nu": "F", "f": "F", "female": "F"}
RELATIONSHIP_LABELS = {
    Relationship.HEAD: "Chủ hộ",
    Relationship.SPOUSE: "Vợ/chồng",
    Relationship.CHILD: "Con",
    Relationship.PARENT: "Bố/mẹ",
    Relationship.GRANDCHILD: "Cháu",
    Relationship.GRANDPARENT: "Ông/bà",
    Relationship.SIBLING: "Anh/chị/em",
    Relationship.CHILD_IN_LAW: "Con dâu/con rể",
    Relationship.OTHER_RELATIVE: "Họ hàng khác",
    Relationship.OTHER: "Khác",
}
_RELATIONSHIP_VALUES = frozenset(str(v) for v in RELATIONSHIP_LABELS)
_RELATIONSHIPS: dict[str, str] = {}
for _value, _label in RELATIONSHIP_LABELS.items():
    _RELATIONSHIPS[fold(_label)] = _value
    _RELATIONSHIPS[_value] = _value
    for _part in _label.split("/"):
        _RELATIONSHIPS.setdefault(fold(_part), _value)
_RELATIONSHIPS.update({"vo": "spouse", "chong": "spouse", "cha": "parent", "con re": "child_in_law"})


@dataclass
class ImportResult:
    created: int  # new persons
    linked: int = 0  # rows that named an existing person
    households: int = 0
    ids: list[int] = field(default_factory=list)
    seconds_checking: float = 0.0
    seconds_writing: float = 0.0
    # By phase ("rows", "ids", "screening", "households", "write persons", "write households", "audit",
    # "commit"): wall-clock seconds and this process's CPU seconds.
    phase_seconds: dict[str, float] = field(default_factory=dict)
    phase_cpu_seconds: dict[str, float] = field(default_factory=dict)


class _Phases:
    """Where an import spends its time, phase by phase (wall clock and this process's CPU)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def lap(self, name: str) -> None:
        """The time since the previous lap goes to `name`."""
        wall, cpu = time.perf_counter(), time.process_time()
        self.wall[name] = self.wall.get(name, 0.0) + wall - self._wall
        self.cpu[name] = self.cpu.get(name, 0.0) + cpu - self._cpu
        self._wall, self._cpu = wall, cpu


@dataclass
class _Row:
    number: int  # as the spreadsheet numbers it: the header is row 1
    record: dict[str, Any]
    values: dict[str, Any] | None = None  # what person_clean returned
    data: PersonData | None = None
    link_to: Person | None = None
    household_key: str = ""
    relationship: str = ""


def _no_progress(done: int, total: int | None, message: Any) -> None:
    return None


# --- reading -----------------------------------------------------------------------------------------


def _cell(key: str, value: Any) -> Any:
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if key == "birth_date":
        return _day(value) if isinstance(value, str) else excel_date(value)
    if key in _TEXT and isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        if key == "phone" and len(digits) in (9, 10):
            return "0" + digits
        return digits.zfill(_WIDTHS[key]) if key in _WIDTHS else digits
    if key == "sex":
        return _SEX.get(fold(str(value)).strip(), str(value))
    if key == "relationship":
        return _RELATIONSHIPS.get(fold(str(value)).strip(), str(value))
    return value if isinstance(value, dt.date) else str(value).strip()


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _day(text: str) -> Any:
    """ "16/05/1990" as a date without strptime (a file holds thousands); anything else is left to the
    form's date parser, which explains what is wrong with it."""
    found = _DMY.fullmatch(text.strip())
    if found is None:
        return text.strip()
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return text.strip()


def records_of(filename: str, content: bytes, max_rows: int) -> list[dict[str, Any]]:
    """The rows of the file as {column key: value}; ApplicationError for a file that cannot be read."""
    with cyclic_gc_paused():
        return _records(filename, content, max_rows)


def _records(filename: str, content: bytes, max_rows: int) -> list[dict[str, Any]]:
    table = read_table(filename, content)
    found = match_headers(COLUMNS, table[0])
    rows = table[1:]
    _check_size(len(rows), max_rows)
    width = max(found.values()) + 1
    rows = [row if len(row) >= width else [*row, *[""] * (width - len(row))] for row in rows]
    # Column by column: a column of text cells only (what CSV files and most sheets hold) is stripped
    # in one pass; any other goes through `_cell` for each value.
    columns = []
    for key, i in found.items():
        values = [row[i] for row in rows]
        read = _reader(key)
        if key not in _CODED and set(map(type, values)) <= {str}:
            columns.append(list(map(str.strip, values)))
        else:
            columns.append(list(map(read, values)))
    keys = list(found)
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]


_CODED = frozenset({"sex", "relationship", "birth_date"})  # a text cell is read, not only stripped


def _reader(key: str) -> Callable[[Any], Any]:
    """`_cell` for one column, with the common case (a string cell) first: the same values, without
    re-deciding per cell what the column is; sex, relationship and birth date read each distinct text once."""
    if key in _CODED:
        seen: dict[str, Any] = {}

        def coded(value: Any) -> Any:
            if type(value) is str:
                found = seen.get(value)
                if found is None:
                    found = seen[value] = _cell(key, value)
                return found
            return _cell(key, value)

        return coded
    return lambda value: value.strip() if type(value) is str else _cell(key, value)


def _check_size(rows: int, max_rows: int) -> None:
    if rows > max_rows:
        raise ApplicationError(
            "import.too_many_rows",
            _("The file has %(n)d rows; import at most %(max)d at a time.") % {"n": rows, "max": max_rows},
            field="file",
        )


def _communes(actor: Actor, codes: set[str]) -> tuple[dict[str, AdminUnit], dict[int, AdminUnit]]:
    """Commune code in the file → current commune (an old code → its default successor); and the
    current communes inside the actor's scope by id (what `person_clean` accepts)."""
    by_code = {u.code: u for u in AdminUnit.objects.current().filter(level=Level.COMMUNE, code__in=codes)}
    old = codes - set(by_code)
    if old:
        links = UnitLineage.objects.filter(
            predecessor__code__in=old,
            predecessor__level=Level.COMMUNE,
            successor__structure=Structure.REFORM_2025,
            successor__valid_to__isnull=True,
        ).select_related("predecessor", "successor")
        for link in sorted(links, key=lambda x: not x.is_default):
            by_code.setdefault(link.predecessor.code, link.successor)
    in_scope = {
        u.pk: u
        for u in by_code.values()
        if scope.in_scope(actor, province_code=u.province_code, commune_id=u.pk)
    }
    return by_code, in_scope


# --- checking ----------------------------------------------------------------------------------------


class _Errors:
    def __init__(self) -> None:
        self.rows: list[RowError] = []

    def add(self, row: int, key: str, code: str, message: Any) -> None:
        self.rows.append(RowError(row, _HEADERS.get(key, ""), key, code, str(message)))

    def error(self, row: int, error: ApplicationError) -> None:
        key = error.field or ""
        key = {"commune_id": "commune"}.get(key, key)
        self.add(row, key, error.code, error.message)


def _parse(row: _Row, errors: _Errors) -> PersonData | None:
    raw = row.record.copy()
    for key in ("household_key", "relationship", "commune"):
        raw.pop(key, None)
    raw["confirm_new"] = bool(raw.get("new_reason"))
    try:
        return parse_person(raw)
    except ValidationFailed as exc:
        for e in exc.errors:
            errors.error(row.number, e)
        return None


def _check_rows(
    actor: Actor, records: list[dict[str, Any]], progress: Callable[..., Any], phases: _Phases
) -> tuple[list[_Row], _Errors]:
    errors = _Errors()
    today = clock.today()
    codes = {str(r.get("commune") or "") for r in records} - {""}
    by_code, allowed = _communes(actor, codes)
    rows = [_Row(n, r) for n, r in enumerate(records, start=2)]
    total = len(rows)
    for done, row in enumerate(rows, start=1):
        record = row.record
        row.household_key = str(record.get("household_key") or "").strip().upper()
        row.relationship = str(record.get("relationship") or "")
        data = _parse(row, errors)
        if data is None:
            continue
        code = str(record.get("commune") or "")
        unit = by_code.get(code)
        if code and unit is None:
            errors.add(
                row.number,
                "commune",
                "commune.not_found",
                _("Unknown commune code %(code)s.") % {"code": code},
            )
            continue
        if unit is not None and unit.pk not in allowed:
            errors.add(
                row.number,
                "commune",
                "commune.out_of_scope",
                _("The commune %(code)s is outside your area.") % {"code": code},
            )
            continue
        data.commune_id = unit.pk if unit is not None else None
        row.data = data
        try:
            row.values, _commune = services.person_clean(actor, data, today, allowed)
        except ValidationFailed as exc:
            for e in exc.errors:
                errors.error(row.number, e)
        if done % PROGRESS_EVERY == 0:
            progress(done, 2 * total, _("Checking rows"))
    phases.lap("rows")
    _check_links(actor, rows, errors)
    _check_ids(actor, rows, errors)
    phases.lap("ids")
    _check_candidates(actor, rows, errors)
    phases.lap("screening")
    _check_households(rows, errors)
    phases.lap("households")
    return rows, errors


def _check_links(actor: Actor, rows: list[_Row], errors: _Errors) -> None:
    """Rows that name the existing person they are: that person must be in scope."""
    wanted = {r.data.link_to for r in rows if r.data is not None and r.data.link_to is not None}
    if not wanted:
        return
    found = {p.pk: p for p in scope.restrict(Person.objects.filter(pk__in=wanted), actor)}
    for row in rows:
        if row.data is None or row.data.link_to is None:
            continue
        row.link_to = found.get(row.data.link_to)
        if row.link_to is None:
            errors.add(row.number, "link_to", "link_to.not_found", _("Person not found."))
        elif (merged := resolve.merged_error(row.link_to, field="link_to")) is not None:
            errors.error(row.number, merged)
            row.link_to = None


def _check_ids(actor: Actor, rows: list[_Row], errors: _Errors) -> None:
    """Personal IDs: once in the file, and free in the registry."""
    first: dict[str, int] = {}
    for row in rows:
        number = row.values["personal_id"] if row.values and row.link_to is None else None
        if not number:
            continue
        if number in first:
            errors.add(
                row.number,
                "personal_id",
                "personal_id.repeated",
                _("The same personal ID number as row %(row)d.") % {"row": first[number]},
            )
        else:
            first[number] = row.number
    if not first:
        return
    taken = _stored_ids(list(first))
    visible: set[str] = set()
    listed = sorted(taken)
    for at in range(0, len(listed), 1000):
        chunk = Person.objects.filter(personal_id__in=listed[at : at + 1000])
        visible.update(scope.restrict(chunk, actor).values_list("personal_id", flat=True))
    for number in taken:
        refusal = resolve.duplicate_in_scope() if number in visible else resolve.registered_elsewhere()
        errors.error(first[number], refusal)


def _stored_ids(numbers: list[str]) -> set[str]:
    """Which of these personal IDs the registry already holds, in whichever unit: one query per 50,000
    numbers, the list passed as one parameter (a PostgreSQL array, a JSON array on SQLite)."""
    postgres = connection.vendor == "postgresql"
    listed = "= ANY(%s::text[])" if postgres else "IN (SELECT value FROM json_each(%s))"
    table = connection.ops.quote_name(Person._meta.db_table)
    sql = f"SELECT personal_id FROM {table} WHERE personal_id {listed}"  # noqa: S608
    taken: set[str] = set()
    with connection.cursor() as cursor:
        for at in range(0, len(numbers), 50_000):
            chunk = numbers[at : at + 50_000]
            cursor.execute(sql, [chunk if postgres else json.dumps(chunk)])
            taken.update(row[0] for row in cursor.fetchall())
    return taken


def _check_candidates(actor: Actor, rows: list[_Row], errors: _Errors) -> None:
    """Persons probably already registered, or twice in the file: the row says which existing person it
    is, or why it is a new one."""
    pending = [r for r in rows if r.values is not None and r.link_to is None]
    # Twice in the file: the same folded name, birth and commune.
    seen: dict[tuple, int] = {}
    for row in pending:
        assert row.values is not None
        v = row.values
        key = (v["name_folded"], v["birth_date"] or v["birth_year"], v["commune_id"])
        if key in seen and not (row.data and row.data.new_reason):
            errors.add(
                row.number,
                "full_name",
                "person.repeated",
                _(
                    "Probably the same person as row %(row)d (same name, birth and commune); remove one "
                    "row or give the reason in the column “Lý do tạo người mới”."
                )
                % {"row": seen[key]},
            )
        seen.setdefault(key, row.number)
    probes = [candidates.Probe.of(r.values) for r in pending if r.values is not None]
    found = candidates.find(probes)
    suspect = [(row, cands) for row, cands in zip(pending, found, strict=True) if cands]
    if not suspect:
        return
    visible_ids = {
        pk
        for pk in scope.restrict(
            Person.objects.filter(pk__in={c.person_id for _r, cands in suspect for c in cands}), actor
        ).values_list("pk", flat=True)
    }
    if not actor.can("registry.view"):
        visible_ids = set()
    for row, cands in suspect:
        assert row.data is not None
        if row.data.new_reason:
            if len(row.data.new_reason.strip()) < resolve.MIN_REASON:
                errors.error(row.number, resolve.decision_errors(row.data)[0])
            continue
        shown = [c for c in cands if c.person_id in visible_ids]
        if shown:
            listed = "; ".join(
                f"{c.person_id} ({c.record.full_name}, {c.record.birth_date or c.record.birth_year})"
                for c in shown
                if c.record is not None
            )
            message = _(
                "Possibly already registered: no. %(persons)s. Put the number of this person in the column "
                "“Là người số”, or give the reason for a new person in the column “Lý do tạo người mới”."
            ) % {"persons": listed}
        else:
            message = _(
                "A possible match exists in another unit; ask the province. For a new person, give the "
                "reason in the column “Lý do tạo người mới”."
            )
        errors.add(row.number, "full_name", "person.possible_duplicate", message)


def _check_households(rows: list[_Row], errors: _Errors) -> None:
    groups: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        if row.household_key:
            if row.relationship not in _RELATIONSHIP_VALUES:
                message = (
                    _("Give the relationship to the head of household (see the sheet “Quan hệ”).")
                    if not row.relationship
                    else _("Unknown relationship “%(value)s”; see the sheet “Quan hệ”.")
                    % {"value": row.relationship[:40]}
                )
                errors.add(row.number, "relationship", "relationship.invalid", message)
            groups[row.household_key].append(row)
        elif row.relationship:
            errors.add(
                row.number,
                "household_key",
                "household_key.required",
                _("A relationship needs the household key: rows with the same key form one household."),
            )
    linked = [r.link_to.pk for r in rows if r.link_to is not None and r.household_key]
    members = set(
        HouseholdMember.objects.filter(person_id__in=linked, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    for key, group in groups.items():
        heads = [r for r in group if r.relationship == Relationship.HEAD]
        if len(heads) != 1:
            message = (
                _("Household %(key)s has no head (“Chủ hộ”).")
                if not heads
                else _("Household %(key)s has %(n)d heads; it must have one.")
            ) % {"key": key, "n": len(heads)}
            for row in heads[1:] or group[:1]:
                errors.add(row.number, "relationship", "household.head", message)
            continue
        commune = _commune_of(heads[0])
        for row in group:
            if row.link_to is not None and row.link_to.pk in members:
                errors.add(
                    row.number,
                    "link_to",
                    "person.already_member",
                    _("This person already belongs to a household; remove them from it first."),
                )
            here = _commune_of(row)
            if commune is not None and here is not None and here != commune:
                errors.add(
                    row.number,
                    "commune",
                    "household.commune",
                    _(
                        "A household lives in one commune: this row's commune differs from the head's (row "
                        "%(row)d)."
                    )
                    % {"row": heads[0].number},
                )


def _commune_of(row: _Row) -> int | None:
    if row.link_to is not None:
        return row.link_to.commune_id
    return row.values["commune_id"] if row.values and "commune_id" in row.values else None


# --- writing -----------------------------------------------------------------------------------------

_PERSON_COLUMNS = [
    "commune_id",
    "province_code",
    "personal_id",
    "full_name",
    "name_folded",
    "birth_date",
    "birth_year",
    "birth_date_precision",
    "sex",
    "ethnicity",
    "address_detail",
    "phone",
    "bank_code",
    "bank_account",
    "status",
    "death_date",
    "search_doc",
    "created_by_id",
    "updated_by_id",
]
_HOUSEHOLD_COLUMNS = [
    "code",
    "commune_id",
    "province_code",
    "head_id",
    "address_detail",
    "created_by_id",
    "updated_by_id",
]
_MEMBER_COLUMNS = ["household_id", "person_id", "relationship", "joined_on"]
_AUDITED = [f for f in services.PERSON_AUDIT_FIELDS]


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _write(actor: Actor, rows: list[_Row], filename: str, sha256: str, phases: _Phases) -> ImportResult:
    now = timezone.now()
    date = connection.ops.adapt_datefield_value
    user = user_of(actor)
    user_id = user.pk if user is not None else None
    new = [r for r in rows if r.link_to is None and r.values is not None]
    person_rows = []
    for row in new:
        v = row.values
        assert v is not None
        doc = search.build_doc(
            name_folded=v["name_folded"],
            birth_year=v["birth_year"],
            province_code=v["province_code"],
            commune_id=v["commune_id"],
        )
        person_rows.append(
            (
                v["commune_id"],
                v["province_code"],
                v["personal_id"],
                v["full_name"],
                v["name_folded"],
                date(v["birth_date"]),
                v["birth_year"],
                str(v["birth_date_precision"]),
                v["sex"],
                v["ethnicity"],
                v["address_detail"],
                v["phone"],
                v["bank_code"],
                v["bank_account"],
                v["status"],
                date(v["death_date"]),
                doc,
                user_id,
                user_id,
            )
        )
    ids = BulkInsert(Person, _PERSON_COLUMNS, now).run(person_rows)
    phases.lap("write persons")
    person_of: dict[int, int] = {}  # row number → person id
    for row, pk in zip(new, ids, strict=True):
        person_of[row.number] = pk
    for row in rows:
        if row.link_to is not None:
            person_of[row.number] = row.link_to.pk
    events = _Events(actor)
    for row, pk in zip(new, ids, strict=True):
        v = row.values
        assert v is not None
        after = {name: _jsonable(v.get(name)) for name in _AUDITED}
        after["import"] = filename
        if row.data is not None and row.data.new_reason:
            after["entry_check"] = {"confirmed_new": row.data.new_reason}
        events.add("registry.person", pk, v["full_name"], v["province_code"], after)
    phases.lap("audit")
    households = _write_households(actor, rows, person_of, now, user_id, events)
    phases.lap("write households")
    events.write(now)
    phases.lap("audit")
    return ImportResult(
        created=len(ids), linked=sum(1 for r in rows if r.link_to is not None), households=households, ids=ids
    )


class _Events:
    """The creation events of the imported rows, as `audit.event` builds them, written with one set-based
    insert (the ORM's `bulk_create` spends more time preparing thousands of JSON values than the rows
    take to write)."""

    _COLUMNS = ["actor_id", "actor_label", "action", "object_type", "object_id", "object_label",
                "province_code", "after", "ip", "request_id"]  # fmt: skip

    def __init__(self, actor: Actor) -> None:
        model = audit.event(actor=actor, action=AuditAction.CREATE, object_type="registry.person")
        self.head = (model.actor_id, model.actor_label, str(AuditAction.CREATE))
        self.tail = (model.ip, model.request_id)
        self.rows: list[tuple] = []

    def add(self, object_type: str, pk: int, label: str, province: str, after: dict[str, Any]) -> None:
        document = json.dumps(after, cls=DjangoJSONEncoder)
        self.rows.append((*self.head, object_type, str(pk), label[:200], province, document, *self.tail))

    def write(self, now: dt.datetime) -> None:
        BulkInsert(AuditEvent, self._COLUMNS, now).run(self.rows)


def _write_households(
    actor: Actor,
    rows: list[_Row],
    person_of: dict[int, int],
    now: dt.datetime,
    user_id: int | None,
    events: _Events,
) -> int:
    groups: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        if row.household_key:
            groups[row.household_key].append(row)
    if not groups:
        return 0
    units = {u.pk: u for u in AdminUnit.objects.filter(pk__in={_commune_of(g[0]) for g in groups.values()})}
    household_rows, heads = [], []
    taken: set[str] = set()
    for group in groups.values():
        head = next(r for r in group if r.relationship == Relationship.HEAD)
        commune = units[_commune_of(head) or 0]
        code = codes.new_household_code(commune.code)
        while code in taken:
            code = codes.new_household_code(commune.code)
        taken.add(code)
        address = head.values["address_detail"] if head.values else head.link_to.address_detail  # type: ignore[union-attr]
        household_rows.append(
            (code, commune.pk, commune.province_code, person_of[head.number], address, user_id, user_id)
        )
        heads.append(head)
    household_ids = BulkInsert(Household, _HOUSEHOLD_COLUMNS, now).run(household_rows)
    member_rows = []
    for (key, group), household_id, values in zip(groups.items(), household_ids, household_rows, strict=True):
        for row in group:
            member_rows.append((household_id, person_of[row.number], row.relationship, None))
        after = {"code": values[0], "commune_id": values[1], "head_id": values[3],
                 "members": [person_of[r.number] for r in group], "import_key": key}  # fmt: skip
        events.add("registry.household", household_id, values[0], values[2], after)
    BulkInsert(HouseholdMember, _MEMBER_COLUMNS, now).run(member_rows)
    return len(household_ids)


# --- importing ---------------------------------------------------------------------------------------


def import_file(
    *,
    actor: Actor,
    filename: str,
    content: bytes,
    max_rows: int = MAX_ROWS,
    progress: Callable[..., Any] | None = None,
) -> ImportResult:
    """Import every row of the file or none; raises ImportRefused (row errors) or ApplicationError (file)."""
    require(actor, "registry.change")
    return import_records(
        actor=actor,
        records=records_of(filename, content, max_rows),
        filename=filename,
        sha256=hashlib.sha256(content).hexdigest(),
        progress=progress,
    )


def import_records(
    *,
    actor: Actor,
    records: list[dict[str, Any]],
    filename: str = "",
    sha256: str = "",
    progress: Callable[..., Any] | None = None,
) -> ImportResult:
    require(actor, "registry.change")
    with cyclic_gc_paused():
        return _import(actor, records, filename, sha256, progress or _no_progress)


def _import(
    actor: Actor, records: list[dict[str, Any]], filename: str, sha256: str, progress: Callable[..., Any]
) -> ImportResult:
    started = time.perf_counter()
    phases = _Phases()
    rows, errors = _check_rows(actor, records, progress, phases)
    if errors.rows:
        errors.rows.sort(key=lambda e: (e.row, e.column))
        raise ImportRefused(errors.rows, total=len(records))
    checked = time.perf_counter()
    progress(len(rows), 2 * len(rows), _("Importing rows"))
    with transaction.atomic():
        result = _write(actor, rows, filename[:200], sha256, phases)
        audit.record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="registry.import",
            object_label=filename[:200],
            province_code=_province(actor),
            after={
                "rows": len(rows),
                "created": result.created,
                "linked": result.linked,
                "households": result.households,
                "file": filename[:200],
                "sha256": sha256,
            },
        )
        phases.lap("audit")
    phases.lap("commit")
    result.seconds_checking = checked - started
    result.seconds_writing = time.perf_counter() - checked
    result.phase_seconds, result.phase_cpu_seconds = phases.wall, phases.cpu
    return result


def _province(actor: Actor) -> str:
    return getattr(getattr(actor, "scope_unit", None), "province_code", "") or ""


def import_or_start(*, actor: Actor, filename: str, content: bytes) -> ImportResult | Any:
    """A file of at most MAX_ROWS rows is imported now (an ImportResult); a longer one (up to
    JOB_MAX_ROWS) goes to the task queue, all or nothing as well, and its Job is returned."""
    require(actor, "registry.change")
    table = read_table(filename, content)
    match_headers(COLUMNS, table[0])
    rows = len(table) - 1
    if rows <= MAX_ROWS:
        return import_file(actor=actor, filename=filename, content=content)
    _check_size(rows, JOB_MAX_ROWS)
    return _start_job(actor, filename, content)


def _start_job(actor: Actor, filename: str, content: bytes) -> Any:
    """Keep the file where the worker can read it, and queue its import (`registry.jobs.import_job`)."""
    import uuid
    from pathlib import Path

    from django.conf import settings

    from ansinh.core.jobs import job_start

    folder = Path(settings.FILES_DIR, "registry", "imports")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(filename).suffix.lower()[:6]}"
    path.write_bytes(content)
    params = {"path": str(path), "filename": filename[:200]}
    return job_start(actor=actor, kind=JOB, params=params, province_code=_province(actor))


# --- the template ------------------------------------------------------------------------------------


def scope_communes(actor: Actor) -> list[AdminUnit]:
    """The current communes of the actor's scope (the template lists them)."""
    units = AdminUnit.objects.current().filter(level=Level.COMMUNE)
    level = getattr(actor, "scope_level", None)
    unit = getattr(actor, "scope_unit", None)
    if level == "province" and unit is not None:
        units = units.filter(province_code=unit.code)
    elif level == "commune" and unit is not None:
        units = units.filter(pk=unit.pk)
    elif level is not None:
        units = units.none()
    return list(units.select_related("parent").order_by("province_code", "code"))


def template_xlsx(actor: Actor) -> bytes:
    """The import template: the data sheet (header, example row), instructions, the communes of the
    actor's scope, the relationships and the banks."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True})
    as_text = book.add_format({"num_format": "@"})
    communes = scope_communes(actor)
    data = book.add_worksheet("Dữ liệu")
    for i, column in enumerate(COLUMNS):
        data.write_string(0, i, column.header, required if column.required else bold)
        data.set_column(i, i, max(14, min(40, len(column.header) + 4)), as_text if column.text else None)
        example = column.example
        if column.key == "commune" and communes:
            example = communes[0].code
        data.write_string(1, i, str(example))
    data.freeze_panes(1, 0)
    sheet = book.add_worksheet("Hướng dẫn")
    sheet.write_row(0, 0, ["Cột", "Bắt buộc", "Ví dụ", "Ghi chú"], bold)
    for row, column in enumerate(COLUMNS, start=1):
        sheet.write_row(
            row, 0, [column.header, "Có" if column.required else "", str(column.example), column.help]
        )
    sheet.write_string(
        len(COLUMNS) + 2,
        0,
        "Xóa dòng ví dụ trước khi nhập. Tệp CSV phải lưu dạng UTF-8. Nếu có dòng lỗi, không dòng nào được "
        "nhập; hệ thống liệt kê mọi dòng lỗi, cột và lý do.",
    )
    sheet.set_column(0, 0, 36)
    sheet.set_column(3, 3, 90)
    codes = book.add_worksheet("Mã xã phường")
    codes.write_row(0, 0, ["Mã xã/phường", "Tên xã/phường", "Mã tỉnh", "Tỉnh/thành phố"], bold)
    for i, unit in enumerate(communes, start=1):
        parent = unit.parent.name if unit.parent is not None else ""
        codes.write_row(i, 0, [unit.code, unit.name, unit.province_code, parent])
    codes.set_column(0, 0, 14)
    codes.set_column(1, 1, 36)
    codes.set_column(3, 3, 30)
    kinds = book.add_worksheet("Quan hệ")
    kinds.write_row(0, 0, ["Quan hệ với chủ hộ"], bold)
    for i, label in enumerate(RELATIONSHIP_LABELS.values(), start=1):
        kinds.write_string(i, 0, label)
    kinds.set_column(0, 0, 30)
    banks = book.add_worksheet("Ngân hàng")
    banks.write_row(0, 0, ["Mã ngân hàng", "Tên"], bold)
    for i, bank in enumerate(reference.banks(), start=1):
        banks.write_row(i, 0, [bank.code, bank.name])
    banks.set_column(1, 1, 50)
    book.close()
    return out.getvalue()


__all__ = [
    "COLUMNS",
    "JOB",
    "ImportRefused",
    "ImportResult",
    "import_file",
    "import_or_start",
    "template_xlsx",
]
