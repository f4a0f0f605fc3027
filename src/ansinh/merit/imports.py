"""Import of a province's lists of people with merit from a spreadsheet (.xlsx) or a CSV file — all or
nothing.

One row per person and category: the person found in the registry by personal ID (a person who is not in
the registry, or lives outside the importer's units, is refused: persons are registered, or linked, through
the registry's own import first, so that nobody is typed twice), the category (a code of
`merit.rules.CATEGORIES` or its Vietnamese name), the recognition decision (number, date, deciding body),
the dossier number, for the rated categories the body-injury rate with its medical assessment (date,
council), and for a martyr's relative the martyr's "Tổ quốc ghi công" certificate number and the relation.

Every row is checked; if any row is refused nothing is written and `ImportRefused` lists every refusal
(row, column, reason) as every import of the system reports them (`core.tabular`). Otherwise each row gives
the person's record in its category, managed by the importer's province, with its assessment and the link
to the martyr; each record is an audit event and one more records the file. A relative of several martyrs
has one row per martyr: the first makes the record, every row a link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.core.tabular import Column, ImportRefused, RowError, blank, excel_date, match_headers, read_table
from ansinh.core.text import fold
from ansinh.geo.models import AdminUnit
from ansinh.merit import rules
from ansinh.merit.models import (
    ASSESSED_CATEGORIES,
    LIVE_STATUSES,
    Category,
    InjuryAssessment,
    Martyr,
    MartyrRelative,
    MeritRecord,
    RecordStatus,
    Relation,
)
from ansinh.merit.services import RECORD_AUDIT_FIELDS, RELATION_SEX, SEVERE_FROM, managing_province_for
from ansinh.registry.models import LifeStatus, Person, Sex

MAX_ROWS = 20_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = [
    Column("personal_id", "Số định danh cá nhân", True, "011048012345", "12 chữ số; người phải có trong "
           "cơ sở dữ liệu dân cư của hệ thống (nhập qua chức năng nhập nhân khẩu trước).", text=True),
    Column("full_name", "Họ và tên", False, "Lò Văn Tâm", "Để đối chiếu: phải trùng họ tên trong hệ thống."),
    Column("category", "Diện đối tượng", True, "war_invalid",
           "Mã hoặc tên diện: " + ", ".join(rules.CATEGORIES) + "."),
    Column("decision_number", "Số quyết định công nhận", True, "1234/QĐ-SNV", "", text=True),
    Column("decision_date", "Ngày quyết định", True, "04/05/2020", "dd/mm/yyyy."),
    Column("decision_body", "Cơ quan quyết định", True, "Sở Nội vụ tỉnh Điện Biên",
           "Ghi như trên quyết định."),
    Column("dossier_number", "Số hồ sơ", False, "DB-TB-0001", "Không trùng trong tỉnh.", text=True),
    Column("injury_rate", "Tỷ lệ tổn thương cơ thể (%)", False, "61", "Bắt buộc với thương binh, "
           "thương binh loại B, bệnh binh, người hoạt động kháng chiến bị nhiễm chất độc hóa học; "
           "bỏ trống với diện khác."),
    Column("especially_severe", "Đặc biệt nặng", False, "", "Ghi \"Có\" nếu vết thương đặc biệt nặng "
           "(chỉ từ 81 %)."),
    Column("assessed_on", "Ngày giám định", False, "12/03/2019", "dd/mm/yyyy; bắt buộc khi có tỷ lệ."),
    Column("medical_council", "Hội đồng giám định y khoa", False, "Hội đồng GĐYK tỉnh Điện Biên",
           "Bắt buộc khi có tỷ lệ."),
    Column("martyr_certificate", "Số bằng Tổ quốc ghi công", False, "", "Thân nhân liệt sĩ: số bằng của "
           "liệt sĩ đã có trong hệ thống. Thân nhân của nhiều liệt sĩ: mỗi liệt sĩ một dòng.", text=True),
    Column("relation", "Quan hệ với liệt sĩ", False, "", "Thân nhân liệt sĩ: Cha đẻ, Mẹ đẻ, Vợ/chồng, Con, "
           "Người có công nuôi liệt sĩ."),
    Column("nurtured_years", "Số năm nuôi dưỡng", False, "", "Người có công nuôi liệt sĩ: ít nhất 10."),
]  # fmt: skip
HEADERS = {c.key: c.header for c in COLUMNS}

_RELATION_WORDS = {"cha": Relation.FATHER, "me": Relation.MOTHER, "vo": Relation.SPOUSE,
                   "chong": Relation.SPOUSE, "nguoi nuoi duong": Relation.NURTURER}  # fmt: skip


def _names(choices: Any) -> dict[str, str]:
    """Every way a file may name a choice: its code, its English and Vietnamese labels, folded."""
    names: dict[str, str] = {}
    for value, label in choices:
        names[str(value)] = str(value)
        names[fold(str(label)).strip()] = str(value)
        with translation.override("vi"):
            names[fold(str(label)).strip()] = str(value)
    return names


def _categories() -> dict[str, str]:
    names = _names(Category.choices)
    for code, label in rules.CATEGORY_LABELS.items():
        names[fold(str(label)).strip()] = code
        with translation.override("vi"):
            names[fold(str(label)).strip()] = code
    return names


@dataclass
class ImportResult:
    records: int
    assessments: int
    relatives: int
    by_category: dict[str, int] = field(default_factory=dict)


@dataclass
class _Row:
    number: int
    person: Person
    category: str
    decision_number: str
    decision_date: dt.date
    decision_body: str
    dossier_number: str
    rate: int | None = None
    especially_severe: bool = False
    assessed_on: dt.date | None = None
    medical_council: str = ""
    martyr: Martyr | None = None
    relation: str = ""
    nurtured_years: int | None = None
    makes_record: bool = True


class _Errors:
    def __init__(self) -> None:
        self.rows: list[RowError] = []

    def add(self, row: int, key: str, code: str, message: Any) -> None:
        self.rows.append(RowError(row, HEADERS.get(key, ""), key, code, str(message)))


def _text(value: Any) -> str:
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(value: Any) -> dt.date | str | None:
    """A date, None when blank, or the text that is not one (dd/mm/yyyy or yyyy-mm-dd)."""
    if blank(value):
        return None
    value = excel_date(value)
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return text
    return text


def _integer(value: Any) -> int | str | None:
    text = _text(value).rstrip("%").strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


def records_of(filename: str, content: bytes) -> list[dict[str, Any]]:
    table = read_table(filename, content)
    found = match_headers(COLUMNS, table[0])
    rows = table[1:]
    if len(rows) > MAX_ROWS:
        raise ApplicationError(
            "import.too_many_rows",
            _("The file has %(n)d rows; import at most %(max)d at a time.")
            % {"n": len(rows), "max": MAX_ROWS},
            field="file",
        )
    return [{key: row[i] if i < len(row) else "" for key, i in found.items()} for row in rows]


class _Check:
    """The checks of every row against the registry, the merit records and each other."""

    def __init__(self, actor: Actor, records: list[dict[str, Any]]) -> None:
        self.actor = actor
        self.records = records
        self.errors = _Errors()
        self.today = clock.today()
        self.categories = _categories()
        self.relations = {**_names(Relation.choices), **_RELATION_WORDS}
        ids = {_text(r.get("personal_id")) for r in records} - {""}
        persons = scope.restrict(Person.objects.live().select_related("commune"), actor)
        self.persons = {p.personal_id: p for p in persons.filter(personal_id__in=ids)}
        person_ids = [p.pk for p in self.persons.values()]
        self.live = set(
            MeritRecord.objects.filter(person_id__in=person_ids, status__in=LIVE_STATUSES).values_list(
                "person_id", "category"
            )
        )
        certificates = {_text(r.get("martyr_certificate")) for r in records} - {""}
        self.martyrs = {
            m.certificate_number: m
            for m in scope.restrict(Martyr.objects.all(), actor).filter(certificate_number__in=certificates)
        }
        martyr_ids = [m.pk for m in self.martyrs.values()]
        links = MartyrRelative.objects.filter(martyr_id__in=martyr_ids)
        self.linked = set(links.values_list("martyr_id", "person_id"))
        self.parents = set(
            links.filter(relation__in=[Relation.FATHER, Relation.MOTHER]).values_list("martyr_id", "relation")
        )
        self.seen: dict[tuple[int, str], tuple[int, str]] = {}  # (person, category) → (row, decision)
        self.dossiers: dict[str, int] = {}
        self.provinces: dict[str, AdminUnit] = {}

    def add(self, row: int, key: str, code: str, message: Any) -> None:
        self.errors.add(row, key, code, message)

    def run(self) -> list[_Row]:
        rows = []
        for number, record in enumerate(self.records, start=2):
            row = self._row(number, record)
            if row is not None:
                rows.append(row)
        self._dossiers_taken(rows)
        return rows

    def _person(self, number: int, record: dict[str, Any]) -> Person | None:
        pid = _text(record.get("personal_id")).replace(" ", "")
        if not pid:
            self.add(number, "personal_id", "personal_id.required", _("Enter the personal ID number."))
            return None
        if not (pid.isdigit() and len(pid) == 12):
            self.add(number, "personal_id", "personal_id.invalid", _("A personal ID number has 12 digits."))
            return None
        person = self.persons.get(pid)
        if person is None:
            self.add(
                number,
                "personal_id",
                "person.not_found",
                _("No person with this personal ID in your units: register the person first."),
            )
            return None
        name = _text(record.get("full_name"))
        if name and fold(name).strip() != person.name_folded:
            self.add(
                number,
                "full_name",
                "full_name.mismatch",
                _("The name differs from the registry's: %(name)s.") % {"name": person.full_name},
            )
        if person.status == LifeStatus.DECEASED:
            self.add(number, "personal_id", "person.deceased", _("This person is recorded as deceased."))
        return person

    def _decision(self, number: int, record: dict[str, Any]) -> tuple[str, dt.date | None, str]:
        decision = _text(record.get("decision_number"))
        if not decision:
            self.add(number, "decision_number", "decision_number.required", _("Enter the decision number."))
        elif len(decision) > 40:
            self.add(
                number, "decision_number", "decision_number.too_long", _("The decision number is too long.")
            )
        day = _date(record.get("decision_date"))
        if day is None:
            self.add(number, "decision_date", "decision_date.required", _("Enter the decision date."))
        elif not isinstance(day, dt.date):
            self.add(number, "decision_date", "decision_date.invalid", _("Write the date as dd/mm/yyyy."))
        elif day > self.today:
            self.add(number, "decision_date", "decision_date.future", _("The date is in the future."))
        body = _text(record.get("decision_body"))
        if not body:
            self.add(
                number, "decision_body", "decision_body.required", _("Enter the body that made the decision.")
            )
        elif len(body) > 200:
            self.add(number, "decision_body", "decision_body.too_long", _("The text is too long."))
        good = isinstance(day, dt.date) and day <= self.today
        return decision, day if good else None, body  # type: ignore[return-value]

    def _assessment(self, number: int, record: dict[str, Any], category: str, row: _Row) -> bool:
        raw_rate = _integer(record.get("injury_rate"))
        severe_text = fold(_text(record.get("especially_severe"))).strip()
        assessed = _date(record.get("assessed_on"))
        council = _text(record.get("medical_council"))
        if category not in ASSESSED_CATEGORIES:
            for key, value in (
                ("injury_rate", raw_rate),
                ("assessed_on", assessed),
                ("medical_council", council),
            ):
                if value not in (None, ""):
                    self.add(
                        number,
                        key,
                        f"{key}.not_rated",
                        _("Only war invalids, sick soldiers and Agent Orange activists have an injury rate."),
                    )
            return True
        ok = True
        if raw_rate is None:
            self.add(number, "injury_rate", "injury_rate.required", _("Enter the body-injury rate."))
            ok = False
        elif isinstance(raw_rate, str) or raw_rate > 100:
            self.add(
                number, "injury_rate", "injury_rate.invalid", _("Write the rate as a whole number 0–100.")
            )
            ok = False
        elif raw_rate < rules.RATE_FROM[category]:
            self.add(
                number,
                "injury_rate",
                "injury_rate.below_threshold",
                _("A rate below %(min)d %% gives no monthly allowance in this category.")
                % {"min": rules.RATE_FROM[category]},
            )
            ok = False
        else:
            row.rate = raw_rate
        if severe_text in ("", "khong", "no", "0", "false"):
            row.especially_severe = False
        elif severe_text in ("co", "x", "yes", "1", "true"):
            row.especially_severe = True
            if row.rate is not None and row.rate < SEVERE_FROM:
                self.add(
                    number,
                    "especially_severe",
                    "especially_severe.below_81",
                    _("Especially severe is assessed only from a rate of 81 %."),
                )
                ok = False
        else:
            self.add(
                number, "especially_severe", "especially_severe.invalid", _('Write "Có" or leave blank.')
            )
            ok = False
        if assessed is None:
            self.add(number, "assessed_on", "assessed_on.required", _("Enter the date of the assessment."))
            ok = False
        elif not isinstance(assessed, dt.date):
            self.add(number, "assessed_on", "assessed_on.invalid", _("Write the date as dd/mm/yyyy."))
            ok = False
        elif assessed > self.today:
            self.add(number, "assessed_on", "assessed_on.future", _("The date is in the future."))
            ok = False
        else:
            row.assessed_on = assessed
        if not council:
            self.add(
                number,
                "medical_council",
                "medical_council.required",
                _("Enter the medical assessment council."),
            )
            ok = False
        elif len(council) > 200:
            self.add(number, "medical_council", "medical_council.too_long", _("The text is too long."))
            ok = False
        row.medical_council = council
        return ok

    def _martyr(self, number: int, record: dict[str, Any], person: Person, row: _Row) -> bool:
        certificate = _text(record.get("martyr_certificate"))
        relation_text = _text(record.get("relation"))
        years = _integer(record.get("nurtured_years"))
        if row.category != Category.MARTYR_RELATIVE:
            for key, value in (
                ("martyr_certificate", certificate),
                ("relation", relation_text),
                ("nurtured_years", years),
            ):
                if value not in (None, ""):
                    self.add(number, key, f"{key}.not_relative", _("Only for a relative of a martyr."))
            return True
        ok = True
        martyr = self.martyrs.get(certificate)
        if not certificate:
            self.add(
                number,
                "martyr_certificate",
                "martyr_certificate.required",
                _("Enter the martyr's “Tổ quốc ghi công” certificate number."),
            )
            ok = False
        elif martyr is None:
            self.add(
                number,
                "martyr_certificate",
                "martyr.not_found",
                _("No martyr with this certificate number in your units: register the martyr first."),
            )
            ok = False
        relation = self.relations.get(fold(relation_text).strip()) if relation_text else None
        if not relation_text:
            self.add(number, "relation", "relation.required", _("Enter the relation to the martyr."))
            ok = False
        elif relation is None:
            self.add(
                number,
                "relation",
                "relation.invalid",
                _("Unknown relation: write Cha đẻ, Mẹ đẻ, Vợ/chồng, Con or Người có công nuôi liệt sĩ."),
            )
            ok = False
        else:
            needed = RELATION_SEX.get(relation)  # type: ignore[call-overload]
            if needed and person.sex != needed:
                self.add(
                    number, "relation", "relation.sex", _("The relation does not match the person's sex.")
                )
                ok = False
            if martyr is not None and relation in (Relation.FATHER, Relation.MOTHER):
                if (martyr.pk, relation) in self.parents:
                    self.add(
                        number,
                        "relation",
                        "relation.taken",
                        _("The martyr already has a relative with this relation."),
                    )
                    ok = False
                self.parents.add((martyr.pk, relation))
        if relation == Relation.NURTURER:
            if not isinstance(years, int) or years < 10:
                self.add(
                    number,
                    "nurtured_years",
                    "nurtured_years.too_few",
                    _("The person must have raised the martyr for at least 10 years while under 18."),
                )
                ok = False
            else:
                row.nurtured_years = years
        elif years not in (None, ""):
            self.add(
                number,
                "nurtured_years",
                "nurtured_years.not_nurturer",
                _("Only for the person who raised the martyr."),
            )
            ok = False
        if martyr is not None:
            if (martyr.pk, person.pk) in self.linked:
                self.add(
                    number,
                    "martyr_certificate",
                    "person.already_linked",
                    _("This person is already linked to this martyr."),
                )
                ok = False
            self.linked.add((martyr.pk, person.pk))
        row.martyr, row.relation = martyr, relation or ""
        return ok

    def _row(self, number: int, record: dict[str, Any]) -> _Row | None:
        """The row when it passes every check, else None (its refusals are listed)."""
        start = len(self.errors.rows)
        person = self._person(number, record)
        raw_category = _text(record.get("category"))
        category = self.categories.get(fold(raw_category).strip()) if raw_category else None
        if not raw_category:
            self.add(number, "category", "category.required", _("Enter the category."))
        elif category is None:
            self.add(
                number,
                "category",
                "category.unknown",
                _("Unknown category: write one of %(codes)s.") % {"codes": ", ".join(rules.CATEGORIES)},
            )
        decision, day, body = self._decision(number, record)
        dossier = _text(record.get("dossier_number"))
        if len(dossier) > 40:
            self.add(
                number, "dossier_number", "dossier_number.too_long", _("The dossier number is too long.")
            )
        if person is None or category is None:
            return None
        row = _Row(number, person, category, decision, day or self.today, body, dossier)
        ok = self._assessment(number, record, category, row)
        ok = self._martyr(number, record, person, row) and ok
        if category == Category.HEROIC_MOTHER and person.sex != Sex.FEMALE:
            self.add(
                number, "category", "category.not_mother", _("A Heroic Vietnamese Mother must be a woman.")
            )
            ok = False
        if (person.pk, category) in self.live:
            self.add(
                number,
                "category",
                "category.duplicate",
                _("This person already has a current record in this category."),
            )
            ok = False
        earlier = self.seen.get((person.pk, category))
        if earlier is not None:
            if category != Category.MARTYR_RELATIVE:
                self.add(
                    number,
                    "category",
                    "record.twice",
                    _("The person is already on row %(row)d of the file in this category.")
                    % {"row": earlier[0]},
                )
                ok = False
            elif earlier[1] != decision:
                self.add(
                    number,
                    "decision_number",
                    "decision_number.differs",
                    _("Row %(row)d gives this person another decision; one record has one decision.")
                    % {"row": earlier[0]},
                )
                ok = False
            row.makes_record = False
        else:
            self.seen[(person.pk, category)] = (number, decision)
        if dossier and row.makes_record:
            if dossier in self.dossiers:
                self.add(
                    number,
                    "dossier_number",
                    "dossier_number.twice",
                    _("The dossier number is already on row %(row)d of the file.")
                    % {"row": self.dossiers[dossier]},
                )
                ok = False
            else:
                self.dossiers[dossier] = number
        return row if ok and len(self.errors.rows) == start else None

    def province(self, person: Person) -> AdminUnit:
        key = person.province_code
        if key not in self.provinces:
            self.provinces[key] = managing_province_for(self.actor, person)
        return self.provinces[key]

    def _dossiers_taken(self, rows: list[_Row]) -> None:
        wanted: dict[tuple[str, str], int] = {}
        for row in rows:
            if row.dossier_number and row.makes_record:
                try:
                    code = self.province(row.person).code
                except ValidationFailed:
                    self.add(
                        row.number,
                        "personal_id",
                        "province.not_found",
                        _("The managing province is not known."),
                    )
                    continue
                wanted[(code, row.dossier_number)] = row.number
        codes = {c for c, _n in wanted}
        taken = set(
            MeritRecord.objects.filter(
                province_code__in=codes, dossier_number__in=[d for _c, d in wanted]
            ).values_list("province_code", "dossier_number")
        )
        for key, number in wanted.items():
            if key in taken:
                self.add(
                    number,
                    "dossier_number",
                    "dossier_number.taken",
                    _("A dossier with this number is already managed in this province."),
                )


@transaction.atomic
def import_records(*, actor: Actor, filename: str, content: bytes) -> ImportResult:
    """Every row's record, assessment and martyr link, or none (ImportRefused names every refused row,
    its column and the reason)."""
    require(actor, "merit.change")
    records = records_of(filename, content)
    check = _Check(actor, records)
    rows = check.run()
    if check.errors.rows:
        raise ImportRefused(sorted(check.errors.rows, key=lambda e: (e.row, e.column)), len(records))
    user = user_of(actor)
    made: dict[tuple[int, str], MeritRecord] = {}
    for row in rows:
        if not row.makes_record:
            continue
        province = check.province(row.person)
        made[(row.person.pk, row.category)] = MeritRecord(
            person=row.person,
            category=row.category,
            decision_number=row.decision_number,
            decision_date=row.decision_date,
            decision_body=row.decision_body,
            dossier_number=row.dossier_number,
            managing_province=province,
            province_code=province.code,
            status=RecordStatus.ACTIVE,
            status_from=row.decision_date,
            note=str(_("Imported from %(file)s") % {"file": filename[:200]})[:300],
            created_by=user,
            updated_by=user,
        )
    MeritRecord.objects.bulk_create(list(made.values()), batch_size=1000)
    saved = {
        (r.person_id, r.category): r
        for r in MeritRecord.objects.filter(
            person_id__in=[p for p, _c in made], status__in=LIVE_STATUSES
        ).select_related("person")
    }
    assessments = [
        InjuryAssessment(
            record=saved[(row.person.pk, row.category)],
            rate=row.rate,
            especially_severe=row.especially_severe,
            assessed_on=row.assessed_on,
            medical_council=row.medical_council,
            created_by=user,
        )
        for row in rows
        if row.rate is not None and row.assessed_on is not None
    ]
    InjuryAssessment.objects.bulk_create(assessments, batch_size=1000)
    links = [
        MartyrRelative(
            martyr=row.martyr,
            person=row.person,
            relation=row.relation,
            nurtured_years=row.nurtured_years,
            created_by=user,
        )
        for row in rows
        if row.martyr is not None
    ]
    MartyrRelative.objects.bulk_create(links, batch_size=1000)
    events = []
    for key in made:
        record = saved[key]
        events.append(
            audit.event(
                actor=actor,
                action=AuditAction.CREATE,
                obj=record,
                object_label=record.person.full_name,
                province_code=record.province_code,
                after={**audit.snapshot(record, RECORD_AUDIT_FIELDS), "imported": filename[:100]},
            )
        )
    audit.record_many(events)
    by_category: dict[str, int] = {}
    for _person, category in made:
        by_category[category] = by_category.get(category, 0) + 1
    audit.record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="merit.record_import",
        object_label=filename[:200],
        province_code=getattr(getattr(actor, "scope_unit", None), "province_code", "") or "",
        after={
            "file": filename[:200],
            "sha256": hashlib.sha256(content).hexdigest(),
            "records": len(made),
            "assessments": len(assessments),
            "relatives": len(links),
        },
    )
    return ImportResult(
        records=len(made), assessments=len(assessments), relatives=len(links), by_category=by_category
    )


def template_xlsx() -> bytes:
    """The import template: the data sheet (header and an example row) and the instructions."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True})
    as_text = book.add_format({"num_format": "@"})
    data = book.add_worksheet("Dữ liệu")
    for i, column in enumerate(COLUMNS):
        data.write_string(0, i, column.header, required if column.required else head)
        data.set_column(i, i, max(16, len(column.header) + 4), as_text if column.text else None)
        data.write_string(1, i, str(column.example))
    data.freeze_panes(1, 0)
    sheet = book.add_worksheet("Hướng dẫn")
    sheet.write_row(0, 0, ["Cột", "Bắt buộc", "Ví dụ", "Ghi chú"], head)
    for row, column in enumerate(COLUMNS, start=1):
        sheet.write_row(
            row, 0, [column.header, "Có" if column.required else "", str(column.example), column.help]
        )
    codes = len(COLUMNS) + 2
    sheet.write_row(codes, 0, ["Mã diện", "Tên diện"], head)
    with translation.override("vi"):
        for i, code in enumerate(rules.CATEGORIES, start=1):
            sheet.write_row(codes + i, 0, [code, str(rules.CATEGORY_LABELS[code])])
    sheet.write_string(
        codes + len(rules.CATEGORIES) + 2,
        0,
        "Mỗi dòng là một người trong một diện. Xóa dòng ví dụ trước khi nhập. Tệp CSV phải lưu dạng UTF-8. "
        "Nếu có dòng lỗi, không dòng nào được nhập; hệ thống liệt kê mọi dòng lỗi, cột và lý do.",
    )
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 60)
    sheet.set_column(3, 3, 90)
    book.close()
    return out.getvalue()
