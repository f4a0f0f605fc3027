"""The review round through its API and its officer pages: the answers a client sends, the Vietnamese
errors naming the field, the confirmations before each step, out of scope as not found."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from ansinh.core import clock
from ansinh.core.models import AuditEvent
from ansinh.poverty import services
from ansinh.poverty.models import Complaint, PovertyStatus, Round, Survey
from tests.poverty.conftest import answers_for

pytestmark = pytest.mark.django_db
OPENED = dt.date(2025, 10, 6)


def login(user):
    client = Client()
    client.force_login(user)
    return client


def post_json(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def households(make_household):
    return [make_household(village="Bản Noong Bua"), make_household(village="Bản Co Mận")]


@pytest.fixture
def opened(commune_officer, commune_a, households):
    with clock.frozen(OPENED):
        return services.round_create(
            actor=commune_officer,
            data=services.RoundData(commune_id=commune_a.pk, kind="periodic", year=2025),
        )


# --- API ----------------------------------------------------------------------------------------------


def test_api_runs_a_round(commune_officer, commune_a, households):
    api = login(commune_officer)
    with clock.frozen(dt.date(2026, 2, 2)):
        answer = post_json(api, "/api/v1/poverty/rounds", {"commune_id": commune_a.pk, "year": 2025})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["state"], body["standard_on"], body["year"]) == ("collection", "2026-01-01", 2025)
    assert {v["village"]: v["households"] for v in body["villages"]} == {"Bản Noong Bua": 1, "Bản Co Mận": 1}
    assert [s["step"] for s in body["steps"]] == [
        "collection", "village_meeting", "posting", "decided", "summarised",
    ]  # fmt: skip
    round_id = body["id"]
    listed = api.get(f"/api/v1/poverty/rounds/{round_id}/surveys").json()["items"]
    # Listed by village: Bản Co Mận (the second household) first.
    assert [s["household_id"] for s in listed] == [households[1].pk, households[0].pk]
    surveys = listed[::-1]
    assert len(surveys) == 2

    # A final survey missing an answer is refused, naming the answer, in Vietnamese.
    broken = answers_for("poor")
    del broken["members"][0]["age"]
    refused = post_json(
        api, f"/api/v1/poverty/surveys/{surveys[0]['id']}", {"answers": broken, "final": True}, "put"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "answers.members[0].age"
    assert refused.json()["message"] == "members[0].age: câu trả lời này là bắt buộc."
    assert Survey.objects.get(pk=surveys[0]["id"]).draft

    for item, result in zip(surveys, ["poor", "near_poor"], strict=True):
        saved = post_json(
            api,
            f"/api/v1/poverty/surveys/{item['id']}",
            {"answers": answers_for(result), "final": True},
            "put",
        )
        assert saved.status_code == 200, saved.content
        assert saved.json()["classification"] == result
    detail = api.get(f"/api/v1/poverty/surveys/{surveys[0]['id']}")
    assert detail.json()["result"]["income_per_capita"] == 1_000_000
    assert AuditEvent.objects.filter(action="view", object_type="poverty.survey").exists()

    with clock.frozen(dt.date(2026, 3, 18)):
        run_steps(api, round_id, surveys, households)


def run_steps(api, round_id, surveys, households):
    moved = post_json(api, f"/api/v1/poverty/rounds/{round_id}/meetings", {"on": "2026-03-02"})
    assert moved.status_code == 200 and moved.json()["state"] == "village_meeting"
    results = [{"survey_id": s["id"], "result": "agreed"} for s in surveys]
    recorded = post_json(api, f"/api/v1/poverty/rounds/{round_id}/meeting-results", {"results": results})
    assert recorded.status_code == 200
    posted = post_json(api, f"/api/v1/poverty/rounds/{round_id}/posting", {"on": "2026-03-09"})
    assert posted.json()["state"] == "posting"
    complaint = post_json(
        api,
        f"/api/v1/poverty/rounds/{round_id}/complaints",
        {
            "survey_id": surveys[1]["id"],
            "complainant": "Lò Thị Dung",
            "text": "Hộ có người đi làm xa gửi tiền về.",
        },
    )
    assert complaint.status_code == 201
    early = post_json(
        api,
        f"/api/v1/poverty/rounds/{round_id}/decision",
        {"number": "55/QĐ-UBND", "decision_date": "2026-03-18", "signer": "Lò Văn Sơn"},
    )
    assert early.status_code == 422
    assert {e["code"] for e in early.json()["errors"]} == {"round.complaints_open"}
    answered = post_json(
        api, f"/api/v1/poverty/complaints/{complaint.json()['id']}/answer", {"answer": "Đã xác minh."}
    )
    assert answered.status_code == 200 and answered.json()["answered_on"] == "2026-03-18"
    decided = post_json(
        api,
        f"/api/v1/poverty/rounds/{round_id}/decision",
        {"number": "55/QĐ-UBND", "decision_date": "2026-03-18", "signer": "Lò Văn Sơn"},
    )
    assert decided.status_code == 200 and decided.json()["state"] == "decided"
    status = api.get(f"/api/v1/poverty/households/{households[0].pk}/status?on=2026-03-18").json()
    assert (status["status"], status["history"][0]["decision_number"]) == ("poor", "55/QĐ-UBND")
    before = api.get(f"/api/v1/poverty/households/{households[0].pk}/status?on=2026-03-17").json()
    assert before["status"] is None


def test_api_errors_name_the_field(commune_officer, commune_a, households):
    api = login(commune_officer)
    answer = post_json(
        api, "/api/v1/poverty/rounds", {"commune_id": commune_a.pk, "year": 2019, "kind": "adhoc"}
    )
    assert answer.status_code == 422
    fields = {e["field"] for e in answer.json()["errors"]}
    assert fields == {"year", "reason", "household_ids"}
    assert answer.json()["message"].startswith("Nhập năm")
    assert not Round.objects.exists()


def test_api_out_of_scope_is_not_found(opened, other_commune_officer, commune_officer):
    other = login(other_commune_officer)
    mine = login(commune_officer)
    survey = opened.surveys.first()
    assert other.get(f"/api/v1/poverty/rounds/{opened.pk}").status_code == 404
    assert other.get(f"/api/v1/poverty/surveys/{survey.pk}").status_code == 404
    missing = other.get("/api/v1/poverty/rounds/987654321")
    assert other.get(f"/api/v1/poverty/rounds/{opened.pk}").json() == missing.json()
    assert other.get("/api/v1/poverty/rounds").json()["items"] == []
    assert [r["id"] for r in mine.get("/api/v1/poverty/rounds").json()["items"]] == [opened.pk]


# --- pages --------------------------------------------------------------------------------------------


def test_pages_of_a_round(opened, commune_officer, today):
    web = login(commune_officer)
    listing = web.get("/poverty/")
    assert listing.status_code == 200
    assert "Rà soát hộ nghèo" in listing.content.decode()
    page = web.get(f"/poverty/{opened.pk}/").content.decode()
    assert "Bản Noong Bua" in page and "Thu thập phiếu" in page
    surveys = web.get(f"/poverty/{opened.pk}/surveys/")
    assert surveys.status_code == 200
    survey = opened.surveys.order_by("pk").first()
    form = web.get(f"/poverty/surveys/{survey.pk}/").content.decode()
    assert 'name="m-0-age"' in form and 'name="h-water_source"' in form
    assert "Lưu nháp" in form


def form_fields(classification, *, on=dt.date(2026, 1, 1), area="rural"):
    """The survey form's fields carrying `answers_for(classification)`."""
    answers = answers_for(classification, on=on, area=area)
    fields = {"member_count": "1", "village": "Bản Noong Bua", "form": "B2", "area": area}
    for key, value in answers["members"][0].items():
        fields[f"m-0-{key}"] = "yes" if value is True else "no" if value is False else str(value)
    for key, value in answers.items():
        if key in ("members", "income"):
            continue
        fields[f"h-{key}"] = value if isinstance(value, list) else (
            "yes" if value is True else "no" if value is False else str(value)
        )  # fmt: skip
    fields["income-agriculture"] = f"{answers['income']['agriculture']:,}".replace(",", ".")
    return fields


