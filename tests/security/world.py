"""One object of every scoped kind in three places, built once through the services.

`own` is commune A of Điện Biên (11), where the commune officer works; `other_commune` is commune B of
Điện Biên; `other_province` is a commune of Hà Nội (01). The roles of the cast work at `own` (the
province roles in Điện Biên); `missing` stands for an id that does not exist.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import PASSWORD, _commune
from tests.labour.conftest import person_raw, seeker_raw, tax_code

PLACES = ("own", "other_commune", "other_province")
ROLES = (
    "ministry_analyst",
    "province_officer",
    "employment_counsellor",
    "commune_officer",
    "auditor",
    "system_admin",
    "anonymous",
)
MISSING_ID = 987_654_321
MISSING_CODE = "99999"
PERIOD = "2025H1"

_serial = itertools.count(1)


@dataclass
class Place:
    name: str
    commune: Any
    province_code: str
    objects: dict[str, Any] = field(default_factory=dict)


def missing() -> SimpleNamespace:
    """What the matrix sends for the `missing` column: ids and codes that exist nowhere."""
    return SimpleNamespace(
        pk=MISSING_ID, id=MISSING_ID, code=MISSING_CODE, unit_code=MISSING_CODE, province_code="99"
    )


def _user(username: str, role: str, scope_unit=None):
    from ansinh.accounts.services import user_create

    return user_create(
        actor=None, username=username, password=PASSWORD, role=role, scope_unit=scope_unit, validate=False
    )


def _person(actor, commune, *, bank: bool = False, birth_date: str = "1950-03-10"):
    from ansinh.core.identifiers import personal_id as pid
    from ansinh.registry.inputs import parse_person
    from ansinh.registry.services import person_create

    n = next(_serial)
    year = int(birth_date[:4])
    raw = {
        "full_name": "Lò Thị Xuân",
        "personal_id": pid.generate(
            province_code="011", sex="F", birth_year=year, rng=random.Random(90_000 + n)
        ),
        "birth_date": birth_date,
        "sex": "F",
        "ethnicity": "01",
        "commune_id": commune.pk,
        "phone": "0912345678",
    }
    if bank:
        raw.update({"bank_code": "VCB", "bank_account": f"0071{5_000_000 + n}"})
    return person_create(actor=actor, data=parse_person(raw))


def _registry(place: Place, officer) -> None:
    from ansinh.registry.inputs import HouseholdData
    from ansinh.registry.services import household_create

    person = _person(officer, place.commune)
    place.objects["person"] = person
    place.objects["household"] = household_create(
        actor=officer, data=HouseholdData(commune_id=place.commune.pk), head_id=person.pk
    )


def _enrolment(place: Place, officer) -> None:
    from ansinh.benefits.models import Enrolment

    person = _person(officer, place.commune, bank=True)
    facts = {"clauses": ["5a"], "disability": None, "household": "poor", "children": 0, "studying": False}
    place.objects["enrolment"] = Enrolment.objects.create(
        person=person,
        regime="social_assistance",
        clause="5a",
        facts=facts,
        facts_from=dt.date(2025, 7, 1),
        status="active",
        start_month=dt.date(2025, 7, 1),
        channel="bank",
        commune=place.commune,
        province_code=place.province_code,
    )


def _cycles(places: dict[str, Place], officers: dict[str, Any]) -> None:
    from ansinh.payments import services

    by_province: dict[str, Any] = {}
    for place in places.values():
        code = place.province_code
        if code not in by_province:
            cycle = services.cycle_create(
                actor=officers[code], province_code=code, month=dt.date(2025, 10, 1)
            )
            services.cycle_generation_start(actor=officers[code], cycle=cycle)
            services.cycle_generate(cycle=cycle)
            cycle.refresh_from_db()
            by_province[code] = cycle
        cycle = by_province[code]
        place.objects["cycle"] = cycle
        place.objects["line"] = (
            cycle.lines.filter(enrolment=place.objects["enrolment"]).order_by("pk").first()
        )


def _labour(place: Place, counsellor) -> None:
    from ansinh.labour.referrals import services as referrals
    from ansinh.labour.registration import services
    from ansinh.labour.registration.inputs import parse_employer, parse_seeker, parse_vacancy
    from ansinh.registry.inputs import parse_person

    n = next(_serial)
    raw = person_raw(commune_id=place.commune.pk)
    seeker = services.seeker_register(
        actor=counsellor,
        data=parse_seeker(seeker_raw(place.commune, desired_provinces=[place.province_code])),
        person=parse_person(raw),
    )
    employer = services.employer_create(
        actor=counsellor,
        data=parse_employer(
            {
                "tax_code": tax_code(700_000 + 10 * n, prefix="56"),
                "name": f"Công ty TNHH Ma trận {n}",
                "industry_code": "C",
                "size": "medium",
                "commune_id": place.commune.pk,
                "contact_phone": "0215 3825 111",
            }
        ),
    )
    vacancy = services.vacancy_create(
        actor=counsellor,
        data=parse_vacancy(
            {
                "employer_id": employer.pk,
                "title": "Thợ hàn điện",
                "posts": 5,
                "wage_min": 7_000_000,
                "wage_max": 10_000_000,
                "skills": "Hàn MIG",
                "min_general_education": 2,
                "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            }
        ),
    )
    referral = referrals.referral_create(actor=counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk)
    place.objects.update(seeker=seeker, employer=employer, vacancy=vacancy, referral=referral)


def _fair(place: Place, counsellor) -> None:
    from ansinh.labour.fairs import services as fairs

    today = timezone.localdate()
    starts = timezone.make_aware(dt.datetime.combine(today, dt.time(8)))
    fair = fairs.fair_create(
        actor=counsellor,
        data=fairs.FairData(
            title="Phiên giao dịch việc làm",
            mode="in_person",
            venue="Nhà văn hoá xã",
            host_commune_id=place.commune.pk,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3),
            slot_minutes=30,
            linked_provinces=[],
        ),
    )
    vacancy, seeker = place.objects["vacancy"], place.objects["seeker"]
    fairs.employer_register(
        actor=counsellor, fair_id=fair.pk, employer_id=vacancy.employer_id, vacancies=[(vacancy.pk, 2)]
    )
    registration = fairs.fair_seeker_register(actor=counsellor, fair_id=fair.pk, seeker_id=seeker.pk)
    interview = fairs.interview_schedule(
        actor=counsellor,
        fair_id=fair.pk,
        fair_seeker_id=registration.pk,
        fair_vacancy_id=fair.vacancies.get().pk,
        slot_start=fair.starts_at,
        table="A1",
    )
    place.objects.update(fair=fair, interview=interview)


def _claim(place: Place, counsellor, officer) -> None:
    from ansinh.unemployment import services
    from ansinh.unemployment.inputs import ClaimData

    person = _person(officer, place.commune, birth_date="1990-03-04")
    place.objects["claim"] = services.claim_file(
        actor=counsellor,
        data=ClaimData(
            person_id=person.pk,
            termination_date=dt.date(2026, 2, 10),
            filed_on=dt.date(2026, 2, 20),
            avg_salary_6m=10_000_000,
            contribution_months=50,
            salary_regime="employer",
            region=1,
            doc_application=True,
            doc_termination=True,
            doc_si_book=True,
            job_title="Thợ hàn điện",
            general_education=3,
        ),
    )


def _board(place: Place) -> None:
    from ansinh.jobboard import services
    from ansinh.jobboard.inputs import InterestData, SubmissionData

    n = next(_serial)
    place.objects["submission"] = services.submission_create(
        data=SubmissionData(
            tax_code=tax_code(800_000 + 10 * n, prefix="56"),
            employer_name=f"Hợp tác xã Ma trận {n}",
            employer_commune_id=place.commune.pk,
            employer_address="Bản Mường",
            contact_name="Trần Thị Mai",
            contact_phone="0912 000 111",
            title="Nhân viên bán hàng",
            description="Bán hàng tại cửa hàng",
            posts=2,
            wage_min=6_000_000,
            wage_max=8_000_000,
        )
    )
    place.objects["interest"] = services.interest_register(
        vacancy_id=place.objects["vacancy"].pk,
        data=InterestData(full_name="Lò Văn Nam", phone="0912 333 444", consent=True),
    )


def _reports(place: Place, officer) -> None:
    from ansinh.reports import services
    from ansinh.reports.periods import parse_period

    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 matrix", content_type="application/pdf")
    place.objects["attachment"] = services.attachment_add(
        actor=officer, unit_code=place.commune.code, period=parse_period(PERIOD), upload=upload
    )
    place.objects["unit"] = place.commune
    place.objects["commune"] = place.commune


def _job(place: Place, owner) -> None:
    from ansinh.core.models import Job

    place.objects["job"] = Job.objects.create(
        kind="labour.import", province_code=place.province_code, created_by=owner, status="done"
    )
    place.objects["simulation_job"] = Job.objects.create(
        kind="benefits.simulate", province_code=place.province_code, created_by=owner, status="done"
    )
    place.objects["poverty_job"] = Job.objects.create(
        kind="poverty.status_import", province_code=place.province_code, created_by=owner, status="done"
    )


def _programme(place: Place, officer, owner) -> None:
    """A programme of the place's province (its own, defined by its officer) with one policy, and a
    dry-run of it."""
    from ansinh.core.models import Job
    from ansinh.programmes import services

    programme = services.programme_create(
        actor=officer,
        data=services.ProgrammeData(
            code=f"mt-{place.name.replace('_', '-')}", name="Hỗ trợ hộ bị lũ quét",
            legal_basis="Nghị định 20/2021/NĐ-CP, Chương III", event_from=dt.date(2026, 1, 1),
            event_to=dt.date(2026, 3, 31),
        ),
    )  # fmt: skip
    place.objects["programme"] = programme
    place.objects["policy"] = services.policy_save(
        actor=officer,
        programme=programme,
        data=services.PolicyData(
            code="sua-nha", name="Sửa nhà", unit="household", citation="Điều 15 khoản 3",
            confidence="confirmed", amount_kind="fixed", amount=20_000_000,
            conditions=[services.ConditionData(fact="house_damage", op="in", value="severely_damaged")],
        ),
    )  # fmt: skip
    place.objects["programme_job"] = Job.objects.create(
        kind="programmes.dry_run", province_code=place.province_code, created_by=owner, status="done",
        params={"programme_id": programme.pk},
    )  # fmt: skip


def _account(place: Place) -> None:
    """A user account working at the place, with an API token (user administration)."""
    from ansinh.accounts.services import token_create

    place.objects["user"] = _user(f"mt_nguoidung_{place.name}", "commune_officer", place.commune)
    place.objects["token"], _secret = token_create(actor=None, user=place.objects["user"], name="đồng bộ")


def _linkage(place: Place, officer) -> None:
    """A pair in the review queue and a merge, both of two fresh records of the place's commune."""
    from ansinh.linkage.models import CandidatePair, LinkageRun
    from ansinh.linkage.services import person_merge

    a, b, c, d = (_person(officer, place.commune, birth_date=f"196{n}-01-02") for n in range(4))
    run = LinkageRun.objects.create(engine="duckdb", province_code=place.province_code)
    place.objects["pair"] = CandidatePair.objects.create(
        run=run, left=a, right=b, match_weight=10.0, match_probability=0.95, levels={},
        province_code=place.province_code, commune=place.commune,
    )  # fmt: skip
    place.objects["merge"] = person_merge(actor=officer, kept=c, merged=d, reason="matrix")


