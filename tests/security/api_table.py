"""What every API operation is called with and which roles may use it, for the access matrix.

A new operation fails tests/security/test_access_matrix.py until it has its line here.
"""

from __future__ import annotations

import datetime as dt

from tests.security.matrix import Op
from tests.security.world import PERIOD

TODAY = dt.date(2026, 3, 2)
NOON = "2026-03-02T08:00:00+07:00"


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("danh-sach.csv", b"ho_ten;so_dinh_danh\n", content_type="text/csv")


def _person_body(o):
    return {"full_name": "Lò Văn Tâm", "sex": "M", "birth_date": "1985-01-02", "commune_id": o["commune"].pk}


def _seeker_body(o):
    return {"commune_id": o["commune"].pk, "title": "Thợ hàn", "general_education": 3, **_person_body(o)}


def _employer_body(o):
    return {"tax_code": "0100109106", "name": "Công ty Mới", "commune_id": o["commune"].pk}


def _fair_body(o):
    return {
        "title": "Phiên mới",
        "venue": "Nhà văn hoá",
        "host_commune_id": o["commune"].pk,
        "starts_at": NOON,
        "ends_at": "2026-03-02T11:00:00+07:00",
    }


def _unit_query(o):
    return {"unit": o["unit"].code, "period": PERIOD}


def _merit_fields():
    return {"decision_number": "9/QĐ-SNV", "decision_date": "2021-02-03", "decision_body": "Sở Nội vụ"}


def _merit_record_body(o):
    return {"person_id": o["person"].pk, "category": "hero", **_merit_fields()}


def _merit_enrol_body(o):
    return {
        "number": "77/QĐ-SNV",
        "signed_on": "2026-02-20",
        "signer": "Giám đốc Sở Nội vụ",
        "effective_month": "2026-03",
        "basis": "Pháp lệnh 02/2020/UBTVQH14",
        "channel": "cash",
        "cash_reason": "Người cao tuổi nhận tại xã",
    }


def _martyr_body(o):
    return {
        "full_name": "Lò Văn Ơn",
        "native_place": "Điện Biên",
        "commune_id": o["commune"].pk,
        "sacrificed_on": "1968-02-01",
        "sacrificed_at": "Khe Sanh",
        "certificate_number": "TQ-MOI-1",
        "certificate_date": "1970-01-01",
    }


def _programme_body():
    return {
        "code": "mt-moi",
        "name": "Cứu trợ đợt mới",
        "legal_basis": "Nghị định 20/2021/NĐ-CP",
        "event_from": "2026-01-01",
        "event_to": "2026-02-28",
    }


def _policy_body():
    return {
        "code": "lam-nha",
        "name": "Làm nhà",
        "unit": "household",
        "citation": "Điều 15 khoản 1",
        "amount_kind": "fixed",
        "amount": 40_000_000,
        "conditions": [{"fact": "house_damage", "op": "in", "value": "collapsed"}],
    }


REASON = {"reason": "Kiểm tra"}
PUBLIC = "APECUSN"