def test_survey_form_saves_a_draft_then_a_final_survey(opened, commune_officer, today):
    web = login(commune_officer)
    survey = opened.surveys.order_by("pk").first()
    draft = web.post(f"/poverty/surveys/{survey.pk}/", {"member_count": "1", "m-0-age": "41", "final": "0",
                                                        "village": "Bản Noong Bua"})  # fmt: skip
    assert draft.status_code == 302
    survey.refresh_from_db()
    assert survey.draft and survey.answers == {"members": [{"age": 41}], "information_devices": []}
    refused = web.post(f"/poverty/surveys/{survey.pk}/", {"member_count": "1", "m-0-age": "41", "final": "1",
                                                          "village": "Bản Noong Bua"})  # fmt: skip
    assert refused.status_code == 422
    assert "Chưa lưu gì" in refused.content.decode()
    survey.refresh_from_db()
    assert survey.draft
    fields = {**form_fields("poor", area=survey.area), "final": "1"}
    final = web.post(f"/poverty/surveys/{survey.pk}/", fields)
    assert final.status_code == 302, final.content.decode()[:3000]
    survey.refresh_from_db()
    assert (survey.draft, survey.classification, survey.income_per_capita) == (False, "poor", 1_000_000)
    assert survey.deprived == ["housing_quality", "water", "latrine"]
    shown = web.get(f"/poverty/surveys/{survey.pk}/").content.decode()
    assert 'name="income-agriculture" value="12.000.000"' in shown
    assert "Hộ nghèo" in shown