def _poverty(place: Place, officer) -> None:
    """An ad hoc review round of the place's household, its survey, and a complaint about it."""
    from ansinh.poverty import services
    from ansinh.poverty.models import Complaint

    household = place.objects["household"]
    rnd = services.round_create(
        actor=officer,
        data=services.RoundData(
            commune_id=place.commune.pk, kind="adhoc", year=2026, reason="Hộ đề nghị rà soát",
            household_ids=[household.pk], standard_on=dt.date(2026, 3, 1),
        ),
    )  # fmt: skip
    survey = rnd.surveys.get()
    place.objects.update(round=rnd, survey=survey)
    place.objects["complaint"] = Complaint.objects.create(
        survey=survey, complainant="Lò Văn Minh", text="Hộ này có thu nhập cao hơn.",
        received_on=dt.date(2026, 3, 2), commune=place.commune, province_code=place.province_code,
    )  # fmt: skip


def _signatory(place: Place, officer) -> None:
    """The chairman who signs the commune's documents."""
    from ansinh.documents import services

    data = services.parse_signatory(
        {
            "unit": place.commune.pk,
            "authority_line": "TM. ỦY BAN NHÂN DÂN",
            "title": "CHỦ TỊCH",
            "full_name": "Lò Văn Thắng",
            "valid_from": "01/07/2025",
        }
    )
    place.objects["signatory"] = services.signatory_save(actor=officer, data=data)