API: dict[str, Op] = {
    # geo: public reference data
    "GET /api/v1/geo/units": Op(PUBLIC, public=True),
    "GET /api/v1/geo/units/{level}/{code}": Op(
        PUBLIC, public=True, fixed={"level": "province", "code": "11"}
    ),
    "GET /api/v1/geo/convert": Op(
        PUBLIC, public=True, query=lambda o: {"address": "Xã Mường Phăng, Điện Biên"}
    ),
    # registry
    "GET /api/v1/registry/persons": Op("APECU", lists="person"),
    "POST /api/v1/registry/persons": Op("PEC", ref="commune", body=_person_body),
    "GET /api/v1/registry/persons/{person_id}": Op("APECU"),
    "PUT /api/v1/registry/persons/{person_id}": Op("PEC", body=_person_body),
    "GET /api/v1/registry/persons/{person_id}/history": Op("PCU"),
    "POST /api/v1/registry/import": Op("PEC", multipart=True, body=lambda o: {"file": _upload()}),
    "GET /api/v1/registry/import-jobs/{job_id}": Op("PEC", province_wide=True),
    "GET /api/v1/registry/import-template": Op("PEC"),
    "GET /api/v1/registry/households": Op("APECU", lists="household"),
    "POST /api/v1/registry/households": Op(
        "PEC", ref="commune", body=lambda o: {"commune_id": o["commune"].pk}
    ),
    "GET /api/v1/registry/households/{household_id}": Op("APECU"),
    "POST /api/v1/registry/households/{household_id}/members": Op(
        "PEC", body=lambda o: {"person_id": o["person"].pk, "relationship": "child"}
    ),
    "DELETE /api/v1/registry/households/{household_id}/members/{person_id}": Op("PEC"),
    # calculators: public
    "POST /api/v1/calc/unemployment-benefit": Op(PUBLIC, public=True, body=lambda o: {}),
    "POST /api/v1/calc/poverty": Op(PUBLIC, public=True, body=lambda o: {}),
    "POST /api/v1/calc/merit-allowance": Op(PUBLIC, public=True, body=lambda o: {}),
    "POST /api/v1/calc/{regime}": Op(
        PUBLIC, public=True, fixed={"regime": "social-assistance"}, body=lambda o: {}
    ),
    # documents
    "GET /api/v1/documents/signatories": Op("APCU", lists="signatory"),
    "POST /api/v1/documents/signatories": Op(
        "PC",
        ref="commune",
        body=lambda o: {
            "unit": o["commune"].pk,
            "kind": "DS",
            "title": "PHÓ CHỦ TỊCH",
            "full_name": "Quàng Văn Bình",
            "valid_from": "01/07/2025",
        },
    ),
    "GET /api/v1/documents/signatories/{signatory_id}": Op("APCU"),
    "PUT /api/v1/documents/signatories/{signatory_id}": Op(
        "PC", body=lambda o: {"title": "CHỦ TỊCH", "full_name": "Lò Văn Thắng", "valid_from": "01/07/2025"}
    ),
    # programmes: support programmes and emergency relief (a province's own programme, province-wide)
    "GET /api/v1/programmes": Op("APCU", lists="programme", province_wide=True),
    "POST /api/v1/programmes": Op("AP", body=lambda o: _programme_body()),
    "GET /api/v1/programmes/{programme_id}": Op("APCU"),
    "PUT /api/v1/programmes/{programme_id}": Op("P", body=lambda o: _programme_body()),
    "POST /api/v1/programmes/{programme_id}/policies": Op("P", body=lambda o: _policy_body()),
    "PUT /api/v1/programmes/{programme_id}/policies/{policy_id}": Op("P", body=lambda o: _policy_body()),
    "PUT /api/v1/programmes/{programme_id}/policies/{policy_id}/province": Op(
        "P", body=lambda o: {"amount": 25_000_000, "citation": "Quyết định 7/QĐ-UBND"}
    ),
    "POST /api/v1/programmes/{programme_id}/policies/{policy_id}/evaluate": Op(
        "APCU", body=lambda o: {"facts": {"house_damage": "severely_damaged"}}
    ),
    "POST /api/v1/programmes/{programme_id}/policies/{policy_id}/applications": Op(
        "PC",
        body=lambda o: {
            "personal_id": getattr(o["person"], "personal_id", "011190000000"),
            "facts": {"house_damage": "severely_damaged"},
        },
    ),
    "POST /api/v1/programmes/{programme_id}/policies/{policy_id}/applications/import": Op(
        "PC", multipart=True, body=lambda o: {"file": _upload()}
    ),
    "POST /api/v1/programmes/{programme_id}/dry-run": Op("AP", body=lambda o: {}),
    "GET /api/v1/programmes/dry-runs/{job_id}": Op("AP", kinds={"job_id": "programme_job"}),
    # merit: people with merit, martyrs and relatives
    "GET /api/v1/merit/records": Op("APCU", lists="merit_record"),
    "POST /api/v1/merit/records": Op("PC", ref="person", body=_merit_record_body),
    "GET /api/v1/merit/records/{record_id}": Op("APCU"),
    "PUT /api/v1/merit/records/{record_id}": Op("PC", body=lambda o: _merit_fields()),
    "POST /api/v1/merit/records/{record_id}/assessments": Op(
        "PC", body=lambda o: {"rate": 41, "assessed_on": "2021-03-01", "medical_council": "Hội đồng GĐYK"}
    ),
    "POST /api/v1/merit/records/{record_id}/caregivers": Op(
        "PC", body=lambda o: {"person_id": o["person"].pk, "valid_from": "2021-01-01"}
    ),
    "POST /api/v1/merit/records/{record_id}/care": Op(
        "PC", body=lambda o: {"organisation": "Đoàn xã", "valid_from": "2021-01-01"}
    ),
    # merit: the monthly allowance and its life events, each a decision on a record in scope
    "POST /api/v1/merit/records/{record_id}/allowance": Op("PC", body=_merit_enrol_body),
    "POST /api/v1/merit/records/{record_id}/assessment-decisions": Op("PC", body=lambda o: {}),
    "POST /api/v1/merit/records/{record_id}/suspension": Op("PC", body=lambda o: {}),
    "POST /api/v1/merit/records/{record_id}/resumption": Op("PC", body=lambda o: {}),
    "POST /api/v1/merit/records/{record_id}/termination": Op("PC", body=lambda o: {}),
    "POST /api/v1/merit/records/{record_id}/death": Op("PC", body=lambda o: {}),
    "POST /api/v1/merit/records/{record_id}/remarriage": Op("PC", body=lambda o: {}),
    "POST /api/v1/merit/records/{record_id}/transfer": Op("PC", body=lambda o: {}),
    "POST /api/v1/merit/import": Op("PC", multipart=True, body=lambda o: {"file": _upload()}),
    "GET /api/v1/merit/import-template": Op("PC"),
    "GET /api/v1/merit/payment-list/{commune_id}.pdf": Op(
        "APCU", kinds={"commune_id": "commune"}, query=lambda o: {"month": "03/2026"}
    ),
    "POST /api/v1/merit/records/{record_id}/caregivers/end": Op(
        "PC", body=lambda o: {"valid_to": "2026-03-01"}
    ),
    "POST /api/v1/merit/martyrs/{martyr_id}/relatives/unlink": Op(
        "PC", body=lambda o: {"person_id": o["person"].pk, "reason": "Nhập nhầm"}
    ),
    "GET /api/v1/merit/martyrs": Op("APCU", lists="martyr"),
    "POST /api/v1/merit/martyrs": Op("PC", ref="commune", body=_martyr_body),
    "GET /api/v1/merit/martyrs/{martyr_id}": Op("APCU"),
    "PUT /api/v1/merit/martyrs/{martyr_id}": Op("PC", ref="commune", body=_martyr_body),
    "POST /api/v1/merit/martyrs/{martyr_id}/relatives": Op(
        "PC", body=lambda o: {"person_id": o["person"].pk, "relation": "spouse"}
    ),
    # benefits
    "GET /api/v1/benefits/enrolments": Op("APCU", lists="enrolment"),
    "POST /api/v1/benefits/enrolments": Op(
        "PC", ref="person", body=lambda o: {"person_id": o["person"].pk, "regime": "social_assistance"}
    ),
    "GET /api/v1/benefits/enrolments/{enrolment_id}": Op("APCU"),
    "GET /api/v1/benefits/enrolments/{enrolment_id}/decision.pdf": Op("APCU"),
    "POST /api/v1/benefits/enrolments/{enrolment_id}/decision/issue": Op("PC"),
    "POST /api/v1/benefits/enrolments/{enrolment_id}/adjust": Op("PC", body=lambda o: {}),
    "POST /api/v1/benefits/enrolments/{enrolment_id}/suspend": Op("PC", body=lambda o: {}),
    "POST /api/v1/benefits/enrolments/{enrolment_id}/resume": Op("PC", body=lambda o: {}),
    "POST /api/v1/benefits/enrolments/{enrolment_id}/stop": Op("PC", body=lambda o: REASON),
    "POST /api/v1/benefits/persons/{person_id}/death": Op("PC", body=lambda o: {}),
    "POST /api/v1/benefits/persons/{person_id}/move": Op(
        "PC", body=lambda o: {"to_commune_id": o["commune"].pk}
    ),
    "GET /api/v1/benefits/persons/{person_id}/history": Op("APCU"),
    "POST /api/v1/simulations": Op(
        "AP", body=lambda o: {"regime": "social_assistance", "from_month": "2027-01", "standard": 650000}
    ),
    "GET /api/v1/simulations/jobs/{job_id}": Op("AP", province_wide=True, kinds={"job_id": "simulation_job"}),
    # payments: a cycle belongs to the province
    "GET /api/v1/payments/cycles": Op("APCU", lists="cycle", province_wide=True),
    "POST /api/v1/payments/cycles": Op(
        "P",
        ref="commune",
        province_wide=True,
        body=lambda o: {"province_code": o["commune"].province_code, "month": "2026-01"},
    ),
    "GET /api/v1/payments/cycles/{cycle_id}": Op("APCU", province_wide=True),
    "POST /api/v1/payments/cycles/{cycle_id}/generate": Op("P", province_wide=True),
    "POST /api/v1/payments/cycles/{cycle_id}/submit": Op("P", province_wide=True),
    "POST /api/v1/payments/cycles/{cycle_id}/approve": Op("P", province_wide=True),
    "POST /api/v1/payments/cycles/{cycle_id}/reject": Op("P", province_wide=True, body=lambda o: REASON),
    "POST /api/v1/payments/cycles/{cycle_id}/export": Op("P", province_wide=True),
    "GET /api/v1/payments/cycles/{cycle_id}/export/file": Op("", province_wide=True),
    "POST /api/v1/payments/cycles/{cycle_id}/result": Op(
        "P", province_wide=True, multipart=True, body=lambda o: {"file": _upload()}
    ),
    "GET /api/v1/payments/cycles/{cycle_id}/report": Op("APCU", province_wide=True),
    # a commune's list of the province's cycle: a commune officer prints their own commune's only
    "GET /api/v1/payments/cycles/{cycle_id}/cash-list/{commune_id}.pdf": Op(
        "APCU", kinds={"commune_id": "commune"}
    ),
    "POST /api/v1/payments/cycles/{cycle_id}/cash-list/{commune_id}/issue": Op(
        "PC", kinds={"commune_id": "commune"}
    ),
    "GET /api/v1/payments/cycles/{cycle_id}/report.xlsx": Op("APCU", province_wide=True),
    "GET /api/v1/payments/cycles/{cycle_id}/lines": Op("APCU", province_wide=True, lists="line"),
    "POST /api/v1/payments/lines/{line_id}/cash": Op("P", body=lambda o: REASON),
    "POST /api/v1/payments/lines/{line_id}/cash-paid": Op("PC"),
    # labour: matching
    "GET /api/v1/labour/match/seekers/{seeker_id}/vacancies": Op("APEU"),
    # Open vacancies are public (a seeker may be referred to any province's): only the seekers are scoped.
    "GET /api/v1/labour/match/vacancies/{vacancy_id}/seekers": Op("APEU", lists="seeker", public_object=True),
    # labour: job-fair sessions belong to the host province
    "GET /api/v1/labour/fairs": Op("APEU", lists="fair"),
    "POST /api/v1/labour/fairs": Op("E", ref="commune", province_wide=True, body=_fair_body),
    "GET /api/v1/labour/fairs/{fair_id}": Op("APEU", province_wide=True),
    "PUT /api/v1/labour/fairs/{fair_id}": Op("E", province_wide=True, body=_fair_body),
    "POST /api/v1/labour/fairs/{fair_id}/status": Op(
        "E", province_wide=True, body=lambda o: {"status": "cancelled"}
    ),
    "POST /api/v1/labour/fairs/{fair_id}/employers": Op(
        "E",
        province_wide=True,
        body=lambda o: {"employer_id": o["employer"].pk, "vacancies": [{"vacancy_id": o["vacancy"].pk}]},
    ),
    "GET /api/v1/labour/fairs/{fair_id}/seekers": Op("APEU", province_wide=True, lists="seeker"),
    "POST /api/v1/labour/fairs/{fair_id}/seekers": Op(
        "E", province_wide=True, body=lambda o: {"seeker_id": o["seeker"].pk}
    ),
    "GET /api/v1/labour/fairs/{fair_id}/interviews": Op("APEU", province_wide=True),
    "POST /api/v1/labour/fairs/{fair_id}/interviews": Op(
        "E",
        province_wide=True,
        body=lambda o: {"fair_seeker_id": 1, "fair_vacancy_id": 1, "slot_start": NOON},
    ),
    "POST /api/v1/labour/fairs/{fair_id}/interviews/{interview_id}/outcome": Op(
        "E", province_wide=True, body=lambda o: {"outcome": "interviewed"}
    ),
    "GET /api/v1/labour/fairs/{fair_id}/export": Op("APEU", province_wide=True),
    # labour: referrals and placements
    "GET /api/v1/labour/referrals": Op("APEU", lists="referral"),
    "POST /api/v1/labour/referrals": Op(
        "E", ref="seeker", body=lambda o: {"seeker_id": o["seeker"].pk, "vacancy_id": o["vacancy"].pk}
    ),
    "GET /api/v1/labour/referrals/placements": Op("APEU"),
    "POST /api/v1/labour/referrals/placements": Op(
        "E",
        ref="seeker",
        body=lambda o: {"seeker_id": o["seeker"].pk, "placed_on": "2026-03-01", "employer_name": "HTX"},
    ),
    "GET /api/v1/labour/referrals/time-to-placement": Op("APEU"),
    "GET /api/v1/labour/referrals/{referral_id}": Op("APEU"),
    "GET /api/v1/labour/referrals/{referral_id}/slip.pdf": Op("APEU"),
    "POST /api/v1/labour/referrals/{referral_id}/slip/issue": Op("E"),
    "POST /api/v1/labour/referrals/{referral_id}/outcome": Op("E", body=lambda o: {"status": "interviewed"}),
    # labour: seekers, employers, vacancies
    "GET /api/v1/labour/occupations": Op("APEU", query=lambda o: {"q": "hàn"}),
    "GET /api/v1/labour/seekers": Op("APEU", lists="seeker"),
    "POST /api/v1/labour/seekers": Op("E", ref="commune", body=_seeker_body),
    "GET /api/v1/labour/seekers/export": Op("APEU"),
    "POST /api/v1/labour/seekers/import": Op("E", multipart=True, body=lambda o: {"file": _upload()}),
    "GET /api/v1/labour/seekers/{seeker_id}": Op("APEU"),
    "PUT /api/v1/labour/seekers/{seeker_id}": Op("E", body=_seeker_body),
    "POST /api/v1/labour/seekers/{seeker_id}/close": Op("E", body=lambda o: {"reason": "other"}),
    "GET /api/v1/labour/employers": Op("APEU", lists="employer"),
    "POST /api/v1/labour/employers": Op("E", ref="commune", body=_employer_body),
    "GET /api/v1/labour/employers/{employer_id}": Op("APEU"),
    "PUT /api/v1/labour/employers/{employer_id}": Op("E", body=_employer_body),
    "GET /api/v1/labour/vacancies": Op("APEU", lists="vacancy"),
    "POST /api/v1/labour/vacancies": Op(
        "E", ref="employer", body=lambda o: {"employer_id": o["employer"].pk, "title": "Thợ may"}
    ),
    "GET /api/v1/labour/vacancies/export": Op("APEU"),
    "POST /api/v1/labour/vacancies/import": Op("E", multipart=True, body=lambda o: {"file": _upload()}),
    "GET /api/v1/labour/import-jobs/{job_id}": Op("E", province_wide=True),
    "GET /api/v1/labour/vacancies/{vacancy_id}": Op("APEU"),
    "PUT /api/v1/labour/vacancies/{vacancy_id}": Op(
        "E", body=lambda o: {"employer_id": o["employer"].pk, "title": "Thợ may"}
    ),
    "POST /api/v1/labour/vacancies/{vacancy_id}/close": Op("E", body=lambda o: {"reason": "other"}),
    "GET /api/v1/labour/import-templates/{kind}": Op("APEU", fixed={"kind": "seekers"}),
    "GET /api/v1/labour/dashboard": Op("APEU"),
    # unemployment benefit
    "GET /api/v1/unemployment/claims": Op("APEU", lists="claim"),
    "POST /api/v1/unemployment/claims": Op(
        "E",
        ref="person",
        body=lambda o: {
            "person_id": o["person"].pk,
            "termination_date": "2026-02-10",
            "avg_salary_6m": 9_000_000,
            "contribution_months": 30,
        },
    ),
    "GET /api/v1/unemployment/claims/{claim_id}": Op("APEU"),
    "POST /api/v1/unemployment/claims/{claim_id}/documents": Op("E", body=lambda o: {}),
    "POST /api/v1/unemployment/claims/{claim_id}/decision": Op(
        "E", body=lambda o: {"approve": True, "number": "12/QĐ", "signer": "Giám đốc"}
    ),
    "POST /api/v1/unemployment/claims/{claim_id}/reports": Op("E", body=lambda o: {"month_index": 1}),
    "POST /api/v1/unemployment/claims/{claim_id}/stop": Op("E", body=lambda o: REASON),
    "GET /api/v1/unemployment/decisions/export": Op("APEU"),
    # poverty review
    "GET /api/v1/poverty/rounds": Op("APCU", lists="round"),
    "POST /api/v1/poverty/rounds": Op(
        "PC", ref="commune", body=lambda o: {"commune_id": o["commune"].pk, "kind": "periodic", "year": 2026}
    ),
    "GET /api/v1/poverty/rounds/{round_id}": Op("APCU"),
    "GET /api/v1/poverty/rounds/{round_id}/surveys": Op("APCU", lists="survey"),
    "POST /api/v1/poverty/rounds/{round_id}/meetings": Op("PC", body=lambda o: {}),
    "POST /api/v1/poverty/rounds/{round_id}/meeting-results": Op(
        "PC", body=lambda o: {"results": [{"survey_id": o["survey"].pk, "result": "agreed"}]}
    ),
    "POST /api/v1/poverty/rounds/{round_id}/posting": Op("PC", body=lambda o: {}),
    "GET /api/v1/poverty/rounds/{round_id}/complaints": Op("APCU", lists="complaint"),
    "POST /api/v1/poverty/rounds/{round_id}/complaints": Op(
        "PC", body=lambda o: {"survey_id": o["survey"].pk, "complainant": "Lò Văn Minh", "text": "Sai"}
    ),
    "POST /api/v1/poverty/complaints/{complaint_id}/answer": Op(
        "PC", body=lambda o: {"answer": "Đã xác minh"}
    ),
    "POST /api/v1/poverty/rounds/{round_id}/decision": Op(
        "PC", body=lambda o: {"number": "12/QĐ-UBND", "signer": "Chủ tịch Lò Văn Sơn"}
    ),
    "POST /api/v1/poverty/summaries": Op("P", body=lambda o: {"year": 2026}),
    "GET /api/v1/poverty/summaries/{year}": Op("APCU", fixed={"year": "2026"}),
    "GET /api/v1/poverty/surveys/{survey_id}": Op("APCU"),
    "PUT /api/v1/poverty/surveys/{survey_id}": Op("PC", body=lambda o: {"answers": {}}),
    "GET /api/v1/poverty/households/{household_id}/status": Op("APCU"),
    # poverty: the approved lists' documents, lists, health-insurance file and import
    "GET /api/v1/poverty/households/{household_id}/certificate.pdf": Op("APCU"),
    "POST /api/v1/poverty/households/{household_id}/certificate/issue": Op("PC"),
    "GET /api/v1/poverty/rounds/{round_id}/decision.pdf": Op("APCU"),
    "GET /api/v1/poverty/rounds/{round_id}/posting.pdf": Op("APCU"),
    "GET /api/v1/poverty/statuses": Op("APCU"),
    "GET /api/v1/poverty/statuses.xlsx": Op("APCU"),
    "GET /api/v1/poverty/members": Op("APCU"),
    "GET /api/v1/poverty/members.xlsx": Op("APCU"),
    "GET /api/v1/poverty/insurance.xlsx": Op(
        "APCU", ref="commune", query=lambda o: {"commune": o["commune"].pk}
    ),
    "POST /api/v1/poverty/imports": Op("PC", multipart=True, body=lambda o: {"file": _upload()}),
    "GET /api/v1/poverty/import-template": Op("PC"),
    "GET /api/v1/poverty/jobs/{job_id}": Op("APCU", province_wide=True, kinds={"job_id": "poverty_job"}),
    "GET /api/v1/poverty/jobs/{job_id}/file": Op("", province_wide=True, kinds={"job_id": "poverty_job"}),
    # the public job board, and its staff side
    "GET /api/v1/board/vacancies": Op(PUBLIC, public=True),
    "GET /api/v1/board/vacancies/{vacancy_id}": Op(PUBLIC, public=True),
    "POST /api/v1/board/vacancies/{vacancy_id}/interest": Op(PUBLIC, public=True, body=lambda o: {}),
    "POST /api/v1/board/submissions": Op(PUBLIC, public=True, body=lambda o: {}),
    "GET /api/v1/board/submissions": Op("E", lists="submission"),
    "GET /api/v1/board/submissions/status": Op(
        PUBLIC, public=True, query=lambda o: {"reference": "ABC", "phone": "0912000111"}
    ),
    "GET /api/v1/board/interests": Op("E", lists="interest"),
    "POST /api/v1/board/interests/{interest_id}/handle": Op("E", body=lambda o: {}),
    "GET /api/v1/board/submissions/{submission_id}": Op("E"),
    "POST /api/v1/board/submissions/{submission_id}/approve": Op("E"),
    "POST /api/v1/board/submissions/{submission_id}/reject": Op("E", body=lambda o: REASON),
    # reports
    "GET /api/v1/reports/built": Op("APECU", ref="unit", query=_unit_query),
    "GET /api/v1/reports/built/file": Op("APECU", ref="unit", query=_unit_query),
    # the unit and period go in the query string; without them those who may issue get 422
    "POST /api/v1/reports/built/issue": Op("APEC"),
    "GET /api/v1/reports/values": Op("APECU", ref="unit", query=_unit_query),
    "POST /api/v1/reports/values": Op(
        "PEC",
        ref="unit",
        body=lambda o: {
            "dataValues": [{"indicator": "LM.NEW_JOBS", "unit": o["unit"].code, "period": PERIOD, "value": 1}]
        },
    ),
    "GET /api/v1/reports/indicators": Op("APECU"),
    "POST /api/v1/reports/indicators": Op(
        "S", body=lambda o: {"name_vi": "Mới", "name_en": "New", "unit_vi": "người", "unit_en": "persons"}
    ),
    "PUT /api/v1/reports/indicators/{code}": Op(
        "S",
        fixed={"code": "LM.NEW_JOBS"},
        body=lambda o: {"name_vi": "Mới", "name_en": "New", "unit_vi": "người", "unit_en": "persons"},
    ),
    "GET /api/v1/reports/submissions": Op("APECU", ref="unit", query=_unit_query),
    "POST /api/v1/reports/submissions/{unit}/{period}/submit": Op("PEC"),
    "POST /api/v1/reports/submissions/{unit}/{period}/approve": Op("P"),
    "POST /api/v1/reports/submissions/{unit}/{period}/return": Op("P", body=lambda o: {"comment": "Sửa"}),
    "POST /api/v1/reports/submissions/{unit}/{period}/unlock": Op("P", body=lambda o: REASON),
    "PUT /api/v1/reports/plans": Op(
        "P", ref="unit", body=lambda o: {"indicator": "LM.NEW_JOBS", "unit": o["unit"].code, "year": 2026}
    ),
    # accounts
    "GET /api/v1/me": Op("APECUS"),
    "GET /api/v1/audit/events": Op("US"),
    # user administration: the system administrator only, every account nationwide
    "GET /api/v1/users": Op("S"),
    "POST /api/v1/users": Op("S", body=lambda o: {"username": "mt_moi", "role": "auditor"}),
    "GET /api/v1/users/{user_id}": Op("S", admin_sees=True),
    "PATCH /api/v1/users/{user_id}": Op("S", admin_sees=True, body=lambda o: {}),
    "POST /api/v1/users/{user_id}/deactivate": Op("S", admin_sees=True),
    "POST /api/v1/users/{user_id}/reactivate": Op("S", admin_sees=True),
    "POST /api/v1/users/{user_id}/password": Op("S", admin_sees=True, body=lambda o: {}),
    "GET /api/v1/users/{user_id}/tokens": Op("S", admin_sees=True),
    "POST /api/v1/users/{user_id}/tokens": Op("S", admin_sees=True, body=lambda o: {"name": "đồng bộ"}),
    "DELETE /api/v1/users/{user_id}/tokens/{token_id}": Op("S", admin_sees=True),
}