def test_steps_ask_for_confirmation(opened, commune_officer, today):
    web = login(commune_officer)
    for survey in opened.surveys.all():
        services.survey_save(
            actor=commune_officer, survey_id=survey.pk,
            data=services.SurveyData(answers=answers_for("near_poor", area=survey.area), final=True),
        )  # fmt: skip
    asked = web.post(f"/poverty/{opened.pk}/meetings/", {"version": opened.version})
    assert asked.status_code == 200
    assert "2 phiếu" in asked.content.decode()
    opened.refresh_from_db()
    assert opened.state == "collection"
    page = asked.content.decode()
    digest = page.split('name="confirmed_digest" value="')[1].split('"')[0]
    done = web.post(
        f"/poverty/{opened.pk}/meetings/",
        {"version": opened.version, "confirmed": "1", "confirmed_digest": digest},
    )
    assert done.status_code == 302
    opened.refresh_from_db()
    assert opened.state == "village_meeting"
    surveys = list(opened.surveys.order_by("pk"))
    village = surveys[0].village
    meeting = web.post(
        f"/poverty/{opened.pk}/village/",
        {"village": village, f"result_{surveys[0].pk}": "disputed", f"note_{surveys[0].pk}": ""},
    )
    assert meeting.status_code == 422
    assert "Ghi rõ" in meeting.content.decode()
    meeting = web.post(
        f"/poverty/{opened.pk}/village/", {"village": village, f"result_{surveys[0].pk}": "agreed"}
    )
    assert meeting.status_code == 302
    surveys[0].refresh_from_db()
    assert surveys[0].meeting_result == "agreed"