def _merit(place: Place, officer) -> None:
    from ansinh.merit.inputs import parse_martyr, parse_record
    from ansinh.merit.services import martyr_create, record_create

    person = _person(officer, place.commune, birth_date="1948-05-01")
    place.objects["merit_record"] = record_create(
        actor=officer,
        person_id=person.pk,
        data=parse_record(
            {
                "category": "war_invalid",
                "decision_number": f"{next(_serial)}/QĐ-SNV",
                "decision_date": "2020-05-04",
                "decision_body": "Sở Lao động - Thương binh và Xã hội",
            }
        ),
    )
    place.objects["martyr"] = martyr_create(
        actor=officer,
        data=parse_martyr(
            {
                "full_name": "Lò Văn Bình",
                "birth_year": "1950",
                "native_place": "Điện Biên",
                "commune_id": place.commune.pk,
                "sacrificed_on": "1972-07-27",
                "sacrificed_at": "Quảng Trị",
                "certificate_number": f"TQ-{next(_serial)}",
                "certificate_date": "1975-01-10",
            }
        ),
    )


def build() -> SimpleNamespace:
    from ansinh.geo.models import AdminUnit

    provinces = {
        code: AdminUnit.objects.get(structure="2025", level="province", code=code) for code in ("11", "01")
    }
    places = {
        "own": Place("own", _commune("11", 0), "11"),
        "other_commune": Place("other_commune", _commune("11", 1), "11"),
        "other_province": Place("other_province", _commune("01", 0), "01"),
    }
    officers = {code: _user(f"mt_so_{code}", "province_officer", unit) for code, unit in provinces.items()}
    counsellors = {
        code: _user(f"mt_tuvan_{code}", "employment_counsellor", unit) for code, unit in provinces.items()
    }
    commune_owners = {
        name: _user(f"mt_xa_{name}", "commune_officer", place.commune) for name, place in places.items()
    }
    cast = {
        "ministry_analyst": _user("mt_phantich", "ministry_analyst"),
        "province_officer": _user("mt_so", "province_officer", provinces["11"]),
        "employment_counsellor": _user("mt_tuvan", "employment_counsellor", provinces["11"]),
        "commune_officer": commune_owners["own"],
        "auditor": _user("mt_thanhtra", "auditor"),
        "system_admin": _user("mt_quantri", "system_admin"),
        "anonymous": None,
    }
    for place in places.values():
        officer, counsellor = officers[place.province_code], counsellors[place.province_code]
        _registry(place, officer)
        _enrolment(place, officer)
        _merit(place, officer)
        _labour(place, counsellor)
        _fair(place, counsellor)
        _claim(place, counsellor, officer)
        _board(place)
        _reports(place, commune_owners[place.name])
        _job(place, commune_owners[place.name])
        _linkage(place, officer)
        _poverty(place, commune_owners[place.name])
        _signatory(place, officer)
        _programme(place, officer, commune_owners[place.name])
    _cycles(places, officers)
    for place in places.values():
        _account(place)
    return SimpleNamespace(places=places, cast=cast, officers=officers, counsellors=counsellors)
