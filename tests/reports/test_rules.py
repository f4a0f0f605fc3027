"""Consistency rules between indicators: each kind, the packaged rules, warnings on entry, on submission
(asked first, recorded, shown to the approver) and in the API's answer."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from django.urls import reverse

from ansinh.reports import rules
from ansinh.reports.catalogue import packaged
from ansinh.reports.models import ReportSubmission
from ansinh.reports.periods import parse_period
from ansinh.reports.rules import Figures, evaluate, parse_rule

H1 = parse_period("2025H1")


def _figures(entered=None, computed=None, ratio=()):
    return Figures(entered=entered or {}, computed=computed or {}, ratio=set(ratio))


def _v(value=None, numerator=None, denominator=None):
    def d(x):
        return None if x is None else D(x)

    return (d(value), d(numerator), d(denominator))


def _broken(rule_data, figures):
    return [v.rule for v in evaluate(figures, rules=[parse_rule({"code": "R", **rule_data})])]


# --- each kind ------------------------------------------------------------------------------------------


def test_parts_sum_with_tolerance_and_skipped_when_a_figure_is_missing():
    rule = {"kind": "parts_sum", "total": "T", "parts": ["A", "B"], "tolerance": 2}
    assert _broken(rule, _figures({"T": _v(100), "A": _v(60), "B": _v(40)})) == []
    assert _broken(rule, _figures({"T": _v(100), "A": _v(60), "B": _v(38)})) == []  # within 2
    assert _broken(rule, _figures({"T": _v(100), "A": _v(60), "B": _v(37)})) == ["R"]
    assert _broken(rule, _figures({"T": _v(100), "A": _v(60), "B": _v(43)})) == ["R"]
    assert _broken(rule, _figures({"T": _v(100), "A": _v(60)})) == []  # B not reported: not checked


def test_part_le_total_reads_parts_of_ratios_and_constants():
    rule = {"kind": "part_le_total", "total": "P.denominator", "parts": ["P.numerator", "N.numerator"]}
    ok = _figures({"P": _v(None, 10, 100), "N": _v(None, 20, 100)}, ratio={"P", "N"})
    bad = _figures({"P": _v(None, 60, 100), "N": _v(None, 50, 100)}, ratio={"P", "N"})
    assert _broken(rule, ok) == [] and _broken(rule, bad) == ["R"]
    # A rate is read in %, from its parts when no value was given: 60 % + 50 % > 100.
    rates = {"kind": "part_le_total", "total": 100, "parts": ["P", "N"]}
    assert _broken(rates, bad) == ["R"] and _broken(rates, ok) == []


def test_rate_range_default_and_given_bounds():
    assert _broken({"kind": "rate_range", "operand": "R1"}, _figures({"R1": _v("100.5")}, ratio={"R1"})) == [
        "R"
    ]
    assert _broken({"kind": "rate_range", "operand": "R1"}, _figures({"R1": _v(100)}, ratio={"R1"})) == []
    bounded = {"kind": "rate_range", "operand": "R1", "min": 1, "max": 20}
    assert _broken(bounded, _figures({"R1": _v("0.5")}, ratio={"R1"})) == ["R"]
    assert _broken(bounded, _figures({"R1": _v(None, 3, 20)}, ratio={"R1"})) == []  # 15 %


def test_non_negative():
    assert _broken({"kind": "non_negative", "operand": "X"}, _figures(computed={"X": _v(-1)})) == ["R"]
    assert _broken({"kind": "non_negative", "operand": "X"}, _figures(computed={"X": _v(0)})) == []


def test_equal_between_a_computed_and_an_entered_figure():
    rule = {"kind": "equal", "left": "X.computed", "right": "X.entered", "tolerance": 0}
    assert _broken(rule, _figures({"X": _v(10)}, {"X": _v(10)})) == []
    assert _broken(rule, _figures({"X": _v(12)}, {"X": _v(10)})) == ["R"]
    # The plain code is the entered figure over the computed one.
    assert _figures({"X": _v(12)}, {"X": _v(10)}).resolve(rules.Operand.parse("X")) == D(12)
    assert _figures({}, {"X": _v(10)}).resolve(rules.Operand.parse("X")) == D(10)


def test_message_names_the_figures_and_numbers_in_vietnamese_format():
    rule = parse_rule(
        {
            "code": "SI",
            "kind": "parts_sum",
            "total": "T",
            "parts": ["A", "B"],
            "message_vi": "Tổng số người tham gia BHXH ({total}) khác tổng bắt buộc + tự nguyện ({parts})",
            "message_en": "Participants ({total}) differ from compulsory + voluntary ({parts})",
        }
    )
    [violation] = evaluate(_figures({"T": _v(12500), "A": _v(12000), "B": _v(300)}), rules=[rule])
    assert violation.message("vi") == (
        "Tổng số người tham gia BHXH (12.500) khác tổng bắt buộc + tự nguyện (12.300)"
    )
    assert violation.message("en") == "Participants (12,500) differ from compulsory + voluntary (12,300)"
    assert violation.indicators == ("A", "B", "T")


def test_default_message_when_the_rule_has_none():
    [violation] = evaluate(
        _figures({"R1": _v("120")}, ratio={"R1"}),
        rules=[parse_rule({"code": "R", "kind": "rate_range", "operand": "R1"})],
        names={"vi": {"R1": "Tỷ lệ hộ nghèo"}, "en": {"R1": "Poverty rate"}},
    )
    assert violation.message("vi") == "Tỷ lệ hộ nghèo (120%) nằm ngoài khoảng 0–100%."
    assert violation.message("en") == "Poverty rate (120%) is outside 0–100%."


@pytest.mark.parametrize(
    "item",
    [
        {"code": "X", "kind": "nope", "operand": "A"},
        {"code": "X", "kind": "parts_sum", "total": "A"},
        {"code": "X", "kind": "equal", "left": "A"},
        {"code": "X", "kind": "rate_range", "operand": "A", "min": 5, "max": 1},
    ],
)
def test_malformed_rules_are_refused(item):
    with pytest.raises(rules.RuleError):
        parse_rule(item)


# --- the packaged rules ---------------------------------------------------------------------------------


def test_packaged_rules_parse_and_name_existing_indicators():
    catalogue = {item["code"]: item for item in packaged()["indicators"]}
    loaded = rules.packaged_rules()
    assert len({r.code for r in loaded}) == len(loaded) >= 20
    for rule in loaded:
        assert rule.citation, rule.code
        for operand in rule.operands:
            if operand.constant is not None:
                continue
            assert operand.code in catalogue, (rule.code, operand.code)
            if operand.part in ("numerator", "denominator"):
                assert catalogue[operand.code]["aggregation"] == "ratio", rule.code
    kinds = {r.kind for r in loaded}
    assert kinds == set(rules.KINDS)


def test_packaged_rules_cover_the_part_total_relations_of_the_catalogue():
    sums = {
        (r.total.code, tuple(p.code for p in r.parts))
        for r in rules.packaged_rules()
        if r.kind == "parts_sum"
    }
    assert ("SI.PARTICIPANTS", ("SI.COMPULSORY", "SI.VOLUNTARY")) in sums
    assert ("SA.BENEFICIARIES", ("SA.BENEFICIARIES_ASSISTANCE", "SA.BENEFICIARIES_PENSION")) in sums
    # Every "Trong đó:" indicator is a part of some total.
    parts = {p.code for r in rules.packaged_rules() if r.kind == "parts_sum" for p in r.parts}
    for item in packaged()["indicators"]:
        if item["name_vi"].startswith("Trong đó"):
            assert item["code"] in parts


def test_social_insurance_seed_rule_message():
    figures = _figures({"SI.PARTICIPANTS": _v(12500), "SI.COMPULSORY": _v(12000), "SI.VOLUNTARY": _v(300)})
    found = {v.rule: v for v in evaluate(figures)}
    assert found["SI.PARTS_SUM"].message("vi") == (
        "Tổng số người tham gia BHXH (12.500) khác tổng bắt buộc + tự nguyện (12.300)"
    )
    assert "SI.COMPULSORY_LE" not in found


# --- entry, submission, approval, API -------------------------------------------------------------------


def _entry(unit, period="2025H1"):
    return reverse("reports:entry") + f"?unit={unit.code}&period={period}"


SI_FIGURES = {"value-SI.PARTICIPANTS": "12.500", "value-SI.COMPULSORY": "12.000", "value-SI.VOLUNTARY": "300"}


@pytest.mark.django_db
def test_entry_saves_and_warns_next_to_the_figures(client, commune_officer, commune_a):
    client.force_login(commune_officer)
    response = client.post(_entry(commune_a), SI_FIGURES)
    assert response.status_code == 302  # warnings never block saving
    page = client.get(_entry(commune_a)).content.decode()
    warning = "Tổng số người tham gia BHXH (12.500) khác tổng bắt buộc + tự nguyện (12.300)"
    for code in ("SI.PARTICIPANTS", "SI.COMPULSORY", "SI.VOLUNTARY"):
        block = page.split(f'id="checks-{code}"')[1].split("</div>")[0]
        assert warning in block
    assert 'id="report-checks"' in page
    assert warning not in page.split('id="checks-UI.PARTICIPANTS"')[1].split("</div>")[0]
    # Corrected, the warning goes.
    client.post(_entry(commune_a), {**SI_FIGURES, "value-SI.VOLUNTARY": "500"})
    page = client.get(_entry(commune_a)).content.decode()
    assert 'id="report-checks"' not in page and warning not in page


@pytest.mark.django_db
def test_commune_submission_asks_first_lists_the_violations_and_records_them(
    client, commune_officer, commune_a
):
    client.force_login(commune_officer)
    client.post(_entry(commune_a), SI_FIGURES)
    url = reverse("reports:submission_action", args=[commune_a.code, "2025H1", "submit"])
    asked = client.post(url, {"next": _entry(commune_a)})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "khác tổng bắt buộc + tự nguyện (12.300)" in page and 'name="confirmed"' in page
    assert not ReportSubmission.objects.filter(status="submitted").exists()  # nothing done yet
    form = page.split('class="confirm-form"')[1]
    digest = form.split('name="confirmed_digest" value="')[1].split('"')[0]
    done = client.post(url, {"next": _entry(commune_a), "confirmed": "1", "confirmed_digest": digest})
    assert done.status_code == 302
    submission = ReportSubmission.objects.get(unit=commune_a)
    assert submission.status == "submitted"
    assert [c["rule"] for c in submission.checks] == ["SI.PARTS_SUM"]
    assert submission.missing_units == [] and submission.children_count == 0
    # The locked entry page lists what was recorded.
    assert "khác tổng bắt buộc + tự nguyện (12.300)" in client.get(_entry(commune_a)).content.decode()


@pytest.mark.django_db
def test_province_submission_names_the_communes_missing_and_the_approver_sees_them(
    client, province_officer, commune_officer, commune_a, dien_bien, analyst
):
    from ansinh.reports.selectors import children_of

    communes = list(children_of(dien_bien))
    client.force_login(commune_officer)
    client.post(reverse("reports:submission_action", args=[commune_a.code, "2025H1", "submit"]))
    assert ReportSubmission.objects.get(unit=commune_a).status == "submitted"
    client.force_login(province_officer)
    url = reverse("reports:submission_action", args=[dien_bien.code, "2025H1", "submit"])
    asked = client.post(url)
    page = asked.content.decode()
    assert asked.status_code == 200
    missing = len(communes) - 1
    assert f"{missing}/{len(communes)} xã chưa nộp: " in page
    assert communes[1].name in page and f"{commune_a.name}," not in page.split("xã chưa nộp: ")[1][:200]
    assert not ReportSubmission.objects.filter(unit=dien_bien).exists()
    digest = page.split('name="confirmed_digest" value="')[1].split('"')[0]
    assert client.post(url, {"confirmed": "1", "confirmed_digest": digest}).status_code == 302
    submission = ReportSubmission.objects.get(unit=dien_bien)
    assert submission.status == "submitted" and submission.children_count == len(communes)
    assert {m["code"] for m in submission.missing_units} == {c.code for c in communes[1:]}
    # The ministry's overview (where it approves provinces) shows the missing communes.
    client.force_login(analyst)
    overview = client.get(reverse("reports:submissions") + "?period=2025H1").content.decode()
    details = overview.split(f'id="checks-{dien_bien.code}"')[1].split("</details>")[0]
    assert f"{missing}/{len(communes)}" in details and communes[1].name in details


@pytest.mark.django_db
def test_province_approver_sees_a_communes_recorded_warnings(
    client, commune_officer, province_officer, commune_a
):
    client.force_login(commune_officer)
    client.post(_entry(commune_a), SI_FIGURES)
    url = reverse("reports:submission_action", args=[commune_a.code, "2025H1", "submit"])
    page = client.post(url).content.decode()
    digest = page.split('name="confirmed_digest" value="')[1].split('"')[0]
    client.post(url, {"confirmed": "1", "confirmed_digest": digest})
    client.force_login(province_officer)
    overview = client.get(reverse("reports:submissions") + "?period=2025H1").content.decode()
    details = overview.split(f'id="checks-{commune_a.code}"')[1].split("</details>")[0]
    assert "1 cảnh báo" in details and "khác tổng bắt buộc + tự nguyện (12.300)" in details
    # Approving asks first, and the question repeats what was recorded.
    approve = reverse("reports:submission_action", args=[commune_a.code, "2025H1", "approve"])
    asked = client.post(approve)
    assert asked.status_code == 200 and "khác tổng bắt buộc + tự nguyện (12.300)" in asked.content.decode()
    assert ReportSubmission.objects.get(unit=commune_a).status == "submitted"


@pytest.mark.django_db
def test_submission_without_anything_to_say_needs_no_confirmation(client, commune_officer, commune_a):
    client.force_login(commune_officer)
    url = reverse("reports:submission_action", args=[commune_a.code, "2025H1", "submit"])
    assert client.post(url).status_code == 302
    assert ReportSubmission.objects.get(unit=commune_a).status == "submitted"


@pytest.mark.django_db
def test_auditor_is_not_asked_to_confirm_a_submission(client, auditor, commune_a):
    client.force_login(auditor)
    url = reverse("reports:submission_action", args=[commune_a.code, "2025H1", "submit"])
    assert client.post(url).status_code == 403


@pytest.mark.django_db
def test_api_submit_accepts_and_answers_with_the_warnings(client, commune_officer, commune_a):
    from ansinh.reports import services

    services.values_write(
        actor=commune_officer,
        raw_items=[
            {"indicator": code, "unit": commune_a.code, "period": "2025H1", "value": value}
            for code, value in (("SI.PARTICIPANTS", 12500), ("SI.COMPULSORY", 12000), ("SI.VOLUNTARY", 300))
        ],
    )
    client.force_login(commune_officer)
    response = client.post(
        f"/api/v1/reports/submissions/{commune_a.code}/2025H1/submit",
        data=json.dumps({}),
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200 and body["status"] == "submitted"
    assert [w["rule"] for w in body["warnings"]] == ["SI.PARTS_SUM"]
    assert body["warnings"][0]["indicators"] == ["SI.COMPULSORY", "SI.VOLUNTARY", "SI.PARTICIPANTS"]
    assert body["missing_units"] == []


@pytest.mark.django_db
def test_live_checks_warn_on_the_figures_as_typed_without_saving(client, commune_officer, commune_a):
    from ansinh.reports.models import DataValue

    client.force_login(commune_officer)
    response = client.post(
        reverse("reports:entry_checks"), {"unit": commune_a.code, "period": "2025H1", **SI_FIGURES}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not DataValue.objects.exists()
    block = page.split('id="checks-SI.VOLUNTARY" hx-swap-oob="true"')[1].split("</div>")[0]
    assert "khác tổng bắt buộc + tự nguyện (12.300)" in block
    assert 'id="checks-summary" hx-swap-oob="true"' in page
    fine = client.post(
        reverse("reports:entry_checks"),
        {"unit": commune_a.code, "period": "2025H1", **SI_FIGURES, "value-SI.VOLUNTARY": "500"},
    ).content.decode()
    assert "khác tổng" not in fine
    entry = client.get(_entry(commune_a)).content.decode()
    assert 'hx-post="/reports/entry/checks/"' in entry