def test_decision_page_refuses_before_the_posting_ends(opened, commune_officer):
    with clock.frozen(dt.date(2025, 10, 20)):
        for survey in opened.surveys.all():
            services.survey_save(
                actor=commune_officer, survey_id=survey.pk,
                data=services.SurveyData(answers=answers_for("poor", area=survey.area), final=True),
            )  # fmt: skip
        services.meetings_open(actor=commune_officer, round_id=opened.pk)
        services.meeting_record(
            actor=commune_officer, round_id=opened.pk,
            results=[services.MeetingData(s.pk, "agreed") for s in opened.surveys.all()],
        )  # fmt: skip
        services.posting_open(actor=commune_officer, round_id=opened.pk)
    web = login(commune_officer)
    with clock.frozen(dt.date(2025, 10, 22)):
        answer = web.post(
            f"/poverty/{opened.pk}/decision/",
            {"number": "9/QĐ-UBND", "decision_date": "22/10/2025", "signer": "Lò Văn Sơn", "confirmed": "1"},
        )
    assert answer.status_code == 422
    assert "23/10/2025" in answer.content.decode()
    assert not PovertyStatus.objects.exists()
    with clock.frozen(dt.date(2025, 10, 23)):
        answer = web.post(
            f"/poverty/{opened.pk}/decision/",
            {"number": "9/QĐ-UBND", "decision_date": "23/10/2025", "signer": "Lò Văn Sơn", "confirmed": "1"},
        )
    assert answer.status_code == 302
    assert PovertyStatus.objects.filter(status="poor").count() == 2


def test_complaint_pages(opened, commune_officer, today):
    for survey in opened.surveys.all():
        services.survey_save(
            actor=commune_officer, survey_id=survey.pk,
            data=services.SurveyData(answers=answers_for("near_poor", area=survey.area), final=True),
        )  # fmt: skip
    services.meetings_open(actor=commune_officer, round_id=opened.pk)
    services.meeting_record(
        actor=commune_officer, round_id=opened.pk,
        results=[services.MeetingData(s.pk, "agreed") for s in opened.surveys.all()],
    )  # fmt: skip
    services.posting_open(actor=commune_officer, round_id=opened.pk)
    web = login(commune_officer)
    survey = opened.surveys.order_by("pk").first()
    missing = web.post(
        f"/poverty/{opened.pk}/complaints/", {"survey_id": survey.pk, "complainant": "", "text": ""}
    )
    assert missing.status_code == 422
    recorded = web.post(
        f"/poverty/{opened.pk}/complaints/",
        {"survey_id": survey.pk, "complainant": "Lò Văn Minh", "text": "Hộ có xe tải."},
    )
    assert recorded.status_code == 302
    complaint = Complaint.objects.get()
    page = web.get(f"/poverty/{opened.pk}/").content.decode()
    assert "Hộ có xe tải." in page and "chưa trả lời" in page
    answered = web.post(f"/poverty/complaints/{complaint.pk}/answer/", {"answer": "Xe đi thuê."})
    assert answered.status_code == 302
    complaint.refresh_from_db()
    assert complaint.answer == "Xe đi thuê." and complaint.answered_on == today


def test_summary_page(province_officer, commune_officer):
    web = login(province_officer)
    page = web.get("/poverty/summary/?year=2025")
    assert page.status_code == 200
    asked = web.post("/poverty/summary/", {"year": "2025"})
    assert asked.status_code == 200 and "confirmed_digest" in asked.content.decode()
    refused = login(commune_officer).post("/poverty/summary/", {"year": "2025", "confirmed": "1"})
    assert refused.status_code == 403


def test_an_adhoc_round_is_opened_from_the_page(commune_officer, commune_a, households, today):
    web = login(commune_officer)
    form = web.get("/poverty/new/").content.decode()
    assert f'value="{commune_a.pk}"' in form
    fields = {
        "commune_id": commune_a.pk, "kind": "adhoc", "year": "2026", "reason": "Nhà bị sạt lở",
        "household_codes": f"{households[1].code}, H99999-NOPE",
    }  # fmt: skip
    refused = web.post("/poverty/new/", fields)
    assert refused.status_code == 422
    assert "H99999-NOPE" in refused.content.decode()
    assert not Round.objects.exists()
    fields["household_codes"] = households[1].code
    opened = web.post("/poverty/new/", fields)
    assert opened.status_code == 302
    rnd = Round.objects.get()
    assert (rnd.kind, rnd.reason, rnd.standard_on) == ("adhoc", "Nhà bị sạt lở", today)
    assert list(rnd.surveys.values_list("household_id", flat=True)) == [households[1].pk]
